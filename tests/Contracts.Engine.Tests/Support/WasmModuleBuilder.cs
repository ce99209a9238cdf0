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

    private byte[] Encode(out (int Body, int Code)[] bodyOffsets, out int[] dataOffsets)
    {
        var module = new ByteWriter();
        module.Bytes(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00);

        if (_types.Count > 0)
        {
            module.Section(1, s =>
            {
                s.U32((uint)_types.Count);
                foreach (var type in _types)
                {
                    s.Byte(0x60);
                    s.ValueTypes(type.Parameters);
                    s.ValueTypes(type.Results);
                }
            });
        }
        if (_imports.Count > 0)
        {
            module.Section(2, s =>
            {
                s.U32((uint)_imports.Count);
                foreach (var import in _imports)
                {
                    s.Name(import.Module);
                    s.Name(import.Name);
                    s.Byte((byte)import.Kind);
                    switch (import.Kind)
                    {
                        case ExternalKind.Function: s.U32(import.FunctionTypeIndex); break;
                        case ExternalKind.Table: s.Table(import.Table); break;
                        case ExternalKind.Memory: s.Limits(import.Memory.Limits); break;
                        case ExternalKind.Global: s.GlobalType(import.Global); break;
                    }
                }
            });
        }
        if (_functions.Count > 0)
        {
            module.Section(3, s =>
            {
                s.U32((uint)_functions.Count);
                foreach (var function in _functions) s.U32(function.TypeIndex);
            });
        }
        if (_tables.Count > 0)
        {
            module.Section(4, s =>
            {
                s.U32((uint)_tables.Count);
                foreach (var table in _tables) s.Table(table);
            });
        }
        if (_memories.Count > 0)
        {
            module.Section(5, s =>
            {
                s.U32((uint)_memories.Count);
                foreach (var memory in _memories) s.Limits(memory.Limits);
            });
        }
        if (_globals.Count > 0)
        {
            module.Section(6, s =>
            {
                s.U32((uint)_globals.Count);
                foreach (var global in _globals)
                {
                    s.GlobalType(global.Type);
                    s.ConstantExpression(global.Initializer);
                }
            });
        }
        if (_exports.Count > 0)
        {
            module.Section(7, s =>
            {
                s.U32((uint)_exports.Count);
                foreach (var export in _exports)
                {
                    s.Name(export.Name);
                    s.Byte((byte)export.Kind);
                    s.U32(export.Index);
                }
            });
        }
        if (_start is { } start) module.Section(8, s => s.U32(start));
        if (_elements.Count > 0)
        {
            module.Section(9, s =>
            {
                s.U32((uint)_elements.Count);
                foreach (var segment in _elements) s.ElementSegment(segment);
            });
        }
        if (DataCount is { } dataCount) module.Section(12, s => s.U32(dataCount));

        var bodies = new (int Body, int Code)[_functions.Count];
        if (_functions.Count > 0)
        {
            module.Section(10, s =>
            {
                s.U32((uint)_functions.Count);
                for (int i = 0; i < _functions.Count; i++)
                {
                    var function = _functions[i];
                    var body = new ByteWriter();
                    body.U32((uint)function.Locals.Length);
                    foreach (var group in function.Locals)
                    {
                        body.U32(group.Count);
                        body.Byte((byte)group.Type);
                    }
                    int codeStart = body.Length;
                    body.Bytes(function.Code);
                    int bodyOffset = s.Length;
                    s.U32((uint)body.Length);
                    int contentOffset = s.Length;
                    s.Bytes(body.ToArray());
                    bodies[i] = (bodyOffset, contentOffset + codeStart);
                }
            }, out int codeSectionContent);
            for (int i = 0; i < bodies.Length; i++) bodies[i] = (bodies[i].Body + codeSectionContent, bodies[i].Code + codeSectionContent);
        }

        var data = new int[_data.Count];
        if (_data.Count > 0)
        {
            module.Section(11, s =>
            {
                s.U32((uint)_data.Count);
                for (int i = 0; i < _data.Count; i++)
                {
                    var segment = _data[i];
                    if (segment.Mode == SegmentMode.Passive)
                    {
                        s.Byte(1);
                    }
                    else if (segment.MemoryIndex == 0)
                    {
                        s.Byte(0);
                        s.ConstantExpression(segment.Offset);
                    }
                    else
                    {
                        s.Byte(2);
                        s.U32(segment.MemoryIndex);
                        s.ConstantExpression(segment.Offset);
                    }
                    s.U32((uint)segment.Bytes.Length);
                    data[i] = s.Length;
                    s.Bytes(segment.Bytes);
                }
            }, out int dataSectionContent);
            for (int i = 0; i < data.Length; i++) data[i] += dataSectionContent;
        }

        bodyOffsets = bodies;
        dataOffsets = data;
        return module.ToArray();
    }

    /// <summary>An append-only byte buffer with the binary format's encodings.</summary>
    private sealed class ByteWriter
    {
        private readonly List<byte> _bytes = [];

        public int Length => _bytes.Count;

        public byte[] ToArray() => [.. _bytes];

        public void Byte(byte value) => _bytes.Add(value);

        public void Bytes(params byte[] values) => _bytes.AddRange(values);

        public void U32(uint value) => _bytes.AddRange(Leb128.Unsigned(value));

        public void Name(string name)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
            U32((uint)utf8.Length);
            Bytes(utf8);
        }

        public void ValueTypes(ValueType[] types)
        {
            U32((uint)types.Length);
            foreach (var type in types) Byte((byte)type);
        }

        public void Limits(Limits limits)
        {
            if (limits.Max is { } max)
            {
                Byte(1);
                U32(limits.Min);
                U32(max);
            }
            else
            {
                Byte(0);
                U32(limits.Min);
            }
        }

        public void Table(TableType table)
        {
            Byte((byte)table.ElementType);
            Limits(table.Limits);
        }

        public void GlobalType(GlobalType global)
        {
            Byte((byte)global.ValueType);
            Byte(global.Mutable ? (byte)1 : (byte)0);
        }

        public void ConstantExpression(ConstantExpression expression)
        {
            Bytes(CodeBuilder.ConstantInstruction(expression));
            Byte(0x0B);
        }

        public void ElementSegment(ElementSegment segment)
        {
            bool allFunctionIndices = segment.ElementType == ValueType.FuncRef
                && segment.Items.All(i => i.Kind == ConstantExpressionKind.RefFunc);
            switch (segment.Mode)
            {
                case SegmentMode.Active when segment.TableIndex == 0 && allFunctionIndices:
                    Byte(0);
                    ConstantExpression(segment.Offset);
                    U32((uint)segment.Items.Length);
                    foreach (var item in segment.Items) U32(item.Index);
                    return;
                case SegmentMode.Active when segment.TableIndex == 0 && segment.ElementType == ValueType.FuncRef:
                    Byte(4);
                    ConstantExpression(segment.Offset);
                    break;
                case SegmentMode.Active:
                    Byte(6);
                    U32(segment.TableIndex);
                    ConstantExpression(segment.Offset);
                    Byte((byte)segment.ElementType);
                    break;
                case SegmentMode.Passive:
                    Byte(5);
                    Byte((byte)segment.ElementType);
                    break;
                case SegmentMode.Declarative:
                    Byte(7);
                    Byte((byte)segment.ElementType);
                    break;
            }
            U32((uint)segment.Items.Length);
            foreach (var item in segment.Items) ConstantExpression(item);
        }

        public void Section(byte id, Action<ByteWriter> writeContent) => Section(id, writeContent, out _);

        /// <summary>Writes a section; <paramref name="contentOffset"/> is where its content starts in this buffer.</summary>
        public void Section(byte id, Action<ByteWriter> writeContent, out int contentOffset)
        {
            var content = new ByteWriter();
            writeContent(content);
            Byte(id);
            U32((uint)content.Length);
            contentOffset = Length;
            _bytes.AddRange(content._bytes);
        }
    }
}
