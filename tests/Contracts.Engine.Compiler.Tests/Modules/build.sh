#!/usr/bin/env bash
# Rebuilds the committed .wasm test modules from their .wat sources (WABT's wat2wasm; Debian package `wabt`).
set -euo pipefail
cd "$(dirname "$0")"
wat2wasm deep.wat -o deep.wasm
wat2wasm floats.wat -o floats.wasm
wat2wasm calls.wat -o calls.wasm
wat2wasm rotations.wat -o rotations.wasm
wat2wasm growing-callees.wat -o growing-callees.wasm
wat2wasm carried.wat -o carried.wasm
wat2wasm float-chains.wat -o float-chains.wasm
wat2wasm check-free-loops.wat -o check-free-loops.wasm
wat2wasm constant-addresses.wat -o constant-addresses.wasm
wat2wasm native-rotations.wat -o native-rotations.wasm
wat2wasm spelled-rotations.wat -o spelled-rotations.wasm
wat2wasm pending-charges.wat -o pending-charges.wasm
wat2wasm dispatch.wat -o dispatch.wasm
wat2wasm slow-paths.wat -o slow-paths.wasm
wat2wasm fuel-cover.wat -o fuel-cover.wasm
wat2wasm unwind.wat -o unwind.wasm
wat2wasm deferred-stores.wat -o deferred-stores.wasm
wat2wasm rematerialized.wat -o rematerialized.wasm
wat2wasm fused-compares.wat -o fused-compares.wasm
wat2wasm prepaid-leaves.wat -o prepaid-leaves.wasm
wat2wasm deferred-folds.wat -o deferred-folds.wasm
wat2wasm deep-entry.wat -o deep-entry.wasm
wat2wasm bounded-addresses.wat -o bounded-addresses.wasm
wat2wasm reloaded-loads.wat -o reloaded-loads.wasm
wat2wasm reloaded-values.wat -o reloaded-values.wasm
wat2wasm rematerialized-runs.wat -o rematerialized-runs.wasm
wat2wasm cover-product.wat -o cover-product.wasm
wat2wasm rebased-groups.wat -o rebased-groups.wasm
wat2wasm counter-at-rest.wat -o counter-at-rest.wasm
wat2wasm middle-exits.wat -o middle-exits.wasm
wat2wasm run-into-loop.wat -o run-into-loop.wasm
wat2wasm run-deferred-stores.wat -o run-deferred-stores.wasm
wat2wasm rebased-deferred-stores.wat -o rebased-deferred-stores.wasm
wat2wasm lattice-stores.wat -o lattice-stores.wasm
wat2wasm guarded-addresses.wat -o guarded-addresses.wasm
wat2wasm handed-over.wat -o handed-over.wasm
wat2wasm implied-checks.wat -o implied-checks.wasm
wat2wasm inlined-leaves.wat -o inlined-leaves.wasm
wat2wasm renamed-copies.wat -o renamed-copies.wasm
