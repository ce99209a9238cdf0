using Contracts.Execution.Blocks;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Execution.Processing;

/// <summary>
/// The checks a transaction must pass before it runs, in geth's order and with geth's error texts
/// (core/state_transition.go, core/error.go): chain id, nonce, fee caps against the base fee, gas limit against the
/// block and the intrinsic gas, the sender being an account without code, and the funds for gas × fee cap + value.
/// </summary>
public static class TransactionValidator
{
    /// <summary>Null when <paramref name="transaction"/> may run in <paramref name="block"/> on <paramref name="state"/>, else geth's error text.</summary>
    public static string? Validate(WorldState state, BlockContext block, Transaction transaction, RuleSet rules, ulong blockGasUsed = 0)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(rules);
        var sender = transaction.Sender;
        if (transaction.ChainId is { } chainId && chainId != block.ChainId)
            return $"invalid chain id for signer: have {chainId} want {block.ChainId}";
        ulong stateNonce = state.GetNonce(sender);
        if (transaction.Nonce < stateNonce)
            return $"nonce too low: address {sender}, tx: {transaction.Nonce} state: {stateNonce}";
        if (transaction.Nonce > stateNonce)
            return $"nonce too high: address {sender}, tx: {transaction.Nonce} state: {stateNonce}";
        if (stateNonce == ulong.MaxValue)
            return $"nonce has max value: address {sender}, nonce: {stateNonce}";
        if (transaction.Type != TransactionType.Legacy && transaction.MaxPriorityFeePerGas > transaction.MaxFeePerGas)
            return $"max priority fee per gas higher than max fee per gas: address {sender}, maxPriorityFeePerGas: {transaction.MaxPriorityFeePerGas}, maxFeePerGas: {transaction.MaxFeePerGas}";
        if (transaction.FeeCap < block.BaseFee)
            return transaction.Type == TransactionType.Legacy
                ? $"max fee per gas less than block base fee: address {sender}, maxFeePerGas: {transaction.GasPrice}, baseFee: {block.BaseFee}"
                : $"max fee per gas less than block base fee: address {sender}, maxFeePerGas: {transaction.MaxFeePerGas}, baseFee: {block.BaseFee}";
        if (transaction.GasLimit > block.GasLimit - Math.Min(blockGasUsed, block.GasLimit))
            return "gas limit reached";
        if (transaction.IsCreate && transaction.Data.Length > rules.Limits.MaxModuleBytes + rules.Limits.MaxConstructorArgumentBytes + Deployment.DeployData.EnvelopeHeaderLength)
            return $"max initcode size exceeded: code size {transaction.Data.Length} limit {rules.Limits.MaxModuleBytes + rules.Limits.MaxConstructorArgumentBytes + Deployment.DeployData.EnvelopeHeaderLength}";
        ulong intrinsic = IntrinsicGas(transaction, rules);
        if (transaction.GasLimit < intrinsic)
            return $"intrinsic gas too low: have {transaction.GasLimit}, want {intrinsic}";
        if (state.GetCode(sender) is { Length: > 0 })
            return $"sender not an eoa: address {sender}, codehash: {state.GetAccount(sender)!.Value.CodeHash}";
        var balance = state.GetBalance(sender);
        var cost = Wei.Times(transaction.FeeCap, transaction.GasLimit);
        // A sum past 2^256 - 1 is more than any balance; the message gives it whole (geth's big.Int).
        if (!UInt256.TryAdd(cost, transaction.Value, out var need) || balance < need)
            return $"insufficient funds for gas * price + value: address {sender} have {balance} want {Wei.Big(cost) + Wei.Big(transaction.Value)}";
        return null;
    }

    /// <summary>21,000 (+32,000 for a deploy) + 4/16 per zero/non-zero data byte + the access list, in chain gas.</summary>
    public static ulong IntrinsicGas(Transaction transaction, RuleSet rules)
    {
        int keys = 0;
        foreach (var entry in transaction.AccessList) keys += entry.StorageKeys.Count;
        return rules.Prices.IntrinsicGas(transaction.IsCreate, transaction.Data.Span, transaction.AccessList.Count, keys);
    }
}
