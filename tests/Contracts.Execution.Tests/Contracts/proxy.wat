;; Input: a 20-byte target, a mode byte (0 call, 1 static_call, 2 call with 1 wei), then the callee's input.
;; Calls the target with all the gas it may forward, stores status + 1 in its own slot 0, and returns the status
;; byte followed by the callee's return data.
(module
  (import "contracts_v1" "input_size" (func $input_size (result i32)))
  (import "contracts_v1" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "contracts_v1" "call" (func $call (param i32 i32 i32 i32 i64) (result i32)))
  (import "contracts_v1" "static_call" (func $static_call (param i32 i32 i32 i64) (result i32)))
  (import "contracts_v1" "return_data_size" (func $return_data_size (result i32)))
  (import "contracts_v1" "return_data_copy" (func $return_data_copy (param i32 i32 i32)))
  (import "contracts_v1" "storage_store" (func $store (param i32 i32)))
  (import "contracts_v1" "output_set" (func $output (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "call")
    (local $n i32) (local $status i32)
    (local.set $n (call $input_size))
    (call $input_copy (i32.const 1024) (i32.const 0) (local.get $n))
    (if (i32.eq (i32.load8_u (i32.const 1044)) (i32.const 2)) (then (i32.store8 (i32.const 543) (i32.const 1))))
    (local.set $status
      (if (result i32) (i32.eq (i32.load8_u (i32.const 1044)) (i32.const 1))
        (then (call $static_call (i32.const 1024) (i32.const 1045) (i32.sub (local.get $n) (i32.const 21)) (i64.const -1)))
        (else (call $call (i32.const 1024) (i32.const 512) (i32.const 1045) (i32.sub (local.get $n) (i32.const 21)) (i64.const -1)))))
    (i32.store8 (i32.const 127) (i32.add (local.get $status) (i32.const 1)))
    (call $store (i32.const 0) (i32.const 96))
    (i32.store8 (i32.const 2048) (local.get $status))
    (local.set $n (call $return_data_size))
    (call $return_data_copy (i32.const 2049) (i32.const 0) (local.get $n))
    (call $output (i32.const 2048) (i32.add (local.get $n) (i32.const 1)))))
