;; Rotations the compiled tier emits as the .NET JIT's own rotate (NativeRotationTests): every rotation's value stays in
;; integer arithmetic and reaches memory only as a store's value, so no comparison can see the rotate
;; (FunctionEmitter.RotationsStayInArithmetic). "compared" and "returned" let one reach a comparison or leave the
;; function: they keep shifts. "load" reads the results back.
(module
  (memory (export "memory") 1)
  ;; sha256's sigma: three rotations xored, then added.
  (func (export "sigma") (param $x i32) (param $at i32)
    (i32.store (local.get $at)
      (i32.add
        (i32.xor (i32.xor (i32.rotl (local.get $x) (i32.const 26)) (i32.rotl (local.get $x) (i32.const 21)))
          (i32.rotr (local.get $x) (i32.const 7)))
        (local.get $x))))
  ;; keccak's theta: a 64-bit rotation by one xored in; counts past the width and zero.
  (func (export "theta") (param $x i64) (param $at i32)
    (i64.store (local.get $at)
      (i64.xor (i64.xor (i64.rotl (local.get $x) (i64.const 1)) (i64.rotr (local.get $x) (i64.const 255)))
        (i64.add (i64.rotl (local.get $x) (i64.const 0)) (i64.rotr (local.get $x) (i64.const 64))))))
  ;; Counts in a register, any value (the op takes them modulo the width).
  (func (export "i32.rotl") (param $x i32) (param $c i32) (param $at i32)
    (i32.store (local.get $at) (i32.rotl (local.get $x) (local.get $c))))
  (func (export "i32.rotr") (param $x i32) (param $c i32) (param $at i32)
    (i32.store (local.get $at) (i32.rotr (local.get $x) (local.get $c))))
  (func (export "i64.rotl") (param $x i64) (param $c i64) (param $at i32)
    (i64.store (local.get $at) (i64.rotl (local.get $x) (local.get $c))))
  (func (export "i64.rotr") (param $x i64) (param $c i64) (param $at i32)
    (i64.store (local.get $at) (i64.rotr (local.get $x) (local.get $c))))
  ;; Identities the JIT folds away between a rotation and a narrow store: xor 0, or 0, shl 0, a wrap.
  (func (export "identities") (param $x i64) (param $at i32) (local $zero i32)
    (local.set $zero (i32.const 0))
    (i32.store8 (local.get $at)
      (i32.shl
        (i32.or (i32.xor (i32.wrap_i64 (i64.rotl (local.get $x) (i64.const 7))) (local.get $zero)) (i32.const 0))
        (local.get $zero))))
  ;; A loop carrying a rotated hash across its back edge; the counter it tests is no rotation's.
  (func (export "loop") (param $x i32) (param $n i32) (param $at i32) (local $h i32)
    (local.set $n (i32.and (local.get $n) (i32.const 63)))
    (local.set $h (local.get $x))
    (block
      (br_if 0 (i32.eqz (local.get $n)))
      (loop
        (local.set $h (i32.add (i32.rotl (local.get $h) (i32.const 5)) (i32.xor (local.get $x) (local.get $n))))
        (br_if 0 (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (i32.store (local.get $at) (local.get $h)))
  ;; A rotation's value tested for zero after an identity: shifts.
  (func (export "compared") (param $x i32) (param $at i32) (local $r i32)
    (local.set $r (i32.rotl (local.get $x) (i32.const 7)))
    (i32.store (local.get $at) (i32.eqz (i32.xor (local.get $r) (i32.const 0)))))
  ;; A rotation's value returned: shifts.
  (func (export "returned") (param $x i32) (result i32)
    (i32.rotl (local.get $x) (i32.const 9)))
  (func (export "load") (param $at i32) (result i64) (i64.load (local.get $at))))
