;; A check-free loop whose per-iteration charge is large (2^33, the fuel intrinsic with a constant) and whose trip is
;; long (n iterations, its one access at an address the loop does not move): the cover check before its copy must not
;; multiply the two, whose product wraps past 2^64 at n = 2^31 (FunctionEmitter.FuelCover.cs: above 2^31 a charge is
;; compared through a quotient). CoverProductTests runs it with a budget that runs out after a few iterations.
(module
  (import "gas" "charge" (func $charge (param i64)))
  (memory (export "memory") 1)

  (func (export "spin") (param $base i32) (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (call $charge (i64.const 0x200000000))
      (i32.store (local.get $base) (local.get $i))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $i))

  ;; The same loop with a charge of 2^20 an iteration: its cover is the product, compared with the fuel.
  (func (export "spin_small") (param $base i32) (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (call $charge (i64.const 0x100000))
      (i32.store (local.get $base) (local.get $i))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $i))
)
