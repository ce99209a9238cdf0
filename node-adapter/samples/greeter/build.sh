#!/usr/bin/env bash
# Rebuilds greeter.wasm from greeter.c and abi.json with clang-14 (see node-adapter/sdk/README.md for the packages it needs).
exec "$(dirname "${BASH_SOURCE[0]}")/../../sdk/build-contract.sh" "$(dirname "${BASH_SOURCE[0]}")" "$@"
