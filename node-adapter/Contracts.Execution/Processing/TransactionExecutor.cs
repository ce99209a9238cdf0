using Contracts.Execution.Blocks;
using Contracts.Execution.Calls;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Deployment;
using Contracts.Execution.Results;
using Contracts.Execution.State;
using Contracts.Execution.Tracing;
using Contracts.Execution.Transactions;
using Contracts.State.World;

namespace Contracts.Execution.Processing;

/// <summary>
/// Runs transactions on a world state with Ethereum's units: intrinsic gas, EIP-1559 fees (the base fee burnt, the
/// tip to the coinbase), the Wasm gas of the contracts converted at the rule set's ratio, refunds capped at gas used
/// ÷ 5, all-or-nothing state changes (a failed transaction keeps only the nonce increment and the gas payment).
/// Thread-safe: one executor serves every block and thread (each call brings its own state); loaded modules are
/// shared through its <see cref="ModuleCache"/>.
/// </summary>
public sealed class TransactionExecutor
{
    public TransactionExecutor(ChainSpec spec, ModuleCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Cache = cache ?? new ModuleCache();
    }

    public ChainSpec Spec { get; }

    public ModuleCache Cache { get; }

    /// <summary>
    /// Executes <paramref name="transaction"/> in <paramref name="block"/>. Throws
    /// <see cref="InvalidTransactionException"/> (geth's wording, nothing changed) when it cannot be included; any
    /// other outcome, failures included, is an <see cref="ExecutionResult"/> with the state changed accordingly.
    /// </summary>
    public ExecutionResult Execute(WorldState state, BlockContext block, Transaction transaction, IExecutionTracer? tracer = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(transaction);
        var rules = Spec.RulesAt(block.Number);
        if (TransactionValidator.Validate(state, block, transaction, rules) is { } error) throw new InvalidTransactionException(error);

        var price = transaction.EffectiveGasPrice(block.BaseFee)!.Value;
        var sender = transaction.Sender;
        ulong nonce = state.GetNonce(sender);
        state.SetBalance(sender, state.GetBalance(sender) - Wei.Times(price, transaction.GasLimit));
        state.SetNonce(sender, nonce + 1);

        var run = Run(state, block, transaction, rules, price, nonce, tracer);

        ulong gasUsed = run.GasUsed - run.Refund;
        state.SetBalance(sender, state.GetBalance(sender) + Wei.Times(price, transaction.GasLimit - gasUsed));
        var tip = price - block.BaseFee;
        if (!tip.IsZero) state.SetBalance(block.Coinbase, state.GetBalance(block.Coinbase) + Wei.Times(tip, gasUsed));
        else if (state.GetAccount(block.Coinbase) is null) state.CreateAccount(block.Coinbase);
        return run.ToResult(gasUsed);
    }

    /// <summary>
    /// Runs <paramref name="transaction"/> without keeping anything (for <c>eth_call</c> and gas estimation): no
    /// nonce or fee checks, no fee paid, every change undone afterwards. A gas limit of 0 means the block's.
    /// </summary>
    public ExecutionResult Call(WorldState state, BlockContext block, Transaction transaction, IExecutionTracer? tracer = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(transaction);
        var rules = Spec.RulesAt(block.Number);
        if (transaction.GasLimit == 0) transaction = transaction with { GasLimit = block.GasLimit };
        ulong intrinsic = TransactionValidator.IntrinsicGas(transaction, rules);
        if (transaction.GasLimit < intrinsic) throw new InvalidTransactionException($"intrinsic gas too low: have {transaction.GasLimit}, want {intrinsic}");
        int checkpoint = state.Checkpoint();
        try
        {
            var run = Run(state, block, transaction, rules, transaction.EffectiveGasPrice(block.BaseFee) ?? block.BaseFee, state.GetNonce(transaction.Sender), tracer);
            return run.ToResult(run.GasUsed - run.Refund);
        }
        finally
        {
            state.Revert(checkpoint);
        }
    }

    private RunOutcome Run(WorldState state, BlockContext block, Transaction transaction, RuleSet rules, Contracts.State.Primitives.UInt256 price, ulong nonce, IExecutionTracer? tracer)
    {
        ulong intrinsic = TransactionValidator.IntrinsicGas(transaction, rules);
        ulong ratio = rules.WasmGasPerChainGas;
        ulong chainGasForWasm = transaction.GasLimit - intrinsic;
        long wasmGas = chainGasForWasm > (ulong)long.MaxValue / ratio ? long.MaxValue : (long)(chainGasForWasm * ratio);

        var runtime = Cache.RuntimeFor(rules);
        var contracts = new ContractState(state);
        var session = new ExecutionSession(contracts, block, transaction, runtime, price, tracer);
        int checkpoint = state.Checkpoint();

        FrameResult frame;
        if (transaction.To is { } to)
        {
            frame = session.Call(CallKind.Call, transaction.Sender, to, transaction.Value, transaction.Data, wasmGas, isStatic: false, depth: 1);
        }
        else
        {
            ulong deployCharge = session.DeployCharge((uint)transaction.Data.Length);
            frame = (ulong)wasmGas < deployCharge
                ? FrameResult.Fail(ExecutionFailure.OutOfGas, "out of gas paying for the deploy data", 0)
                : session.CreateFromTransaction(transaction.Sender, nonce, transaction.Data, transaction.Value, wasmGas - (long)deployCharge);
        }

        ulong wasmUsed = (ulong)(wasmGas - frame.GasLeft);
        ulong gasUsed = Math.Min(transaction.GasLimit, intrinsic + (wasmUsed + ratio - 1) / ratio);
        ulong refund = 0;
        if (frame.Status == CallStatus.Success)
        {
            state.Release(checkpoint);
            refund = Math.Min((ulong)Math.Max(0, session.Refund) / ratio, gasUsed / rules.Prices.MaxRefundQuotient);
        }
        else
        {
            state.Revert(checkpoint);
        }
        return new RunOutcome(frame, gasUsed, refund, frame.Status == CallStatus.Success ? [.. session.Logs] : []);
    }

    private readonly record struct RunOutcome(FrameResult Frame, ulong GasUsed, ulong Refund, Log[] Logs)
    {
        public ExecutionResult ToResult(ulong gasUsed) => new()
        {
            Failure = Frame.Status == CallStatus.Success ? ExecutionFailure.None : Frame.Failure,
            Message = Frame.Message,
            GasUsed = gasUsed,
            GasRefunded = Refund,
            ReturnData = Frame.Output,
            Logs = Logs,
            ContractAddress = Frame.Created,
        };
    }
}
