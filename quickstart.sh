#!/usr/bin/env bash
# The README's first command: builds contract-cli, starts an in-memory devnet on a free loopback port, deploys the
# sample ERC-20 token, sends transfers, prints their receipts, the balances and the state root, then stops the
# devnet. Every step is an ordinary `contract-cli` command a developer would type (see the README's tour).
#
#   ./quickstart.sh              build (Release), then run
#   ./quickstart.sh --no-build   run with the contract-cli already built ($CONTRACT_CLI_DLL if set: the tests use it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

build=1
for arg in "$@"; do
    case $arg in
        --no-build) build=0 ;;
        *) echo "usage: ./quickstart.sh [--no-build]" >&2; exit 2 ;;
    esac
done

if [ "$build" = 1 ]; then
    echo "== building contract-cli (Release)"
    dotnet build node-adapter/Contracts.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
fi
cli_dll=${CONTRACT_CLI_DLL:-node-adapter/Contracts.Cli/bin/Release/net10.0/contract-cli.dll}
if [ ! -f "$cli_dll" ]; then
    echo "quickstart: $cli_dll is missing: run ./quickstart.sh without --no-build" >&2
    exit 2
fi
cli() { dotnet "$cli_dll" "$@"; }

devnet_log=$(mktemp)
# Started directly (not through the cli function) so that $! is the devnet itself and the trap can stop it.
dotnet "$cli_dll" devnet --in-memory --port 0 >"$devnet_log" 2>&1 &
devnet_pid=$!
stop_devnet() {
    kill -TERM "$devnet_pid" 2>/dev/null || true
    wait "$devnet_pid" 2>/dev/null || true
    rm -f "$devnet_log"
}
trap stop_devnet EXIT

# The devnet prints "Listening on 127.0.0.1:PORT" once it answers requests.
port=
for _ in $(seq 1 600); do
    port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$devnet_log" | head -n 1)
    [ -n "$port" ] && break
    if ! kill -0 "$devnet_pid" 2>/dev/null; then
        echo "quickstart: the devnet exited before listening:" >&2
        cat "$devnet_log" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$port" ]; then echo "quickstart: the devnet did not start listening within 60 s" >&2; exit 1; fi
rpc=http://127.0.0.1:$port
echo "== devnet (in memory, chain id 31337) on $rpc"

# Dev accounts 0-2 of the standard test mnemonic (the same addresses anvil and hardhat print).
deployer=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
alice=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
bob=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC

echo "== deploy node-adapter/samples/token/token.wasm from dev account 0"
token=$(cli deploy node-adapter/samples/token/token.wasm --rpc "$rpc")
echo "token: $token"
echo "name: $(cli call "$token" name --rpc "$rpc"), total supply: $(cli call "$token" totalSupply --rpc "$rpc")"

echo "== transfer 1000 to alice (dev account 1)"
cli send "$token" transfer "$alice" 1000 --rpc "$rpc"
echo "== transfer 250 to bob (dev account 2)"
cli send "$token" transfer "$bob" 250 --rpc "$rpc"
echo "== alice transfers 100 to bob (signed by dev account 1)"
cli send "$token" transfer "$bob" 100 --from 1 --rpc "$rpc"

echo "== balances"
echo "deployer $(cli call "$token" balanceOf "$deployer" --rpc "$rpc")"
echo "alice    $(cli call "$token" balanceOf "$alice" --rpc "$rpc")"
echo "bob      $(cli call "$token" balanceOf "$bob" --rpc "$rpc")"

echo "== the latest block and its state root"
cli block latest --rpc "$rpc"
