;; call_indirect's inline dispatch among many functions of the site's type: the table holds seven of them (one twice)
;; in an order unlike their definitions, and the definitions interleave functions of another type, so a site's
;; candidates are neither the table's order nor consecutive defined indices; each computes a different, order-dependent
;; value, so a call that reached the wrong function changes the result.
(module
  (type $bin (func (param i32 i32) (result i32)))
  (type $un (func (param i32) (result i32)))
  (table 10 funcref)
  (func $neg (type $un) (i32.sub (i32.const 0) (local.get 0)))
  (func $f0 (type $bin) (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 3))))
  (func $f1 (type $bin) (i32.xor (local.get 0) (i32.shl (local.get 1) (i32.const 7))))
  (func $twice (type $un) (i32.add (local.get 0) (local.get 0)))
  (func $f2 (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $f3 (type $bin) (i32.mul (i32.add (local.get 0) (i32.const 1)) (i32.or (local.get 1) (i32.const 1))))
  (func $f4 (type $bin) (i32.xor (i32.shr_u (local.get 0) (i32.const 3)) (i32.add (local.get 1) (i32.const 11))))
  (func $f5 (type $bin) (i32.sub (i32.mul (local.get 1) (i32.const 7)) (local.get 0)))
  ;; slots 0-6: type $bin; 7: another type; 8, 9: null; 10 and up: past the end.
  (elem (i32.const 0) $f3 $f0 $f5 $f1 $f2 $f4 $f0 $neg)
  (func (export "dispatch") (param $slot i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $bin) (local.get $a) (local.get $b) (local.get $slot)))
  ;; $n rounds of acc = table[(i * 5) mod 7](acc, i): every $bin slot, in a scrambled order.
  (func (export "sweep") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (local.set $acc (i32.const 2166136261))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call_indirect (type $bin) (local.get $acc) (local.get $i)
          (i32.rem_u (i32.mul (local.get $i) (i32.const 5)) (i32.const 7))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
