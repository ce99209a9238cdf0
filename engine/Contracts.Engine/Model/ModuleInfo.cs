namespace Contracts.Engine.Model;

/// <summary>
/// The decoded, not yet validated, contents of a WebAssembly binary. Index spaces follow the spec: imports first,
/// then definitions. Immutable once decoding returns.
/// </summary>
public sealed class ModuleInfo
{
    public required byte[] Bytes { get; init; }
    public FunctionType[] Types { get; init; } = [];
    public Import[] Imports { get; init; } = [];
    /// <summary>Type indices of the functions defined in this module (not the imported ones).</summary>
    public uint[] FunctionTypeIndices { get; init; } = [];
    public TableType[] Tables { get; init; } = [];
    public MemoryType[] Memories { get; init; } = [];
    public GlobalDefinition[] Globals { get; init; } = [];
    public Export[] Exports { get; init; } = [];
    public uint? StartFunction { get; init; }
    public ElementSegment[] Elements { get; init; } = [];
    public uint? DataCount { get; init; }
    public FunctionBody[] Bodies { get; init; } = [];
    public DataSegment[] Data { get; init; } = [];
    public CustomSection[] CustomSections { get; init; } = [];

    public int ImportedFunctionCount { get; init; }
    public int ImportedTableCount { get; init; }
    public int ImportedMemoryCount { get; init; }
    public int ImportedGlobalCount { get; init; }

    /// <summary>Type index of every function in the function index space (imports first).</summary>
    public uint[] AllFunctionTypeIndices { get; init; } = [];
    /// <summary>Every table in the table index space (imports first).</summary>
    public TableType[] AllTables { get; init; } = [];
    /// <summary>Every memory in the memory index space (imports first).</summary>
    public MemoryType[] AllMemories { get; init; } = [];
    /// <summary>Every global's type in the global index space (imports first).</summary>
    public GlobalType[] AllGlobals { get; init; } = [];

    public FunctionType GetFunctionType(uint functionIndex) => Types[AllFunctionTypeIndices[functionIndex]];

    public int TotalFunctionCount => ImportedFunctionCount + FunctionTypeIndices.Length;
    public int TotalTableCount => ImportedTableCount + Tables.Length;
    public int TotalMemoryCount => ImportedMemoryCount + Memories.Length;
    public int TotalGlobalCount => ImportedGlobalCount + Globals.Length;
}
