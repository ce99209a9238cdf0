;; Work without imports for `run --gas` and `--tier`: a counted loop and a recursion, both summing 1..n.
(module
  (func (export "sum") (param $n i32) (result i64)
    (local $i i32) (local $total i64)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $total (i64.add (local.get $total) (i64.extend_i32_u (local.get $i))))
        (br $again)))
    (local.get $total))
  (func $sum_rec (export "sum_rec") (param $n i32) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (i64.extend_i32_u (local.get $n))
                     (call $sum_rec (i32.sub (local.get $n) (i32.const 1)))))))
)
