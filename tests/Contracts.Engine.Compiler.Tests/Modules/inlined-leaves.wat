;; Leaves emitted in their compiled callers (FunctionEmitter.InlinedLeaves.cs), called directly, through call_indirect
;; and at the bottom of a recursion at the call depth limit; beside leaves that must stay calls (a load, a division, a
;; float op, a global write, a call). Spelled-out rotations whose halves meet across the inlined call (a shift returned
;; by a leaf, shifts passed to one) are zero-tested after it: within one method the .NET JIT could join them into its
;; rotate, whose zero test .NET 10 gets wrong (FunctionEmitter.SpelledRotations.cs).
(module
  (type $binary (func (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (table 4 funcref)
  (elem (i32.const 0) $mix $nested $loads $mix)
  (global $seen (export "seen") (mut i32) (i32.const 0))
  ;; Inlined: one block.
  (func $mix (type $binary)
    (i32.add (i32.mul (local.get 1) (i32.const 3)) (local.get 0)))
  ;; Inlined: two blocks (two charges when metered), a rotation.
  (func $nested (type $binary)
    (i32.xor
      (i32.shl (local.get 0) (i32.const 7))
      (block (result i32) (i32.sub (local.get 1) (i32.rotl (local.get 0) (i32.const 3))))))
  ;; Inlined: i64 with conversions, a zero test and a constant beyond an immediate.
  (func $wide (param i64 i64) (result i64)
    (i64.add
      (i64.xor (i64.extend_i32_u (i32.wrap_i64 (local.get 0))) (i64.mul (local.get 1) (i64.const 0x123456789abcdef)))
      (i64.extend_i32_s (i32.eqz (i32.wrap_i64 (local.get 1))))))
  ;; Inlined: no result.
  (func $nothing (param i32)
    (drop (i32.mul (local.get 0) (local.get 0))))
  ;; Inlined: a left shift, and an or of its two parameters.
  (func $shl (param i32) (result i32) (i32.shl (local.get 0) (i32.const 7)))
  (func $or (type $binary) (i32.or (local.get 0) (local.get 1)))
  ;; Not inlined: a load (may trap), a division (may trap), a float op, a global write, a call.
  (func $loads (type $binary)
    (i32.add (i32.load (local.get 0)) (local.get 1)))
  (func $divides (type $binary)
    (i32.div_u (local.get 0) (local.get 1)))
  (func $floats (type $binary)
    (i32.trunc_sat_f64_u (f64.add (f64.convert_i32_u (local.get 0)) (f64.convert_i32_u (local.get 1)))))
  (func $writes (type $binary)
    (global.set $seen (local.get 0)) (local.get 1))
  (func $calls (type $binary)
    (call $mix (local.get 1) (local.get 0)))
  (func (export "direct") (param $n i32) (param $address i32) (result i32) (local $acc i32) (local $i i32)
    (loop $next
      (local.set $acc (call $mix (local.get $acc) (local.get $i)))
      (local.set $acc (call $nested (local.get $acc) (local.get $i)))
      (call $nothing (local.get $i))
      (local.set $acc (i32.wrap_i64 (call $wide (i64.extend_i32_u (local.get $acc)) (i64.extend_i32_s (local.get $i)))))
      (local.set $acc (call $divides (local.get $acc) (i32.or (local.get $i) (i32.const 1))))
      (local.set $acc (call $floats (local.get $acc) (local.get $i)))
      (local.set $acc (call $writes (local.get $acc) (local.get $acc)))
      (local.set $acc (call $calls (local.get $acc) (local.get $i)))
      (local.set $acc (call $loads (local.get $address) (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
  ;; Each table entry in turn; $loads reads at the accumulator masked by $mask.
  (func (export "indirect") (param $n i32) (param $mask i32) (result i32) (local $acc i32) (local $i i32)
    (loop $next
      (local.set $acc
        (call_indirect (type $binary)
          (i32.and (local.get $acc) (local.get $mask)) (local.get $i) (i32.rem_u (local.get $i) (i32.const 4))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
  ;; $n frames of recursion, then $mix at the bottom: at the depth limit the leaf's call is the one that traps.
  (func $down (export "down") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (call $mix (local.get $n) (i32.const 5)))
      (else (i32.add (call $down (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
  ;; Three small frames, then $mix: under a limit of a few frames the last compiled frame is the one whose leaf call
  ;; goes past it.
  (func (export "chain") (param i32) (result i32) (call $chain_a (local.get 0)))
  (func $chain_a (param i32) (result i32) (call $chain_b (local.get 0)))
  (func $chain_b (param i32) (result i32) (call $mix (local.get 0) (i32.const 1)))
  ;; A rotation spelled across the inlined calls, then zero-tested.
  (func (export "rotation_returned") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 2)) (loop (br_if 0 (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (i32.eqz (i32.or (call $shl (local.get 0)) (i32.shr_u (local.get 0) (i32.const 25)))))
  (func (export "rotation_passed") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 2)) (loop (br_if 0 (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (i32.eqz (call $or (i32.shl (local.get 0) (i32.const 7)) (i32.shr_u (local.get 0) (i32.const 25)))))
  (func (export "rotation_passed_select") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 2)) (loop (br_if 0 (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (select (i32.const 11) (i32.const 22)
      (i32.ne (call $or (i32.shl (local.get 0) (i32.const 1)) (i32.shr_u (local.get 0) (i32.const 31))) (i32.const 0)))))
