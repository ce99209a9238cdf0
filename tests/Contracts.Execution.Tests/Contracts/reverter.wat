;; Writes slot 0, logs, then reverts with the 2 bytes "no": none of it may survive.
(module
  (import "contracts_v1" "storage_store" (func $store (param i32 i32)))
  (import "contracts_v1" "emit_log" (func $log (param i32 i32 i32 i32)))
  (import "contracts_v1" "revert" (func $revert (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 63) "\07")
  (data (i32.const 100) "no")
  (func (export "call")
    (call $store (i32.const 0) (i32.const 32))
    (call $log (i32.const 0) (i32.const 0) (i32.const 100) (i32.const 2))
    (call $revert (i32.const 100) (i32.const 2))))
