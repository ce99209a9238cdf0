using Contracts.Engine.Binary;
using Contracts.Engine.Execution;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Translation;

internal readonly record struct BinaryOpInfo(Op Op, bool HasImm, bool Commutative, bool Is64, bool IsIntegerCompare);

/// <summary>
/// How numeric Wasm instructions map onto register ops, derived once from <see cref="InstructionSet"/>: a row with a
/// fixed numeric signature and no immediates runs as the <see cref="Op"/> named like its mnemonic in PascalCase
/// (<c>i32.trunc_sat_f32_s</c> → <c>I32TruncSatF32S</c>), with an Imm form when <c>…Imm</c> follows it. So a new
/// numeric instruction needs no entry here. Indexed by <see cref="InstructionInfo.Index"/>.
/// </summary>
internal static class OpTables
{
    public static readonly BinaryOpInfo[] Binary = new BinaryOpInfo[InstructionSet.All.Length];
    public static readonly Op[] Unary = new Op[InstructionSet.All.Length];
    /// <summary>The op of each SIMD row, named like its mnemonic (<c>i8x16.add_sat_s</c> → <c>I8x16AddSatS</c>).</summary>
    public static readonly Op[] Simd = new Op[InstructionSet.All.Length];

    /// <summary>Index of the comparison that is the negation of comparison k (Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU).</summary>
    private static readonly int[] NegatedComparison = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];

    /// <summary>Integer operations whose operands may be swapped (so a constant first operand still gets the Imm form).</summary>
    private static readonly HashSet<string> Commutative = ["add", "mul", "and", "or", "xor", "eq", "ne"];

    static OpTables()
    {
        foreach (var info in InstructionSet.All)
        {
            if (info.Feature == WasmFeature.Simd)
            {
                Simd[info.Index] = Enum.Parse<Op>(PascalCase(info.Mnemonic));
                continue;
            }
            if (!IsNumeric(info)) continue;
            // Reinterpretations are free (slots hold raw bits): the translator handles them without an op.
            if (info.Mnemonic.Contains(".reinterpret_", StringComparison.Ordinal)) continue;
            var op = Enum.Parse<Op>(PascalCase(info.Mnemonic));
            if (info.Operands.Length == 1)
            {
                Unary[info.Index] = op;
                continue;
            }
            bool hasImm = Enum.TryParse<Op>(op + "Imm", out var imm);
            if (hasImm && imm != op + 1) throw new InvalidOperationException($"{op}Imm must directly follow {op}");
            bool integer = info.Operands[0] is ValueType.I32 or ValueType.I64;
            string operation = info.Mnemonic[(info.Mnemonic.IndexOf('.') + 1)..];
            Binary[info.Index] = new BinaryOpInfo(op, hasImm, integer && Commutative.Contains(operation),
                info.Operands[0] is ValueType.I64 or ValueType.F64, IsIntegerCompare(op));
        }
    }

    /// <summary>A fixed signature of numbers to one number without immediates: what maps onto one arithmetic op.</summary>
    public static bool IsNumeric(InstructionInfo info)
    {
        if (!info.HasFixedSignature || info.Immediates != ImmediateKind.None || info.Results.Length != 1) return false;
        if (info.Operands.Length is 0 or > 2 || !info.Results[0].IsNumeric()) return false;
        foreach (var operand in info.Operands)
            if (!operand.IsNumeric()) return false;
        return true;
    }

    /// <summary><c>i32.trunc_sat_f32_s</c> → <c>I32TruncSatF32S</c>.</summary>
    public static string PascalCase(string mnemonic) =>
        string.Concat(mnemonic.Split('.', '_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static bool IsIntegerCompare(Op op) => op is >= Op.I32Eq and <= Op.I32GeUImm or >= Op.I64Eq and <= Op.I64GeUImm;

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
