;; Tries to grow its memory past the per-instance cap and returns what memory.grow returned (4 bytes, little-endian).
(module
  (import "contracts_v1" "output_set" (func $output (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "call")
    (i32.store (i32.const 0) (memory.grow (i32.const 300)))
    (call $output (i32.const 0) (i32.const 4))))
