using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Devnet.Node;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// The test helpers Foundry and Hardhat scripts call (<c>evm_mine</c>, <c>evm_increaseTime</c>,
/// <c>evm_setNextBlockTimestamp</c>) under their <c>evm_</c> names and the <c>anvil_</c> / <c>hardhat_</c> aliases,
/// plus <c>txpool_status</c>.
/// </summary>
public sealed class TestHelpersRpcModule(DevnetNode node)
{
    public void RegisterOn(JsonRpcDispatcher rpc)
    {
        EthRpcModule.Sync(rpc, "evm_mine", p =>
        {
            ulong? timestamp = p.Has(0) ? Number(p, 0) : null;
            node.Mine(timestamp);
            return "0x0";
        });
        foreach (string name in new[] { "anvil_mine", "hardhat_mine" })
        {
            EthRpcModule.Sync(rpc, name, p =>
            {
                ulong blocks = p.Has(0) ? Number(p, 0) : 1;
                if (blocks > 10_000) throw RpcException.InvalidParams("at most 10000 blocks at a time");
                ulong interval = p.Has(1) ? Number(p, 1) : 0;
                for (ulong i = 0; i < blocks; i++)
                {
                    if (interval > 0 && i > 0) node.IncreaseTime(interval);
                    node.Mine();
                }
                return null;
            });
        }
        EthRpcModule.Sync(rpc, "evm_increaseTime", p => RpcHex.Quantity(node.IncreaseTime(Number(p, 0))));
        EthRpcModule.Sync(rpc, "evm_setNextBlockTimestamp", p =>
        {
            node.SetNextTimestamp(Number(p, 0));
            return null;
        });
        EthRpcModule.Sync(rpc, "evm_snapshot", _ => RpcHex.Quantity(node.Snapshot()));
        EthRpcModule.Sync(rpc, "evm_revert", p => node.Revert(Number(p, 0)));
        foreach (string prefix in new[] { "anvil_", "hardhat_" })
        {
            EthRpcModule.Sync(rpc, prefix + "setBalance", p =>
            {
                var (address, balance) = (p.Address(0), RpcHex.ParseUInt256(p.String(1), "argument 1"));
                node.EditState(state => state.SetBalance(address, balance), $"{prefix}setBalance");
                return null;
            });
            EthRpcModule.Sync(rpc, prefix + "setNonce", p =>
            {
                var (address, nonce) = (p.Address(0), Number(p, 1));
                node.EditState(state => state.SetNonce(address, nonce), $"{prefix}setNonce");
                return null;
            });
            EthRpcModule.Sync(rpc, prefix + "setCode", p =>
            {
                var (address, code) = (p.Address(0), p.Data(1));
                node.EditState(state => state.SetCode(address, code), $"{prefix}setCode");
                return null;
            });
            EthRpcModule.Sync(rpc, prefix + "setStorageAt", p =>
            {
                var (address, slot, value) = (p.Address(0), p.Slot(1), RpcHex.ParseUInt256(p.String(2), "argument 2"));
                node.EditState(state => state.SetStorage(address, slot, value), $"{prefix}setStorageAt");
                return true;
            });
        }
        EthRpcModule.Sync(rpc, "txpool_status", _ => new JsonObject
        {
            ["pending"] = RpcHex.Quantity((ulong)node.PendingCount),
            ["queued"] = "0x0",
        });
    }

    /// <summary>A number given as a hex quantity or a JSON number (both are seen in the wild for these helpers).</summary>
    private static ulong Number(RpcParams p, int index)
    {
        var element = p[index];
        if (element.ValueKind == JsonValueKind.Number)
            return element.TryGetUInt64(out ulong value) ? value : throw RpcException.InvalidParams($"invalid argument {index}: not a non-negative integer");
        return p.UInt64(index);
    }
}
