;; Leaves traces in everything an instance owns — a memory byte, the memory's size, a mutable global — and returns
;; them as three bytes; a pooled instance must be reset so every call sees a fresh instance and returns 06 02 01.
(module
  (import "contracts_v1" "output_set" (func $output (param i32 i32)))
  (memory (export "memory") 1 4)
  (global $calls (mut i32) (i32.const 0))
  (data (i32.const 0) "\05")
  (func (export "call")
    (i32.store8 (i32.const 0) (i32.add (i32.load8_u (i32.const 0)) (i32.const 1)))
    (drop (memory.grow (i32.const 1)))
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store8 (i32.const 100) (i32.load8_u (i32.const 0)))
    (i32.store8 (i32.const 101) (memory.size))
    (i32.store8 (i32.const 102) (global.get $calls))
    (call $output (i32.const 100) (i32.const 3))))
