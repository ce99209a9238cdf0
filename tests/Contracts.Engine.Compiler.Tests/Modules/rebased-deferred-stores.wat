;; A check-free loop of raw f64 stores (FunctionEmitter.DeferredStores.cs) whose group check is made from its least
;; access (FunctionEmitter.RematerializedBases.cs, Rebased): i counts from -96 by 8 up to 0 and the loop stores x * 2 at
;; (p + i + 1120) mod 2^32 and x + 2 at + 3120, so with p near 0 the base p + i wraps below 0 while every address is in
;; memory. A NaN stored makes the compiled tier read back and canonicalize each stored location after the loop: at
;; the wrapped address, (p + i + 1120) mod 2^32, not at p + i taken as unsigned plus 1120 (past 4 GiB).
(module
  (memory (export "memory") 1)
  (func (export "store_up") (param $p i32) (param $x i64) (result i64)
    (local $i i32)
    (local.set $i (i32.const -96))
    (loop $next
      (f64.store (i32.add (i32.add (local.get $p) (local.get $i)) (i32.const 1120))
        (f64.mul (f64.reinterpret_i64 (local.get $x)) (f64.const 2)))
      (f64.store (i32.add (i32.add (local.get $p) (local.get $i)) (i32.const 3120))
        (f64.add (f64.reinterpret_i64 (local.get $x)) (f64.const 2)))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $next (local.get $i)))
    (i64.load (i32.const 1024))))
