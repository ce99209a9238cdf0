;; A check-free straight run whose accesses go through pointers the entry block set to a parameter plus a constant
;; (FunctionEmitter.RematerializedBases.cs: one check for the parameter instead of one per pointer). The run starts at
;; the block's end (a branch target); $p is chosen so some pointers wrap around 2^32 ($c = $p - 16) and the last access
;; ends at, or one byte past, the end of memory.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\11\12\13\14\15\16\17\18\21\22\23\24\25\26\27\28\31\32\33\34\35\36\37\38")
  (func (export "run") (param $p i32) (param $n i32) (result i64)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $acc i64)
    (local.set $a (i32.add (local.get $p) (i32.const 8)))
    (local.set $b (i32.add (local.get $p) (i32.const 16)))
    (local.set $c (i32.add (local.get $p) (i32.const -16)))
    (local.set $d (i32.sub (local.get $p) (i32.const -40)))
    (block $skip
      (br_if $skip (i32.eqz (local.get $n)))
      (local.set $acc (i64.const 5)))
    (i64.store (local.get $a) (i64.xor (i64.load (local.get $a)) (i64.load (local.get $b))))
    (i64.store (local.get $b) (i64.add (i64.load (local.get $b)) (i64.load (local.get $p))))
    (local.set $acc (i64.add (local.get $acc) (i64.load (local.get $c))))
    (i64.store (local.get $d) (i64.add (i64.load (local.get $d)) (i64.load offset=8 (local.get $a))))
    (i64.store offset=8 (local.get $b) (i64.xor (i64.load offset=8 (local.get $b)) (i64.load offset=16 (local.get $c))))
    (i32.store offset=4 (local.get $a) (i32.add (i32.load offset=4 (local.get $a)) (i32.const 7)))
    (local.set $acc (i64.xor (local.get $acc) (i64.load offset=8 (local.get $d))))
    (i64.store (local.get $p) (i64.add (i64.load (local.get $p)) (local.get $acc)))
    (i64.store offset=8 (local.get $d) (local.get $acc))
    (i64.add (local.get $acc) (i64.load (local.get $a)))))
