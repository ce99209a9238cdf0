;; Check-free loops unrolled with their moves renamed (FunctionEmitter.RenamedCopies.cs): sha256's shape, a loop that
;; leaves in the middle (`if (i != n) { …; moves; br }`) and rotates its values through cells. The exit is taken in
;; each of the unrolled copies in turn as n grows, every cell is read after the loop, and the body writes a cell that a
;; move has made share its local with another while reading it (t = t + …).
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f\20")
  (data (i32.const 32) "\f0\e1\d2\c3\b4\a5\96\87\78\69\5a\4b\3c\2d\1e\0f\ff\ee\dd\cc\bb\aa\99\88\77\66\55\44\33\22\11\00")
  (func (export "rotate") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32)
    (local.set $a (i32.const 1)) (local.set $b (i32.const 2)) (local.set $c (i32.const 3)) (local.set $d (i32.const 4))
    (local.set $t (i32.const 5))
    (loop $round
      (local.set $t (i32.add (local.get $t) (i32.load (i32.add (local.get $p) (local.get $i)))))
      (local.set $t (i32.xor (local.get $t) (i32.add (local.get $a) (i32.rotl (local.get $d) (i32.const 5)))))
      (local.set $d (i32.add (local.get $d) (local.get $t)))
      (i32.store offset=1024 (i32.add (local.get $p) (local.get $i)) (local.get $d))
      (if (i32.eqz (i32.eq (local.get $i) (local.get $n)))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (local.set $d (local.get $c))
          (local.set $c (local.get $b))
          (local.set $b (local.get $a))
          (local.set $a (local.get $t))
          (br $round))))
    (i32.add
      (i32.add (i32.mul (local.get $a) (i32.const 3)) (i32.mul (local.get $b) (i32.const 5)))
      (i32.add (i32.mul (local.get $c) (i32.const 7)) (i32.add (i32.mul (local.get $d) (i32.const 11)) (local.get $t))))))
