;; A module whose start function traps: instantiation itself fails with a trap.
(module
  (func $start (drop (i32.div_u (i32.const 1) (i32.const 0))))
  (start $start)
  (func (export "run") (result i32) (i32.const 1))
)
