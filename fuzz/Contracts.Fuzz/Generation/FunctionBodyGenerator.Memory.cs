using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>Loads, stores, memory and table instructions (bulk ones included).</summary>
internal sealed partial class FunctionBodyGenerator
{
    private sealed record MemoryOp(byte Opcode, string Name, ValueType Type, int NaturalAlignment);

    private static readonly MemoryOp[] Loads =
    [
        new(0x28, "i32.load", ValueType.I32, 2), new(0x29, "i64.load", ValueType.I64, 3),
        new(0x2A, "f32.load", ValueType.F32, 2), new(0x2B, "f64.load", ValueType.F64, 3),
        new(0x2C, "i32.load8_s", ValueType.I32, 0), new(0x2D, "i32.load8_u", ValueType.I32, 0),
        new(0x2E, "i32.load16_s", ValueType.I32, 1), new(0x2F, "i32.load16_u", ValueType.I32, 1),
        new(0x30, "i64.load8_s", ValueType.I64, 0), new(0x31, "i64.load8_u", ValueType.I64, 0),
        new(0x32, "i64.load16_s", ValueType.I64, 1), new(0x33, "i64.load16_u", ValueType.I64, 1),
        new(0x34, "i64.load32_s", ValueType.I64, 2), new(0x35, "i64.load32_u", ValueType.I64, 2),
    ];

    private static readonly MemoryOp[] Stores =
    [
        new(0x36, "i32.store", ValueType.I32, 2), new(0x37, "i64.store", ValueType.I64, 3),
        new(0x38, "f32.store", ValueType.F32, 2), new(0x39, "f64.store", ValueType.F64, 3),
        new(0x3A, "i32.store8", ValueType.I32, 0), new(0x3B, "i32.store16", ValueType.I32, 1),
        new(0x3C, "i64.store8", ValueType.I64, 0), new(0x3D, "i64.store16", ValueType.I64, 1),
        new(0x3E, "i64.store32", ValueType.I64, 2),
    ];

    private CodeNode Load(ValueType type)
    {
        var op = _random.Pick(Loads.Where(l => l.Type == type).ToArray());
        var (memarg, text) = MemArg(op.NaturalAlignment);
        return new CodeNode { Mnemonic = $"{op.Name} {text}", Results = [type], Operands = [Address()], Code = [op.Opcode, .. memarg], Opcodes = [op.Opcode] };
    }

    private CodeNode Store()
    {
        if (_simd && _random.Chance(40)) return SimdStore();
        var op = _random.Pick(Stores);
        var (memarg, text) = MemArg(op.NaturalAlignment);
        return new CodeNode { Mnemonic = $"{op.Name} {text}", Results = [], Operands = [Address(), Value(op.Type)], Code = [op.Opcode, .. memarg], Opcodes = [op.Opcode] };
    }

    private (byte[] Bytes, string Text) MemArg(int naturalAlignment)
    {
        int align = _random.Chance(70) ? naturalAlignment : _random.Range(0, naturalAlignment);
        uint offset = _random.Next(1000) switch
        {
            < 600 => 0,
            < 996 => (uint)_random.Range(1, 64),
            _ => _random.Chance(50) ? (uint)_random.Range(1, 4) * 65536u - (uint)_random.Range(0, 8) : _random.NextUInt32(),
        };
        return (EncodeMemArg(align, offset), $"offset={offset} align={1 << align}");
    }

    /// <summary>A memarg's bytes: the alignment's log2, then the offset.</summary>
    private static byte[] EncodeMemArg(int alignment, uint offset)
    {
        var w = new WasmWriter();
        w.WriteVarUInt32((uint)alignment);
        w.WriteVarUInt32(offset);
        return w.ToArray();
    }

    /// <summary>An address: mostly masked into the first pages so most accesses land, sometimes anything.</summary>
    private CodeNode Address()
    {
        // Out-of-bounds accesses trap the whole call, so they stay rare (a fraction of a percent per access).
        int roll = _random.Next(1000);
        // An arithmetic-style function's addresses are constants: a computed one may carry a rotation's value.
        if (_arithmetic && roll < 970) roll = 0;
        if (roll < 497) return SmallIndex(_random.Chance(50) ? 64 : (int)Math.Max(64, _module.Memory!.Min * 65536 - 128));
        if (roll < 995)
        {
            // Masks that fit the initial memory mostly; a larger one now and then reaches past it.
            uint bytes = _module.Memory!.Min * 65536u;
            var masks = new[] { 0xFF, 0xFFF, 0x7FFF, 0xFFFF, 0x1FFFF }.Where(m => m + 128 < bytes).ToArray();
            int mask = masks.Length > 0 ? _random.Pick(masks) : 0xFF;
            return new CodeNode { Mnemonic = $"i32.and 0x{mask:x} (address mask)", Results = [ValueType.I32], Operands = [Value(ValueType.I32)], Code = [0x41, .. Sleb(mask), 0x71] };
        }
        return Value(ValueType.I32);
    }

    /// <summary>A byte or element count: small mostly, so bulk operations succeed often.</summary>
    private CodeNode Length()
    {
        if (_random.Next(1000) < 996) return SmallIndex(_random.Chance(99) ? 40 : 70_000);
        return Value(ValueType.I32);
    }

    private CodeNode SizeOrGrow()
    {
        bool hasMemory = _module.Memory is not null;
        int roll = _random.Next(4);
        if (hasMemory && roll == 0) return new CodeNode { Mnemonic = "memory.size", Results = [ValueType.I32], Code = [0x3F, 0x00], Opcodes = [0x3F] };
        if (hasMemory && roll == 1)
        {
            var delta = _random.Chance(80) ? SmallIndex(3) : Value(ValueType.I32);
            return new CodeNode { Mnemonic = "memory.grow", Results = [ValueType.I32], Operands = [delta], Code = [0x40, 0x00], Opcodes = [0x40] };
        }
        int table = _random.Next(_module.Tables.Count);
        if (roll == 2) return new CodeNode { Mnemonic = $"table.size {table}", Results = [ValueType.I32], Code = [0xFC, 16, .. Uleb(table)], Opcodes = [CodeNode.KeyFC(16)] };
        var operands = new List<CodeNode> { Value(_module.Tables[table].ElementType), _random.Chance(80) ? SmallIndex(3) : Value(ValueType.I32) };
        return new CodeNode { Mnemonic = $"table.grow {table}", Results = [ValueType.I32], Operands = operands, Code = [0xFC, 15, .. Uleb(table)], Opcodes = [CodeNode.KeyFC(15)] };
    }

    private CodeNode TableIndex(int table) => _random.Next(1000) switch
    {
        < 990 => SmallIndex(Math.Max(1, (int)_module.Tables[table].Min - 1)),
        < 997 => SmallIndex((int)_module.Tables[table].Min + 2),
        _ => Value(ValueType.I32),
    };

    /// <summary>An element count: tables are small, so mostly 0 to 2.</summary>
    private CodeNode TableLength() => _random.Next(1000) < 995 ? SmallIndex(2) : Length();

    private List<int> TablesOf(ValueType type) =>
        Enumerable.Range(0, _module.Tables.Count).Where(t => _module.Tables[t].ElementType == type).ToList();

    private CodeNode? TableGet(ValueType type)
    {
        var tables = TablesOf(type);
        if (tables.Count == 0) return null;
        int table = _random.Pick(tables);
        return new CodeNode { Mnemonic = $"table.get {table}", Results = [type], Operands = [TableIndex(table)], Code = [0x25, .. Uleb(table)], Opcodes = [0x25] };
    }

    private CodeNode MemoryStatement()
    {
        int segments = _module.Data.Count;
        int roll = _random.Next(segments > 0 ? 3 : 2);
        // data.drop makes every later non-empty memory.init of the segment trap: rare.
        // (A dropped segment stays dropped for every later call on the instance.)
        if (segments > 0 && _random.Next(1000) < 7) roll = 3;
        switch (roll)
        {
            case 0:
                return new CodeNode { Mnemonic = "memory.fill", Results = [], Operands = [Address(), Value(ValueType.I32), Length()], Code = [0xFC, 11, 0x00], Opcodes = [CodeNode.KeyFC(11)] };
            case 1:
                return new CodeNode { Mnemonic = "memory.copy", Results = [], Operands = [Address(), Address(), Length()], Code = [0xFC, 10, 0x00, 0x00], Opcodes = [CodeNode.KeyFC(10)] };
            case 2:
            {
                // Active segments count as dropped once instantiated: init from them traps unless empty.
                var passive = Enumerable.Range(0, segments).Where(d => _module.Data[d].Kind == SegmentKind.Passive || _random.Chance(3)).ToList();
                if (passive.Count == 0) goto case 0;
                int segment = _random.Pick(passive);
                return new CodeNode { Mnemonic = $"memory.init {segment}", Results = [], Operands = [Address(), SmallIndex(_module.Data[segment].Bytes.Length / 2 + (_random.Chance(2) ? 3 : 1)), SmallIndex(_module.Data[segment].Bytes.Length / 2 + 1)], Code = [0xFC, 8, .. Uleb(segment), 0x00], Opcodes = [CodeNode.KeyFC(8)] };
            }
            default:
            {
                int segment = _random.Next(segments);
                return new CodeNode { Mnemonic = $"data.drop {segment}", Results = [], Code = [0xFC, 9, .. Uleb(segment)], Opcodes = [CodeNode.KeyFC(9)] };
            }
        }
    }

    private CodeNode TableStatement()
    {
        // Table 0 holds the functions call_indirect relies on: it is mutated rarely, the other tables freely.
        int table = _module.Tables.Count > 1 && _random.Chance(90) ? _random.Range(1, _module.Tables.Count - 1) : 0;
        if (table == 0 && _random.Chance(70)) return new CodeNode { Mnemonic = "drop", Results = [], Operands = [SizeOrGrow()], Code = [0x1A], Opcodes = [0x1A] };
        var elementType = _module.Tables[table].ElementType;
        // Active and declarative segments count as dropped once instantiated: init from them traps unless empty.
        var segments = Enumerable.Range(0, _module.Elements.Count)
            .Where(e => _module.Elements[e].ElementType == elementType && (_module.Elements[e].Kind == SegmentKind.Passive || _random.Chance(3))).ToList();
        int roll = _random.Next(6);
        switch (roll)
        {
            case 0:
                return new CodeNode { Mnemonic = $"table.set {table}", Results = [], Operands = [TableIndex(table), Value(elementType)], Code = [0x26, .. Uleb(table)], Opcodes = [0x26] };
            case 1:
                return new CodeNode { Mnemonic = $"table.fill {table}", Results = [], Operands = [TableIndex(table), Value(elementType), TableLength()], Code = [0xFC, 17, .. Uleb(table)], Opcodes = [CodeNode.KeyFC(17)] };
            case 2:
            {
                int source = _random.Pick(TablesOf(elementType));
                return new CodeNode { Mnemonic = $"table.copy {table} {source}", Results = [], Operands = [TableIndex(table), TableIndex(source), TableLength()], Code = [0xFC, 14, .. Uleb(table), .. Uleb(source)], Opcodes = [CodeNode.KeyFC(14)] };
            }
            case 3 when segments.Count > 0:
            {
                int segment = _random.Pick(segments);
                return new CodeNode { Mnemonic = $"table.init {table} {segment}", Results = [], Operands = [TableIndex(table), SmallIndex(_module.Elements[segment].Items.Length / 2 + (_random.Chance(2) ? 3 : 1)), SmallIndex(_module.Elements[segment].Items.Length / 2 + 1)], Code = [0xFC, 12, .. Uleb(segment), .. Uleb(table)], Opcodes = [CodeNode.KeyFC(12)] };
            }
            case 4 when _module.Elements.Count > 0 && _random.Chance(3):
            {
                int segment = _random.Next(_module.Elements.Count);
                return new CodeNode { Mnemonic = $"elem.drop {segment}", Results = [], Code = [0xFC, 13, .. Uleb(segment)], Opcodes = [CodeNode.KeyFC(13)] };
            }
            default:
            {
                var grow = SizeOrGrow();
                return new CodeNode { Mnemonic = "drop", Results = [], Operands = [grow], Code = [0x1A], Opcodes = [0x1A] };
            }
        }
    }
}
