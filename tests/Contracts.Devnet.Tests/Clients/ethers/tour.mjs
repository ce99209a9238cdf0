// ethers v6 against the Contracts devnet, unchanged: deploy the sample token with a ContractFactory, call it,
// send a transfer and decode its event, and decode a revert reason. Prints one JSON object for the test to check.
//
//   node tour.mjs RPC_URL TOKEN_WASM
import { readFileSync } from "node:fs";
import { ethers } from "ethers";

const [rpcUrl, tokenWasm] = process.argv.slice(2);
if (!rpcUrl || !tokenWasm) {
  console.error("usage: node tour.mjs RPC_URL TOKEN_WASM");
  process.exit(2);
}

// Dev accounts 0 and 1 of the mnemonic "test test ... junk" (anvil's and hardhat's too).
// ethers caches an identical request for 250 ms (cacheTimeout), so against a node that mines at once the transfer's
// eth_getTransactionCount("pending") could be answered from the deploy's, nonce 0 again (ethers.js issue #4549;
// its Ganache provider turns the cache off the same way). -1 disables it.
const provider = new ethers.JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1 });
const deployer = new ethers.Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", provider);
const alice = new ethers.Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", provider);
const bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

// The token's ABI as a developer writes it for ethers (the same functions its contracts.abi section declares).
const abi = [
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function totalSupply() view returns (uint256)",
  "function balanceOf(address owner) view returns (uint256)",
  "function transfer(address to, uint256 value) returns (bool)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
];

const network = await provider.getNetwork();
const code = ethers.hexlify(readFileSync(tokenWasm));
const token = await new ethers.ContractFactory(abi, code, deployer).deploy();
await token.waitForDeployment();
const address = await token.getAddress();

const transfer = await (await token.transfer(alice.address, 1000n)).wait();
const event = transfer.logs.map((log) => token.interface.parseLog(log)).find((parsed) => parsed?.name === "Transfer");

let revertReason = null;
try {
  await token.connect(alice).transfer(bob, 10n ** 30n);
} catch (error) {
  revertReason = error.reason ?? null;
}

console.log(JSON.stringify({
  chainId: network.chainId.toString(),
  address,
  deployedCode: (await provider.getCode(address)) === code,
  name: await token.name(),
  symbol: await token.symbol(),
  transferStatus: transfer.status,
  transferEvent: event ? { from: event.args.from, to: event.args.to, value: event.args.value.toString() } : null,
  aliceBalance: (await token.balanceOf(alice.address)).toString(),
  revertReason,
}));
