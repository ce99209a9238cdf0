;; Recursions with two calls per frame, as fib's (gas-metering adds the stack-height counter and the charges), for the
;; slow paths of compiled calls: past a small depth limit a call goes to the interpreter's path, which hands the fuel and
;; the carried counter over to the store and the counter's Global before anything else, so that its checks' traps (the
;; depth limit) read them from there (HandedOverTrapTests).
(module
  ;; first(n): the deeper call first (the limit is reached at the first call site).
  (func $first (export "first") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $first (i32.sub (local.get $n) (i32.const 1)))
                     (call $first (i32.sub (local.get $n) (i32.const 2)))))))
  ;; second(n): the shallower call first (the limit is reached at the second call site, after a first call returned).
  (func $second (export "second") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $second (i32.sub (local.get $n) (i32.const 2)))
                     (call $second (i32.sub (local.get $n) (i32.const 1))))))))
