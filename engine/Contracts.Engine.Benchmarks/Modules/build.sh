#!/usr/bin/env bash
# Rebuilds the committed benchmark-only modules from their .wat sources (WABT's wat2wasm; Debian package `wabt`).
set -euo pipefail
cd "$(dirname "$0")"
wat2wasm fib.wat -o fib.wasm
# metered/: ../shared/bench's compute modules and contract.wasm instrumented by gas-metering (per-block gas charges and the stack-height
# limiter, default schedule), for tier-bench's metering overhead; the engine's benchmarks do not reference gas-metering.
cli=../../../node-adapter/Contracts.Cli/bin/Release/net10.0/contract-cli
for name in fib keccak sha256 sort matmul nbody calls contract; do "$cli" instrument "../../../../shared/bench/$name.wasm" -o "metered/$name.wasm"; done
