;; A trap deep in compiled frames, entered again from the host below other compiled frames: "outer" recurses $n deep,
;; then calls the host, which calls "inner" on the same instance; "inner" recurses and traps at the bottom (counting
;; its frames in $g). The host either swallows the trap and returns 7, so the outer frames go on, or hands it back, so
;; they trap with it.
(module
  (import "env" "probe" (func $probe (param i32) (result i32)))
  (global $g (mut i32) (i32.const 0))
  (func $inner (export "inner") (param $n i32) (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (if (result i32) (i32.eqz (local.get $n))
      (then (unreachable))
      (else (i32.add (i32.const 1) (call $inner (i32.sub (local.get $n) (i32.const 1)))))))
  (func $outer (export "outer") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.add (call $probe (i32.const 30)) (global.get $g)))
      (else (i32.add (i32.const 2) (call $outer (i32.sub (local.get $n) (i32.const 1))))))))
