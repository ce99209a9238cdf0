;; Loops whose accesses the compiled tier may prove in bounds once before the loop (CheckFreeLoops), and loops it
;; must not: each is called at the memory's edge by CheckFreeLoopTests, on both tiers.
(module
  (memory (export "memory") 1 3)

  ;; i from $i to $count (br_if i != count after i += 1): mem32[base + 4i] += i, returns the sum of the old words.
  (func (export "bump") (param $base i32) (param $i i32) (param $count i32) (result i32)
    (local $a i32) (local $v i32) (local $sum i32)
    (loop $l
      (local.set $a (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $v (i32.load (local.get $a)))
      (i32.store (local.get $a) (i32.add (local.get $v) (local.get $i)))
      (local.set $sum (i32.add (local.get $sum) (local.get $v)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $count))))
    (local.get $sum))

  ;; i += 3 until i = count: a count that is no multiple of 3 is stepped over, and the loop runs on until it traps.
  (func (export "bump3") (param $base i32) (param $count i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (i32.load8_u offset=2 (i32.add (local.get $base) (local.get $i)))))
      (i32.store8 (i32.add (local.get $base) (local.get $i)) (local.get $sum))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 3))) (local.get $count))))
    (local.get $sum))

  ;; A pointer up by 8 and a counter down to zero (br_if on non-zero), an access below the pointer and one above it:
  ;; mem64[p - 8] = mem64[p + 16] + 1.
  (func (export "down") (param $p i32) (param $count i32) (result i64)
    (local $v i64) (local $sum i64)
    (loop $l
      (local.set $v (i64.load offset=16 (local.get $p)))
      (i64.store (i32.sub (local.get $p) (i32.const 8)) (i64.add (local.get $v) (i64.const 1)))
      (local.set $sum (i64.add (local.get $sum) (local.get $v)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $l (local.tee $count (i32.sub (local.get $count) (i32.const 1)))))
    (local.get $sum))

  ;; The bound moves inside the loop (n += 2 while i += 3): the loop runs n's first value times, i reaching 3(n - 1).
  (func (export "moving_bound") (param $base i32) (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $n (i32.add (local.get $n) (i32.const 2)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 3))) (local.get $n))))
    (local.get $sum))

  ;; memory.grow inside the loop: each iteration grows by a page (until the maximum), writes the last word and reads
  ;; the last word of page i, past the memory the loop began with from the second iteration on.
  (func (export "grow_in_loop") (param $count i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (memory.grow (i32.const 1))))
      (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (local.get $i))
      (local.set $sum (i32.add (local.get $sum)
        (i32.load (i32.add (i32.mul (local.get $i) (i32.const 65536)) (i32.const 65532)))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $count))))
    (local.get $sum))
;; Straight runs (CheckFreeRuns): one check per base where the run begins, on every arrival.

  ;; Seven accesses of p from p - 8 to p + 48, a store first; one through a pointer loaded from memory stays checked.
  (func (export "fields") (param $p i32) (result i64)
    (local $sum i64)
    (i64.store (local.get $p) (i64.const 1))
    (local.set $sum (i64.add (i64.load offset=8 (local.get $p)) (i64.load offset=16 (local.get $p))))
    (local.set $sum (i64.add (local.get $sum) (i64.load (i32.sub (local.get $p) (i32.const 8)))))
    (local.set $sum (i64.add (local.get $sum) (i64.load (i32.load offset=4 (local.get $p)))))
    (local.set $sum (i64.add (local.get $sum) (i64.load offset=24 (local.get $p))))
    (i64.store offset=40 (local.get $p) (local.get $sum))
    (local.get $sum))

  ;; n records of 48 bytes in a loop of two runs (the exit test at the top, the back edge a br): the second run, six
  ;; accesses of p, is checked on each arrival.
  (func (export "walk") (param $p i32) (param $n i32) (result i64)
    (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i64.add (local.get $sum) (i64.load (local.get $p))))
        (i64.store offset=8 (local.get $p) (local.get $sum))
        (local.set $sum (i64.add (local.get $sum) (i64.load offset=16 (local.get $p))))
        (local.set $sum (i64.add (local.get $sum) (i64.load offset=24 (local.get $p))))
        (i64.store offset=32 (local.get $p) (local.get $sum))
        (i64.store offset=40 (local.get $p) (i64.const 3))
        (local.set $p (i32.add (local.get $p) (i32.const 48)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; Addresses from i64 arithmetic with bits above 32 through i32.wrap_i64 (which leaves its cell zero-extended), then
  ;; an i32.add: the compiled tier uses the zero-extended cells without truncating them again.
  (func (export "wide_address") (param $x i64) (result i32)
    (i32.add
      (i32.load (i32.wrap_i64 (i64.add (local.get $x) (i64.const 0x700000000))))
      (i32.load8_u (i32.add (i32.wrap_i64 (local.get $x)) (i32.const 3)))))
)
