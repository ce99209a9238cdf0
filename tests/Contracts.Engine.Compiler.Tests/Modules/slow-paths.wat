;; Direct recursion $n deep that, at the bottom, leaves the module's direct calls one of four ways ($how): a host import,
;; a call_indirect whose element is that import (the generic path: an import is no candidate), a multi-value callee
;; (the frame convention) and a call_indirect of a defined function through a table slot chosen at run time. Direct
;; calls do not grow the value stack's array (FunctionEmitter.Room.cs), so each of these writes a frame the array may
;; not hold yet; with a small stack limit the recursion also runs into the limit at different depths.
(module
  (import "env" "triple" (func $triple (param i32) (result i32)))
  (type $un (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $triple $twice)
  (func $twice (type $un) (i32.add (local.get 0) (local.get 0)))
  (func $pair (param i32) (result i32 i32) (local.get 0) (i32.const 1))
  (func $bottom (param $how i32) (result i32)
    (if (result i32) (i32.eq (local.get $how) (i32.const 0))
      (then (call $triple (i32.const 5)))
      (else
        (if (result i32) (i32.eq (local.get $how) (i32.const 1))
          (then (call_indirect (type $un) (i32.const 5) (i32.const 0)))
          (else
            (if (result i32) (i32.eq (local.get $how) (i32.const 2))
              (then (i32.add (call $pair (i32.const 5))))
              (else (call_indirect (type $un) (i32.const 5) (i32.const 1)))))))))
  (func $down (export "down") (param $n i32) (param $how i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (call $bottom (local.get $how)))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1)) (local.get $how)))))))
