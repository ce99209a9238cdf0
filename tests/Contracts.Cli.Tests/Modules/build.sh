#!/usr/bin/env bash
# Rebuilds the committed .wasm test modules from their .wat sources (WABT's wat2wasm; Debian package `wabt`).
# The tests only read the .wasm files, so running them never needs WABT.
set -euo pipefail
cd "$(dirname "$0")"
for wat in values start_trap needs_import fuel loop; do
    wat2wasm "$wat.wat" -o "$wat.wasm"
done
# invalid.wat type-checks badly on purpose.
wat2wasm --no-check invalid.wat -o invalid.wasm
# Not a Wasm binary at all: the magic number is wrong.
printf 'not wasm' > malformed.wasm
# A valid header and a function section announcing one function, then the bytes stop (offset 0x0b).
printf '\0asm\1\0\0\0\3\2\1' > truncated.wasm
# Spec-style scripts for the `wast` command, converted like the shared spec tests (wast2json, one folder each).
for script in passing failing; do
    mkdir -p "wast/$script"
    (cd wast && wast2json "$script.wast" -o "$script/$script.json")
done
