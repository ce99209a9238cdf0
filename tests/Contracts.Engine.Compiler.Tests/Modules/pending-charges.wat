;; Ops that may trap (loads, divisions, a conversion) between metered blocks' charges, so that with every fuel budget the
;; compiled tier's charges checked together (FunctionEmitter.Fuel.cs) trap where the interpreter's do: out of fuel at a
;; charge, or the op's own trap with the fuel left after the charges before it.
(module
  (memory 1)
  (global $seen (mut i32) (i32.const 0))
  (func (export "guarded") (param $a i32) (param $d i32) (param $c i32) (result i32) (local $x i32)
    (local.set $x (i32.add (local.get $a) (i32.const 3)))
    (if (local.get $c)
      (then (local.set $x (i32.mul (local.get $x) (i32.const 5)))))
    (block $skip
      (br_if $skip (i32.eqz (local.get $c)))
      (local.set $x (i32.xor (local.get $x) (i32.load (local.get $a))))
      (local.set $x (i32.div_u (local.get $x) (local.get $d))))
    (if (i32.gt_u (local.get $x) (i32.const 100))
      (then (local.set $x (i32.load8_u offset=2 (local.get $a))))
      (else (local.set $x (i32.rem_s (local.get $x) (local.get $d)))))
    (global.set $seen (local.get $x))
    (i32.add
      (i32.trunc_f64_s (f64.div (f64.convert_i32_s (local.get $x)) (f64.convert_i32_s (local.get $d))))
      (i32.load16_u offset=8 (local.get $a))))
  ;; A loop whose back edge is a br_if into its header (a join: the header's charge is made on the edge), with a load and a
  ;; division in its body and a conditional exit: $n iterations reading from $a upwards, dividing by $d.
  (func (export "summed") (param $a i32) (param $d i32) (param $n i32) (result i32) (local $sum i32) (local $i i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (local.get $a) (local.get $i)))))
      (if (i32.gt_u (local.get $sum) (i32.const 1000000))
        (then (local.set $sum (i32.div_u (local.get $sum) (local.get $d)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (i32.div_s (local.get $sum) (local.get $d))))
