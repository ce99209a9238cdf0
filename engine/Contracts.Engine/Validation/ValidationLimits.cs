namespace Contracts.Engine.Validation;

/// <summary>
/// Implementation limits checked while decoding and validating. Exceeding one is a
/// <see cref="Binary.WasmErrorKind.ImplementationLimit"/> error naming the limit.
/// </summary>
public sealed record ValidationLimits
{
    public required string Name { get; init; }
    public uint MaxTypes { get; init; }
    public uint MaxFunctions { get; init; }
    public uint MaxImports { get; init; }
    public uint MaxExports { get; init; }
    public uint MaxParameters { get; init; }
    public uint MaxResults { get; init; }
    /// <summary>Declared locals plus parameters of one function.</summary>
    public uint MaxLocals { get; init; }
    public uint MaxFunctionBodySize { get; init; }
    public uint MaxBrTableTargets { get; init; }
    public uint MaxNestingDepth { get; init; }
    /// <summary>Deepest operand stack a function may need (bounds the translator's frame size).</summary>
    public uint MaxOperandStackDepth { get; init; }
    public uint MaxTables { get; init; }
    public uint MaxTableSize { get; init; }
    public uint MaxMemories { get; init; }
    public uint MaxMemoryPages { get; init; }
    public uint MaxGlobals { get; init; }
    public uint MaxElementSegments { get; init; }
    public uint MaxDataSegments { get; init; }
    public uint MaxModuleSize { get; init; }

    /// <summary>Limits under which the whole official spec testsuite runs; bounded to keep the host safe.</summary>
    public static readonly ValidationLimits Permissive = new()
    {
        Name = "permissive",
        MaxTypes = 1_000_000,
        MaxFunctions = 1_000_000,
        MaxImports = 100_000,
        MaxExports = 100_000,
        MaxParameters = 1_000,
        MaxResults = 1_000,
        MaxLocals = 50_000,
        MaxFunctionBodySize = 7_654_321,
        MaxBrTableTargets = 1_000_000,
        MaxNestingDepth = 10_000,
        MaxOperandStackDepth = 100_000,
        MaxTables = 100_000,
        MaxTableSize = 10_000_000,
        MaxMemories = 1,
        MaxMemoryPages = 65_536,
        MaxGlobals = 1_000_000,
        MaxElementSegments = 100_000,
        MaxDataSegments = 100_000,
        MaxModuleSize = 1 << 30,
    };

    /// <summary>The profile the deploy pipeline uses for contracts (filled from the strictest of wasmi, NEAR, CosmWasm).</summary>
    public static readonly ValidationLimits Contract = Permissive with { Name = "contract" };
}
