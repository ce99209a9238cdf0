using Contracts.Engine.Model;

namespace Contracts.Engine.Binary;

/// <summary>What the section readers have decoded so far; turned into a <see cref="ModuleInfo"/> at the end.</summary>
internal sealed class DecodedSections
{
    public FunctionType[] Types = [];
    public Import[] Imports = [];
    public int ImportedFunctionCount;
    public int ImportedTableCount;
    public int ImportedMemoryCount;
    public int ImportedGlobalCount;
    public uint[] FunctionTypeIndices = [];
    public TableType[] Tables = [];
    public MemoryType[] Memories = [];
    public GlobalDefinition[] Globals = [];
    public Export[] Exports = [];
    public uint? StartFunction;
    public ElementSegment[] Elements = [];
    public uint? DataCount;
    public bool HasCodeSection;
    public FunctionBody[] Bodies = [];
    public bool HasDataSection;
    public DataSegment[] Data = [];
    public List<CustomSection>? CustomSections;

    /// <summary>An array for a vector of <paramref name="count"/> entries, sharing the empty array when it is empty.</summary>
    public static T[] NewArray<T>(uint count) => count == 0 ? [] : new T[count];

    public ModuleInfo ToModuleInfo(byte[] bytes)
    {
        // Without imports an index space is just the definitions: share the array instead of copying it.
        var allFunctionTypeIndices = ImportedFunctionCount == 0 ? FunctionTypeIndices : new uint[ImportedFunctionCount + FunctionTypeIndices.Length];
        var allTables = ImportedTableCount == 0 ? Tables : new TableType[ImportedTableCount + Tables.Length];
        var allMemories = ImportedMemoryCount == 0 ? Memories : new MemoryType[ImportedMemoryCount + Memories.Length];
        var allGlobals = ImportedGlobalCount + Globals.Length == 0 ? [] : new GlobalType[ImportedGlobalCount + Globals.Length];
        int functions = 0, tables = 0, memories = 0, globals = 0;
        foreach (var import in Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: allFunctionTypeIndices[functions++] = import.FunctionTypeIndex; break;
                case ExternalKind.Table: allTables[tables++] = import.Table; break;
                case ExternalKind.Memory: allMemories[memories++] = import.Memory; break;
                case ExternalKind.Global: allGlobals[globals++] = import.Global; break;
            }
        }
        if (ImportedFunctionCount != 0) FunctionTypeIndices.CopyTo(allFunctionTypeIndices, functions);
        if (ImportedTableCount != 0) Tables.CopyTo(allTables, tables);
        if (ImportedMemoryCount != 0) Memories.CopyTo(allMemories, memories);
        for (int i = 0; i < Globals.Length; i++) allGlobals[globals + i] = Globals[i].Type;

        return new ModuleInfo
        {
            Bytes = bytes,
            Types = Types,
            Imports = Imports,
            FunctionTypeIndices = FunctionTypeIndices,
            Tables = Tables,
            Memories = Memories,
            Globals = Globals,
            Exports = Exports,
            StartFunction = StartFunction,
            Elements = Elements,
            DataCount = DataCount,
            Bodies = Bodies,
            Data = Data,
            CustomSections = CustomSections is null ? [] : CustomSections.ToArray(),
            ImportedFunctionCount = ImportedFunctionCount,
            ImportedTableCount = ImportedTableCount,
            ImportedMemoryCount = ImportedMemoryCount,
            ImportedGlobalCount = ImportedGlobalCount,
            AllFunctionTypeIndices = allFunctionTypeIndices,
            AllTables = allTables,
            AllMemories = allMemories,
            AllGlobals = allGlobals,
        };
    }
}
