;; Check-free copies whose charges the fuel covers on the way in (FunctionEmitter.FuelCover.cs): FuelCoverTests calls
;; each at every fuel budget from nothing to enough, on both tiers.
(module
  (memory (export "memory") 1)

  ;; A check-free loop: n iterations (i from 0 while i + 1 != n), mem32[base + 4i] += the running sum of
  ;; 100 / (d - i), a division by zero inside the loop when i reaches d.
  (func (export "loop") (param $base i32) (param $n i32) (param $d i32) (result i32)
    (local $i i32) (local $a i32) (local $sum i32)
    (loop $l
      (local.set $a (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $sum (i32.add (local.get $sum) (i32.div_u (i32.const 100) (i32.sub (local.get $d) (local.get $i)))))
      (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (local.get $sum)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))

  ;; A check-free loop in which nothing can trap (no division, every access proven): its charges are all made on the way
  ;; into its copy, none in it.
  (func (export "quiet_loop") (param $base i32) (param $n i32) (param $k i32) (result i32)
    (local $i i32) (local $a i32) (local $sum i32)
    (loop $l
      (local.set $a (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get $k) (local.get $i))))
      (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (local.get $sum)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))

  ;; A check-free straight run (eight accesses of p) reached only by the branch past an if whose arm returns: the
  ;; charges pending on that branch are carried into the run's copies. A division by d inside the run.
  (func (export "run") (param $p i32) (param $c i32) (param $d i32) (result i64)
    (local $sum i64)
    (local.set $sum (i64.extend_i32_u (i32.mul (local.get $c) (i32.const 7))))
    (if (i32.eqz (local.get $c)) (then (return (local.get $sum))))
    (i64.store (local.get $p) (local.get $sum))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=8 (local.get $p))))
    (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (i32.div_u (i32.const 1000) (local.get $d)))))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=16 (local.get $p))))
    (i64.store offset=24 (local.get $p) (local.get $sum))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=32 (local.get $p))))
    (i64.store offset=40 (local.get $p) (local.get $sum))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=48 (local.get $p))))
    (i64.store offset=56 (local.get $p) (local.get $sum))
    (local.get $sum))
)
