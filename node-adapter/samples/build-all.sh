#!/usr/bin/env bash
# Rebuilds every sample's committed module with its own build script:
#   build-all.sh            rebuild node-adapter/samples/*/<name>.wasm in place
#   build-all.sh --check    build into a temporary folder and fail if any committed module differs from what its
#                           sources give (the committed .wasm files must be exactly what the scripts build)
# Needs the packages named in node-adapter/sdk/README.md (rustc, libstd-rust-dev-wasm32, lld-14, clang-14, binaryen).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
check=0
[[ "${1:-}" == "--check" ]] && check=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for script in "$here"/*/build.sh; do
  dir="$(dirname "$script")"
  name="$(basename "$dir")"
  if (( check )); then
    bash "$script" --out "$work/$name.wasm" >/dev/null
    if cmp -s "$work/$name.wasm" "$dir/$name.wasm"; then
      echo "$name: committed module matches its sources ($(wc -c < "$dir/$name.wasm") bytes)"
    else
      echo "$name: committed $name.wasm differs from what build.sh builds: run build-all.sh and commit" >&2
      status=1
    fi
  else
    bash "$script"
  fi
done
exit $status
