;; Calls between compiled functions: direct calls (parameters as IL arguments, one result returned), a multi-value
;; callee (the frame convention), and call_indirect through a table with a null slot, a slot of another type and an
;; end, so that each of its traps and each call path can be compared with the interpreter.
(module
  (type $bin (func (param i32 i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $add $sub $wide)
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $wide (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  ;; call_indirect of table slot $slot with $a and $b: slot 2 has another type, slot 3 is null, 4 and up are past the end.
  (func (export "indirect") (param $slot i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $bin) (local.get $a) (local.get $b) (local.get $slot)))
  ;; Direct recursion $n deep, each frame adding one.
  (func $down (export "down") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1)))))))
  (func $pair (param i32) (result i32 i32) (local.get 0) (i32.mul (local.get 0) (i32.const 3)))
  ;; $n iterations of: a direct call, a multi-value call and an indirect call (slot i mod 2), summed.
  (func (export "spin") (param $n i32) (result i32) (local $i i32) (local $sum i32) (local $x i32) (local $y i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (call $add (local.get $sum) (local.get $i)))
        (call $pair (local.get $i))
        (local.set $y)
        (local.set $x)
        (local.set $sum (i32.xor (local.get $sum) (i32.add (local.get $x) (local.get $y))))
        (local.set $sum (call_indirect (type $bin) (local.get $sum) (i32.const 7) (i32.and (local.get $i) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
