;; A stack-height counter in the shape gas-metering's limiter gives it ($height: +3 on entry with a check, -3 before
;; every return), which the compiled tier carries in an IL argument (CarriedGlobal), beside $drift, which a function
;; only adds to (unbalanced: it stays in its Global). The host reads $height in the middle of the calls (observe); a
;; trap deep in the recursion leaves it at the trapping depth; calls go direct, through call_indirect and through a
;; two-result function (the frame convention).
(module
  (import "env" "observe" (func $observe (result i32)))
  (type $walker (func (param i32) (result i32)))
  (global $drift (export "drift") (mut i32) (i32.const 0))
  (global $height (export "height") (mut i32) (i32.const 0))
  (table 1 funcref)
  (elem (i32.const 0) $walk)

  ;; walk(n): n + 1 frames deep; the deepest asks the host for $height; at depth 4 a call goes through the table,
  ;; at depth 6 through $pair.
  (func $walk (type $walker) (param $n i32) (result i32)
    global.get $height
    i32.const 3
    i32.add
    global.set $height
    global.get $height
    i32.const 60
    i32.gt_u
    if
      unreachable
    end
    local.get $n
    i32.eqz
    if
      call $observe
      global.get $height
      i32.const 3
      i32.sub
      global.set $height
      return
    end
    local.get $n
    i32.const 4
    i32.eq
    if (result i32)
      local.get $n
      i32.const 1
      i32.sub
      i32.const 0
      call_indirect (type $walker)
    else
      local.get $n
      i32.const 6
      i32.eq
      if (result i32)
        local.get $n
        i32.const 1
        i32.sub
        call $pair
        i32.add
      else
        local.get $n
        i32.const 1
        i32.sub
        call $walk
      end
    end
    global.get $height
    i32.const 3
    i32.sub
    global.set $height)

  (func $pair (param $n i32) (result i32 i32)
    global.get $height
    i32.const 5
    i32.add
    global.set $height
    global.get $height
    i32.const 60
    i32.gt_u
    if
      unreachable
    end
    local.get $n
    call $walk
    i32.const 1000
    global.get $height
    i32.const 5
    i32.sub
    global.set $height)

  (func (export "bump") (result i32)
    global.get $drift
    i32.const 1
    i32.add
    global.set $drift
    i32.const 7)

  (func (export "walk") (param i32) (result i32)
    local.get 0
    call $walk))
