;; Has a start function: refused at deploy.
(module
  (memory (export "memory") 1)
  (func $init)
  (start $init)
  (func (export "call")))
