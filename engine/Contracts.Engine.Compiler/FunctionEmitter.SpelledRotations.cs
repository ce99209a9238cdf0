using System.Reflection.Emit;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Rotations a contract spells out — <c>(x &lt;&lt; c) | (x &gt;&gt;&gt; (w - c))</c>, or the same joined by xor — never become
/// the .NET JIT's rotate node, which .NET 10 gets wrong (dotnet/runtime#129288, see FunctionEmitter.Rotations.cs: a zero
/// test of a rotate by a constant reads a stale flag; <c>SpelledRotationTests</c> showed i64 eqz, br_if and select
/// answering wrongly on the compiled tier before this).
/// <para>The JIT matches the shape in morph, on an or/xor node whose operands are a left and an unsigned right shift —
/// as its trees hold them after forward substitution within a block: a shift, a multiplication or division by a power
/// of two (which morph turns into one), or either under an identity that folds away with a constant operand
/// (<c>| 0</c>, <c>* 1</c>, <c>&lt;&lt; 0</c>, a rotation by 0, with the constant immediate or propagated from a local). The
/// emitter follows, in emission order, which cells may hold such a value (<see cref="ShiftLike"/>, through moves and
/// through any op with a possibly constant operand) and which may hold a constant; an or/xor of a left-like and a
/// right-like cell is emitted as <c>a + b - (a &amp; b)</c> (or) or <c>a + b - 2(a &amp; b)</c> (xor), equal for every
/// pair of operands and with no or/xor node to match. Following emission order across labels only ever marks more
/// cells than a block's trees can show the JIT (slower, never wrong). Compilers emit rotl/rotr for rotations, so the
/// slower joins are rare in real contracts; hashes' xors of a rotation and a shift are not affected.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    [Flags]
    private enum ShiftLike : byte
    {
        None = 0,
        Left = 1,
        Right = 2,
    }

    // Cells (by slot) that may hold a left or right shift in the JIT's trees, and cells that may hold a constant.
    private readonly Dictionary<int, ShiftLike> _shiftLike = [];
    private readonly HashSet<int> _constantLike = [];

    private static int CellOf(int slot) => slot / Execution.CompiledFunction.WordsPerCell;

    private ShiftLike ShiftLikeOf(int slot) => _shiftLike.GetValueOrDefault(CellOf(slot));

    private bool IsConstantLike(int slot) => _constantLike.Contains(CellOf(slot));

    private void MarkShiftLike(int slot, ShiftLike kind)
    {
        if (kind != ShiftLike.None) _shiftLike[CellOf(slot)] = kind;
    }

    /// <summary>Any write of <paramref name="slot"/> (StoreBits): it holds what the writer notes next, if anything.</summary>
    private void ForgetCellOrigin(int slot)
    {
        _shiftLike.Remove(CellOf(slot));
        _constantLike.Remove(CellOf(slot));
    }

    private void NoteConstantCell(int slot) => _constantLike.Add(CellOf(slot));

    private void NoteMovedCell(int destination, ShiftLike kind, bool constant)
    {
        ForgetCellOrigin(destination);
        MarkShiftLike(destination, kind);
        if (constant) NoteConstantCell(destination);
    }

    /// <summary>What the integer op at <paramref name="at"/> (layout dst a b, b an immediate when
    /// <paramref name="immediate"/>) will leave in its destination; read before the op writes it (dst may be a or b).</summary>
    private ShiftLike ResultShiftLike(string @operator, bool immediate, int at)
    {
        var kind = @operator switch
        {
            "Shl" or "Mul" => ShiftLike.Left,
            "ShrU" or "ShrS" or "DivU" or "DivS" => ShiftLike.Right,
            _ => ShiftLike.None,
        };
        // With an operand the JIT may know as a constant, the op may fold to its other operand (x | 0, x * 1, x << 0).
        int a = Word(at, 2);
        if (immediate || IsConstantLike(Word(at, 3))) kind |= ShiftLikeOf(a);
        if (!immediate && IsConstantLike(a)) kind |= ShiftLikeOf(Word(at, 3));
        return kind;
    }

    /// <summary>Whether the or/xor at <paramref name="at"/> (dst a b) joins a left-like and a right-like cell.</summary>
    private bool JoinsShifts(int at)
    {
        ShiftLike a = ShiftLikeOf(Word(at, 2)), b = ShiftLikeOf(Word(at, 3));
        return (a.HasFlag(ShiftLike.Left) && b.HasFlag(ShiftLike.Right)) || (a.HasFlag(ShiftLike.Right) && b.HasFlag(ShiftLike.Left));
    }

    /// <summary>Emits or (<paramref name="xor"/> false) or xor of operands a and b at <paramref name="at"/> without an
    /// or/xor node: a | b = a + b - (a &amp; b), a ^ b = a + b - 2(a &amp; b), modulo 2^32 or 2^64.</summary>
    private void EmitJoinWithoutOr(int at, bool wide, bool xor)
    {
        var type = wide ? typeof(long) : typeof(int);
        var a = Temporary(type);
        var b = Temporary(type, 1);
        LoadInteger(at, 2, wide);
        _il.Emit(OpCodes.Stloc, a);
        LoadInteger(at, 3, wide);
        _il.Emit(OpCodes.Stloc, b);
        _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Ldloc, b);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Ldloc, b);
        _il.Emit(OpCodes.And);
        if (xor)
        {
            _il.Emit(OpCodes.Ldc_I4_1);
            _il.Emit(OpCodes.Shl);
        }
        _il.Emit(OpCodes.Sub);
    }
}
