using System.Reflection;
using System.Text.RegularExpressions;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

internal sealed partial class FunctionEmitter
{
    private enum FormKind { Unsupported, Special, Integer, Float, Numeric }

    /// <summary>How an op is emitted: its own case (<see cref="Special"/>), inline float arithmetic (<see cref="ReadFloatForms"/>), an integer operator (<c>I32Add</c>,
    /// <c>BrIfI64LtUImm</c>: width, operator, immediate, branch, read from the op's name), or a call of the
    /// <see cref="NumericOps"/> method of the op's name (floats, conversions, bit counts and rotations).</summary>
    private readonly record struct OpForm(FormKind Kind, bool Wide = false, string Operator = "", bool Immediate = false, bool Branch = false, MethodInfo? Numeric = null, FloatForm Float = default);

    private static readonly HashSet<Op> Special =
    [
        Op.Unreachable, Op.Br, Op.BrIfNez, Op.BrIfEqz, Op.BrTable, Op.ReturnVoid, Op.Return1, Op.ReturnN,
        Op.CallInternal, Op.CallImported, Op.CallIndirect, Op.ConsumeFuel, Op.ConsumeFuelSlot,
        Op.Copy, Op.Const32, Op.Const64, Op.Select, Op.GlobalGet, Op.GlobalSet, Op.GlobalAddImm, Op.GlobalAddBrIfLeU,
        Op.I32Load, Op.I64Load, Op.I32Load8S, Op.I32Load8U, Op.I32Load16S, Op.I32Load16U, Op.I64Load8S, Op.I64Load8U,
        Op.I64Load16S, Op.I64Load16U, Op.I64Load32S, Op.I64Load32U, Op.Store8, Op.Store16, Op.Store32, Op.Store64,
        Op.MemorySize, Op.MemoryGrow, Op.MemoryFill, Op.MemoryCopy, Op.MemoryInit, Op.DataDrop,
        Op.TableGet, Op.TableSet, Op.TableSize, Op.TableGrow, Op.TableFill, Op.TableCopy, Op.TableInit, Op.ElemDrop,
        Op.RefIsNull, Op.RefFunc, Op.I32Eqz, Op.I64Eqz, Op.I32WrapI64, Op.I64ExtendI32S, Op.I64ExtendI32U,
        Op.I32Extend8S, Op.I32Extend16S, Op.I64Extend8S, Op.I64Extend16S, Op.I64Extend32S,
    ];

    private static readonly Regex IntegerName = new(
        "^(?<branch>BrIf)?(?<width>I32|I64)(?<operator>Eq|Ne|LtS|LtU|GtS|GtU|LeS|LeU|GeS|GeU|Add|Sub|Mul|And|Or|Xor|Shl|ShrS|ShrU|Rotl|Rotr|DivS|DivU|RemS|RemU)(?<imm>Imm)?$",
        RegexOptions.CultureInvariant);

    private static readonly OpForm[] Forms = ReadForms();

    private static OpForm[] ReadForms()
    {
        var forms = new OpForm[OpLayout.Count];
        var floats = ReadFloatForms();
        foreach (var op in Enum.GetValues<Op>())
        {
            string name = op.ToString();
            if (Special.Contains(op))
            {
                forms[(int)op] = new OpForm(FormKind.Special);
            }
            else if (floats.TryGetValue(op, out var floatForm))
            {
                forms[(int)op] = new OpForm(FormKind.Float, Float: floatForm);
            }
            else if (IntegerName.Match(name) is { Success: true } match)
            {
                forms[(int)op] = new OpForm(FormKind.Integer, match.Groups["width"].Value == "I64", match.Groups["operator"].Value,
                    match.Groups["imm"].Success, match.Groups["branch"].Success);
            }
            else
            {
                bool immediate = name.EndsWith("Imm", StringComparison.Ordinal);
                var method = typeof(NumericOps).GetMethod(immediate ? name[..^3] : name, BindingFlags.Public | BindingFlags.Static);
                if (method is not null && OperandsMatch(op, method, immediate))
                    forms[(int)op] = new OpForm(FormKind.Numeric, Immediate: immediate, Numeric: method);
            }
        }
        return forms;
    }

    /// <summary>The layout is "dst, operands…" with as many operands as the method takes (an out result aside).</summary>
    private static bool OperandsMatch(Op op, MethodInfo method, bool immediate)
    {
        var parameters = method.GetParameters().Where(p => !p.IsOut).ToArray();
        var layout = OpLayout.Of(op);
        string expected = "s" + new string('s', parameters.Length - (immediate ? 1 : 0)) + (immediate ? "i" : "");
        return layout == expected;
    }

    /// <summary>True when the emitter compiles <paramref name="op"/>; functions using any other op are interpreted.</summary>
    public static bool Supports(Op op) => (uint)op < (uint)Forms.Length && Forms[(int)op].Kind != FormKind.Unsupported;
}
