using System.Diagnostics;
using System.Reflection;

namespace Contracts.Engine.Execution;

/// <summary>
/// The operand layouts of the register ops, read once from their <see cref="OperandsAttribute"/>: how wide each
/// instruction is and what each operand word is. The verifier here walks translated code with them; tests check
/// the executor's <c>ip</c> advances and the translator's output against them; a compiled tier reads them to emit code.
/// </summary>
internal static class OpLayout
{
    private static readonly string[] Layouts = ReadLayouts();
    // Derived from Layouts for ShiftSlots: per op, the word offsets (after the opcode) of its 's' and 'f' operands,
    // its fixed width and, for a variable-width op, the offset of its count.
    private static readonly int[][] SlotOperandOffsets = [.. Layouts.Select(layout =>
        Enumerable.Range(0, layout.Length).Where(k => layout[k] is 's' or 'f').Select(k => k + 1).ToArray())];
    private static readonly int[] FixedWidths = [.. Layouts.Select(layout => 1 + (layout.EndsWith('*') ? layout.Length - 1 : layout.Length))];
    private static readonly int[] CountOffsets = [.. Layouts.Select(layout => layout.EndsWith('*') ? layout.IndexOf('n') + 1 : -1)];

    private static string[] ReadLayouts()
    {
        var names = Enum.GetNames<Op>();
        var layouts = new string[names.Length];
        foreach (var field in typeof(Op).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var attribute = field.GetCustomAttribute<OperandsAttribute>()
                ?? throw new InvalidOperationException($"register op {field.Name} has no [Operands] layout");
            layouts[(int)field.GetValue(null)!] = attribute.Layout;
        }
        return layouts;
    }

    /// <summary>The op's operand letters (see <see cref="OperandsAttribute"/>).</summary>
    public static string Of(Op op) => Layouts[(int)op];

    /// <summary>Number of ops.</summary>
    public static int Count => Layouts.Length;

    /// <summary>True when the op's width depends on its operands (a trailing <c>*</c>).</summary>
    public static bool IsVariable(Op op) => Layouts[(int)op].EndsWith('*');

    /// <summary>Words of a fixed-width op, opcode included.</summary>
    public static int FixedWidth(Op op)
    {
        var layout = Layouts[(int)op];
        return 1 + (layout.EndsWith('*') ? layout.Length - 1 : layout.Length);
    }

    /// <summary>Words of the instruction whose opcode is at <paramref name="at"/> (its fuel prefixes excluded).</summary>
    public static int Width(ReadOnlySpan<int> code, int at)
    {
        var op = (Op)code[at];
        int width = FixedWidth(op);
        if (IsVariable(op)) width += code[at + Layouts[(int)op].IndexOf('n') + 1] + 1;
        return width;
    }

    /// <summary>
    /// Subtracts <paramref name="shift"/> from every slot operand (<c>s</c> or <c>f</c>) of <paramref name="code"/> that
    /// is at least <paramref name="from"/>: the translator's last step, moving its temporaries down once it knows how
    /// many constants it pooled below them. Fuel prefixes (negative words) are stepped over.
    /// </summary>
    public static void ShiftSlots(Span<int> code, int from, int shift)
    {
        int at = 0;
        while (at < code.Length)
        {
            int op = code[at];
            if (op < 0)
            {
                at++;
                continue;
            }
            foreach (int offset in SlotOperandOffsets[op])
            {
                ref int operand = ref code[at + offset];
                if (operand >= from) operand -= shift;
            }
            int countOffset = CountOffsets[op];
            at += countOffset < 0 ? FixedWidths[op] : FixedWidths[op] + code[at + countOffset] + 1;
        }
    }

    /// <summary>Debug builds: <see cref="Verify"/> every translated function (compiled out of release builds).</summary>
    [Conditional("DEBUG")]
    public static void VerifyInDebug(CompiledFunction function) => Verify(function);

    /// <summary>
    /// Walks <paramref name="function"/>'s code op by op and throws <see cref="InvalidOperationException"/> unless every
    /// op is defined, the walk ends exactly at the end of the code and passes every position where the translator began
    /// an instruction (so emitted operand counts match the layouts), every slot operand is below the frame size (the
    /// invariant the executor's unchecked slot reads rely on), every <c>ReturnN</c> range lies in the frame, and every
    /// branch lands on an instruction of the function.
    /// </summary>
    public static void Verify(CompiledFunction function)
    {
        var code = function.Code;
        int frameSize = function.FrameSize;
        var starts = new bool[code.Length + 1];
        var branches = new List<(int At, int Target)>();
        int at = 0;
        while (at < code.Length)
        {
            // Fuel prefixes (negative words) belong to the instruction they precede; a branch may land on them.
            starts[at] = true;
            while (at < code.Length && code[at] < 0) starts[++at] = true;
            if (at == code.Length) Fail(function, at, "the code ends with a fuel prefix");
            starts[at] = true;
            int word = code[at];
            if ((uint)word >= (uint)Layouts.Length) Fail(function, at, $"undefined op {word}");
            var op = (Op)word;
            var layout = Layouts[word];
            int width = FixedWidth(op);
            if (width > code.Length - at) Fail(function, at, $"{op} runs past the end of the code");
            if (IsVariable(op))
            {
                int count = code[at + 1 + layout.IndexOf('n')];
                if (count < 0 || count >= code.Length - at - width) Fail(function, at, $"{op} lists {count} + 1 targets past the end of the code");
                width += count + 1;
            }
            for (int k = 0; k < layout.Length; k++)
            {
                char kind = layout[k];
                if (kind == '*')
                {
                    int count = code[at + layout.IndexOf('n') + 1];
                    for (int t = 0; t <= count; t++) branches.Add((at, at + code[at + 1 + k + t]));
                    break;
                }
                int operand = code[at + 1 + k];
                switch (kind)
                {
                    case 's' when (uint)operand > (uint)(frameSize - CompiledFunction.WordsPerCell) || operand % CompiledFunction.WordsPerCell != 0:
                        Fail(function, at, $"{op} operand {k + 1} is slot {operand}, not a whole cell of the frame's {frameSize} words");
                        break;
                    case 'f' when (uint)operand > (uint)frameSize || operand % CompiledFunction.WordsPerCell != 0:
                        Fail(function, at, $"{op} starts the callee's frame at slot {operand}, the frame has {frameSize} words");
                        break;
                    case 'n' when op == Op.ReturnN && ((uint)operand > (uint)frameSize / CompiledFunction.WordsPerCell
                        || (uint)code[at + 2 + k] > (uint)(frameSize - operand * CompiledFunction.WordsPerCell)):
                        Fail(function, at, $"ReturnN moves {operand} values from slot {code[at + 2 + k]}, the frame has {frameSize}");
                        break;
                    case 'b':
                        branches.Add((at, at + operand));
                        break;
                }
            }
            at += width;
        }
        if (at != code.Length) Fail(function, at, "the last op runs past the end of the code");
        // The translator recorded where it began each instruction: a layout that disagrees with the operands it
        // emitted shifts the walk off those positions.
        var map = function.OffsetMap;
        for (int i = 0; i < map.Length; i += 2)
        {
            if ((uint)map[i] > (uint)code.Length || !starts[map[i]])
                Fail(function, map[i], "the translator began an instruction here, but the layouts walk past it");
        }
        foreach (var (from, target) in branches)
        {
            if ((uint)target >= (uint)code.Length || !starts[target])
                Fail(function, from, $"{(Op)code[from]} branches to {target}, not an instruction");
        }
    }

    private static void Fail(CompiledFunction function, int at, string message) =>
        throw new InvalidOperationException($"register code of function {function.FunctionIndex} at word {at}: {message} (code: {string.Join(' ', function.Code.Take(24))})");
}
