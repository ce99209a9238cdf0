;; Accesses whose address a conditional branch bounds where the code falls through it (BoundedAddresses): `if (i <= k)`
;; and its kin leave i at most k past the branch, so an access at i plus an offset that stays below the memory's declared
;; minimum (one page) is emitted without a bounds check; anywhere else checked as before. Each export takes $i (and $n)
;; and returns what it loaded, -1 when the guard fails, or traps out of bounds where the interpreter does.
(module
  (memory 1)
  (data (i32.const 65280) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f")
  (data (i32.const 65520) "\f0\f1\f2\f3\f4\f5\f6\f7\f8\f9\fa\fb\fc\fd\fe\ff")
  ;; i <=u 255: the last byte is 65280 + 255 = 65535, in bounds.
  (func (export "le_imm") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.le_u (local.get $i) (i32.const 255))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  ;; i <=u 256: one byte past the end at 256, checked (traps there).
  (func (export "le_imm_past") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.le_u (local.get $i) (i32.const 256))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  ;; i <u 256: at most 255, in bounds.
  (func (export "lt_imm") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $i) (i32.const 256))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  ;; i <u 0 never holds: the access never runs (either way is right; it is bounded by nothing useful).
  (func (export "lt_zero") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $i) (i32.const 0))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  ;; The other way round: i >u 255 leaves i unbounded above, checked (traps from 256 + 65280 on).
  (func (export "gt_imm") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.gt_u (local.get $i) (i32.const 255))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  ;; Signed: i <=s 255 holds for every negative i, checked.
  (func (export "le_signed") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.le_s (local.get $i) (i32.const 255))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  ;; Against a bounded cell: n = $n & 255, i <=u n, in bounds; i <u n too; n >=u i and n >u i too.
  (func (export "le_cell") (param $i i32) (param $n i32) (result i32)
    (local $m i32)
    (local.set $m (i32.and (local.get $n) (i32.const 255)))
    (if (result i32) (i32.le_u (local.get $i) (local.get $m))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  (func (export "lt_cell") (param $i i32) (param $n i32) (result i32)
    (local $m i32)
    (local.set $m (i32.and (local.get $n) (i32.const 511)))
    (if (result i32) (i32.lt_u (local.get $i) (local.get $m))
      ;; m <= 511, i <= 510: 65025 + 510 = 65535.
      (then (i32.load8_u offset=65025 (local.get $i)))
      (else (i32.const -1))))
  (func (export "ge_cell") (param $i i32) (param $n i32) (result i32)
    (local $m i32)
    (local.set $m (i32.and (local.get $n) (i32.const 255)))
    (if (result i32) (i32.ge_u (local.get $m) (local.get $i))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  (func (export "gt_cell") (param $i i32) (param $n i32) (result i32)
    (local $m i32)
    (local.set $m (i32.and (local.get $n) (i32.const 511)))
    (if (result i32) (i32.gt_u (local.get $m) (local.get $i))
      (then (i32.load8_u offset=65025 (local.get $i)))
      (else (i32.const -1))))
  ;; Against an unbounded cell: checked (traps for large i <= n).
  (func (export "le_unbounded") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.le_u (local.get $i) (local.get $n))
      (then (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  ;; The guarded cell written again past the guard: its new value is what counts (i * n: unbounded, checked).
  (func (export "rewritten") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.le_u (local.get $i) (i32.const 255))
      (then
        (local.set $i (i32.mul (local.get $i) (local.get $n)))
        (i32.load8_u offset=65280 (local.get $i)))
      (else (i32.const -1))))
  ;; Bounded, then moved within the bound's reach: (i <= 15) * 16 + 15 <= 255.
  (func (export "scaled") (param $i i32) (param $n i32) (result i32)
    (if (result i32) (i32.le_u (local.get $i) (i32.const 15))
      (then (i32.load8_u offset=65280 (i32.add (i32.mul (local.get $i) (i32.const 16)) (i32.const 15))))
      (else (i32.const -1))))
  ;; The access where two ways meet: one through the guard, one (large i) straight from the top. The join is a branch
  ;; target, so nothing is known there: checked.
  (func (export "join") (param $i i32) (param $n i32) (result i32)
    (block $join
      (br_if $join (i32.ge_u (local.get $i) (i32.const 0x8000)))
      (br_if $join (i32.le_u (local.get $i) (i32.const 255)))
      (return (i32.const -1)))
    (i32.load8_u offset=65280 (local.get $i)))
  ;; A br_if out of a block: the code past it (falling through) has i <=u 255, in bounds.
  (func (export "br_if_out") (param $i i32) (param $n i32) (result i32)
    (block $out
      (br_if $out (i32.gt_u (local.get $i) (i32.const 255)))
      (return (i32.load8_u offset=65280 (local.get $i))))
    (i32.const -1))
  ;; nbody's shape: the guard's cell scaled and offset into four loads before a loop.
  (func (export "scaled_loads") (param $i i32) (param $n i32) (result i32)
    (local $p i32)
    (if (result i32) (i32.le_u (local.get $i) (i32.const 3))
      (then
        (local.set $p (i32.mul (local.get $i) (i32.const 56)))
        (i32.add
          (i32.add (i32.load8_u offset=65280 (local.get $p)) (i32.load8_u offset=65281 (local.get $p)))
          (i32.add (i32.load offset=65300 (local.get $p)) (i32.load offset=65532 (local.get $i)))))
      (else (i32.const -1)))))
