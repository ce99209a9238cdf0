;; Imports a function the host ABI does not have: refused at deploy, naming it.
(module
  (import "env" "foo" (func $foo))
  (memory (export "memory") 1)
  (func (export "call") (call $foo)))
