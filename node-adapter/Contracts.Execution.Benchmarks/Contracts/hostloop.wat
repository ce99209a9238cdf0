;; Host-call overhead: input is two little-endian u32s, the host function (0 storage_load, 1 keccak256 of 32 bytes)
;; and how many times to call it. The benchmark subtracts a run with 0 calls. Rebuild with ./build.sh.
(module
  (import "contracts_v1" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "contracts_v1" "storage_load" (func $load (param i32 i32)))
  (import "contracts_v1" "keccak256" (func $keccak (param i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "call")
    (local $n i32)
    (call $input_copy (i32.const 0) (i32.const 0) (i32.const 8))
    (local.set $n (i32.load (i32.const 4)))
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (if (i32.eqz (i32.load (i32.const 0)))
          (then (call $load (i32.const 64) (i32.const 96)))
          (else (call $keccak (i32.const 64) (i32.const 32) (i32.const 96))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))))
