;; A carried counter ($height, balanced, gas-metering's shape: +5 and a check on entry, -5 before every return) kept in
;; its Global by the direct methods that pass it to no callee (CounterAtRest.cs): $leaf calls only the host (which reads
;; $height) and, at n = 0, traps; $outer passes the counter to $leaf and to itself, so it carries it. CounterAtRestTests compares what the host saw, the results, the traps and $height after, on both tiers.
(module
  (import "env" "observe" (func $observe (result i32)))
  (global $height (export "height") (mut i32) (i32.const 0))

  ;; leaf(n): n host calls in a loop, each result added in; at n = 0 a trap with $height raised; past the limit (40)
;; a trap on entry.
  (func $leaf (export "leaf") (param $n i32) (result i32)
    (local $sum i32)
    global.get $height
    i32.const 5
    i32.add
    global.set $height
    global.get $height
    i32.const 40
    i32.gt_u
    if
      unreachable
    end
    local.get $n
    i32.eqz
    if
      unreachable
    end
    loop $again
      local.get $sum
      i32.const 7
      i32.mul
      call $observe
      i32.add
      local.set $sum
      local.get $n
      i32.const 1
      i32.sub
      local.tee $n
      br_if $again
    end
    local.get $sum
    global.get $height
    i32.const 5
    i32.sub
    global.set $height)

  ;; outer(d, n): d frames of $outer (each +5), then leaf(n), with no call out of the module before it (so the Global
;; holds none of the outer frames' additions when the leaf is entered); the host called on the way back.
  (func $outer (export "outer") (param $d i32) (param $n i32) (result i32)
    global.get $height
    i32.const 5
    i32.add
    global.set $height
    global.get $height
    i32.const 40
    i32.gt_u
    if
      unreachable
    end
    local.get $d
    i32.eqz
    if (result i32)
      local.get $n
      call $leaf
    else
      local.get $d
      i32.const 1
      i32.sub
      local.get $n
      call $outer
    end
    call $observe
    i32.const 1000
    i32.mul
    i32.add
    global.get $height
    i32.const 5
    i32.sub
    global.set $height))
