;; Deep recursion on the compiled tier: "rec" recurses n deep with a wide frame (many live values); "nest" recurses
;; depth deep, then asks the host to re-enter it (levels times, each in whatever store the host chooses).
(module
  (import "host" "reenter" (func $reenter (param i32 i32) (result i32)))
  (func $rec (export "rec") (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i64) (local $f i64) (local $g i64) (local $h i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (i64.const 0))
      (else
        (local.set $a (i64.extend_i32_u (local.get $n)))
        (local.set $b (i64.mul (local.get $a) (i64.const 3)))
        (local.set $c (i64.xor (local.get $b) (i64.const 0x5555)))
        (local.set $d (i64.add (local.get $c) (local.get $a)))
        (local.set $e (i64.rotl (local.get $d) (i64.const 7)))
        (local.set $f (i64.sub (local.get $e) (local.get $b)))
        (local.set $g (i64.or (local.get $f) (local.get $c)))
        (local.set $h (i64.and (local.get $g) (local.get $d)))
        (i64.add
          (i64.add (i64.add (local.get $a) (local.get $b)) (i64.add (local.get $c) (local.get $d)))
          (i64.add
            (i64.add (i64.add (local.get $e) (local.get $f)) (i64.add (local.get $g) (local.get $h)))
            (call $rec (i32.sub (local.get $n) (i32.const 1))))))))
  (func $nest (export "nest") (param $levels i32) (param $depth i32) (result i32)
    (if (result i32) (i32.eqz (local.get $depth))
      (then
        (if (result i32) (i32.eqz (local.get $levels))
          (then (i32.const 0))
          (else (i32.add (i32.const 1000000) (call $reenter (i32.sub (local.get $levels) (i32.const 1)) (i32.const -1))))))
      (else
        (i32.add (i32.const 1)
          (call $nest (local.get $levels) (i32.sub (local.get $depth) (i32.const 1)))))))
)
