#!/bin/sh
# Rebuilds the test contracts (needs WABT's wat2wasm and python3). The built .wasm files are committed, so the
# tests never need these tools.
set -e
cd "$(dirname "$0")"
python3 gen_oob.py
for source in *.wat; do
    wat2wasm --enable-annotations --debug-names "$source" -o "${source%.wat}.wasm"
done
for reentrant in recursive memhog attacker; do
    python3 add_section.py "$reentrant.wasm" contracts.reentrant
done
