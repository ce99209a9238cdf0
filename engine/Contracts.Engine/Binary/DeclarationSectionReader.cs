using Contracts.Engine.Loading;
using Contracts.Engine.Model;

namespace Contracts.Engine.Binary;

/// <summary>Reads the sections that declare the module's entities: type, import, function, table, memory, global,
/// export and start. Each reader starts after the section size and must stop at <c>end</c> (the caller checks).</summary>
internal static class DeclarationSectionReader
{
    public static void ReadTypeSection(ref WasmReader reader, int end, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        DecodeErrors.CheckLimit(count, limits.MaxTypes, "type count", limits, offset);
        var types = DecodedSections.NewArray<FunctionType>(count);
        for (int i = 0; i < types.Length; i++) types[i] = TypeReader.ReadFunctionType(ref reader, end);
        module.Types = types;
    }

    public static void ReadImportSection(ref WasmReader reader, int end, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        DecodeErrors.CheckLimit(count, limits.MaxImports, "import count", limits, offset);
        var imports = DecodedSections.NewArray<Import>(count);
        for (int i = 0; i < imports.Length; i++)
        {
            string moduleName = reader.ReadName();
            string name = reader.ReadName();
            int kindOffset = reader.Offset;
            byte kind = reader.ReadByte();
            switch (kind)
            {
                case (byte)ExternalKind.Function:
                    imports[i] = new Import(moduleName, name, ExternalKind.Function) { FunctionTypeIndex = reader.ReadVarUInt32() };
                    module.ImportedFunctionCount++;
                    break;
                case (byte)ExternalKind.Table:
                    imports[i] = new Import(moduleName, name, ExternalKind.Table) { Table = TypeReader.ReadTableType(ref reader) };
                    module.ImportedTableCount++;
                    break;
                case (byte)ExternalKind.Memory:
                    imports[i] = new Import(moduleName, name, ExternalKind.Memory) { Memory = TypeReader.ReadMemoryType(ref reader) };
                    module.ImportedMemoryCount++;
                    break;
                case (byte)ExternalKind.Global:
                    imports[i] = new Import(moduleName, name, ExternalKind.Global) { Global = TypeReader.ReadGlobalType(ref reader) };
                    module.ImportedGlobalCount++;
                    break;
                default:
                    DecodeErrors.Malformed(WasmErrorKind.MalformedImportKind, kindOffset, $"malformed import kind 0x{kind:x2}");
                    break;
            }
        }
        module.Imports = imports;
        DecodeErrors.CheckLimit((ulong)module.ImportedFunctionCount, limits.MaxFunctions, "function count", limits, offset);
        DecodeErrors.CheckLimit((ulong)module.ImportedTableCount, limits.MaxTables, "table count", limits, offset);
        DecodeErrors.CheckLimit((ulong)module.ImportedGlobalCount, limits.MaxGlobals, "global count", limits, offset);
    }

    public static void ReadFunctionSection(ref WasmReader reader, int end, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        DecodeErrors.CheckLimit((ulong)module.ImportedFunctionCount + count, limits.MaxFunctions, "function count", limits, offset);
        var typeIndices = DecodedSections.NewArray<uint>(count);
        for (int i = 0; i < typeIndices.Length; i++) typeIndices[i] = reader.ReadVarUInt32();
        module.FunctionTypeIndices = typeIndices;
    }

    public static void ReadTableSection(ref WasmReader reader, int end, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        DecodeErrors.CheckLimit((ulong)module.ImportedTableCount + count, limits.MaxTables, "table count", limits, offset);
        var tables = DecodedSections.NewArray<TableType>(count);
        for (int i = 0; i < tables.Length; i++) tables[i] = TypeReader.ReadTableType(ref reader);
        module.Tables = tables;
    }

    /// <summary>The memory count is not limited here: more than one memory is a validation error in 2.0.</summary>
    public static void ReadMemorySection(ref WasmReader reader, int end, DecodedSections module)
    {
        uint count = TypeReader.ReadCount(ref reader, end);
        var memories = DecodedSections.NewArray<MemoryType>(count);
        for (int i = 0; i < memories.Length; i++) memories[i] = TypeReader.ReadMemoryType(ref reader);
        module.Memories = memories;
    }

    public static void ReadGlobalSection(ref WasmReader reader, int end, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        DecodeErrors.CheckLimit((ulong)module.ImportedGlobalCount + count, limits.MaxGlobals, "global count", limits, offset);
        var globals = DecodedSections.NewArray<GlobalDefinition>(count);
        for (int i = 0; i < globals.Length; i++)
        {
            var type = TypeReader.ReadGlobalType(ref reader);
            globals[i] = new GlobalDefinition(type, ConstantExpressionReader.Read(ref reader));
        }
        module.Globals = globals;
    }

    public static void ReadExportSection(ref WasmReader reader, int end, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        DecodeErrors.CheckLimit(count, limits.MaxExports, "export count", limits, offset);
        var exports = DecodedSections.NewArray<Export>(count);
        for (int i = 0; i < exports.Length; i++)
        {
            string name = reader.ReadName();
            int kindOffset = reader.Offset;
            byte kind = reader.ReadByte();
            if (kind > (byte)ExternalKind.Global)
                DecodeErrors.Malformed(WasmErrorKind.MalformedExportKind, kindOffset, $"malformed export kind 0x{kind:x2}");
            exports[i] = new Export(name, (ExternalKind)kind, reader.ReadVarUInt32());
        }
        module.Exports = exports;
    }

    public static void ReadStartSection(ref WasmReader reader, DecodedSections module) =>
        module.StartFunction = reader.ReadVarUInt32();
}
