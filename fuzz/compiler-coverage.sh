#!/usr/bin/env bash
# fuzz/compiler-coverage.sh [SEEDS] [FILE.cs ...] — which lines of the compiled tier (engine/Contracts.Engine.Compiler)
# the parity fuzzer's code runs: GeneratorMixTests (every generator style at full strength, plain and gas-metered, on
# both tiers and Wasmtime) with SEEDS seeds a mix (default 400; ~2 min on 2 cores) under coverlet's collector, then a
# per-file summary, and the lines never run of each FILE.cs named. A compiler path no mix runs is compared with the
# interpreter only by its own unit tests: give the generator a shape that reaches it (fuzz/README.md, "kernels").
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-400}
shift || true
out=$(mktemp -d)
FUZZ_MIX_SEEDS=$seeds dotnet test tests/Contracts.Fuzz.Tests -c Release --filter "FullyQualifiedName~GeneratorMixTests" \
  --collect "XPlat Code Coverage" --settings fuzz/compiler-coverage.runsettings --results-directory "$out" >"$out/test.log" 2>&1 \
  || { tail -30 "$out/test.log"; echo "compiler-coverage: the mixes failed (log $out/test.log)"; exit 1; }
python3 fuzz/coverage-summary.py "$(find "$out" -name coverage.cobertura.xml | head -1)" "$@"
rm -rf "$out"
