using Contracts.Engine.Binary;

namespace Contracts.GasMetering;

/// <summary>
/// The one table that says which <see cref="CostClass"/> each WebAssembly 2.0 instruction belongs to, so pricing
/// is described once: the instrumenter, the calibration and the tests all read it.
/// </summary>
public static class InstructionCosts
{
    private static readonly CostClass[] SingleByte = BuildSingleByteTable();

    /// <summary>The class of a single-byte opcode (the 0xFC prefix is classified by <see cref="Classify(OpcodeFC)"/>).</summary>
    public static CostClass Classify(Opcode opcode) => SingleByte[(byte)opcode];

    public static CostClass Classify(OpcodeFC opcode) => opcode switch
    {
        <= OpcodeFC.I64TruncSatF64U => CostClass.Conversion,
        OpcodeFC.TableSize => CostClass.TableAccess,
        _ => CostClass.Bulk,
    };

    private static CostClass[] BuildSingleByteTable()
    {
        var table = new CostClass[256];
        for (int op = 0; op < 256; op++) table[op] = ClassifySlow((Opcode)op);
        return table;
    }

    private static CostClass ClassifySlow(Opcode opcode) => opcode switch
    {
        Opcode.Unreachable or Opcode.Nop or Opcode.Block or Opcode.Loop or Opcode.Else or Opcode.End or Opcode.Drop => CostClass.Structure,
        Opcode.If or Opcode.Br or Opcode.BrIf or Opcode.Return => CostClass.Branch,
        Opcode.BrTable => CostClass.BranchTable,
        Opcode.Call => CostClass.Call,
        Opcode.CallIndirect => CostClass.CallIndirect,
        Opcode.Select or Opcode.SelectTyped => CostClass.Select,
        Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee => CostClass.Local,
        Opcode.GlobalGet or Opcode.GlobalSet => CostClass.Global,
        Opcode.TableGet or Opcode.TableSet => CostClass.TableAccess,
        >= Opcode.I32Load and <= Opcode.I64Load32U => CostClass.Load,
        >= Opcode.I32Store and <= Opcode.I64Store32 => CostClass.Store,
        Opcode.MemorySize => CostClass.MemorySize,
        Opcode.MemoryGrow => CostClass.MemoryGrow,
        >= Opcode.I32Const and <= Opcode.F64Const => CostClass.Constant,
        Opcode.I32Mul or Opcode.I64Mul => CostClass.IntegerMultiply,
        Opcode.I32DivS or Opcode.I32DivU or Opcode.I32RemS or Opcode.I32RemU
            or Opcode.I64DivS or Opcode.I64DivU or Opcode.I64RemS or Opcode.I64RemU => CostClass.IntegerDivide,
        >= Opcode.I32Eqz and <= Opcode.I64GeU => CostClass.IntegerAlu,
        >= Opcode.F32Eq and <= Opcode.F64Ge => CostClass.Float,
        >= Opcode.I32Clz and <= Opcode.I64Rotr => CostClass.IntegerAlu,
        >= Opcode.F32Abs and <= Opcode.F64Copysign => CostClass.Float,
        >= Opcode.I32WrapI64 and <= Opcode.F64ReinterpretI64 => CostClass.Conversion,
        >= Opcode.I32Extend8S and <= Opcode.I64Extend32S => CostClass.IntegerAlu,
        Opcode.RefNull or Opcode.RefIsNull or Opcode.RefFunc => CostClass.Reference,
        // Not instructions of 2.0 (or prefixes): never reached for a validated module.
        _ => CostClass.Structure,
    };
}
