;; Loaded values read from memory again where they are read, decided per value (FunctionEmitter.ReloadedLoads.cs): a
;; cell that holds a loaded value and later other values (LLVM reuses its locals), whose loaded value is read again
;; from memory at its reads while the cell's other values are held. Each export takes a base $p (and a second base $q
;; that may equal it) and returns a value mixing what it read; the memory after the call is compared too.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\11\12\13\14\15\16\17\18\21\22\23\24\25\26\27\28\31\32\33\34\35\36\37\38")
  (data (i32.const 32) "\f0\ff\ff\ff\ff\ff\ff\8f\10\00\00\80\77\66\55\44")
  ;; The loaded value read, then the cell written from it: the reads after the write see the new value, not memory.
  (func (export "rewritten") (param $p i32) (param $q i32) (result i64)
    (local $a i64) (local $x i64)
    (local.set $a (i64.load offset=8 (local.get $p)))
    (local.set $x (i64.mul (local.get $a) (i64.const 3)))
    (i64.store offset=16 (local.get $p) (local.get $x))
    (local.set $a (i64.add (local.get $a) (i64.const 1)))
    (i64.store offset=24 (local.get $p) (local.get $a))
    (i64.xor (local.get $a) (local.get $x)))
  ;; keccak's shape: lanes loaded, column sums, each lane stored xored, then (after a loop) the lane cells reused for
  ;; other values. The loaded values are read again; the later ones are held.
  (func (export "reused_lanes") (param $p i32) (param $q i32) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $n i32)
    (local.set $a (i64.load (local.get $p)))
    (local.set $b (i64.load offset=8 (local.get $p)))
    (local.set $c (i64.load offset=16 (local.get $p)))
    (local.set $d (i64.rotl (i64.xor (i64.xor (local.get $a) (local.get $b)) (local.get $c)) (i64.const 1)))
    (i64.store offset=24 (local.get $p) (i64.xor (local.get $d) (local.get $a)))
    (i64.store offset=32 (local.get $p) (i64.xor (local.get $d) (local.get $b)))
    (i64.store offset=40 (local.get $p) (i64.xor (local.get $d) (local.get $c)))
    (loop $again
      (local.set $a (i64.load offset=24 (local.get $p)))
      (local.set $b (i64.xor (local.get $a) (i64.load offset=32 (local.get $p))))
      (i64.store offset=24 (local.get $p) (local.get $b))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $n) (i32.const 2))))
    (local.set $c (i64.add (local.get $a) (local.get $b)))
    (i64.store offset=16 (local.get $p) (local.get $c))
    (i64.xor (local.get $c) (local.get $d)))
  ;; A loaded value still read past a branch target (a loop's header), in a cell written again after the loop: held.
  (func (export "live_at_target") (param $p i32) (param $q i32) (result i64)
    (local $a i64) (local $sum i64) (local $n i32)
    (local.set $a (i64.load offset=16 (local.get $p)))
    (i64.store offset=24 (local.get $p) (local.get $a))
    (loop $again
      (local.set $sum (i64.add (local.get $sum) (local.get $a)))
      (i64.store offset=16 (local.get $p) (local.get $sum))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $n) (i32.const 3))))
    (local.set $a (i64.mul (local.get $sum) (i64.const 5)))
    (i64.xor (local.get $a) (local.get $sum)))
  ;; A loaded value read where a branch goes (past the block's end), in a cell written again on the other way: held.
  (func (export "live_past_branch") (param $p i32) (param $q i32) (result i64)
    (local $a i64)
    (local.set $a (i64.load offset=8 (local.get $p)))
    (i64.store offset=40 (local.get $p) (local.get $a))
    (block $out
      (br_if $out (i32.eqz (local.get $q)))
      (i64.store offset=8 (local.get $p) (i64.const 7))
      (local.set $a (i64.const 11)))
    (i64.store offset=48 (local.get $p) (i64.const 9))
    (local.get $a))
  ;; A loaded value compared by a comparison fused into the branch after it (its operands read by the branch), in a
  ;; cell written again after: read again by the branch.
  (func (export "fused_compare") (param $p i32) (param $q i32) (result i64)
    (local $a i64) (local $r i64)
    (local.set $a (i64.load offset=8 (local.get $p)))
    (i64.store offset=16 (local.get $p) (local.get $a))
    (if (i32.eqz (i64.ne (local.get $a) (i64.const 0x1817161514131211)))
      (then (local.set $r (i64.const 100)))
      (else (local.set $r (i64.const 200))))
    (local.set $a (i64.add (local.get $r) (i64.const 1)))
    (i64.add (local.get $a) (local.get $r)))
  ;; A store to the loaded bytes between the load and a later read, in a reused cell: the read sees the loaded value.
  (func (export "overwritten") (param $p i32) (param $q i32) (result i64)
    (local $a i64) (local $x i64)
    (local.set $a (i64.load offset=8 (local.get $p)))
    (i64.store offset=24 (local.get $p) (local.get $a))
    (i32.store offset=12 (local.get $p) (i32.const -1))
    (local.set $x (i64.xor (local.get $a) (i64.const 0x55)))
    (local.set $a (i64.load offset=8 (local.get $q)))
    (i64.add (local.get $a) (local.get $x))))
