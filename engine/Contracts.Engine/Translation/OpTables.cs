using Contracts.Engine.Binary;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Translation;

internal readonly record struct BinaryOpInfo(Op Op, bool HasImm, bool Commutative, bool Is64, bool IsIntegerCompare);

/// <summary>
/// How Wasm opcodes map onto register-code operations. The Op enum mirrors the Wasm opcode order within each
/// family (comparisons, integer arithmetic, float arithmetic, conversions), so each family maps by offset.
/// </summary>
internal static class OpTables
{
    public static readonly BinaryOpInfo[] Binary = new BinaryOpInfo[256];
    public static readonly Op[] Unary = new Op[256];

    /// <summary>Index of the comparison that is the negation of comparison k (Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU).</summary>
    private static readonly int[] NegatedComparison = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];

    static OpTables()
    {
        for (int k = 0; k < 10; k++)
        {
            bool commutative = k < 2;
            Binary[(int)Opcode.I32Eq + k] = new(Op.I32Eq + 2 * k, true, commutative, false, true);
            Binary[(int)Opcode.I64Eq + k] = new(Op.I64Eq + 2 * k, true, commutative, true, true);
        }
        for (int k = 0; k < 6; k++)
        {
            Binary[(int)Opcode.F32Eq + k] = new(Op.F32Eq + k, false, false, false, false);
            Binary[(int)Opcode.F64Eq + k] = new(Op.F64Eq + k, false, false, true, false);
        }
        for (int k = 0; k < 15; k++)
        {
            var opcode = (Opcode)((int)Opcode.I32Add + k);
            bool commutative = opcode is Opcode.I32Add or Opcode.I32Mul or Opcode.I32And or Opcode.I32Or or Opcode.I32Xor;
            Binary[(int)Opcode.I32Add + k] = new(Op.I32Add + 2 * k, true, commutative, false, false);
            Binary[(int)Opcode.I64Add + k] = new(Op.I64Add + 2 * k, true, commutative, true, false);
        }
        for (int k = 0; k < 3; k++)
        {
            Unary[(int)Opcode.I32Clz + k] = Op.I32Clz + k;
            Unary[(int)Opcode.I64Clz + k] = Op.I64Clz + k;
        }
        for (int k = 0; k < 14; k++)
        {
            if (k < 7)
            {
                Unary[(int)Opcode.F32Abs + k] = Op.F32Abs + k;
                Unary[(int)Opcode.F64Abs + k] = Op.F64Abs + k;
            }
            else
            {
                Binary[(int)Opcode.F32Abs + k] = new(Op.F32Abs + k, false, false, false, false);
                Binary[(int)Opcode.F64Abs + k] = new(Op.F64Abs + k, false, false, true, false);
            }
        }
        for (int k = 0; k <= Opcode.F64PromoteF32 - Opcode.I32WrapI64; k++)
        {
            Unary[(int)Opcode.I32WrapI64 + k] = Op.I32WrapI64 + k;
        }
        for (int k = 0; k < 5; k++)
        {
            Unary[(int)Opcode.I32Extend8S + k] = Op.I32Extend8S + k;
        }
    }

    /// <summary>The fused branch for an integer comparison (slot or Imm form), optionally negated.</summary>
    public static Op BranchFor(Op compare, bool negate)
    {
        Op family, branchFamily;
        if (compare is >= Op.I32Eq and <= Op.I32GeUImm)
        {
            family = Op.I32Eq;
            branchFamily = Op.BrIfI32Eq;
        }
        else
        {
            family = Op.I64Eq;
            branchFamily = Op.BrIfI64Eq;
        }
        int relative = compare - family;
        int k = relative / 2;
        int imm = relative % 2;
        if (negate) k = NegatedComparison[k];
        return branchFamily + 2 * k + imm;
    }
}
