using System.Text.Json.Nodes;
using Contracts.Abi;
using Contracts.Devnet.Accounts;
using Contracts.Devnet.Chain;
using Contracts.Devnet.Node;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// The <c>eth_</c>, <c>net_</c> and <c>web3_</c> methods over a <see cref="DevnetNode"/>, with geth's result shapes
/// and error codes (a revert is code 3 with the revert data). Each method is defined once here, by its RPC name.
/// </summary>
public sealed class EthRpcModule(DevnetNode node)
{
    private IDevnetChain Chain => node.Chain;

    public void RegisterOn(JsonRpcDispatcher rpc)
    {
        Sync(rpc, "web3_clientVersion", _ => node.Options.ClientVersion);
        Sync(rpc, "web3_sha3", p => RpcHex.Data(Keccak256.Compute(p.Data(0))));
        Sync(rpc, "net_version", _ => Chain.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sync(rpc, "net_listening", _ => true);
        Sync(rpc, "net_peerCount", _ => RpcHex.Quantity(0));
        Sync(rpc, "eth_chainId", _ => RpcHex.Quantity(Chain.ChainId));
        Sync(rpc, "eth_syncing", _ => false);
        Sync(rpc, "eth_mining", _ => node.Options.Automine || node.Options.BlockTime is not null);
        Sync(rpc, "eth_hashrate", _ => RpcHex.Quantity(0));
        Sync(rpc, "eth_coinbase", _ => node.Read(c => RpcHex.Data(c.Head.Coinbase)));
        Sync(rpc, "eth_accounts", _ => new JsonArray([.. DevAccounts.List.Select(a => (JsonNode)RpcHex.Data(a.Address))]));
        Sync(rpc, "eth_blockNumber", _ => node.Read(c => RpcHex.Quantity(c.Head.Number)));
        Sync(rpc, "eth_getBalance", p => AtBlock(p, 1, (state, _) => RpcHex.Quantity(state.GetBalance(p.Address(0)))));
        Sync(rpc, "eth_getTransactionCount", GetTransactionCount);
        Sync(rpc, "eth_getCode", p => AtBlock(p, 1, (state, _) => RpcHex.Data(state.GetCode(p.Address(0)))));
        Sync(rpc, "eth_getStorageAt", p => AtBlock(p, 2, (state, _) =>
        {
            var word = new byte[32];
            state.GetStorage(p.Address(0), p.Slot(1)).WriteBigEndian(word);
            return RpcHex.Data(word);
        }));
        Sync(rpc, "eth_getProof", GetProof);
        Sync(rpc, "eth_call", Call);
        Sync(rpc, "eth_estimateGas", EstimateGas);
        Sync(rpc, "eth_gasPrice", _ => node.Read(c => RpcHex.Quantity(c.Head.BaseFee + node.Options.PriorityFee)));
        Sync(rpc, "eth_maxPriorityFeePerGas", _ => RpcHex.Quantity(node.Options.PriorityFee));
        Sync(rpc, "eth_feeHistory", FeeHistory);
        rpc.Register("eth_sendRawTransaction", SendRawTransactionAsync);
        rpc.Register("eth_sendTransaction", SendTransactionAsync);
        Sync(rpc, "eth_getTransactionByHash", GetTransactionByHash);
        Sync(rpc, "eth_getTransactionReceipt", GetTransactionReceipt);
        Sync(rpc, "eth_getBlockByNumber", p => node.Read(c => BlockSelector.Parse(p, 0).Resolve(c) is { } b ? RpcFormat.Block(b, p.Bool(1)) : null));
        Sync(rpc, "eth_getBlockByHash", p => node.Read(c => c.BlockByHash(p.Hash(0)) is { } b ? RpcFormat.Block(b, p.Bool(1)) : null));
        Sync(rpc, "eth_getBlockTransactionCountByNumber", p => node.Read(c => BlockSelector.Parse(p, 0).Resolve(c) is { } b ? RpcHex.Quantity((ulong)b.Transactions.Count) : null));
        Sync(rpc, "eth_getBlockTransactionCountByHash", p => node.Read(c => c.BlockByHash(p.Hash(0)) is { } b ? RpcHex.Quantity((ulong)b.Transactions.Count) : null));
        Sync(rpc, "eth_getTransactionByBlockNumberAndIndex", p => node.Read(c => TransactionAt(BlockSelector.Parse(p, 0).Resolve(c), p.UInt64(1))));
        Sync(rpc, "eth_getTransactionByBlockHashAndIndex", p => node.Read(c => TransactionAt(c.BlockByHash(p.Hash(0)), p.UInt64(1))));
        Sync(rpc, "eth_getLogs", p => node.Read(c => LogFilter.Parse(p[0], 0).Collect(c, node.Options.Limits)));
    }

    internal static void Sync(JsonRpcDispatcher rpc, string name, Func<RpcParams, JsonNode?> handler) =>
        rpc.Register(name, (p, _) => ValueTask.FromResult(handler(p)));

    private JsonNode? AtBlock(RpcParams p, int blockIndex, Func<IDevnetState, DevnetBlock, JsonNode?> read)
    {
        var selector = BlockSelector.Parse(p, blockIndex);
        return node.Read(c =>
        {
            var block = selector.Require(c);
            return read(c.StateAt(block.Number), block);
        });
    }

    private JsonNode? GetTransactionCount(RpcParams p)
    {
        var address = p.Address(0);
        var selector = BlockSelector.Parse(p, 1);
        if (selector.IsPending) return RpcHex.Quantity(node.PendingNonce(address));
        return AtBlock(p, 1, (state, _) => RpcHex.Quantity(state.GetNonce(address)));
    }

    private JsonNode? GetProof(RpcParams p)
    {
        var address = p.Address(0);
        if (!p.Has(1) || p[1].ValueKind != System.Text.Json.JsonValueKind.Array) throw RpcException.InvalidParams("invalid argument 1: an array of storage keys expected");
        var slots = p[1].EnumerateArray().Select(k => RpcHex.ParseUInt256(k.GetString() ?? "", "argument 1")).ToList();
        return AtBlock(p, 2, (state, _) =>
        {
            var proof = state.GetProof(address, slots);
            var storage = new JsonArray();
            foreach (var slot in proof.StorageProofs)
            {
                storage.Add(new JsonObject
                {
                    ["key"] = RpcHex.Quantity(slot.Key),
                    ["value"] = RpcHex.Quantity(slot.Value),
                    ["proof"] = new JsonArray([.. slot.Proof.Select(n => (JsonNode)RpcHex.Data(n))]),
                });
            }
            return new JsonObject
            {
                ["address"] = RpcHex.Data(address),
                ["accountProof"] = new JsonArray([.. proof.AccountProofNodes.Select(n => (JsonNode)RpcHex.Data(n))]),
                ["balance"] = RpcHex.Quantity(proof.Balance),
                ["nonce"] = RpcHex.Quantity(proof.Nonce),
                ["codeHash"] = RpcHex.Data(proof.CodeHash),
                ["storageHash"] = RpcHex.Data(proof.StorageHash),
                ["storageProof"] = storage,
            };
        });
    }

    private JsonNode? Call(RpcParams p)
    {
        var request = CallRequest.Parse(p[0], 0);
        var selector = BlockSelector.Parse(p, 1);
        var overrides = StateOverrideParser.Parse(p, 2);
        var result = node.Read(c =>
        {
            var block = selector.Require(c);
            return c.Call(request.ToCall(c.ChainId, c.BlockGasLimit), block.Number, overrides);
        });
        if (!result.Succeeded) throw Failure(result);
        return RpcHex.Data(result.ReturnData.Span);
    }

    private JsonNode? EstimateGas(RpcParams p)
    {
        var request = CallRequest.Parse(p[0], 0);
        var selector = BlockSelector.Parse(p, 1);
        var overrides = StateOverrideParser.Parse(p, 2);
        var estimate = node.Read(c => c.EstimateGas(request.ToCall(c.ChainId, c.BlockGasLimit), selector.Require(c).Number, overrides));
        if (estimate.Failure is { } failure) throw Failure(failure);
        return RpcHex.Quantity(estimate.Gas);
    }

    /// <summary>geth's error for a failed call: code 3 "execution reverted[: reason]" with the revert data, else -32000 with the cause.</summary>
    public static RpcException Failure(ExecutionResult result)
    {
        if (result.Failure == ExecutionFailure.Reverted)
        {
            string? reason = RevertReason.TryDecode(result.ReturnData.Span);
            return new RpcException(RpcErrorCodes.ExecutionReverted, reason is null ? "execution reverted" : $"execution reverted: {reason}", RpcHex.Data(result.ReturnData.Span));
        }
        string message = result.Failure == ExecutionFailure.OutOfGas ? "out of gas" : result.Message.Length > 0 ? result.Message : result.Failure.ToString();
        return RpcException.Server(message);
    }

    private JsonNode? FeeHistory(RpcParams p)
    {
        ulong count = p[0].ValueKind == System.Text.Json.JsonValueKind.Number ? p[0].GetUInt64() : p.UInt64(0);
        var selector = BlockSelector.Parse(p, 1);
        double[] percentiles = p.Has(2) ? [.. p[2].EnumerateArray().Select(e => e.GetDouble())] : [];
        for (int i = 0; i < percentiles.Length; i++)
            if (percentiles[i] is < 0 or > 100 || i > 0 && percentiles[i] < percentiles[i - 1])
                throw RpcException.InvalidParams($"invalid reward percentile: {percentiles[i]}");
        count = Math.Min(count, 1024);
        return node.Read(c =>
        {
            var newest = selector.Require(c);
            ulong oldest = count == 0 ? newest.Number + 1 : newest.Number + 1 - Math.Min(count, newest.Number + 1);
            var baseFees = new JsonArray();
            var ratios = new JsonArray();
            var rewards = new JsonArray();
            for (ulong number = oldest; number <= newest.Number && count > 0; number++)
            {
                var block = c.BlockByNumber(number)!;
                baseFees.Add(RpcHex.Quantity(block.BaseFee));
                ratios.Add(block.GasLimit == 0 ? 0.0 : (double)block.GasUsed / block.GasLimit);
                if (percentiles.Length > 0) rewards.Add(Rewards(c, block, percentiles));
            }
            baseFees.Add(RpcHex.Quantity(newest.BaseFee));
            var history = new JsonObject
            {
                ["oldestBlock"] = RpcHex.Quantity(oldest),
                ["baseFeePerGas"] = baseFees,
                ["gasUsedRatio"] = ratios,
            };
            if (percentiles.Length > 0) history["reward"] = rewards;
            return history;
        });
    }

    /// <summary>The tips paid at each percentile of the block's gas, as geth computes them (transactions sorted by tip, weighted by gas used).</summary>
    private static JsonArray Rewards(IDevnetChain chain, DevnetBlock block, double[] percentiles)
    {
        var receipts = chain.ReceiptsOf(block.Number);
        var tips = block.Transactions.Select((t, i) => (Tip: t.Transaction.EffectiveGasPrice(block.BaseFee) is { } price ? price - block.BaseFee : UInt256.Zero, Gas: i < receipts.Count ? receipts[i].GasUsed : 0))
            .OrderBy(t => t.Tip).ToList();
        var result = new JsonArray();
        foreach (double percentile in percentiles)
        {
            if (tips.Count == 0) { result.Add(RpcHex.Quantity(0)); continue; }
            double threshold = block.GasUsed * percentile / 100;
            ulong sum = 0;
            var chosen = tips[^1].Tip;
            foreach (var (tip, gas) in tips)
            {
                sum += gas;
                if (sum >= threshold) { chosen = tip; break; }
            }
            result.Add(RpcHex.Quantity(chosen));
        }
        return result;
    }

    private async ValueTask<JsonNode?> SendRawTransactionAsync(RpcParams p, CancellationToken cancellation)
    {
        byte[] raw = p.Data(0);
        SignedTransaction signed;
        try
        {
            signed = Chain.DecodeTransaction(raw);
        }
        catch (FormatException e)
        {
            throw RpcException.Server(e.Message);
        }
        return RpcHex.Data(await node.SubmitAsync(signed, cancellation));
    }

    private async ValueTask<JsonNode?> SendTransactionAsync(RpcParams p, CancellationToken cancellation)
    {
        var request = CallRequest.Parse(p[0], 0);
        var from = request.From ?? throw RpcException.InvalidParams("invalid argument 0: from is required");
        var account = DevAccounts.Find(from) ?? throw RpcException.Server($"unknown account {from}: eth_sendTransaction signs only with the dev accounts (eth_accounts)");
        ulong nonce = request.Nonce ?? node.PendingNonce(from);
        var signed = node.Read(c =>
        {
            var head = c.Head;
            ulong gas = request.Gas ?? EstimateFor(c, request);
            var tip = request.MaxPriorityFeePerGas ?? node.Options.PriorityFee;
            var transaction = new Transaction
            {
                Type = request.GasPrice is not null ? TransactionType.Legacy : TransactionType.DynamicFee,
                ChainId = c.ChainId,
                Nonce = nonce,
                GasPrice = request.GasPrice ?? UInt256.Zero,
                MaxPriorityFeePerGas = request.GasPrice is not null ? UInt256.Zero : tip,
                MaxFeePerGas = request.GasPrice is not null ? UInt256.Zero : request.MaxFeePerGas ?? head.BaseFee + head.BaseFee + tip,
                GasLimit = gas,
                To = request.To,
                Value = request.Value,
                Data = request.Input,
                AccessList = request.AccessList,
                Sender = from,
            };
            return c.SignTransaction(transaction, account.PrivateKey);
        });
        return RpcHex.Data(await node.SubmitAsync(signed, cancellation));
    }

    private static ulong EstimateFor(IDevnetChain chain, CallRequest request)
    {
        var estimate = chain.EstimateGas(request.ToCall(chain.ChainId, chain.BlockGasLimit), chain.Head.Number);
        if (estimate.Failure is { } failure) throw Failure(failure);
        return estimate.Gas;
    }

    private JsonNode? GetTransactionByHash(RpcParams p)
    {
        var hash = p.Hash(0);
        var included = Chain.Recent?.TransactionByHash(hash) ?? node.Read(c => c.TransactionByHash(hash));
        if (included is not null) return RpcFormat.Transaction(included);
        return node.FindPending(hash) is { } pending ? RpcFormat.PendingTransaction(pending) : null;
    }

    private static JsonNode? TransactionAt(DevnetBlock? block, ulong index)
    {
        if (block is null || index >= (ulong)block.Transactions.Count) return null;
        return RpcFormat.Transaction(new IncludedTransaction(block.Transactions[(int)index], block.Hash, block.Number, (int)index, block.BaseFee));
    }

    private JsonNode? GetTransactionReceipt(RpcParams p)
    {
        var hash = p.Hash(0);
        // A recent transaction's receipt is answered from memory without the node's lock (a sealing block holds it).
        if (Chain.Recent is { } recent && recent.TransactionByHash(hash) is { } included
            && recent.BlockByNumber(included.BlockNumber) is { } block && recent.ReceiptsOf(block.Number) is { } receipts)
            return Receipt(included, block, receipts);
        return node.Read(c => Receipt(c, hash));
    }

    private static JsonNode? Receipt(IDevnetChain chain, Hash256 hash)
    {
        if (chain.TransactionByHash(hash) is not { } included) return null;
        var block = chain.BlockByNumber(included.BlockNumber);
        if (block is null) return null;
        return Receipt(included, block, chain.ReceiptsOf(block.Number));
    }

    private static JsonNode? Receipt(IncludedTransaction included, DevnetBlock block, IReadOnlyList<Receipt> receipts)
    {
        int firstLog = 0;
        for (int i = 0; i < included.Index && i < receipts.Count; i++) firstLog += receipts[i].Logs.Count;
        return included.Index < receipts.Count ? RpcFormat.Receipt(receipts[included.Index], block, firstLog) : null;
    }
}
