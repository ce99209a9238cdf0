;; Loops that leave in the middle (CheckFreeLoops: a body that is a straight run but for one conditional branch out,
;; then an unconditional back edge), each in the shape a translator's exit op takes: br_if on = a constant
;; (eq_imm), the `if (i != n) { …; br }` of a C loop (eq_param), br_if on zero (eqz), and sha256's
;; `i32.eq; i32.eqz; if` (eq_then_eqz). Each sums a load before its exit (at base + i + 8; eqz, counting down, at
;; base - i + 8) and xors one after it (at base + i, or base - i): the iteration that leaves runs only the first,
;; which is the furthest access of all, so with base near the end of memory only the leaving iteration's access is
;; out of bounds — the check before the loop must cover it.
;; floats stores f64 results before its exit (NaN payloads among them must be canonical when the loop leaves by its
;; exit); on_load leaves on a loaded value (not emitted check-free). MiddleExitTests runs them on both tiers.
(module
  (memory (export "memory") 1)
  (func (export "eq_imm") (param $base i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $out
      (loop $l
        (local.set $s (i32.add (local.get $s) (i32.load offset=8 (i32.add (local.get $base) (local.get $i)))))
        (br_if $out (i32.eq (local.get $i) (i32.const 64)))
        (local.set $s (i32.xor (local.get $s) (i32.load (i32.add (local.get $base) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $l)))
    (local.get $s))
  (func (export "eq_param") (param $base i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load offset=8 (i32.add (local.get $base) (local.get $i)))))
      (if (i32.ne (local.get $i) (local.get $n))
        (then
          (local.set $s (i32.xor (local.get $s) (i32.load (i32.add (local.get $base) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l))))
    (local.get $s))
  (func (export "eqz") (param $base i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (local.set $i (local.get $n))
    (block $out
      (loop $l
        (local.set $s (i32.add (local.get $s) (i32.load offset=8 (i32.sub (local.get $base) (local.get $i)))))
        (br_if $out (i32.eqz (local.get $i)))
        (local.set $s (i32.xor (local.get $s) (i32.load (i32.sub (local.get $base) (local.get $i)))))
        (local.set $i (i32.sub (local.get $i) (i32.const 4)))
        (br $l)))
    (local.get $s))
  (func (export "eq_then_eqz") (param $base i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load offset=8 (i32.add (local.get $base) (local.get $i)))))
      (if (i32.eqz (i32.eq (local.get $i) (i32.const 64)))
        (then
          (local.set $s (i32.xor (local.get $s) (i32.load (i32.add (local.get $base) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l))))
    (local.get $s))
  (func (export "floats") (param $base i32) (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (f64.store offset=4096 (local.get $i) (f64.mul (f64.load (local.get $i)) (f64.const 2)))
      (f64.store offset=8192 (local.get $i) (f64.add (f64.load offset=512 (local.get $i)) (f64.const 1)))
      (if (i32.ne (local.get $i) (local.get $n))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 8)))
          (br $l))))
    (local.get $i))
  (func (export "on_load") (param $base i32) (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (if (i32.ne (i32.load (i32.add (local.get $base) (local.get $i))) (local.get $n))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l))))
    (local.get $i))
  (func (export "fill") (param $at i32) (param $payload i64)
    (local $j i32)
    (loop $l
      (i32.store (i32.shl (local.get $j) (i32.const 2)) (i32.mul (local.get $j) (i32.const 2654435761)))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 16384))))
    (i64.store (local.get $at) (local.get $payload)))
)
