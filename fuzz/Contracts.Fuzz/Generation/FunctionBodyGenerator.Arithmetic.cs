using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// Arithmetic-style functions: integer expressions rich in rotations whose values mostly go to memory (stores at
/// constant addresses, locals, observations folded into a memory word instead of the sink global), with conditions,
/// addresses and results mostly free of computed values.
/// <para>The compiled tier gives a function the .NET JIT's native rotate only when no rotation's value can reach a
/// comparison, branch, select, division, address, call, return or global (its forward walk,
/// <c>RotationsStayInArithmetic</c>): an ordinary generated function never qualifies, since every value is folded into
/// the sink global by a rotation. These functions do, except where one of the ordinary nodes mixed in (a few percent)
/// lets a rotation's value leak into such a reader, which the walk must then notice: both sides of its decision are
/// compared against the interpreter and Wasmtime.</para>
/// </summary>
internal sealed partial class FunctionBodyGenerator
{
    /// <summary>The sink word of arithmetic-style functions: the first 8 bytes of memory.</summary>
    private const int MemorySinkAddress = 0;

    private static readonly string[] CarryingSuffixes =
    [
        ".add", ".sub", ".mul", ".and", ".or", ".xor", ".shl", ".shr_s", ".shr_u", ".rotl", ".rotr",
        ".wrap_i64", ".extend_i32_s", ".extend_i32_u", ".extend8_s", ".extend16_s", ".extend32_s",
    ];

    /// <summary>Integer operators whose result is integer arithmetic on their operands (what the walk follows).</summary>
    private static readonly NumericOp[] CarryingI32 = Carrying(ValueType.I32), CarryingI64 = Carrying(ValueType.I64);

    private static NumericOp[] Carrying(ValueType type) => NumericOps.Scalar
        .Where(o => o.Result == type && o.Parameters.All(p => p is ValueType.I32 or ValueType.I64)
            && CarryingSuffixes.Any(s => o.Name.EndsWith(s, StringComparison.Ordinal)))
        .ToArray();

    /// <summary>This function is generated in the arithmetic style.</summary>
    private readonly bool _arithmetic;

    private static bool IsInteger(ValueType type) => type is ValueType.I32 or ValueType.I64;

    /// <summary>A store of an integer expression or a local.set of one.</summary>
    private CodeNode ArithmeticStatement()
    {
        var locals = _visibleLocals.Where(l => IsInteger(l.Type)).ToList();
        if (locals.Count > 0 && _random.Chance(45))
        {
            var local = PickLocal(locals);
            return new CodeNode { Mnemonic = $"local.set {local.Index}", Results = [], Operands = [Value(local.Type)], Code = [0x21, .. Uleb(local.Index)], Opcodes = [0x21] };
        }
        var op = _random.Pick(Stores.Where(s => IsInteger(s.Type)).ToArray());
        var (memarg, text) = MemArg(op.NaturalAlignment);
        return new CodeNode { Mnemonic = $"{op.Name} {text}", Results = [], Operands = [Address(), Value(op.Type)], Code = [op.Opcode, .. memarg], Opcodes = [op.Opcode] };
    }

    /// <summary>An integer expression: a leaf, a load, or an operator the walk follows (a rotation a third of the time).</summary>
    private CodeNode ArithmeticValue(ValueType type)
    {
        int roll = _random.Next(100);
        if (roll < 18) return Leaf(type);
        if (roll < 28) return Load(type);
        var ops = type == ValueType.I32 ? CarryingI32 : CarryingI64;
        var rotations = ops.Where(o => o.Name.EndsWith(".rotl", StringComparison.Ordinal) || o.Name.EndsWith(".rotr", StringComparison.Ordinal)).ToArray();
        var op = _random.Chance(35) ? _random.Pick(rotations) : _random.Pick(ops);
        bool countOperand = op.Name.Contains(".rot", StringComparison.Ordinal) || op.Name.Contains(".sh", StringComparison.Ordinal);
        var operands = new List<CodeNode>(op.Parameters.Length);
        for (int i = 0; i < op.Parameters.Length; i++)
        {
            // Counts are mostly constants (the immediate forms), now and then at or above the width.
            if (countOperand && i == 1 && _random.Chance(60)) operands.Add(SmallCount(op.Parameters[i]));
            else operands.Add(Value(op.Parameters[i]));
        }
        return new CodeNode { Mnemonic = op.Name, Results = [type], Operands = operands, Code = op.Encoding, Opcodes = [op.Key], Numeric = op };
    }

    private CodeNode SmallCount(ValueType type)
    {
        int width = type == ValueType.I32 ? 32 : 64;
        long count = _random.Chance(90) ? _random.Next(width) : _random.Range(width, 3 * width);
        var w = new WasmWriter();
        if (type == ValueType.I32) { w.WriteByte(0x41); w.WriteVarInt32((int)count); }
        else { w.WriteByte(0x42); w.WriteVarInt64(count); }
        return new CodeNode { Mnemonic = $"{type.ToWatName()}.const {count} (count)", Results = [type], Code = w.ToArray(), Opcodes = [type == ValueType.I32 ? 0x41u : 0x42u] };
    }

    /// <summary>A condition's operand in an arithmetic-style function: a load or a leaf, not a computed value.</summary>
    private CodeNode PlainI32() =>
        _module.Memory is not null && _random.Chance(50) ? Load(ValueType.I32) : Leaf(ValueType.I32);

    /// <summary>The hidden i64 local the memory fold goes through, or -1 before the first.</summary>
    private int _memoryFoldScratch = -1;

    /// <summary>
    /// Folds the i64 on the stack into the memory sink: mem[0] = rotl(mem[0] xor value, 1), through a hidden i64
    /// local of its own (the rotation's value goes to memory as a store's value).
    /// </summary>
    private void WriteMemoryFold(WasmWriter w)
    {
        if (_memoryFoldScratch < 0)
        {
            _memoryFoldScratch = _function.Signature.Parameters.Length + _function.Locals.Count;
            _function.Locals.Add(ValueType.I64);
        }
        int scratch = _memoryFoldScratch;
        w.WriteByte(0x41); w.WriteVarInt32(MemorySinkAddress);
        w.WriteByte(0x29); w.WriteVarUInt32(3); w.WriteVarUInt32(0);
        w.WriteByte(0x85);
        w.WriteByte(0x42); w.WriteVarInt64(1);
        w.WriteByte(0x89);
        w.WriteByte(0x21); w.WriteVarUInt32((uint)scratch);
        w.WriteByte(0x41); w.WriteVarInt32(MemorySinkAddress);
        w.WriteByte(0x20); w.WriteVarUInt32((uint)scratch);
        w.WriteByte(0x37); w.WriteVarUInt32(3); w.WriteVarUInt32(0);
    }
}
