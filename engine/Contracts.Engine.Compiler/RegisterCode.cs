using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>Walks a function's register code (what the interpreter runs) for the compiler's analyses.</summary>
internal static class RegisterCode
{
    /// <summary>The position of every op of <paramref name="code"/>, in order; fuel prefix words are skipped.</summary>
    public static IEnumerable<int> Ops(int[] code) => Ops(code, 0, code.Length);

    /// <summary>The position of every op from <paramref name="start"/> (an op or a prefix word) up to
    /// <paramref name="end"/>, in order; fuel prefix words are skipped.</summary>
    public static IEnumerable<int> Ops(int[] code, int start, int end)
    {
        int at = start;
        while (at < end)
        {
            if (code[at] < 0)
            {
                at++;
                continue;
            }
            yield return at;
            at += OpLayout.Width(code, at);
        }
    }

    /// <summary>The branch offsets (relative to <paramref name="at"/>) of the op at <paramref name="at"/>: its branch
    /// operands, and a br_table's whole list with its default.</summary>
    public static IEnumerable<int> BranchOffsets(int[] code, int at)
    {
        var layout = OpLayout.Of((Op)code[at]);
        for (int k = 0; k < layout.Length; k++)
        {
            if (layout[k] == 'b') yield return code[at + 1 + k];
            if (layout[k] == '*')
            {
                int count = code[at + layout.IndexOf('n') + 1];
                for (int t = 0; t <= count; t++) yield return code[at + 1 + k + t];
            }
        }
    }

    /// <summary>Whether any op of <paramref name="code"/> carries a fuel prefix word (a negative word where an op begins).</summary>
    public static bool HasFuelPrefix(int[] code)
    {
        int at = 0;
        while (at < code.Length)
        {
            if (code[at] < 0) return true;
            at += OpLayout.Width(code, at);
        }
        return false;
    }
}
