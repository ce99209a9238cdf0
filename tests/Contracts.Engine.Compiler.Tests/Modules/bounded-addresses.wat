;; Accesses whose address has a known bound (BoundedAddresses): below the memory's declared minimum (one page) they
;; are emitted without a bounds check, anywhere else checked as before. Each export takes $i and returns what it
;; loaded (or traps out of bounds where the interpreter does).
(module
  (memory 1)
  (data (i32.const 1024) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00")
  (data (i32.const 65520) "\f0\f1\f2\f3\f4\f5\f6\f7\f8\f9\fa\fb\fc\fd\fe\ff")
  ;; table[i & 3], a C program's static dispatch table: in bounds.
  (func (export "table") (param $i i32) (result i32)
    (i32.load (i32.add (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 2)) (i32.const 1024))))
  ;; The last byte at the bound is the memory's last: in bounds for one byte ...
  (func (export "last_byte") (param $i i32) (result i32)
    (i32.load8_u (i32.and (local.get $i) (i32.const 0xffff))))
  ;; ... but not for four: checked, traps at 65533 and above.
  (func (export "last_word") (param $i i32) (result i32)
    (i32.load (i32.and (local.get $i) (i32.const 0xffff))))
  ;; An offset counts too: bound 65535 - 8 + offset 8 + 1 byte.
  (func (export "offset") (param $i i32) (result i32)
    (i32.load8_u offset=8 (i32.and (local.get $i) (i32.const 0xfff7))))
  ;; Adding -16 wraps below 16: no bound, checked (traps for i & 255 < 16).
  (func (export "wrapping_add") (param $i i32) (result i32)
    (i32.load8_u (i32.add (i32.and (local.get $i) (i32.const 255)) (i32.const -16))))
  ;; A shift that carries bits out: no bound, checked.
  (func (export "wrapping_shift") (param $i i32) (result i32)
    (i32.load8_u (i32.shl (i32.and (local.get $i) (i32.const 0x3ffff)) (i32.const 15))))
  ;; Multiplications: 15 * 4096 + 4 fits, 15 * 4370 does not (checked, traps for i & 15 = 15).
  (func (export "mul_fits") (param $i i32) (result i32)
    (i32.load (i32.mul (i32.and (local.get $i) (i32.const 15)) (i32.const 4096))))
  (func (export "mul_past") (param $i i32) (result i32)
    (i32.load8_u (i32.mul (i32.and (local.get $i) (i32.const 15)) (i32.const 4370))))
  ;; Remainders and unsigned shifts: i % 65536 in bounds for a byte; i >> 15 not (checked).
  (func (export "rem") (param $i i32) (result i32)
    (i32.load8_u (i32.rem_u (local.get $i) (i32.const 65536))))
  (func (export "shr") (param $i i32) (result i32)
    (i32.add (i32.load8_u (i32.shr_u (local.get $i) (i32.const 16)))
             (i32.load8_u (i32.shr_u (local.get $i) (i32.const 15)))))
  ;; A narrow load's value as an address, and a comparison's (1 + 65531 + 4 bytes: the last word).
  (func (export "narrow") (param $i i32) (result i32)
    (i32.load8_u offset=65280 (i32.load8_u (i32.and (local.get $i) (i32.const 0xffff)))))
  (func (export "compare") (param $i i32) (result i32)
    (i32.load offset=65531 (i32.lt_u (local.get $i) (i32.const 7))))
  ;; The larger of a select's operands: 65535, in bounds for a byte.
  (func (export "select") (param $i i32) (result i32)
    (i32.load8_u (select (i32.and (local.get $i) (i32.const 0xff)) (i32.and (local.get $i) (i32.const 0xffff))
      (i32.and (local.get $i) (i32.const 1)))))
  ;; A bound set before a loop does not hold in it (the loop header is a branch target): $p is 16 on the first
  ;; iteration, $i on the next, checked.
  (func (export "loop") (param $i i32) (result i32)
    (local $p i32) (local $n i32) (local $sum i32)
    (local.set $p (i32.const 16))
    (loop $again
      (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $p))))
      (local.set $p (local.get $i))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $n) (i32.const 2))))
    (local.get $sum))
  ;; A bound from before a call does not hold after it (the callee's result lands in the argument area).
  (func $identity (param i32) (result i32) (local.get 0))
  (func (export "after_call") (param $i i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (local.get $i) (i32.const 0xff)))
    (local.set $p (call $identity (local.get $i)))
    (i32.load8_u (local.get $p)))
  ;; A function whose last op is shorter than the immediate forms (the fuzzer's seed-850021516: memory.size then the
  ;; end; reading an immediate past it threw while compiling).
  (func (export "size_only") (param $i i32) (drop (memory.size))))
