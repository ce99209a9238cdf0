;; Opted in to reentrancy; calls itself with all the gas it may forward, without end: the depth limit stops it.
(module
  (import "contracts_v1" "address" (func $address (param i32)))
  (import "contracts_v1" "call" (func $call (param i32 i32 i32 i32 i64) (result i32)))
  (memory (export "memory") 1)
  (func (export "call")
    (call $address (i32.const 0))
    (drop (call $call (i32.const 0) (i32.const 64) (i32.const 0) (i32.const 0) (i64.const -1))))
  ;; build.sh appends the custom section "contracts.reentrant" (WABT does not emit @custom).
  )
