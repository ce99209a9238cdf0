using System.Text;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>A function signature as the generator handles it (structural equality, for deduplicating types).</summary>
public sealed record Signature(ValueType[] Parameters, ValueType[] Results)
{
    public bool Equals(Signature? other) =>
        other is not null && Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var t in Parameters) hash.Add(t);
        hash.Add(-1);
        foreach (var t in Results) hash.Add(t);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"[{string.Join(' ', Parameters.Select(t => t.ToWatName()))}] -> [{string.Join(' ', Results.Select(t => t.ToWatName()))}]";
}

public sealed class FunctionShape
{
    public required int Index { get; init; }
    public required int TypeIndex { get; init; }
    public required Signature Signature { get; init; }
    public List<ValueType> Locals { get; } = [];
    public List<CodeNode> Body { get; set; } = [];
    public string? ExportName { get; set; }
    /// <summary>For an imported function, its module and field name.</summary>
    public (string Module, string Name)? ImportName { get; init; }
    public bool IsImported => ImportName is not null;
    public bool IsFuelIntrinsic => ImportName == ("gas", "charge");
    /// <summary>A straight kernel (FunctionBodyGenerator.Kernels.cs): it neither loops nor calls, so it terminates
    /// without the termination guard at entry, and has none.</summary>
    public bool Straight { get; set; }
}

public sealed record TableShape(ValueType ElementType, uint Min, uint Max);

public sealed record MemoryShape(uint Min, uint Max);

/// <summary>
/// What a global is for: the program's own; the sink every observed value is folded into (so values computed
/// before a trap, or otherwise dropped, still reach the compared state); or the termination instrumentation the
/// host resets per call.
/// </summary>
public enum GlobalRole { Program, Sink, Fuel, Depth, Flag }

public sealed record GlobalShape(ValueType Type, bool Mutable, UInt128 InitBits, int InitFunction, GlobalRole Role)
{
    /// <summary>For a funcref global, the function whose ref.func initialises it, or -1 for ref.null.</summary>
    public int InitFunction { get; init; } = InitFunction;
}

public enum SegmentKind { Active, Passive, Declarative }

/// <summary>An element segment; an item of -1 is ref.null. Written with expressions when <see cref="AsExpressions"/>.</summary>
public sealed record ElementShape(SegmentKind Kind, int Table, uint Offset, ValueType ElementType, int[] Items, bool AsExpressions);

public sealed record DataShape(SegmentKind Kind, uint Offset, byte[] Bytes);

/// <summary>
/// A generated module before encoding. Function indices count the imports first: with <see cref="ImportsFuel"/>
/// the engine's fuel intrinsic <c>gas.charge</c> is function 0.
/// </summary>
public sealed class ModuleShape
{
    public const string MemoryExport = "mem";
    public const string FuelGlobalExport = "__fuel";
    public const string DepthGlobalExport = "__depth";
    public const string FlagGlobalExport = "__flag";

    public List<Signature> Types { get; } = [];
    public bool ImportsFuel { get; set; }
    /// <summary>Imports the host function <see cref="HostFunctions.Mix"/> (after the fuel intrinsic, if any).</summary>
    public bool ImportsHost { get; set; }
    /// <summary>The module's code uses fixed-width SIMD: v128 values, locals, globals, parameters and results.</summary>
    public bool UsesSimd { get; set; }
    /// <summary>The imported functions as callees (bodies empty), in import order.</summary>
    public List<FunctionShape> ImportedFunctions { get; } = [];
    public List<FunctionShape> Functions { get; } = [];
    public List<TableShape> Tables { get; } = [];
    public MemoryShape? Memory { get; set; }
    public List<GlobalShape> Globals { get; } = [];
    public List<ElementShape> Elements { get; } = [];
    public List<DataShape> Data { get; } = [];
    /// <summary>Function index of the start function, or -1.</summary>
    public int StartFunction { get; set; } = -1;

    public int ImportedFunctionCount => ImportedFunctions.Count;

    /// <summary>Any function, imported or defined, by its index in the function index space.</summary>
    public FunctionShape FunctionAt(int index) =>
        index < ImportedFunctions.Count ? ImportedFunctions[index] : Functions[index - ImportedFunctions.Count];

    public int TypeIndex(Signature signature)
    {
        int index = Types.IndexOf(signature);
        if (index >= 0) return index;
        Types.Add(signature);
        return Types.Count - 1;
    }

    public int GlobalIndex(GlobalRole role) => Globals.FindIndex(g => g.Role == role);

    public static string GlobalExportName(int index, GlobalRole role) => role switch
    {
        GlobalRole.Fuel => FuelGlobalExport,
        GlobalRole.Depth => DepthGlobalExport,
        GlobalRole.Flag => FlagGlobalExport,
        GlobalRole.Sink => "sink",
        _ => $"g{index}",
    };

    public static string TableExportName(int index) => $"t{index}";

    public IEnumerable<CodeNode> AllNodes() => Functions.SelectMany(f => f.Body).SelectMany(n => n.DescendantsAndSelf());

    /// <summary>The binary module; <paramref name="substitutions"/> plants a bug (see <see cref="CodeNode.Encode"/>).</summary>
    public byte[] Encode(IReadOnlyDictionary<uint, uint>? substitutions = null)
    {
        var w = new WasmWriter();
        w.WriteBytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);

        foreach (var import in ImportedFunctions) TypeIndex(import.Signature);
        w.WriteSection(1, s =>
        {
            s.WriteVarUInt32((uint)Types.Count);
            foreach (var type in Types)
            {
                s.WriteByte(0x60);
                s.WriteVarUInt32((uint)type.Parameters.Length);
                foreach (var p in type.Parameters) s.WriteByte((byte)p);
                s.WriteVarUInt32((uint)type.Results.Length);
                foreach (var r in type.Results) s.WriteByte((byte)r);
            }
        });
        if (ImportedFunctions.Count > 0)
        {
            w.WriteSection(2, s =>
            {
                s.WriteVarUInt32((uint)ImportedFunctions.Count);
                foreach (var import in ImportedFunctions)
                {
                    var (module, name) = import.ImportName!.Value;
                    s.WriteName(module);
                    s.WriteName(name);
                    s.WriteByte(0x00);
                    s.WriteVarUInt32((uint)TypeIndex(import.Signature));
                }
            });
        }
        w.WriteSection(3, s =>
        {
            s.WriteVarUInt32((uint)Functions.Count);
            foreach (var f in Functions) s.WriteVarUInt32((uint)f.TypeIndex);
        });
        if (Tables.Count > 0)
        {
            w.WriteSection(4, s =>
            {
                s.WriteVarUInt32((uint)Tables.Count);
                foreach (var t in Tables)
                {
                    s.WriteByte((byte)t.ElementType);
                    s.WriteByte(0x01);
                    s.WriteVarUInt32(t.Min);
                    s.WriteVarUInt32(t.Max);
                }
            });
        }
        if (Memory is { } memory)
        {
            w.WriteSection(5, s =>
            {
                s.WriteVarUInt32(1);
                s.WriteByte(0x01);
                s.WriteVarUInt32(memory.Min);
                s.WriteVarUInt32(memory.Max);
            });
        }
        if (Globals.Count > 0)
        {
            w.WriteSection(6, s =>
            {
                s.WriteVarUInt32((uint)Globals.Count);
                foreach (var g in Globals)
                {
                    s.WriteByte((byte)g.Type);
                    s.WriteByte(g.Mutable ? (byte)1 : (byte)0);
                    WriteConstant(s, g.Type, g.InitBits, g.InitFunction);
                    s.WriteByte(0x0B);
                }
            });
        }
        w.WriteSection(7, s =>
        {
            var exports = Exports();
            s.WriteVarUInt32((uint)exports.Count);
            foreach (var (name, kind, index) in exports)
            {
                s.WriteName(name);
                s.WriteByte(kind);
                s.WriteVarUInt32((uint)index);
            }
        });
        if (StartFunction >= 0) w.WriteSection(8, s => s.WriteVarUInt32((uint)StartFunction));
        if (Elements.Count > 0) w.WriteSection(9, WriteElements);
        if (Data.Count > 0)
        {
            w.WriteSection(12, s => s.WriteVarUInt32((uint)Data.Count));
        }
        w.WriteSection(10, s =>
        {
            s.WriteVarUInt32((uint)Functions.Count);
            foreach (var f in Functions)
            {
                var body = new WasmWriter();
                var groups = GroupLocals(f.Locals);
                body.WriteVarUInt32((uint)groups.Count);
                foreach (var (count, type) in groups)
                {
                    body.WriteVarUInt32(count);
                    body.WriteByte((byte)type);
                }
                if (!f.Straight) WriteFuelCheck(body, this);
                foreach (var node in f.Body) node.Encode(body, substitutions);
                body.WriteByte(0x0B);
                s.WriteVarUInt32((uint)body.Length);
                s.WriteBytes(body.WrittenSpan);
            }
        });
        if (Data.Count > 0) w.WriteSection(11, WriteData);
        return w.ToArray();
    }

    /// <summary>Exports in a fixed order: functions, memory, tables, globals. Kind bytes as in the binary format.</summary>
    public List<(string Name, byte Kind, int Index)> Exports()
    {
        var exports = new List<(string, byte, int)>();
        foreach (var f in Functions)
            if (f.ExportName is not null) exports.Add((f.ExportName, 0x00, f.Index));
        for (int i = 0; i < Tables.Count; i++) exports.Add((TableExportName(i), 0x01, i));
        if (Memory is not null) exports.Add((MemoryExport, 0x02, 0));
        for (int i = 0; i < Globals.Count; i++) exports.Add((GlobalExportName(i, Globals[i].Role), 0x03, i));
        return exports;
    }

    /// <summary>
    /// The termination guard every function entry and loop header runs: when the fuel global is 0, record why in
    /// the flag global and trap; otherwise decrement it. Both engines see the same code, so both stop at the same
    /// point, whatever their own stack or fuel mechanisms.
    /// </summary>
    public static void WriteFuelCheck(WasmWriter w, ModuleShape module)
    {
        int fuel = module.GlobalIndex(GlobalRole.Fuel);
        int flag = module.GlobalIndex(GlobalRole.Flag);
        w.WriteByte(0x23); w.WriteVarUInt32((uint)fuel);
        w.WriteByte(0x45);
        w.WriteByte(0x04); w.WriteByte(0x40);
        w.WriteByte(0x41); w.WriteVarInt32(1);
        w.WriteByte(0x24); w.WriteVarUInt32((uint)flag);
        w.WriteByte(0x00);
        w.WriteByte(0x0B);
        w.WriteByte(0x23); w.WriteVarUInt32((uint)fuel);
        w.WriteByte(0x41); w.WriteVarInt32(1);
        w.WriteByte(0x6B);
        w.WriteByte(0x24); w.WriteVarUInt32((uint)fuel);
    }

    private void WriteElements(WasmWriter s)
    {
        s.WriteVarUInt32((uint)Elements.Count);
        foreach (var e in Elements)
        {
            // Flags per the binary format: bit 0 passive/declarative, bit 1 explicit table (or declarative), bit 2 expressions.
            bool explicitTable = e.Kind == SegmentKind.Active && (e.Table != 0 || e.ElementType != ValueType.FuncRef);
            int flags = e.Kind switch
            {
                SegmentKind.Active => explicitTable ? 2 : 0,
                SegmentKind.Passive => 1,
                _ => 3,
            };
            bool expressions = e.AsExpressions || e.ElementType != ValueType.FuncRef || e.Items.Any(i => i < 0);
            if (expressions) flags |= 4;
            s.WriteVarUInt32((uint)flags);
            if (e.Kind == SegmentKind.Active)
            {
                if (explicitTable) s.WriteVarUInt32((uint)e.Table);
                s.WriteByte(0x41); s.WriteVarInt32((int)e.Offset); s.WriteByte(0x0B);
            }
            if (flags != 0 && flags != 4)
            {
                // elemkind 0x00 (funcref) for index vectors, a reference type for expression vectors.
                s.WriteByte(expressions ? (byte)e.ElementType : (byte)0x00);
            }
            s.WriteVarUInt32((uint)e.Items.Length);
            foreach (var item in e.Items)
            {
                if (expressions)
                {
                    WriteConstant(s, e.ElementType, 0, item);
                    s.WriteByte(0x0B);
                }
                else
                {
                    s.WriteVarUInt32((uint)item);
                }
            }
        }
    }

    private void WriteData(WasmWriter s)
    {
        s.WriteVarUInt32((uint)Data.Count);
        foreach (var d in Data)
        {
            if (d.Kind == SegmentKind.Active)
            {
                s.WriteVarUInt32(0);
                s.WriteByte(0x41); s.WriteVarInt32((int)d.Offset); s.WriteByte(0x0B);
            }
            else
            {
                s.WriteVarUInt32(1);
            }
            s.WriteVarUInt32((uint)d.Bytes.Length);
            s.WriteBytes(d.Bytes);
        }
    }

    private static void WriteConstant(WasmWriter s, ValueType type, UInt128 value, int function)
    {
        ulong bits = (ulong)value;
        switch (type)
        {
            case ValueType.I32: s.WriteByte(0x41); s.WriteVarInt32((int)(uint)bits); break;
            case ValueType.I64: s.WriteByte(0x42); s.WriteVarInt64((long)bits); break;
            case ValueType.F32: s.WriteByte(0x43); s.WriteFloat32Bits((uint)bits); break;
            case ValueType.F64: s.WriteByte(0x44); s.WriteFloat64Bits(bits); break;
            case ValueType.V128: CodeNode.WriteV128Const(s, value); break;
            case ValueType.FuncRef when function >= 0: s.WriteByte(0xD2); s.WriteVarUInt32((uint)function); break;
            default: s.WriteByte(0xD0); s.WriteByte((byte)type); break;
        }
    }

    private static List<(uint Count, ValueType Type)> GroupLocals(List<ValueType> locals)
    {
        var groups = new List<(uint, ValueType)>();
        foreach (var type in locals)
        {
            if (groups.Count > 0 && groups[^1].Item2 == type) groups[^1] = (groups[^1].Item1 + 1, type);
            else groups.Add((1, type));
        }
        return groups;
    }

    /// <summary>A readable listing of the module's functions, for reports and regression files.</summary>
    public string Dump()
    {
        var output = new StringBuilder();
        output.Append($"memory {Memory?.ToString() ?? "none"}; tables {string.Join(", ", Tables)}; start {StartFunction}\n");
        for (int i = 0; i < Globals.Count; i++) output.Append($"global {i}: {Globals[i]}\n");
        foreach (var e in Elements) output.Append($"elem {e.Kind} table {e.Table} offset {e.Offset} {e.ElementType.ToWatName()} [{string.Join(' ', e.Items)}]\n");
        foreach (var d in Data) output.Append($"data {d.Kind} offset {d.Offset} ({d.Bytes.Length} bytes)\n");
        foreach (var f in Functions)
        {
            output.Append($"func {f.Index} {f.Signature}{(f.ExportName is null ? "" : $" export \"{f.ExportName}\"")} locals [{string.Join(' ', f.Locals.Select(t => t.ToWatName()))}]\n");
            foreach (var node in f.Body) node.Dump(output, 1);
        }
        return output.ToString();
    }
}
