#!/bin/sh
# Rebuilds the test contracts (transfer.wat is a copy of the execution benchmarks' token-transfer contract) (needs WABT's wat2wasm); the built .wasm files are committed.
set -e
cd "$(dirname "$0")"
for source in *.wat; do wat2wasm --debug-names "$source" -o "${source%.wat}.wasm"; done
