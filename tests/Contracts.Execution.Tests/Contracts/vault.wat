;; A deliberately vulnerable vault (no reentrancy opt-in): it pays its caller 1 wei *before* recording the
;; withdrawal in slot 0 (a count), calling the caller with one byte of input so its code runs.
(module
  (import "contracts_v1" "caller" (func $caller (param i32)))
  (import "contracts_v1" "call" (func $call (param i32 i32 i32 i32 i64) (result i32)))
  (import "contracts_v1" "storage_load" (func $load (param i32 i32)))
  (import "contracts_v1" "storage_store" (func $store (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 95) "\01")
  (func (export "call")
    (call $caller (i32.const 0))
    (drop (call $call (i32.const 0) (i32.const 64) (i32.const 96) (i32.const 1) (i64.const -1)))
    (call $load (i32.const 200) (i32.const 232))
    (i32.store8 (i32.const 263) (i32.add (i32.load8_u (i32.const 263)) (i32.const 1)))
    (call $store (i32.const 200) (i32.const 232))))
