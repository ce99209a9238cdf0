;; Charges 10 fuel per iteration through the engine's fuel intrinsic (gas.charge) for `n` iterations.
(module
  (import "gas" "charge" (func $charge (param i64)))
  (func (export "spend") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $charge (i64.const 10))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (local.get $i))
)
