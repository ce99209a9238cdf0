using System.Buffers.Binary;
using Contracts.Engine.Binary;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Support;

/// <summary>
/// Encodes instruction sequences for test function bodies, fluently:
/// <c>new CodeBuilder().LocalGet(0).I32Const(1).Op(Opcode.I32Add).End()</c>. Converts implicitly to the bytes.
/// Encodes whatever it is told, so invalid code is as easy to write as valid code.
/// </summary>
public sealed class CodeBuilder
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    public static implicit operator byte[](CodeBuilder code) => code.ToArray();

    public CodeBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public CodeBuilder Op(Opcode opcode) => Raw((byte)opcode);

    /// <summary>An opcode followed by unsigned LEB128 immediates.</summary>
    public CodeBuilder Op(Opcode opcode, params uint[] immediates)
    {
        Op(opcode);
        foreach (uint immediate in immediates) U32(immediate);
        return this;
    }

    public CodeBuilder U32(uint value) => Raw(Leb128.Unsigned(value));

    public CodeBuilder End() => Op(Opcode.End);
    public CodeBuilder Nop() => Op(Opcode.Nop);
    public CodeBuilder Unreachable() => Op(Opcode.Unreachable);
    public CodeBuilder Drop() => Op(Opcode.Drop);
    public CodeBuilder Return() => Op(Opcode.Return);

    public CodeBuilder I32Const(int value) => Op(Opcode.I32Const).Raw(Leb128.Signed(value));
    public CodeBuilder I64Const(long value) => Op(Opcode.I64Const).Raw(Leb128.Signed(value));

    public CodeBuilder F32Const(float value) => F32ConstBits(BitConverter.SingleToUInt32Bits(value));
    public CodeBuilder F64Const(double value) => F64ConstBits(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>f32.const from raw IEEE bits, so a NaN payload is written exactly as given.</summary>
    public CodeBuilder F32ConstBits(uint bits)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, bits);
        return Op(Opcode.F32Const).Raw(bytes);
    }

    /// <summary>f64.const from raw IEEE bits, so a NaN payload or the sign of zero is written exactly as given.</summary>
    public CodeBuilder F64ConstBits(ulong bits)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, bits);
        return Op(Opcode.F64Const).Raw(bytes);
    }

    /// <summary>Pushes a zero of <paramref name="type"/> (a null reference for reference types).</summary>
    public CodeBuilder Const(ValueType type) => type switch
    {
        ValueType.I32 => I32Const(0),
        ValueType.I64 => I64Const(0),
        ValueType.F32 => F32Const(0),
        ValueType.F64 => F64Const(0),
        _ => RefNull(type),
    };

    public CodeBuilder LocalGet(uint index) => Op(Opcode.LocalGet, index);
    public CodeBuilder LocalSet(uint index) => Op(Opcode.LocalSet, index);
    public CodeBuilder LocalTee(uint index) => Op(Opcode.LocalTee, index);
    public CodeBuilder GlobalGet(uint index) => Op(Opcode.GlobalGet, index);
    public CodeBuilder GlobalSet(uint index) => Op(Opcode.GlobalSet, index);
    public CodeBuilder Call(uint functionIndex) => Op(Opcode.Call, functionIndex);
    public CodeBuilder CallIndirect(uint typeIndex, uint tableIndex = 0) => Op(Opcode.CallIndirect, typeIndex, tableIndex);
    public CodeBuilder Br(uint depth) => Op(Opcode.Br, depth);
    public CodeBuilder BrIf(uint depth) => Op(Opcode.BrIf, depth);

    public CodeBuilder BrTable(uint[] targets, uint defaultTarget)
    {
        Op(Opcode.BrTable, (uint)targets.Length);
        foreach (uint target in targets) U32(target);
        return U32(defaultTarget);
    }

    /// <summary>block with the empty block type.</summary>
    public CodeBuilder Block() => Op(Opcode.Block).Raw(0x40);
    public CodeBuilder Block(ValueType result) => Op(Opcode.Block).Raw((byte)result);
    public CodeBuilder BlockOfType(uint typeIndex) => Op(Opcode.Block).Raw(Leb128.Signed(typeIndex));
    public CodeBuilder Loop() => Op(Opcode.Loop).Raw(0x40);
    public CodeBuilder Loop(ValueType result) => Op(Opcode.Loop).Raw((byte)result);
    public CodeBuilder LoopOfType(uint typeIndex) => Op(Opcode.Loop).Raw(Leb128.Signed(typeIndex));
    public CodeBuilder If() => Op(Opcode.If).Raw(0x40);
    public CodeBuilder If(ValueType result) => Op(Opcode.If).Raw((byte)result);
    public CodeBuilder IfOfType(uint typeIndex) => Op(Opcode.If).Raw(Leb128.Signed(typeIndex));
    public CodeBuilder Else() => Op(Opcode.Else);

    public CodeBuilder Select() => Op(Opcode.Select);
    public CodeBuilder SelectTyped(ValueType type) => Op(Opcode.SelectTyped).U32(1).Raw((byte)type);

    /// <summary>A load or store with its memarg (alignment as log2, then offset).</summary>
    public CodeBuilder Memory(Opcode opcode, uint alignment, uint offset = 0) => Op(opcode, alignment, offset);
    public CodeBuilder MemorySize() => Op(Opcode.MemorySize).Raw(0x00);
    public CodeBuilder MemoryGrow() => Op(Opcode.MemoryGrow).Raw(0x00);

    public CodeBuilder RefNull(ValueType type) => Op(Opcode.RefNull).Raw((byte)type);
    public CodeBuilder RefIsNull() => Op(Opcode.RefIsNull);
    public CodeBuilder RefFunc(uint functionIndex) => Op(Opcode.RefFunc, functionIndex);
    public CodeBuilder TableGet(uint tableIndex) => Op(Opcode.TableGet, tableIndex);
    public CodeBuilder TableSet(uint tableIndex) => Op(Opcode.TableSet, tableIndex);

    /// <summary>A 0xFC-prefixed instruction with unsigned LEB128 immediates (reserved bytes must be given as 0).</summary>
    public CodeBuilder Prefixed(OpcodeFC subOpcode, params uint[] immediates)
    {
        Op(Opcode.PrefixFC).U32((uint)subOpcode);
        foreach (uint immediate in immediates) U32(immediate);
        return this;
    }

    public CodeBuilder MemoryInit(uint dataIndex) => Prefixed(OpcodeFC.MemoryInit, dataIndex).Raw(0x00);
    public CodeBuilder DataDrop(uint dataIndex) => Prefixed(OpcodeFC.DataDrop, dataIndex);
    public CodeBuilder MemoryCopy() => Prefixed(OpcodeFC.MemoryCopy).Raw(0x00, 0x00);
    public CodeBuilder MemoryFill() => Prefixed(OpcodeFC.MemoryFill).Raw(0x00);
    public CodeBuilder TableInit(uint elementIndex, uint tableIndex = 0) => Prefixed(OpcodeFC.TableInit, elementIndex, tableIndex);
    public CodeBuilder ElemDrop(uint elementIndex) => Prefixed(OpcodeFC.ElemDrop, elementIndex);
    public CodeBuilder TableCopy(uint destination = 0, uint source = 0) => Prefixed(OpcodeFC.TableCopy, destination, source);
    public CodeBuilder TableGrow(uint tableIndex = 0) => Prefixed(OpcodeFC.TableGrow, tableIndex);
    public CodeBuilder TableSize(uint tableIndex = 0) => Prefixed(OpcodeFC.TableSize, tableIndex);
    public CodeBuilder TableFill(uint tableIndex = 0) => Prefixed(OpcodeFC.TableFill, tableIndex);

    /// <summary>The single instruction of a constant expression, without its <c>end</c>.</summary>
    public static byte[] ConstantInstruction(ConstantExpression expression)
    {
        var code = new CodeBuilder();
        switch (expression.Kind)
        {
            case ConstantExpressionKind.I32Const: code.I32Const((int)(uint)expression.Bits); break;
            case ConstantExpressionKind.I64Const: code.I64Const((long)expression.Bits); break;
            case ConstantExpressionKind.F32Const: code.F32ConstBits((uint)expression.Bits); break;
            case ConstantExpressionKind.F64Const: code.F64ConstBits(expression.Bits); break;
            case ConstantExpressionKind.RefNull: code.RefNull(expression.ReferenceType); break;
            case ConstantExpressionKind.RefFunc: code.RefFunc(expression.Index); break;
            case ConstantExpressionKind.GlobalGet: code.GlobalGet(expression.Index); break;
        }
        return code;
    }
}
