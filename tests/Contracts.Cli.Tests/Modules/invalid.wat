;; Well-formed but invalid (type mismatch: i64 result from an i32 function); build with --no-check.
(module
  (func (export "run") (result i32) (i64.const 1))
)
