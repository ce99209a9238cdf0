using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Execution;
using Contracts.Engine.Loading;
using Contracts.Engine.Translation;
using Xunit;

namespace Contracts.Engine.Tests.Binary;

/// <summary>The instruction table is complete and consistent, and the reader decodes every row's grammar.</summary>
public sealed class InstructionSetTests
{
    [Fact]
    public void The_table_lists_the_201_instructions_of_WebAssembly_2_without_simd()
    {
        Assert.Equal(201, InstructionSet.All.ToArray().Count(i => i.Feature != WasmFeature.Simd));
        Assert.Equal(236, InstructionSet.All.ToArray().Count(i => i.Feature == WasmFeature.Simd));
        Assert.Equal(InstructionSet.All.Length, InstructionSet.All.ToArray().Select(i => i.Mnemonic).Distinct().Count());
    }

    [Fact]
    public void Every_opcode_constant_names_its_row()
    {
        foreach (var opcode in Enum.GetValues<Opcode>().Where(o => o is not (Opcode.PrefixFC or Opcode.PrefixSimd)))
        {
            var info = InstructionSet.Get(opcode);
            Assert.True(info is not null, $"{opcode} has no row");
            Assert.Equal(opcode.ToString(), OpTables.PascalCase(info.Mnemonic));
        }
        foreach (var opcode in Enum.GetValues<OpcodeFC>())
            Assert.Equal(opcode.ToString(), OpTables.PascalCase(InstructionSet.Get(opcode).Mnemonic));
    }

    [Fact]
    public void Rows_are_found_by_opcode_and_by_mnemonic()
    {
        foreach (var info in InstructionSet.All)
        {
            Assert.Same(info, InstructionSet.Get(info.Prefix, info.Code));
            Assert.Same(info, InstructionSet.Find(info.Mnemonic));
            Assert.Same(info, InstructionSet.All[info.Index]);
        }
        Assert.Null(InstructionSet.Get((Opcode)0x06));
        Assert.Null(InstructionSet.Get(0xFC, 18));
    }

    [Fact]
    public void Memory_accesses_know_their_natural_alignment_and_signatures_are_well_formed()
    {
        Assert.Equal(3, InstructionSet.Get(Opcode.I64Load)!.NaturalAlignment);
        Assert.Equal(1, InstructionSet.Get(Opcode.I32Store16)!.NaturalAlignment);
        var add = InstructionSet.Get(Opcode.I32Add)!;
        Assert.Equal([Model.ValueType.I32, Model.ValueType.I32], add.Operands.ToArray());
        Assert.Equal([Model.ValueType.I32], add.Results.ToArray());
        Assert.Equal(CostClass.IntegerAlu, add.Cost);
        Assert.False(InstructionSet.Get(Opcode.Call)!.HasFixedSignature);
        Assert.Equal(WasmFeature.NonTrappingFloatToInt, InstructionSet.Get(OpcodeFC.I32TruncSatF32S).Feature);
    }

    [Fact]
    public void The_reader_decodes_every_row_with_its_immediates()
    {
        foreach (var info in InstructionSet.All)
        {
            var writer = new WasmWriter();
            writer.WriteBytes(info.Encoding());
            WriteSampleImmediates(writer, info.Immediates);
            var bytes = writer.ToArray();
            var reader = new InstructionReader(bytes, baseOffset: 100);
            var instruction = reader.Read();
            Assert.Same(info, instruction.Info);
            Assert.Equal(bytes.Length, instruction.End);
            Assert.Equal(0, instruction.Start);
            Assert.True(reader.IsAtEnd, info.Mnemonic);
            switch (info.Immediates)
            {
                case ImmediateKind.TypeAndTable or ImmediateKind.ElementAndTable or ImmediateKind.TablePair:
                    Assert.Equal((5u, 300u), (instruction.Index, instruction.SecondIndex));
                    break;
                case ImmediateKind.MemArg:
                    Assert.Equal((2u, 70_000u), (instruction.Alignment, instruction.MemoryOffset));
                    break;
                case ImmediateKind.BranchTable:
                {
                    Assert.Equal(2u, instruction.TargetCount);
                    var targets = reader.BranchTargets(in instruction);
                    Assert.Equal([1u, 200u, 0u], [targets.ReadVarUInt32(), targets.ReadVarUInt32(), targets.ReadVarUInt32()]);
                    break;
                }
                case ImmediateKind.I64:
                    Assert.Equal(-1L << 40, instruction.I64);
                    break;
                case ImmediateKind.F64:
                    Assert.Equal(0x7FF4_0000_0000_0001UL, instruction.F64Bits);
                    break;
                case ImmediateKind.V128 or ImmediateKind.LaneIndices:
                    Assert.Equal(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), reader.ImmediateBytes(in instruction).ToArray());
                    break;
                case ImmediateKind.Lane:
                    Assert.Equal(7, instruction.Lane);
                    break;
                case ImmediateKind.MemArgLane:
                    Assert.Equal((2u, 70_000u, 7), (instruction.Alignment, instruction.MemoryOffset, instruction.Lane));
                    break;
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x06 }, WasmErrorKind.IllegalOpcode)]
    [InlineData(new byte[] { 0xFC, 18 }, WasmErrorKind.IllegalOpcode)]
    [InlineData(new byte[] { 0xFD, 0x9A, 0x01 }, WasmErrorKind.IllegalOpcode)]
    [InlineData(new byte[] { 0xFD, 0x0C, 1, 2, 3 }, WasmErrorKind.UnexpectedEnd)]
    [InlineData(new byte[] { 0x3F, 0x01 }, WasmErrorKind.ZeroByteExpected)]
    [InlineData(new byte[] { 0xD0, 0x7F }, WasmErrorKind.MalformedReferenceType)]
    [InlineData(new byte[] { 0x1C, 0x01, 0x50 }, WasmErrorKind.MalformedValueType)]
    [InlineData(new byte[] { 0x02, 0xC0, 0x7F }, WasmErrorKind.MalformedBlockType)]
    [InlineData(new byte[] { 0x41 }, WasmErrorKind.UnexpectedEnd)]
    public void The_reader_reports_encoding_errors_at_the_instruction(byte[] bytes, WasmErrorKind kind)
    {
        var error = Assert.Throws<WasmDecodeException>(() => new InstructionReader(bytes, baseOffset: 40).Read());
        Assert.Equal(kind, error.Kind);
        Assert.InRange(error.Offset, 40, 40 + bytes.Length);
    }

    [Fact]
    public void Every_numeric_row_runs_as_the_register_op_of_its_name()
    {
        foreach (var info in InstructionSet.All)
        {
            if (!OpTables.IsNumeric(info) || info.Mnemonic.Contains(".reinterpret_", StringComparison.Ordinal)) continue;
            var op = info.Operands.Length == 1 ? OpTables.Unary[info.Index] : OpTables.Binary[info.Index].Op;
            Assert.Equal(OpTables.PascalCase(info.Mnemonic), op.ToString());
            Assert.Equal(info.Operands.Length == 1 ? "ss" : "sss", OpLayout.Of(op));
        }
    }

    private static void WriteSampleImmediates(WasmWriter writer, ImmediateKind kind)
    {
        switch (kind)
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.BlockType or ImmediateKind.ReferenceType:
                writer.WriteByte(0x70); // funcref: a block type and a reference type
                break;
            case ImmediateKind.Label or ImmediateKind.Function or ImmediateKind.Local or ImmediateKind.Global
                or ImmediateKind.Table or ImmediateKind.Data or ImmediateKind.Element:
                writer.WriteVarUInt32(300);
                break;
            case ImmediateKind.TypeAndTable or ImmediateKind.ElementAndTable or ImmediateKind.TablePair:
                writer.WriteVarUInt32(5);
                writer.WriteVarUInt32(300);
                break;
            case ImmediateKind.BranchTable:
                writer.WriteVarUInt32(2);
                writer.WriteVarUInt32(1);
                writer.WriteVarUInt32(200);
                writer.WriteVarUInt32(0);
                break;
            case ImmediateKind.SelectTypes:
                writer.WriteVarUInt32(1);
                writer.WriteByte(0x7E);
                break;
            case ImmediateKind.MemArg:
                writer.WriteVarUInt32(2);
                writer.WriteVarUInt32(70_000);
                break;
            case ImmediateKind.Memory:
                writer.WriteByte(0);
                break;
            case ImmediateKind.MemoryPair:
                writer.WriteByte(0);
                writer.WriteByte(0);
                break;
            case ImmediateKind.DataAndMemory:
                writer.WriteVarUInt32(300);
                writer.WriteByte(0);
                break;
            case ImmediateKind.I32:
                writer.WriteVarInt32(-70_000);
                break;
            case ImmediateKind.I64:
                writer.WriteVarInt64(-1L << 40);
                break;
            case ImmediateKind.F32:
                writer.WriteFloat32Bits(0x7FA0_0001);
                break;
            case ImmediateKind.F64:
                writer.WriteFloat64Bits(0x7FF4_0000_0000_0001);
                break;
            case ImmediateKind.V128 or ImmediateKind.LaneIndices:
                for (int i = 1; i <= 16; i++) writer.WriteByte((byte)i);
                break;
            case ImmediateKind.Lane:
                writer.WriteByte(7);
                break;
            case ImmediateKind.MemArgLane:
                writer.WriteVarUInt32(2);
                writer.WriteVarUInt32(70_000);
                writer.WriteByte(7);
                break;
            default:
                throw new InvalidOperationException($"no sample for {kind}: add one with the new grammar");
        }
    }
}
