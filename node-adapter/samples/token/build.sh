#!/usr/bin/env bash
# Rebuilds token.wasm from src/lib.rs and abi.json (see node-adapter/sdk/README.md for the packages it needs).
exec "$(dirname "${BASH_SOURCE[0]}")/../../sdk/build-contract.sh" "$(dirname "${BASH_SOURCE[0]}")" "$@"
