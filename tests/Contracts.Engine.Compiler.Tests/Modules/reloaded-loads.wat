;; Loaded cells read from memory again where they are read (FunctionEmitter.ReloadedLoads.cs): a cell one load writes
;; from a parameter plus a constant, read in the same straight run with no store between that may overlap the loaded
;; bytes. Each export takes a base $p (and a second base $q that may equal it) and returns a value mixing what it read;
;; the memory after the call is compared too.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\11\12\13\14\15\16\17\18\21\22\23\24\25\26\27\28\31\32\33\34\35\36\37\38")
  (data (i32.const 32) "\f0\ff\ff\ff\ff\ff\ff\8f\10\00\00\80\77\66\55\44")
  ;; A keccak-like round: lanes loaded up front, stores to the other lanes, then the lanes read again: reloaded.
  (func (export "lanes") (param $p i32) (param $q i32) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64)
    (local.set $a (i64.load (local.get $p)))
    (local.set $b (i64.load offset=8 (local.get $p)))
    (local.set $c (i64.load offset=16 (local.get $p)))
    (local.set $d (i64.xor (local.get $a) (local.get $b)))
    (i64.store offset=24 (local.get $p) (i64.xor (local.get $d) (local.get $c)))
    (i64.store offset=32 (local.get $p) (local.get $d))
    (i64.xor (i64.xor (local.get $a) (i64.rotl (local.get $b) (i64.const 1))) (local.get $c)))
  ;; A store to the loaded bytes before a read: the read sees the loaded value, not the stored one.
  (func (export "same_offset") (param $p i32) (param $q i32) (result i64)
    (local $a i64)
    (local.set $a (i64.load offset=8 (local.get $p)))
    (i64.store offset=8 (local.get $p) (i64.const 99))
    (i64.add (local.get $a) (i64.load offset=8 (local.get $p))))
  ;; Partly overlapping stores (4 bytes into the loaded 8, 8 bytes over its first half) and an adjacent one.
  (func (export "overlaps") (param $p i32) (param $q i32) (result i64)
    (local $a i64) (local $b i64) (local $c i64)
    (local.set $a (i64.load offset=8 (local.get $p)))
    (local.set $b (i64.load offset=16 (local.get $p)))
    (local.set $c (i64.load offset=24 (local.get $p)))
    (i32.store offset=12 (local.get $p) (i32.const -1))
    (i64.store offset=20 (local.get $p) (i64.const -2))
    (i64.store offset=32 (local.get $p) (i64.const -3))
    (i64.xor (i64.xor (local.get $a) (i64.rotl (local.get $b) (i64.const 7))) (i64.rotl (local.get $c) (i64.const 13))))
  ;; A store through another base, which may be the loaded address ($q = $p + 8): the read sees the loaded value.
  (func (export "other_base") (param $p i32) (param $q i32) (result i64)
    (local $a i64)
    (local.set $a (i64.load offset=8 (local.get $p)))
    (i64.store (local.get $q) (i64.const 77))
    (local.get $a))
  ;; A read past a branch target (the loop's header): the read sees the loaded value after the loop's stores.
  (func (export "across_loop") (param $p i32) (param $q i32) (result i64)
    (local $a i64) (local $n i32) (local $sum i64)
    (local.set $a (i64.load offset=16 (local.get $p)))
    (loop $again
      (local.set $sum (i64.add (local.get $sum) (local.get $a)))
      (i64.store offset=16 (local.get $p) (local.get $sum))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $n) (i32.const 3))))
    (local.get $sum))
  ;; 32-bit loads: zero-extended on every read, also as an address.
  (func (export "narrow") (param $p i32) (param $q i32) (result i64)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load offset=32 (local.get $p)))
    (local.set $b (i32.load offset=40 (local.get $p)))
    (i64.store offset=48 (local.get $p) (i64.extend_i32_u (local.get $a)))
    (i64.add (i64.extend_i32_u (local.get $b))
      (i64.load8_u (i32.and (local.get $a) (i32.const 0xff)))))
  ;; A load out of bounds whose cell is only read again later: it traps at the load.
  (func (export "trapping") (param $p i32) (param $q i32) (result i64)
    (local $a i64)
    (local.set $a (i64.load offset=65530 (local.get $p)))
    (i64.store (local.get $p) (i64.const 5))
    (local.get $a)))
