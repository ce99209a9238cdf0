;; A check-free loop counting up to 0 from below, as LLVM writes keccakf's pi loop: i runs from -96 by 8 while it is not
;; 0, and the loop reads tables at (p + i + 1120) mod 2^32 and + 1124 and writes at + 2000, the constants in the adds as
;; LLVM's are (FunctionEmitter.RematerializedBases.cs: a group's check from its least access, p + i + 1120, not from
;; p + i, which wraps below 0). p moves the accesses to the end of memory, one byte past it (the last iteration's store:
;; i stops at -8), or around 2^32.
(module
  (memory (export "memory") 1)
  (data (i32.const 1024) "\01\00\00\00\03\00\00\00\05\00\00\00\07\00\00\00\0b\00\00\00\0d\00\00\00\11\00\00\00\13\00\00\00")
  (func (export "count_up") (param $p i32) (result i64)
    (local $i i32) (local $acc i64)
    (local.set $i (i32.const -96))
    (loop $next
      (local.set $acc (i64.add (local.get $acc)
        (i64.mul (i64.load32_u (i32.add (i32.add (local.get $p) (local.get $i)) (i32.const 1120)))
                 (i64.load32_u (i32.add (i32.add (local.get $p) (local.get $i)) (i32.const 1124))))))
      (i64.store (i32.add (i32.add (local.get $p) (local.get $i)) (i32.const 2000)) (local.get $acc))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $next (local.get $i)))
    (local.get $acc)))
