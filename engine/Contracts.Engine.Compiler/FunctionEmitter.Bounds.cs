using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Which loads and stores are emitted without their bounds check: those the module's declared memory minimum covers
/// (<see cref="ConstantAddresses"/>), and those of a loop's check-free copy while it is emitted (FunctionEmitter.Loops.cs).
/// Also the op classification both analyses rely on: which cells an op may write.
/// </summary>
internal sealed partial class FunctionEmitter
{
    // The loads and stores emitted without a bounds check: those of the check-free copy being emitted, else none.
    private IReadOnlySet<int> _checkFree = NoAccesses;
    private static readonly HashSet<int> NoAccesses = [];
    // The accesses in bounds of every memory the function can run with (its constant addresses below the minimum).
    private HashSet<int> _alwaysInBounds = NoAccesses;

    /// <summary>Whether the access at <paramref name="at"/> is emitted without a bounds check.</summary>
    private bool IsProvenInBounds(int at) => _checkFree.Contains(at) || _alwaysInBounds.Contains(at);

    /// <summary>The least byte length memory 0 can have while this module runs: its declared (or imported) minimum.</summary>
    private ulong MinimumMemoryBytes() =>
        _module.Info.AllMemories is [var memory, ..] ? (ulong)memory.Limits.Min * Memory.PageSize : 0;

    /// <summary>Whether <paramref name="op"/> writes nothing to a cell and cannot move memory or branch: a store, a fuel
    /// charge, a global write.</summary>
    internal static bool WritesNoCell(Op op) =>
        op is Op.Store8 or Op.Store16 or Op.Store32 or Op.Store64 or Op.ConsumeFuel or Op.ConsumeFuelSlot
            or Op.GlobalSet or Op.GlobalAddImm;

    /// <summary>Whether <paramref name="op"/> writes its first slot operand and nothing else, cannot move memory and does
    /// not branch (it may trap): integer, float and numeric operators, moves, globals reads, memory.size, conversions.</summary>
    internal static bool WritesOnlyDestination(Op op)
    {
        if ((uint)op >= (uint)Forms.Length) return false;
        var layout = OpLayout.Of(op);
        if (layout.Length == 0 || layout[0] != 's' || layout.IndexOfAny(['b', '*', 'f', 'n']) >= 0) return false;
        var form = Forms[(int)op];
        return form.Kind switch
        {
            FormKind.Integer => !form.Branch,
            FormKind.Float or FormKind.Numeric => true,
            FormKind.Special => op is Op.Copy or Op.Const32 or Op.Const64 or Op.Select or Op.GlobalGet or Op.MemorySize
                or Op.I32Eqz or Op.I64Eqz or Op.I32WrapI64 or Op.I64ExtendI32S or Op.I64ExtendI32U or Op.I32Extend8S
                or Op.I32Extend16S or Op.I64Extend8S or Op.I64Extend16S or Op.I64Extend32S or Op.RefIsNull
                || AccessSize(op) > 0 && !IsStore(op),
            _ => false,
        };
    }

    internal static bool IsStore(Op op) => op is Op.Store8 or Op.Store16 or Op.Store32 or Op.Store64;


    // The cells known, at the current point of a straight run, to hold a zero-extended 32-bit value (what every i32
    // arithmetic op, i32 load and i32 constant writes): an access through one needs no 32-bit truncation of its address.
    private readonly HashSet<int> _zeroExtended = [];

    /// <summary>Marks <paramref name="label"/> here: control may arrive from elsewhere, so nothing is known of the cells.</summary>
    private void MarkRunLabel(Label label)
    {
        _il.MarkLabel(label);
        _zeroExtended.Clear();
    }

    /// <summary>After the op at <paramref name="at"/> was emitted: whether its destination now holds a zero-extended
    /// 32-bit value; any op that may write other cells forgets them all.</summary>
    private void NoteZeroExtension(Op op, int at)
    {
        if (WritesNoCell(op)) return;
        bool load = AccessSize(op) > 0 && !IsStore(op);
        if (!load && !WritesOnlyDestination(op))
        {
            _zeroExtended.Clear();
            return;
        }
        int destination = Word(at, 1) / CompiledFunction.WordsPerCell;
        bool zeroExtended = op switch
        {
            // Ldind then Conv_U8 of the int32 (EmitLoad); the constant as (long)(uint).
            Op.I32Load or Op.I32Load8S or Op.I32Load8U or Op.I32Load16S or Op.I32Load16U or Op.Const32 => true,
            Op.Copy => _zeroExtended.Contains(Word(at, 2) / CompiledFunction.WordsPerCell),
            // ceq then Conv_U8.
            Op.I32Eqz or Op.I64Eqz => true,
            // EmitInteger's Conv_U8 of an i32 result or a comparison's 0/1 (division and rotation have their own paths).
            _ => Forms[(int)op] is { Kind: FormKind.Integer, Branch: false } form
                && (form.Operator is "Eq" or "Ne" or "LtS" or "LtU" or "GtS" or "GtU" or "LeS" or "LeU" or "GeS" or "GeU"
                    || !form.Wide && form.Operator is "Add" or "Sub" or "Mul" or "And" or "Or" or "Xor" or "Shl" or "ShrS" or "ShrU"),
        };
        if (zeroExtended) _zeroExtended.Add(destination);
        else _zeroExtended.Remove(destination);
    }

    /// <summary>Pushes the cell at <paramref name="slot"/> as a 32-bit address zero-extended to 64 bits (truncated
    /// first unless the cell is known to hold it so).</summary>
    private void EmitAddressBits(int slot)
    {
        LoadBits(slot);
        if (_zeroExtended.Contains(slot / CompiledFunction.WordsPerCell)) return;
        _il.Emit(OpCodes.Conv_U4);
        _il.Emit(OpCodes.Conv_U8);
    }
}
