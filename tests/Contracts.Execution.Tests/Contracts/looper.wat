;; Writes slot 0 and then loops forever: it must run out of gas, and the write must not survive.
(module
  (import "contracts_v1" "storage_store" (func $store (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 63) "\07")
  (func (export "call")
    (call $store (i32.const 0) (i32.const 32))
    (loop $forever (br $forever))))
