;; Input: a mode byte (0 create, 1 create2 with a zero salt) and deploy data. Creates the contract with no value and
;; returns the new address (20 bytes, zero on failure) followed by the status byte.
(module
  (import "contracts_v1" "input_size" (func $input_size (result i32)))
  (import "contracts_v1" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "contracts_v1" "create" (func $create (param i32 i32 i32 i32) (result i32)))
  (import "contracts_v1" "create2" (func $create2 (param i32 i32 i32 i32 i32) (result i32)))
  (import "contracts_v1" "output_set" (func $output (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "call")
    (local $n i32) (local $status i32)
    (local.set $n (i32.sub (call $input_size) (i32.const 1)))
    (call $input_copy (i32.const 1024) (i32.const 0) (call $input_size))
    (local.set $status
      (if (result i32) (i32.eqz (i32.load8_u (i32.const 1024)))
        (then (call $create (i32.const 1025) (local.get $n) (i32.const 0) (i32.const 64)))
        (else (call $create2 (i32.const 1025) (local.get $n) (i32.const 0) (i32.const 32) (i32.const 64)))))
    (i32.store8 (i32.const 84) (local.get $status))
    (call $output (i32.const 64) (i32.const 21))))
