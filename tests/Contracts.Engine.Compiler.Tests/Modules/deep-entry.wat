;; Compiled code entered from deep in the interpreter: $deep (a v128 local keeps it interpreted) recurses $n deep, then
;; calls the host, which calls the export $down: compiled, with the thread's whole native budget, at that depth, recursing
;; $m deep through direct calls. Near the depth limit the direct calls stop where their packed budget says so
;; (DepthAndBudget) and the deeper calls go to the interpreter with the frame's depth, which traps at the limit exactly
;; where the interpreter alone would.
(module
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (func $deep (export "deep") (param $n i32) (param $m i32) (result i32)
    (local v128)
    (if (result i32) (i32.eqz (local.get $n))
      (then (call $reenter (local.get $m)))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get $n) (i32.const 1)) (local.get $m))))))
  (func $down (export "down") (param $m i32) (result i32)
    (if (result i32) (i32.eqz (local.get $m))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $m) (i32.const 1))))))))
