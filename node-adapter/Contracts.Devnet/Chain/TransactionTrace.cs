using Contracts.Execution.Results;
using Contracts.Execution.Tracing;
using Contracts.Execution.Transactions;

namespace Contracts.Devnet.Chain;

/// <summary>
/// A transaction run again with a <see cref="CallTreeTracer"/>: the transaction, its result (the same as when it was
/// mined: tracing changes nothing), the call tree (null only when nothing ran), and the rule set's conversion from
/// chain gas to the Wasm gas the frames count in.
/// </summary>
public sealed record TransactionTrace(Transaction Transaction, ExecutionResult Result, TracedFrame? Root, ulong WasmGasPerChainGas);
