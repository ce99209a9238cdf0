;; Check-free loops whose stored f64 results the compiled tier canonicalizes after the loop (FunctionEmitter.DeferredStores.cs),
;; and loops it must not: DeferredStoreTests calls each on both tiers with NaN payloads of both signs, quiet and
;; signalling, infinities and zeros, and compares results, traps, fuel and memory bit for bit.
;; Layout: x at 0 (8 bytes each), y at 4096, a fixed cell at 8000, guards at 8192 (never written by a loop).
(module
  (memory (export "memory") 1)

  ;; x[i] = b, a, b, a … and y[i] = a, b, a, b … by i64.store (the payloads kept), guards = a and b.
  (func $fill (param $n i32) (param $a i64) (param $b i64)
    (local $i i32)
    (i64.store (i32.const 8192) (local.get $a))
    (i64.store (i32.const 8200) (local.get $b))
    (i64.store (i32.const 8000) (local.get $b))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store (i32.shl (local.get $i) (i32.const 3))
          (select (local.get $a) (local.get $b) (i32.and (local.get $i) (i32.const 1))))
        (i64.store offset=4096 (i32.shl (local.get $i) (i32.const 3))
          (select (local.get $b) (local.get $a) (i32.and (local.get $i) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

  ;; y[i] = y[i] * x[i] + x[i]: raw stores at y + 8i.
  (func (export "axpy") (param $n i32) (param $a i64) (param $b i64) (result i64)
    (local $i i32) (local $p i32)
    (call $fill (local.get $n) (local.get $a) (local.get $b))
    (loop $l
      (local.set $p (i32.shl (local.get $i) (i32.const 3)))
      (f64.store offset=4096 (local.get $p)
        (f64.add (f64.mul (f64.load offset=4096 (local.get $p)) (f64.load (local.get $p))) (f64.load (local.get $p))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.load offset=4096 (i32.const 0)))

  ;; nbody's shape: a fixed cell updated every iteration through memory (stored, loaded by the next iteration), and
  ;; y[i] += x[i] * s; returns the fixed cell's bits.
  (func (export "chain") (param $n i32) (param $a i64) (param $b i64) (result i64)
    (local $i i32) (local $p i32) (local $s f64) (local $c i32)
    (call $fill (local.get $n) (local.get $a) (local.get $b))
    (local.set $s (f64.reinterpret_i64 (local.get $a)))
    (local.set $c (i32.const 8000))
    (loop $l
      (local.set $p (i32.shl (local.get $i) (i32.const 3)))
      (f64.store (local.get $c) (f64.sub (f64.load (local.get $c)) (f64.load (local.get $p))))
      (f64.store offset=4096 (local.get $p)
        (f64.add (f64.load offset=4096 (local.get $p)) (f64.mul (f64.load (local.get $p)) (local.get $s))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.load (i32.const 8000)))

  ;; y[i] = x[i] - x[i], then 1 / (k - i) (traps when i = k), then y[i + 1] = x[i] * 2: the trapping iteration made
  ;; the first store, not the second (y[k + 1] keeps the payload fill wrote).
  (func (export "trap_at") (param $n i32) (param $k i32) (param $a i64) (param $b i64) (result i64)
    (local $i i32) (local $p i32) (local $q i32)
    (call $fill (local.get $n) (local.get $a) (local.get $b))
    (loop $l
      (local.set $p (i32.shl (local.get $i) (i32.const 3)))
      (f64.store offset=4096 (local.get $p) (f64.sub (f64.load (local.get $p)) (f64.load (local.get $p))))
      (local.set $q (i32.div_u (i32.const 1) (i32.sub (local.get $k) (local.get $i))))
      (f64.store offset=4104 (local.get $p) (f64.mul (f64.load (local.get $p)) (f64.const 2)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.load offset=4096 (i32.const 0)))

  ;; Must stay canonicalized per store: y[i] = x[i] copies the bits, no arithmetic.
  (func (export "copy") (param $n i32) (param $a i64) (param $b i64) (result i64)
    (local $i i32) (local $p i32)
    (call $fill (local.get $n) (local.get $a) (local.get $b))
    (loop $l
      (local.set $p (i32.shl (local.get $i) (i32.const 3)))
      (f64.store offset=4096 (local.get $p) (f64.load (local.get $p)))
      (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.const 1)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.load offset=4096 (i32.const 0)))

  ;; Must stay canonicalized per store: what a load read back from a stored NaN is returned after the loop.
  (func (export "reread") (param $n i32) (param $a i64) (param $b i64) (result i64)
    (local $i i32) (local $p i32) (local $last f64)
    (call $fill (local.get $n) (local.get $a) (local.get $b))
    (loop $l
      (local.set $p (i32.shl (local.get $i) (i32.const 3)))
      (f64.store offset=4096 (local.get $p) (f64.mul (f64.load (local.get $p)) (f64.const 3)))
      (local.set $last (f64.load offset=4096 (local.get $p)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.reinterpret_f64 (local.get $last)))

  ;; Must stay canonicalized per store: a stored NaN read back as bits inside the loop.
  (func (export "bits") (param $n i32) (param $a i64) (param $b i64) (result i64)
    (local $i i32) (local $p i32) (local $sum i64)
    (call $fill (local.get $n) (local.get $a) (local.get $b))
    (loop $l
      (local.set $p (i32.shl (local.get $i) (i32.const 3)))
      (f64.store offset=4096 (local.get $p) (f64.div (f64.load (local.get $p)) (f64.const 0)))
      (local.set $sum (i64.add (local.get $sum) (i64.reinterpret_f64 (f64.load offset=4096 (local.get $p)))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))
)
