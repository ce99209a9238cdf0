;; f64 results stored raw whose 8-byte locations overlap in part (FunctionEmitter.DeferredStores.cs, EightByteLattice;
;; FunctionEmitter.RunDeferredStores.cs): a window of bytes from two raw stores reads back as no NaN where the
;; interpreter's memory holds halves of canonical NaNs. LatticeStoreTests compares memory with the interpreter's.
(module
  (memory (export "memory") 1)

  ;; The parity fuzzer's case (strided loops, seed 950000862, minimized): i from 17 by 4 to 41, each iteration's store
  ;; overlapping the last one's upper half.
  (func (export "step_four") (param $p i32) (param $x i64) (result i64)
    (local $i i32)
    (local.set $i (i32.const 17))
    (loop $next
      (f64.store offset=15 (i32.add (i32.add (local.get $p) (local.get $i)) (i32.const 47))
        (f64.mul (f64.reinterpret_i64 (local.get $x)) (f64.const 0)))
      (br_if $next (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 41))))
    (i64.load (i32.const 80)))

  ;; Two bases the loop does not know apart: q - p decides whether the stores overlap in part (q = p + 4) or lie on one
  ;; 8-byte lattice (q = p + 8, q = p + 64).
  (func (export "two_bases") (param $p i32) (param $q i32) (param $x i64) (result i64)
    (local $i i32)
    (loop $next
      (f64.store (i32.add (local.get $p) (local.get $i)) (f64.mul (f64.reinterpret_i64 (local.get $x)) (f64.const 2)))
      (f64.store (i32.add (local.get $q) (local.get $i)) (f64.mul (f64.const 1.5) (f64.const 2)))
      (br_if $next (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 8))) (i32.const 64))))
    (i64.load (local.get $p)))

  ;; Constant addresses in a straight run: a NaN at 200, then a number at 204 over its upper half.
  (func (export "run_halves") (param $x i64) (result i64)
    (f64.store (i32.const 200) (f64.mul (f64.reinterpret_i64 (local.get $x)) (f64.const 2)))
    (f64.store (i32.const 204) (f64.mul (f64.const 1.5) (f64.const 2)))
    (i64.load (i32.const 200))))
