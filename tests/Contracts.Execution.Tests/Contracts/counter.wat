;; Slot 0 holds a counter: "deploy" sets it from the constructor argument (a word), "call" adds one, logs the new
;; value under topic 0x01…, and returns it.
(module
  (import "contracts_v1" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "contracts_v1" "storage_load" (func $load (param i32 i32)))
  (import "contracts_v1" "storage_store" (func $store (param i32 i32)))
  (import "contracts_v1" "output_set" (func $output (param i32 i32)))
  (import "contracts_v1" "emit_log" (func $log (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "\01")
  (func (export "deploy")
    (call $input_copy (i32.const 32) (i32.const 0) (i32.const 32))
    (call $store (i32.const 0) (i32.const 32)))
  (func (export "call")
    (call $load (i32.const 0) (i32.const 32))
    (i32.store8 (i32.const 63) (i32.add (i32.load8_u (i32.const 63)) (i32.const 1)))
    (call $store (i32.const 0) (i32.const 32))
    (call $log (i32.const 64) (i32.const 1) (i32.const 32) (i32.const 32))
    (call $output (i32.const 32) (i32.const 32))))
