#!/usr/bin/env bash
# Builds a contract into a deployable module:
#   build-contract.sh <contract-dir> [--out <file.wasm>]
#
# <contract-dir> holds the source and its Ethereum ABI:
#   src/lib.rs   a Rust contract on the SDK (node-adapter/sdk/rust/contracts-sdk), or
#   <name>.c     a C contract on contracts.h (node-adapter/sdk/c/contracts.h);
#   abi.json     the contract's ABI (the JSON array solc and ethers use).
# It writes <contract-dir>/<name>.wasm (name = the folder's name): compiled for wasm32, optimized by binaryen's
# wasm-opt with the name section kept (so traces name functions), the ABI embedded in the `contracts.abi` custom
# section. When abi.json declares a constructor (which then takes arguments) it also writes <name>.deploy: the deploy
# envelope ("\0cxe", version 1, module length) to which a tool appends the ABI-encoded constructor arguments
# (cast send --create "$(xxd -p <name>.deploy | tr -d '\n')" "constructor(...)" args...).
#
# Needs (Debian): rustc libstd-rust-dev-wasm32 lld-14 binaryen (Rust), or clang-14 lld-14 binaryen (C).
# The result is reproducible: the same compilers give the same bytes (paths are remapped, nothing is timestamped).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUSTC="${RUSTC:-/usr/bin/rustc}"
CLANG="${CLANG:-clang-14}"
WASM_LD="${WASM_LD:-wasm-ld-14}"
WASM_OPT="${WASM_OPT:-wasm-opt}"

die() { echo "build-contract: $*" >&2; exit 2; }

[[ $# -ge 1 ]] || die "usage: build-contract.sh <contract-dir> [--out <file.wasm>]"
dir="$(cd "$1" && pwd)"; shift
name="$(basename "$dir")"
out="$dir/$name.wasm"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
[[ -f "$dir/abi.json" ]] || die "$dir/abi.json is missing (the contract's Ethereum ABI)"
command -v "$WASM_OPT" >/dev/null || die "wasm-opt not found (apt-get install binaryen)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -f "$dir/src/lib.rs" ]]; then
  [[ -x "$RUSTC" ]] || command -v "$RUSTC" >/dev/null || die "$RUSTC not found (apt-get install rustc libstd-rust-dev-wasm32 lld-14)"
  sdk="$here/rust/contracts-sdk"
  rustflags=(--edition 2021 --target wasm32-unknown-unknown -C opt-level=z -C panic=abort -C codegen-units=1
             -C debuginfo=0 --remap-path-prefix "$here=sdk" --remap-path-prefix "$dir=$name" --remap-path-prefix "$work=build")
  # Before 1.68 a no_std crate using alloc must declare its allocation error handler through an unstable feature:
  # enabled for the SDK crate only (the contract itself compiles as plain stable Rust).
  minor="$("$RUSTC" --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')"
  sdk_env=(); sdk_cfg=()
  if (( minor < 68 )); then sdk_env=(RUSTC_BOOTSTRAP=1); sdk_cfg=(--cfg contracts_sdk_alloc_error_handler); fi
  env "${sdk_env[@]}" "$RUSTC" "${rustflags[@]}" "${sdk_cfg[@]}" --crate-type rlib --crate-name contracts_sdk \
    -o "$work/libcontracts_sdk.rlib" "$sdk/src/lib.rs"
  "$RUSTC" "${rustflags[@]}" --crate-type cdylib --crate-name "$name" -C linker="$WASM_LD" \
    -C lto=fat -C link-arg=-zstack-size=65536 -C link-arg=--no-entry -C link-arg=--strip-debug \
    --extern contracts_sdk="$work/libcontracts_sdk.rlib" -L "$work" -o "$work/$name.wasm" "$dir/src/lib.rs"
elif [[ -f "$dir/$name.c" ]]; then
  command -v "$CLANG" >/dev/null || die "$CLANG not found (apt-get install clang-14 lld-14)"
  # Compile and link in two steps: given an optimization level at link time, clang runs wasm-opt itself, which drops
  # the name section before the step below could keep it.
  "$CLANG" --target=wasm32 -Oz -nostdlib -ffreestanding -fno-builtin -I "$here/c" \
    -ffile-prefix-map="$here=sdk" -ffile-prefix-map="$dir=$name" -c -o "$work/$name.o" "$dir/$name.c"
  "$WASM_LD" --no-entry --export=call --export-if-defined=deploy -z stack-size=65536 -o "$work/$name.wasm" "$work/$name.o"
else
  die "$dir has neither src/lib.rs nor $name.c"
fi

# Optimize; -g keeps the name section. The producers section (compiler versions) is dropped.
"$WASM_OPT" -Oz -g --strip-producers --enable-mutable-globals --enable-sign-ext "$work/$name.wasm" -o "$work/opt.wasm"

# Append the ABI as the `contracts.abi` custom section: id 0, size, name, payload (sizes as unsigned LEB128).
leb128() {
  local value=$1 byte out=""
  while :; do
    byte=$(( value & 0x7f )); value=$(( value >> 7 ))
    (( value != 0 )) && byte=$(( byte | 0x80 ))
    out+=$(printf '\\%03o' "$byte")
    (( value == 0 )) && break
  done
  printf '%s' "$out"
}
section_name="contracts.abi"
abi_size=$(wc -c < "$dir/abi.json")
name_leb="$(leb128 ${#section_name})"
name_leb_size=$(printf "$name_leb" | wc -c)
content_size=$(( name_leb_size + ${#section_name} + abi_size ))
{
  cat "$work/opt.wasm"
  printf '\000'
  printf "$(leb128 $content_size)"
  printf "$name_leb"
  printf '%s' "$section_name"
  cat "$dir/abi.json"
} > "$work/final.wasm"
mv "$work/final.wasm" "$out"

# A constructor in the ABI means constructor arguments: write the deploy envelope they are appended to.
if grep -q '"constructor"' "$dir/abi.json"; then
  size=$(wc -c < "$out")
  {
    printf '\000cxe\001'
    printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(( (size >> 24) & 255 )) $(( (size >> 16) & 255 )) $(( (size >> 8) & 255 )) $(( size & 255 )))"
    cat "$out"
  } > "${out%.wasm}.deploy"
fi
echo "built $out ($(wc -c < "$out") bytes)"
