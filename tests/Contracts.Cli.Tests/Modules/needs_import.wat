;; Imports a host function the CLI does not grant: instantiation fails to link.
(module
  (import "env" "log" (func $log (param i32)))
  (func (export "run") (call $log (i32.const 1)))
)
