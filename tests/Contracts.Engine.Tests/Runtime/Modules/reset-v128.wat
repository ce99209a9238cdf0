;; A mutable v128 global: a reset must restore both halves of its value (a cell is 16 bytes; Global keeps the high
;; 8 bytes apart from the low 8).
;; Rebuild: wat2wasm reset-v128.wat -o reset-v128.wasm
(module
  (global $g (mut v128) (v128.const i64x2 0x0123456789abcdef 0x7edcba9876543210))
  (func (export "set") (param $low i64) (param $high i64)
    (global.set $g (i64x2.replace_lane 1 (i64x2.splat (local.get $low)) (local.get $high))))
  (func (export "get") (result v128) (global.get $g)))
