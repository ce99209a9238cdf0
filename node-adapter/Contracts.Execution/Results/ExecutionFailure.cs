namespace Contracts.Execution.Results;

/// <summary>Why a transaction (or a call frame) did not succeed. Stable: traces, receipts' reasons and tests name them.</summary>
public enum ExecutionFailure : byte
{
    /// <summary>It succeeded.</summary>
    None = 0,

    /// <summary>The contract called <c>revert</c>; the return data is its revert data (by convention <c>Error(string)</c>).</summary>
    Reverted,

    /// <summary>The gas ran out (all of the frame's gas is consumed).</summary>
    OutOfGas,

    /// <summary>The contract trapped (a Wasm trap or a host ABI trap such as an out-of-bounds pointer); the trap says which.</summary>
    Trap,

    /// <summary>The deploy data was refused: too large, malformed, invalid, or against the deploy policy.</summary>
    InvalidDeployment,

    /// <summary>A call went deeper than the documented call-depth limit.</summary>
    CallDepthExceeded,

    /// <summary>A call re-entered a contract already on the call stack that did not opt in to reentrancy.</summary>
    ReentrancyRefused,

    /// <summary>A static frame (or one it called) tried to write state, log, transfer value or create.</summary>
    StaticViolation,

    /// <summary>A call or creation tried to transfer more than the caller's balance.</summary>
    InsufficientBalance,

    /// <summary>A creation targeted an address that already has code or a non-zero nonce.</summary>
    AddressCollision,

    /// <summary>The memory of all live frames together would exceed the documented cap.</summary>
    MemoryLimitExceeded,

    /// <summary>The call target has no contract code but the call carries input (reserved; see the host ABI's call rules).</summary>
    NotAContract,
}
