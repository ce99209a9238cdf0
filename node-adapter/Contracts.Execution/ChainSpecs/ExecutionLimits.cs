namespace Contracts.Execution.ChainSpecs;

/// <summary>
/// The limits a rule set puts on contracts and transactions. Each one is a documented promise to contract developers
/// (node-adapter/docs/host-abi.md, "Limits") and a bound that keeps a hostile contract from exhausting a node.
/// </summary>
public sealed record ExecutionLimits
{
    public static readonly ExecutionLimits Default = new();

    /// <summary>Largest deployable module, in bytes (the module inside a deploy envelope, arguments excluded).</summary>
    public int MaxModuleBytes { get; init; } = 512 * 1024;

    /// <summary>Largest constructor-argument tail of a deploy envelope, in bytes.</summary>
    public int MaxConstructorArgumentBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Largest signed transaction, in bytes: above the largest deploy (module + arguments + envelope header) plus room
    /// for the transaction's own fields, so every deployable module fits in a transaction.
    /// </summary>
    public int MaxTransactionBytes { get; init; } = 512 * 1024 + 64 * 1024 + 16 * 1024;

    /// <summary>Deepest call stack: the transaction's top frame is depth 1; a call or create beyond this fails.</summary>
    public int MaxCallDepth { get; init; } = 128;

    /// <summary>Most 64 KiB pages one instance's memory may have (initial and after <c>memory.grow</c>).</summary>
    public uint MaxInstancePages { get; init; } = 256;

    /// <summary>Most pages the memories of all live frames of a transaction may hold together.</summary>
    public uint MaxTotalPages { get; init; } = 1024;

    /// <summary>Most elements a table may have (initial and after <c>table.grow</c>).</summary>
    public uint MaxTableElements { get; init; } = 2_500;

    /// <summary>The instrumenter's deterministic stack-height limit, in frame slots, per instance.</summary>
    public uint StackHeightLimit { get; init; } = 8_192;

    /// <summary>Longest byte-string storage key (keys are 1 byte or longer).</summary>
    public int MaxStorageKeyBytes { get; init; } = 1024;

    /// <summary>Longest byte-string storage value.</summary>
    public int MaxStorageValueBytes { get; init; } = 64 * 1024;

    /// <summary>Longest log data.</summary>
    public int MaxLogDataBytes { get; init; } = 64 * 1024;

    /// <summary>Longest output or revert data of one frame.</summary>
    public int MaxReturnDataBytes { get; init; } = 1024 * 1024;

    /// <summary>Throws <see cref="ChainSpecException"/> naming the first limit that is out of range.</summary>
    public void Validate(string where)
    {
        Require(MaxModuleBytes >= 512 * 1024, nameof(MaxModuleBytes), "at least 512 KiB");
        Require(MaxConstructorArgumentBytes >= 0, nameof(MaxConstructorArgumentBytes), "not negative");
        Require((long)MaxTransactionBytes > (long)MaxModuleBytes + MaxConstructorArgumentBytes, nameof(MaxTransactionBytes), "above the largest deploy");
        Require(MaxCallDepth is >= 1 and <= 1024, nameof(MaxCallDepth), "between 1 and 1,024");
        Require(MaxInstancePages is >= 1 and <= 65_536, nameof(MaxInstancePages), "between 1 and 65,536");
        Require(MaxTotalPages >= MaxInstancePages, nameof(MaxTotalPages), "at least MaxInstancePages");
        Require(MaxTableElements >= 1, nameof(MaxTableElements), "at least 1");
        Require(StackHeightLimit is >= 1 and <= 1u << 30, nameof(StackHeightLimit), "between 1 and 2^30");
        Require(MaxStorageKeyBytes >= 32, nameof(MaxStorageKeyBytes), "at least 32");
        Require(MaxStorageValueBytes >= 32, nameof(MaxStorageValueBytes), "at least 32");
        Require(MaxLogDataBytes >= 0, nameof(MaxLogDataBytes), "not negative");
        Require(MaxReturnDataBytes >= 32, nameof(MaxReturnDataBytes), "at least 32");

        void Require(bool ok, string name, string rule)
        {
            if (!ok) throw new ChainSpecException($"{where}: limit {name} must be {rule}");
        }
    }
}
