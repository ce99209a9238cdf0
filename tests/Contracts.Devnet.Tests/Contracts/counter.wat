;; A counter for the devnet's end-to-end tests. The first input byte selects what a call does:
;;   0x01 adds one to slot 0 and logs Incremented(uint256 newValue) (topic keccak256("Incremented(uint256)"));
;;   0x02 reverts with Error("counter: refused") (the ABI encoding wallets decode);
;;   anything else (or no input) returns slot 0 as a 32-byte word.
;; Rebuild with ./build.sh.
(module
  (import "contracts_v1" "input_size" (func $input_size (result i32)))
  (import "contracts_v1" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "contracts_v1" "storage_load" (func $load (param i32 i32)))
  (import "contracts_v1" "storage_store" (func $store (param i32 i32)))
  (import "contracts_v1" "emit_log" (func $log (param i32 i32 i32 i32)))
  (import "contracts_v1" "output_set" (func $output (param i32 i32)))
  (import "contracts_v1" "revert" (func $revert (param i32 i32)))
  (memory (export "memory") 1)
  ;; 0..32 slot key (zero), 32..64 value, 64 input byte.
  ;; keccak256("Incremented(uint256)")
  (data (i32.const 128) "\20\d8\a6\f5\a6\93\f9\d1\d6\27\a5\98\e8\82\0f\7a\55\ee\74\c1\83\aa\8f\1a\30\e8\d4\e8\dd\9a\8d\84")
  ;; Error("counter: refused"): selector, offset 32, length 16, the text padded to 32 bytes.
  (data (i32.const 256) "\08\c3\79\a0"
    "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\20"
    "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\10"
    "counter: refused\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  (func (export "call")
    (if (i32.gt_u (call $input_size) (i32.const 0))
      (then (call $input_copy (i32.const 64) (i32.const 0) (i32.const 1))))
    (if (i32.eq (i32.load8_u (i32.const 64)) (i32.const 2))
      (then (call $revert (i32.const 256) (i32.const 100))))
    (call $load (i32.const 0) (i32.const 32))
    (if (i32.eq (i32.load8_u (i32.const 64)) (i32.const 1))
      (then
        (call $increment)
        (call $store (i32.const 0) (i32.const 32))
        (call $log (i32.const 128) (i32.const 1) (i32.const 32) (i32.const 32))
        (return)))
    (call $output (i32.const 32) (i32.const 32)))
  ;; Adds one to the big-endian u64 at 56..64.
  (func $increment
    (local $i i32) (local $byte i32)
    (local.set $i (i32.const 63))
    (block $done
      (loop $carry
        (local.set $byte (i32.add (i32.load8_u (local.get $i)) (i32.const 1)))
        (i32.store8 (local.get $i) (local.get $byte))
        (br_if $done (i32.lt_u (local.get $byte) (i32.const 256)))
        (br_if $done (i32.eq (local.get $i) (i32.const 56)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $carry)))))
