;; Reentrancy attacker (opted in itself). Called with the vault's 20-byte address: remembers it in slot 1 and calls
;; the vault. Called back by the vault (1 byte of input): calls the vault again and stores status + 1 in slot 2.
(module
  (import "contracts_v1" "input_size" (func $input_size (result i32)))
  (import "contracts_v1" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "contracts_v1" "call" (func $call (param i32 i32 i32 i32 i64) (result i32)))
  (import "contracts_v1" "storage_load" (func $load (param i32 i32)))
  (import "contracts_v1" "storage_store" (func $store (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 31) "\01")
  (data (i32.const 63) "\02")
  (func (export "call")
    (if (i32.eq (call $input_size) (i32.const 20))
      (then
        (call $input_copy (i32.const 140) (i32.const 0) (i32.const 20))
        (call $store (i32.const 0) (i32.const 128))
        (drop (call $call (i32.const 140) (i32.const 300) (i32.const 0) (i32.const 0) (i64.const -1))))
      (else
        (call $load (i32.const 0) (i32.const 128))
        (i32.store8 (i32.const 191) (i32.add (call $call (i32.const 140) (i32.const 300) (i32.const 0) (i32.const 0) (i64.const -1)) (i32.const 1)))
        (call $store (i32.const 32) (i32.const 160)))))
  ;; build.sh appends the custom section "contracts.reentrant" (WABT does not emit @custom).
  )
