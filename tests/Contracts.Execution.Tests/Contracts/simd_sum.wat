;; A SIMD contract: "call" sums its input's 32-bit little-endian words four lanes at a time (i32x4.add over 16-byte
;; chunks, then the lanes added) and returns the sum as a 4-byte little-endian output. Deployable only where the rule
;; set allows SIMD.
(module
  (import "contracts_v1" "input_size" (func $input_size (result i32)))
  (import "contracts_v1" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "contracts_v1" "output_set" (func $output (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "call")
    (local $n i32) (local $i i32) (local $acc v128)
    (local.set $n (i32.and (call $input_size) (i32.const 0xFFF0)))
    (call $input_copy (i32.const 16) (i32.const 0) (local.get $n))
    (block $done
      (loop $chunks
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32x4.add (local.get $acc) (v128.load offset=16 (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $chunks)))
    (i32.store (i32.const 0)
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
        (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
    (call $output (i32.const 0) (i32.const 4))))
