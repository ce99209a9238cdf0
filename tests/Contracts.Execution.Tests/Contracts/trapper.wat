;; "call" runs a little arithmetic, then divides by zero in a named function: a trap whose function name and offset
;; must be reported in the module as deployed, not the instrumented one.
(module
  (memory (export "memory") 1)
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_u (local.get $a) (local.get $b)))
  (func (export "call")
    (drop (call $divide (i32.add (i32.const 40) (i32.const 2)) (i32.const 0)))))
