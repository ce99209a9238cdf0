;; A check-free straight run (seven accesses through $p, reached by the if's branch alone, so charges pending on that
;; branch go into both its copies) that ends where a check-free loop begins (eight-byte words from $p + 64, n of them):
;; the run's check-free copy leaves into the loop's check (FunctionEmitter.Loops.cs), the checked run falls into it.
;; With $p near the end of memory the loop's last words or the run's are out of bounds (the checked code runs and
;; traps where the interpreter traps). RunIntoLoopTests runs it on both tiers, gas-instrumented at every budget.
(module
  (memory (export "memory") 1)
  (func (export "run_into_loop") (param $p i32) (param $c i32) (param $n i32) (result i64)
    (local $sum i64) (local $i i32) (local $q i32)
    (local.set $sum (i64.extend_i32_u (i32.mul (local.get $c) (i32.const 7))))
    (if (i32.eqz (local.get $c)) (then (return (local.get $sum))))
    (i64.store (local.get $p) (local.get $sum))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=8 (local.get $p))))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=16 (local.get $p))))
    (i64.store offset=24 (local.get $p) (local.get $sum))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=32 (local.get $p))))
    (i64.store offset=40 (local.get $p) (local.get $sum))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=48 (local.get $p))))
    (loop $l
      (local.set $q (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $sum (i64.add (i64.rotl (local.get $sum) (i64.const 7)) (i64.load offset=64 (local.get $q))))
      (i64.store offset=64 (local.get $q) (local.get $sum))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))
)
