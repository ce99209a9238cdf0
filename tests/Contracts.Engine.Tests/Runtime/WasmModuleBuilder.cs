using System.Text;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Runtime;

/// <summary>
/// Assembles small WebAssembly binaries for runtime tests: types, imports, definitions, exports, start and active
/// segments. Function bodies and constant expressions are given as raw instruction bytes (without the final end).
/// </summary>
internal sealed class WasmModuleBuilder
{
    private readonly List<(ValueType[] Parameters, ValueType[] Results)> _types = [];
    private readonly List<byte[]> _imports = [];
    private readonly List<(uint Type, ValueType[] Locals, byte[] Body)> _functions = [];
    private readonly List<byte[]> _tables = [];
    private readonly List<byte[]> _memories = [];
    private readonly List<byte[]> _globals = [];
    private readonly List<byte[]> _exports = [];
    private readonly List<byte[]> _elements = [];
    private readonly List<byte[]> _data = [];
    private uint? _start;
    private uint _importedFunctions, _importedTables, _importedMemories, _importedGlobals;

    public uint AddType(ValueType[] parameters, ValueType[] results)
    {
        _types.Add((parameters, results));
        return (uint)_types.Count - 1;
    }

    public uint ImportFunction(string module, string name, uint type)
    {
        _imports.Add([.. Name(module), .. Name(name), 0x00, .. Leb(type)]);
        return _importedFunctions++;
    }

    public uint ImportTable(string module, string name, ValueType elementType, uint min, uint? max = null)
    {
        _imports.Add([.. Name(module), .. Name(name), 0x01, (byte)elementType, .. Limits(min, max)]);
        return _importedTables++;
    }

    public uint ImportMemory(string module, string name, uint min, uint? max = null)
    {
        _imports.Add([.. Name(module), .. Name(name), 0x02, .. Limits(min, max)]);
        return _importedMemories++;
    }

    public uint ImportGlobal(string module, string name, ValueType type, bool mutable)
    {
        _imports.Add([.. Name(module), .. Name(name), 0x03, (byte)type, mutable ? (byte)1 : (byte)0]);
        return _importedGlobals++;
    }

    public uint AddFunction(uint type, byte[] body, params ValueType[] locals)
    {
        _functions.Add((type, locals, body));
        return _importedFunctions + (uint)_functions.Count - 1;
    }

    public uint AddTable(ValueType elementType, uint min, uint? max = null)
    {
        _tables.Add([(byte)elementType, .. Limits(min, max)]);
        return _importedTables + (uint)_tables.Count - 1;
    }

    public uint AddMemory(uint min, uint? max = null)
    {
        _memories.Add(Limits(min, max));
        return _importedMemories + (uint)_memories.Count - 1;
    }

    public uint AddGlobal(ValueType type, bool mutable, byte[] initializer)
    {
        _globals.Add([(byte)type, mutable ? (byte)1 : (byte)0, .. initializer, 0x0B]);
        return _importedGlobals + (uint)_globals.Count - 1;
    }

    public WasmModuleBuilder Export(string name, ExternalKind kind, uint index)
    {
        _exports.Add([.. Name(name), (byte)kind, .. Leb(index)]);
        return this;
    }

    public WasmModuleBuilder Start(uint function)
    {
        _start = function;
        return this;
    }

    /// <summary>An active funcref segment of function indices at <paramref name="offset"/> in <paramref name="table"/>.</summary>
    public WasmModuleBuilder ActiveElements(uint table, byte[] offset, params uint[] functions)
    {
        byte[] indices = [.. Leb((uint)functions.Length), .. functions.SelectMany(Leb)];
        _elements.Add(table == 0
            ? [0x00, .. offset, 0x0B, .. indices]
            : [0x02, .. Leb(table), .. offset, 0x0B, 0x00, .. indices]);
        return this;
    }

    public WasmModuleBuilder ActiveData(uint memory, byte[] offset, byte[] bytes)
    {
        _data.Add(memory == 0
            ? [0x00, .. offset, 0x0B, .. Leb((uint)bytes.Length), .. bytes]
            : [0x02, .. Leb(memory), .. offset, 0x0B, .. Leb((uint)bytes.Length), .. bytes]);
        return this;
    }

    public byte[] Build()
    {
        var module = new List<byte> { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 };
        Section(module, 1, _types.Select(t => (byte[])[0x60, .. Vector(t.Parameters), .. Vector(t.Results)]).ToList());
        Section(module, 2, _imports);
        Section(module, 3, _functions.Select(f => Leb(f.Type)).ToList());
        Section(module, 4, _tables);
        Section(module, 5, _memories);
        Section(module, 6, _globals);
        Section(module, 7, _exports);
        if (_start is { } start) RawSection(module, 8, Leb(start));
        Section(module, 9, _elements);
        Section(module, 10, _functions.Select(f => Code(f.Locals, f.Body)).ToList());
        Section(module, 11, _data);
        return module.ToArray();
    }

    public Module Compile(Engine engine) => Module.Compile(engine, Build());

    // Instruction helpers for bodies and constant expressions.
    public static byte[] I32Const(int value) => [0x41, .. SignedLeb(value)];
    public static byte[] I64Const(long value) => [0x42, .. SignedLeb(value)];
    public static byte[] GlobalGet(uint index) => [0x23, .. Leb(index)];
    public static byte[] LocalGet(uint index) => [0x20, .. Leb(index)];
    public static byte[] Call(uint function) => [0x10, .. Leb(function)];
    public static byte[] RefFunc(uint function) => [0xD2, .. Leb(function)];

    private static byte[] Code(ValueType[] locals, byte[] body)
    {
        byte[] declarations = [.. Leb((uint)locals.Length), .. locals.SelectMany(l => (byte[])[0x01, (byte)l])];
        byte[] content = [.. declarations, .. body, 0x0B];
        return [.. Leb((uint)content.Length), .. content];
    }

    private static void Section(List<byte> module, byte id, List<byte[]> entries)
    {
        if (entries.Count == 0) return;
        RawSection(module, id, [.. Leb((uint)entries.Count), .. entries.SelectMany(e => e)]);
    }

    private static void RawSection(List<byte> module, byte id, byte[] content)
    {
        module.Add(id);
        module.AddRange(Leb((uint)content.Length));
        module.AddRange(content);
    }

    private static byte[] Vector(ValueType[] types) => [.. Leb((uint)types.Length), .. types.Select(t => (byte)t)];

    private static byte[] Limits(uint min, uint? max) => max is { } m ? [0x01, .. Leb(min), .. Leb(m)] : [0x00, .. Leb(min)];

    private static byte[] Name(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        return [.. Leb((uint)bytes.Length), .. bytes];
    }

    public static byte[] Leb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            bytes.Add(b);
        } while (value != 0);
        return bytes.ToArray();
    }

    public static byte[] SignedLeb(long value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done) return bytes.ToArray();
        }
    }
}
