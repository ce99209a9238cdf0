;; Cells the compiled tier recomputes where they are read (FunctionEmitter.Remat.cs): a parameter plus a constant, set
;; once in the entry block. "lanes" reads and writes memory through three such pointers across a loop (as keccak's
;; st + 8k), with the parameter chosen so the adds wrap around 2^32 (a pointer 0 from -8 + 8); the others must not be
;; recomputed: a cell read before it is set, a parameter written later, a cell written again in a loop.
(module
  (memory (export "memory") 1)
  (func (export "lanes") (param $p i32) (param $n i32) (result i64)
    (local $a i32) (local $b i32) (local $c i32) (local $i i32) (local $acc i64)
    (local.set $a (i32.add (local.get $p) (i32.const 8)))
    (local.set $b (i32.add (local.get $p) (i32.const 16)))
    (local.set $c (i32.sub (local.get $p) (i32.const -24)))
    (local.set $acc (i64.load (local.get $a)))
    (loop $next
      (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (i64.add (i64.load (local.get $b)) (i64.const 3))))
      (i64.store (local.get $c) (i64.xor (i64.load (local.get $c)) (i64.load (local.get $a))))
      (local.set $acc (i64.add (local.get $acc) (i64.load (local.get $c))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (i64.add (local.get $acc) (i64.extend_i32_u (local.get $c))))
  (func (export "early") (param $p i32) (result i32) (local $a i32) (local $r i32)
    (local.set $r (local.get $a))
    (local.set $a (i32.add (local.get $p) (i32.const 5)))
    (i32.add (local.get $r) (local.get $a)))
  (func (export "moved") (param $p i32) (result i32) (local $a i32)
    (local.set $a (i32.add (local.get $p) (i32.const 5)))
    (local.set $p (i32.const 100))
    (i32.add (local.get $a) (local.get $p)))
  (func (export "rewritten") (param $p i32) (param $n i32) (result i32) (local $a i32)
    (local.set $a (i32.add (local.get $p) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $a (i32.mul (local.get $a) (i32.const 3)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a)))
