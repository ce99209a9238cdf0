;; Holds the largest memory an instance may have (256 pages) and calls itself: the cap on the memory of all live
;; frames (1,024 pages) stops the chain. Slot 0 gets status + 1 of its call.
(module
  (import "contracts_v1" "address" (func $address (param i32)))
  (import "contracts_v1" "call" (func $call (param i32 i32 i32 i32 i64) (result i32)))
  (import "contracts_v1" "storage_store" (func $store (param i32 i32)))
  (memory (export "memory") 256 256)
  (func (export "call")
    (call $address (i32.const 0))
    (i32.store8 (i32.const 127) (i32.add (call $call (i32.const 0) (i32.const 64) (i32.const 0) (i32.const 0) (i64.const -1)) (i32.const 1)))
    (call $store (i32.const 200) (i32.const 96)))
  ;; build.sh appends the custom section "contracts.reentrant" (WABT does not emit @custom).
  )
