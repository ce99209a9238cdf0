;; Two mutually recursive functions with a stack-height limiter of their own ($height: an addition and a check on entry,
;; the subtraction before returning, as gas-metering writes it), of different additions, limits and frame sizes: $a adds
;; 9 against 190 with a small frame (the least frame cost per unit of counter, and the least limit), $b adds 2 against 200
;; with sixteen more locals. Their direct methods leave the checks to the budget's test, capped by the counter's room
;; (ImpliedHeightChecks); ImpliedHeightCheckTests starts them at every height up to past the limits and compares the
;; traps and the counter with the interpreter's.
(module
  (import "env" "exhausted" (func $exhausted))
  (global $height (export "height") (mut i32) (i32.const 0))

  ;; a(n) = n > 0 ? 1 + b(n - 1) : 0
  (func $a (export "a") (param $n i32) (result i32)
    global.get $height
    i32.const 9
    i32.add
    global.set $height
    global.get $height
    i32.const 190
    i32.gt_u
    if
      call $exhausted
      unreachable
    end
    (block (result i32)
      (if (result i32) (i32.eqz (local.get $n))
        (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $b (i32.sub (local.get $n) (i32.const 1)))))))
    global.get $height
    i32.const 9
    i32.sub
    global.set $height)

  ;; b(n) = n > 0 ? 2 + a(n - 1) + (16 locals' sum mod 1) : 0
  (func $b (export "b") (param $n i32) (result i32) (local $x0 i64) (local $x1 i64) (local $x2 i64) (local $x3 i64) (local $x4 i64) (local $x5 i64) (local $x6 i64) (local $x7 i64) (local $x8 i64) (local $x9 i64) (local $x10 i64) (local $x11 i64) (local $x12 i64) (local $x13 i64) (local $x14 i64) (local $x15 i64)
    global.get $height
    i32.const 2
    i32.add
    global.set $height
    global.get $height
    i32.const 200
    i32.gt_u
    if
      call $exhausted
      unreachable
    end
    (local.set $x0 (i64.extend_i32_u (local.get $n)))
    (local.set $x1 (i64.extend_i32_u (local.get $n)))
    (local.set $x2 (i64.extend_i32_u (local.get $n)))
    (local.set $x3 (i64.extend_i32_u (local.get $n)))
    (local.set $x4 (i64.extend_i32_u (local.get $n)))
    (local.set $x5 (i64.extend_i32_u (local.get $n)))
    (local.set $x6 (i64.extend_i32_u (local.get $n)))
    (local.set $x7 (i64.extend_i32_u (local.get $n)))
    (local.set $x8 (i64.extend_i32_u (local.get $n)))
    (local.set $x9 (i64.extend_i32_u (local.get $n)))
    (local.set $x10 (i64.extend_i32_u (local.get $n)))
    (local.set $x11 (i64.extend_i32_u (local.get $n)))
    (local.set $x12 (i64.extend_i32_u (local.get $n)))
    (local.set $x13 (i64.extend_i32_u (local.get $n)))
    (local.set $x14 (i64.extend_i32_u (local.get $n)))
    (local.set $x15 (i64.extend_i32_u (local.get $n)))
    (block (result i32)
      (if (result i32) (i32.eqz (local.get $n))
        (then (i32.const 0))
        (else (i32.add
          (i32.add (i32.const 2) (call $a (i32.sub (local.get $n) (i32.const 1))))
          (i32.wrap_i64 (i64.rem_u (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (i64.add (local.get $x0) (local.get $x1)) (local.get $x2)) (local.get $x3)) (local.get $x4)) (local.get $x5)) (local.get $x6)) (local.get $x7)) (local.get $x8)) (local.get $x9)) (local.get $x10)) (local.get $x11)) (local.get $x12)) (local.get $x13)) (local.get $x14)) (local.get $x15)) (i64.const 1)))))))
    global.get $height
    i32.const 2
    i32.sub
    global.set $height))
