using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// A check-free loop copy unrolled with its moves turned into renamings. sha256's round ends each iteration with
/// <c>h = g; g = f; f = e; …; a = t</c>: eight moves between cells, and the .NET JIT, which gives each IL local one
/// register over its life, makes them eight moves at the back edge and, with the loop's other values, keeps three of
/// the rotating values in stack slots (3 stores and 4 loads an iteration). A loop that leaves in the middle
/// (<see cref="CheckFreeCode.Exit"/>) and moves integer cells is emitted <see cref="UnrolledCopies"/> times in its
/// check-free copy, one copy falling into the next, and a move <c>d ← s</c> between integer cells there emits nothing:
/// from it on, cell d is read from and written to the local that holds s (<see cref="_renamed"/>), so each copy names
/// the rotating values by other locals and no move is left.
/// <para>The renaming keeps every cell's value: a write to a cell whose local another cell also names first gives the
/// written cell a local no cell names (one whose cell was renamed away, or a new one) — copying its value there first
/// when the op also reads it — so the other cell keeps its value; reads go through the map. Where the code leaves the
/// unrolled copy — the exit in each copy, and the back edge after the last — one parallel move puts every renamed cell
/// back in its own local (all sources read before any is written), so the code after the loop, the checked loop and the
/// copy's first iteration see the cells where they always are. Only loops of a function that holds no fuel (no charge
/// can run out between a move and its renaming) and stores no raw f64 results are unrolled; the ops and their order in
/// each iteration are the same as in the checked loop, so traps (none from bounds checks, the check having passed)
/// and memory are the interpreter's.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>How many iterations an unrolled copy emits before its back edge.</summary>
    internal const int UnrolledCopies = 8;

    /// <summary>The longest loop body (code words) that is unrolled.</summary>
    internal const int MaxUnrolledBodyWords = 600;

    // Inside an unrolled copy: the local holding each cell (the cell's own elsewhere, _cells).
    private LocalBuilder[]? _renamed;
    // Integer locals made for renamed cells, reused by every unrolled copy of the function.
    private readonly List<LocalBuilder> _renamingLocals = [];

    /// <summary>Whether <paramref name="loop"/>'s check-free copy is unrolled with its moves renamed: a loop leaving in
    /// the middle whose body moves integer cells (two moves or more) and holds only ops that write at most their
    /// destination.</summary>
    private bool UnrollsRenamed(CheckFreeCode loop)
    {
        if (loop.Exit is null || _holdsFuel || loop.End - loop.Start > MaxUnrolledBodyWords) return false;
        var code = _function.Code;
        int moves = 0;
        int at = loop.Start;
        while (at < loop.End)
        {
            if (code[at] < 0) return false;
            var op = (Op)code[at];
            if (at != loop.Exit && at + OpLayout.Width(code, at) != loop.End && !WritesOnlyDestination(op) && !WritesNoCell(op))
                return false;
            if (op == Op.Copy && !IsFloatCell(code[at + 1]) && !IsFloatCell(code[at + 2])) moves++;
            at += OpLayout.Width(code, at);
        }
        return moves >= 2;
    }

    /// <summary>The check-free copy of <paramref name="loop"/> unrolled (see the type's summary), at its label; it
    /// leaves to the loop's end.</summary>
    private void EmitUnrolledCopy(CheckFreeCode loop, Label copy, bool fuelCovered)
    {
        var code = _function.Code;
        int backEdge = -1;
        foreach (int op in RegisterCode.Ops(code, loop.Start, loop.End)) backEdge = op;
        var end = _labels[loop.End];
        var exits = new List<(Label Label, LocalBuilder[] Renamed)>();
        _checkFree = loop.Accesses;
        _fuelCovered = fuelCovered;
        _renamed = (LocalBuilder[])_cells.Clone();
        for (int k = 0; k < UnrolledCopies; k++)
        {
            int at = loop.Start;
            while (at < backEdge)
            {
                if (at == loop.Exit)
                {
                    // The exit leaves through a parallel move that puts every cell back (emitted after the copies).
                    var exit = _il.DefineLabel();
                    exits.Add((exit, (LocalBuilder[])_renamed.Clone()));
                    _labels[loop.End] = exit;
                    at = EmitStep(at);
                    _labels[loop.End] = end;
                    continue;
                }
                at = EmitRenamedStep(at);
            }
        }
        // Every label is reached with every cell canonical (FunctionEmitter.Canonical.cs), the copy's own included.
        EmitCanonicalAll();
        EmitCellsBack(_renamed);
        _il.Emit(OpCodes.Br, copy);
        foreach (var (label, renamed) in exits)
        {
            _il.MarkLabel(label);
            EmitCellsBack(renamed);
            _il.Emit(OpCodes.Br, end);
        }
        _renamed = null;
        _checkFree = NoAccesses;
        _fuelCovered = false;
    }

    /// <summary>Emits the op at <paramref name="at"/> inside an unrolled copy: a move between integer cells as a
    /// renaming, any other op after giving its destination a local no other cell names.</summary>
    private int EmitRenamedStep(int at)
    {
        var code = _function.Code;
        var op = (Op)code[at];
        if (WritesOnlyDestination(op))
        {
            int destination = code[at + 1] / CompiledFunction.WordsPerCell;
            bool reads = false;
            var layout = OpLayout.Of(op);
            for (int k = 1; k < layout.Length; k++) reads |= layout[k] == 's' && code[at + 1 + k] / CompiledFunction.WordsPerCell == destination;
            if (op == Op.Copy && reads) return at + OpLayout.Width(code, at);
            if (!IsFloatCell(destination * CompiledFunction.WordsPerCell)) OwnLocal(destination, reads);
        }
        return EmitStep(at);
    }

    /// <summary>Before a write of <paramref name="cell"/>: when another cell names its local, the cell gets a local no
    /// cell names (holding its value first when the op also reads it).</summary>
    private void OwnLocal(int cell, bool keepValue)
    {
        var renamed = _renamed!;
        var local = renamed[cell];
        bool shared = false;
        for (int c = 0; c < renamed.Length && !shared; c++) shared = c != cell && renamed[c] == local;
        if (!shared) return;
        var named = new HashSet<LocalBuilder>(renamed);
        LocalBuilder? free = null;
        foreach (var candidate in _cells.Concat(_renamingLocals))
        {
            if (candidate.LocalType != typeof(ulong) || named.Contains(candidate)) continue;
            free = candidate;
            break;
        }
        if (free is null)
        {
            free = _il.DeclareLocal(typeof(ulong));
            _renamingLocals.Add(free);
        }
        if (keepValue)
        {
            _il.Emit(OpCodes.Ldloc, local);
            _il.Emit(OpCodes.Stloc, free);
        }
        renamed[cell] = free;
    }

    /// <summary>Whether the move into <paramref name="destination"/> from <paramref name="source"/> is made by renaming
    /// (inside an unrolled copy, between integer cells whose values are in their locals).</summary>
    private bool RenamesMove(int destination, int source)
    {
        if (_renamed is null || IsFloatCell(destination) || IsFloatCell(source)) return false;
        if (IsRematerialized(source) || IsReloaded(source) || IsRematerialized(destination)) return false;
        _renamed[destination / CompiledFunction.WordsPerCell] = _renamed[source / CompiledFunction.WordsPerCell];
        return true;
    }

    /// <summary>Puts every cell <paramref name="renamed"/> holds elsewhere back in its own local, as one parallel move.</summary>
    private void EmitCellsBack(LocalBuilder[] renamed)
    {
        var moved = new List<int>();
        for (int c = 0; c < renamed.Length; c++)
        {
            if (renamed[c] == _cells[c]) continue;
            _il.Emit(OpCodes.Ldloc, renamed[c]);
            moved.Add(c);
        }
        for (int i = moved.Count - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, _cells[moved[i]]);
    }
}
