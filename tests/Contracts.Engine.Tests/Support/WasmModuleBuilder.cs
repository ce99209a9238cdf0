using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Support;

/// <summary>
/// Builds small WebAssembly modules for tests, both as a binary (<see cref="ToBytes"/>, for the decoder and the
/// whole pipeline) and as the decoded model the binary stands for (<see cref="ToModuleInfo"/>, for testing the
/// validator alone). Nothing is checked: invalid modules are built as readily as valid ones. Add imports before
/// definitions, since a definition's index counts the imports of its kind before it.
/// </summary>
public sealed class WasmModuleBuilder
{
    private readonly List<FunctionType> _types = [];
    private readonly List<Import> _imports = [];
    private readonly List<DefinedFunction> _functions = [];
    private readonly List<TableType> _tables = [];
    private readonly List<MemoryType> _memories = [];
    private readonly List<GlobalDefinition> _globals = [];
    private readonly List<Export> _exports = [];
    private readonly List<ElementSegment> _elements = [];
    private readonly List<DataDefinition> _data = [];
    private uint? _start;
    private bool _emitDataCount;
    private uint? _dataCountOverride;

    private sealed record DefinedFunction(uint TypeIndex, LocalGroup[] Locals, byte[] Code);

    private sealed record DataDefinition(SegmentMode Mode, uint MemoryIndex, ConstantExpression Offset, byte[] Bytes);

    public int ImportedFunctionCount => _imports.Count(i => i.Kind == ExternalKind.Function);
    public int ImportedTableCount => _imports.Count(i => i.Kind == ExternalKind.Table);
    public int ImportedMemoryCount => _imports.Count(i => i.Kind == ExternalKind.Memory);
    public int ImportedGlobalCount => _imports.Count(i => i.Kind == ExternalKind.Global);

    /// <summary>Adds a function type; returns its type index. Identical types are not merged.</summary>
    public uint AddType(ValueType[] parameters, ValueType[] results)
    {
        _types.Add(new FunctionType(parameters, results));
        return (uint)(_types.Count - 1);
    }

    public uint ImportFunction(string module, string name, uint typeIndex)
    {
        RequireNoDefinitions(_functions.Count);
        _imports.Add(new Import(module, name, ExternalKind.Function) { FunctionTypeIndex = typeIndex });
        return (uint)(ImportedFunctionCount - 1);
    }

    public uint ImportTable(string module, string name, TableType table)
    {
        RequireNoDefinitions(_tables.Count);
        _imports.Add(new Import(module, name, ExternalKind.Table) { Table = table });
        return (uint)(ImportedTableCount - 1);
    }

    public uint ImportMemory(string module, string name, MemoryType memory)
    {
        RequireNoDefinitions(_memories.Count);
        _imports.Add(new Import(module, name, ExternalKind.Memory) { Memory = memory });
        return (uint)(ImportedMemoryCount - 1);
    }

    public uint ImportGlobal(string module, string name, GlobalType global)
    {
        RequireNoDefinitions(_globals.Count);
        _imports.Add(new Import(module, name, ExternalKind.Global) { Global = global });
        return (uint)(ImportedGlobalCount - 1);
    }

    public uint ImportTable(string module, string name, ValueType elementType, uint min, uint? max = null) =>
        ImportTable(module, name, new TableType(elementType, new Limits(min, max)));

    public uint ImportMemory(string module, string name, uint min, uint? max = null) =>
        ImportMemory(module, name, new MemoryType(new Limits(min, max)));

    public uint ImportGlobal(string module, string name, ValueType type, bool mutable) =>
        ImportGlobal(module, name, new GlobalType(type, mutable));

    /// <summary>
    /// Adds a function; returns its function index. <paramref name="code"/> is the instruction sequence including
    /// the final <c>end</c>.
    /// </summary>
    public uint AddFunction(uint typeIndex, byte[] code, params LocalGroup[] locals)
    {
        _functions.Add(new DefinedFunction(typeIndex, locals, code));
        return (uint)(ImportedFunctionCount + _functions.Count - 1);
    }

    /// <summary>Adds a type and a function of that type; returns the function index.</summary>
    public uint AddFunction(ValueType[] parameters, ValueType[] results, byte[] code, params LocalGroup[] locals) =>
        AddFunction(AddType(parameters, results), code, locals);

    public uint AddTable(ValueType elementType, uint min, uint? max = null)
    {
        _tables.Add(new TableType(elementType, new Limits(min, max)));
        return (uint)(ImportedTableCount + _tables.Count - 1);
    }

    public uint AddMemory(uint min, uint? max = null)
    {
        _memories.Add(new MemoryType(new Limits(min, max)));
        return (uint)(ImportedMemoryCount + _memories.Count - 1);
    }

    public uint AddGlobal(ValueType type, bool mutable, ConstantExpression initializer)
    {
        _globals.Add(new GlobalDefinition(new GlobalType(type, mutable), initializer));
        return (uint)(ImportedGlobalCount + _globals.Count - 1);
    }

    public WasmModuleBuilder Export(string name, ExternalKind kind, uint index)
    {
        _exports.Add(new Export(name, kind, index));
        return this;
    }

    public WasmModuleBuilder Start(uint functionIndex)
    {
        _start = functionIndex;
        return this;
    }

    /// <summary>Adds an element segment; returns its index. Build active ones with <see cref="ActiveElements"/>.</summary>
    public uint AddElements(ElementSegment segment)
    {
        _elements.Add(segment);
        return (uint)(_elements.Count - 1);
    }

    public uint ActiveElements(uint tableIndex, ConstantExpression offset, ValueType elementType, params ConstantExpression[] items) =>
        AddElements(new ElementSegment(SegmentMode.Active, elementType, items) { TableIndex = tableIndex, Offset = offset });

    /// <summary>An active funcref segment of function indices (the compact encoding on table 0).</summary>
    public uint ActiveElements(uint tableIndex, ConstantExpression offset, params uint[] functionIndices) =>
        ActiveElements(tableIndex, offset, ValueType.FuncRef, [.. functionIndices.Select(ConstantExpression.RefFunc)]);

    public uint PassiveElements(ValueType elementType, params ConstantExpression[] items) =>
        AddElements(new ElementSegment(SegmentMode.Passive, elementType, items));

    public uint DeclarativeElements(ValueType elementType, params ConstantExpression[] items) =>
        AddElements(new ElementSegment(SegmentMode.Declarative, elementType, items));

    public uint ActiveData(uint memoryIndex, ConstantExpression offset, byte[] bytes)
    {
        _data.Add(new DataDefinition(SegmentMode.Active, memoryIndex, offset, bytes));
        return (uint)(_data.Count - 1);
    }

    public uint PassiveData(byte[] bytes)
    {
        _data.Add(new DataDefinition(SegmentMode.Passive, 0, default, bytes));
        return (uint)(_data.Count - 1);
    }

    /// <summary>Emits a data count section (needed by memory.init and data.drop), by default the real count.</summary>
    public WasmModuleBuilder WithDataCount(uint? count = null)
    {
        _emitDataCount = true;
        _dataCountOverride = count;
        return this;
    }

    private uint? DataCount => _emitDataCount ? _dataCountOverride ?? (uint)_data.Count : null;

    private static void RequireNoDefinitions(int definitions)
    {
        if (definitions != 0) throw new InvalidOperationException("Add imports before definitions of the same kind.");
    }

    /// <summary>The module in the WebAssembly binary format.</summary>
    public byte[] ToBytes() => Encode(out _, out _);

    /// <summary>The module with its function and data byte locations, written by the engine's <see cref="ModuleEncoder"/>.</summary>
    private byte[] Encode(out (int Body, int Code)[] bodyOffsets, out int[] dataOffsets)
    {
        var functionImports = _imports.Where(i => i.Kind == ExternalKind.Function).Select(i => i.FunctionTypeIndex);
        var template = new ModuleInfo
        {
            Bytes = [],
            Types = [.. _types],
            Imports = [.. _imports],
            FunctionTypeIndices = [.. _functions.Select(f => f.TypeIndex)],
            Tables = [.. _tables],
            Memories = [.. _memories],
            Globals = [.. _globals],
            Exports = [.. _exports],
            StartFunction = _start,
            Elements = [.. _elements],
            DataCount = DataCount,
            Data = [.. _data.Select(d => new DataSegment(d.Mode, d.Bytes) { MemoryIndex = d.MemoryIndex, Offset = d.Offset })],
            AllFunctionTypeIndices = [.. functionImports, .. _functions.Select(f => f.TypeIndex)],
        };
        var bytes = ModuleEncoder.Encode(template, [.. _functions.Select(f => new EncodedFunctionBody(f.Locals, f.Code))], out var layout);
        bodyOffsets = [.. layout.Bodies.Select(b => (b.BodyOffset, b.CodeOffset))];
        dataOffsets = layout.DataOffsets;
        return bytes;
    }

    /// <summary>Decodes, validates and translates <see cref="ToBytes"/> for <paramref name="engine"/>.</summary>
    public Module Compile(Engine engine) => Module.Compile(engine, ToBytes());

    /// <summary>Compiles the module and instantiates it, without imports, in a new store of <paramref name="engine"/>.</summary>
    public Instance Instantiate(Engine engine) => new Linker().Instantiate(new Store(engine), Compile(engine));

    /// <summary>
    /// The model a decoder produces for <see cref="ToBytes"/>; its <see cref="ModuleInfo.Bytes"/> are those bytes and
    /// body and data ranges point into them.
    /// </summary>
    public ModuleInfo ToModuleInfo()
    {
        var bytes = Encode(out var bodyOffsets, out var dataOffsets);
        var functionImports = _imports.Where(i => i.Kind == ExternalKind.Function).Select(i => i.FunctionTypeIndex);
        var tableImports = _imports.Where(i => i.Kind == ExternalKind.Table).Select(i => i.Table);
        var memoryImports = _imports.Where(i => i.Kind == ExternalKind.Memory).Select(i => i.Memory);
        var globalImports = _imports.Where(i => i.Kind == ExternalKind.Global).Select(i => i.Global);
        return new ModuleInfo
        {
            Bytes = bytes,
            Types = [.. _types],
            Imports = [.. _imports],
            FunctionTypeIndices = [.. _functions.Select(f => f.TypeIndex)],
            Tables = [.. _tables],
            Memories = [.. _memories],
            Globals = [.. _globals],
            Exports = [.. _exports],
            StartFunction = _start,
            Elements = [.. _elements],
            DataCount = DataCount,
            Bodies = [.. _functions.Select((f, i) => new FunctionBody(
                f.Locals, (uint)f.Locals.Sum(l => (long)l.Count), bodyOffsets[i].Code, f.Code.Length) { BodyOffset = bodyOffsets[i].Body })],
            Data = [.. _data.Select((d, i) => new DataSegment(d.Mode, new ReadOnlyMemory<byte>(bytes, dataOffsets[i], d.Bytes.Length))
            {
                MemoryIndex = d.MemoryIndex,
                Offset = d.Offset,
            })],
            ImportedFunctionCount = ImportedFunctionCount,
            ImportedTableCount = ImportedTableCount,
            ImportedMemoryCount = ImportedMemoryCount,
            ImportedGlobalCount = ImportedGlobalCount,
            AllFunctionTypeIndices = [.. functionImports, .. _functions.Select(f => f.TypeIndex)],
            AllTables = [.. tableImports, .. _tables],
            AllMemories = [.. memoryImports, .. _memories],
            AllGlobals = [.. globalImports, .. _globals.Select(g => g.Type)],
        };
    }
}
