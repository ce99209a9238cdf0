;; Every instruction that writes memory, each behind an export taking an address and a value, over a memory with
;; data segments in both pages and room to grow: a reset that clears only the written range must still restore
;; exactly what instantiation left (see Memory.Writes.cs in the engine).
;; Rebuild: wat2wasm reset-writes.wat -o reset-writes.wasm
(module
  (memory (export "memory") 2 4)
  (data (i32.const 8) "first page's data")
  (data (i32.const 70000) "second page's data")
  (data $passive "a passive data segment")

  (func (export "store8") (param $a i32) (param $v i64) (i32.store8 (local.get $a) (i32.wrap_i64 (local.get $v))))
  (func (export "store16") (param $a i32) (param $v i64) (i32.store16 (local.get $a) (i32.wrap_i64 (local.get $v))))
  (func (export "store32") (param $a i32) (param $v i64) (i32.store (local.get $a) (i32.wrap_i64 (local.get $v))))
  (func (export "store64") (param $a i32) (param $v i64) (i64.store (local.get $a) (local.get $v)))
  (func (export "i64_store32") (param $a i32) (param $v i64) (i64.store32 offset=3 (local.get $a) (local.get $v)))
  (func (export "f64_store") (param $a i32) (param $v i64) (f64.store (local.get $a) (f64.reinterpret_i64 (local.get $v))))
  (func (export "v128_store") (param $a i32) (param $v i64) (v128.store (local.get $a) (i64x2.splat (local.get $v))))
  (func (export "store8_lane") (param $a i32) (param $v i64) (v128.store8_lane 3 (local.get $a) (i64x2.splat (local.get $v))))
  (func (export "store16_lane") (param $a i32) (param $v i64) (v128.store16_lane 1 (local.get $a) (i64x2.splat (local.get $v))))
  (func (export "store32_lane") (param $a i32) (param $v i64) (v128.store32_lane 2 (local.get $a) (i64x2.splat (local.get $v))))
  (func (export "store64_lane") (param $a i32) (param $v i64) (v128.store64_lane 1 (local.get $a) (i64x2.splat (local.get $v))))
  (func (export "fill") (param $a i32) (param $v i64)
    (memory.fill (local.get $a) (i32.wrap_i64 (local.get $v)) (i32.and (i32.wrap_i64 (local.get $v)) (i32.const 1023))))
  (func (export "copy") (param $a i32) (param $v i64)
    (memory.copy (local.get $a) (i32.and (i32.wrap_i64 (local.get $v)) (i32.const 131071)) (i32.const 300)))
  (func (export "init") (param $a i32) (param $v i64)
    (memory.init $passive (local.get $a) (i32.const 0) (i32.const 22)))
  (func (export "grow") (param $a i32) (param $v i64) (drop (memory.grow (i32.const 1))))
)
