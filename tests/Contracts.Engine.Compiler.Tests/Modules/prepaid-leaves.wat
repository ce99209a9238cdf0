;; Leaves whose charges their compiled callers make (FunctionEmitter.PrepaidLeaves.cs), called directly and through
;; call_indirect, beside leaves that must charge for themselves: one writes a global between its two metered blocks'
;; charges (the write happens before the second charge runs out), one loads from memory (it may trap). Gas-instrumented,
;; every fuel budget must end as on the interpreter: the same trap in the same function at the same offset, the same
;; fuel left, the same global and stack height.
(module
  (type $binary (func (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (table 4 funcref)
  (elem (i32.const 0) $mix $nested $writes $loads)
  (global $seen (export "seen") (mut i32) (i32.const 0))
  ;; Prepaid: one charge.
  (func $mix (type $binary)
    (i32.add (i32.mul (local.get 1) (i32.const 3)) (local.get 0)))
  ;; Prepaid: two charges (the function's and the block's) with arithmetic between them.
  (func $nested (type $binary)
    (i32.xor
      (i32.shl (local.get 0) (i32.const 7))
      (block (result i32) (i32.sub (local.get 1) (i32.rotl (local.get 0) (i32.const 3))))))
  ;; Not prepaid: a global written between its two charges.
  (func $writes (type $binary)
    (global.set $seen (i32.add (global.get $seen) (local.get 0)))
    (block (result i32) (i32.add (local.get 1) (global.get $seen))))
  ;; Not prepaid: a load, which traps out of bounds.
  (func $loads (type $binary)
    (i32.add (i32.load (local.get 0)) (local.get 1)))
  ;; Prepaid: no result.
  (func $nothing (param i32)
    (drop (i32.mul (local.get 0) (local.get 0))))
  (func (export "direct") (param $n i32) (param $address i32) (result i32) (local $acc i32) (local $i i32)
    (loop $next
      (local.set $acc (call $mix (local.get $acc) (local.get $i)))
      (local.set $acc (call $nested (local.get $acc) (local.get $i)))
      (call $nothing (local.get $i))
      (local.set $acc (call $writes (local.get $acc) (local.get $i)))
      (local.set $acc (call $loads (local.get $address) (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
  ;; Each leaf in turn through the table; $loads reads at the accumulator masked by $mask.
  (func (export "indirect") (param $n i32) (param $mask i32) (result i32) (local $acc i32) (local $i i32)
    (loop $next
      (local.set $acc
        (call_indirect (type $binary)
          (i32.and (local.get $acc) (local.get $mask)) (local.get $i) (i32.rem_u (local.get $i) (i32.const 4))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
