#!/bin/sh
# Rebuilds the devnet tests' contracts (needs WABT's wat2wasm); the built .wasm files are committed.
set -e
cd "$(dirname "$0")"
for source in *.wat; do wat2wasm --debug-names "$source" -o "${source%.wat}.wasm"; done
