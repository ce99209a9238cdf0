#!/usr/bin/env bash
# Rebuilds the SIMD benchmark kernels with Debian's clang-14 + lld-14: each C source twice, with -msimd128 (its
# wasm_simd128.h path) and without (its scalar path). The .wasm files are committed; nothing else needs clang.
set -euo pipefail
cd "$(dirname "$0")"
# clang-14 finds wasm-ld (lld-14) here.
export PATH=/usr/lib/llvm-14/bin:$PATH
flags=(--target=wasm32 -O2 -nostdlib -fuse-ld=lld -Wl,--no-entry -Wl,--export=run -Wl,-z,stack-size=65536)
for kernel in bytecount mat4; do
    clang-14 "${flags[@]}" -msimd128 "$kernel.c" -o "${kernel}_simd.wasm"
    clang-14 "${flags[@]}" "$kernel.c" -o "${kernel}_scalar.wasm"
done
