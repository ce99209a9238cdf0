using Contracts.Engine.Model;

namespace Contracts.Engine.Execution;

/// <summary>
/// A function translated to the internal register code. Immutable and shared by every instance of its module.
/// Frame layout, in 8-byte words relative to the frame base: parameters, then declared locals, then the pooled
/// constants (see <see cref="Constants"/>), then the operand stack's temporaries; <see cref="FrameSize"/> covers all
/// of them. Every value occupies one cell of <see cref="WordsPerCell"/> words (16 bytes, the width of a v128), so
/// every slot operand in <see cref="Code"/> is a word offset and a multiple of <see cref="WordsPerCell"/>. A scalar
/// lives in the cell's first word (i32 and f32 in its low 32 bits); the second word of a scalar's cell is
/// unspecified (copies move whole cells, scalar operations write one word) and no operation reads it.
/// </summary>
internal sealed class CompiledFunction
{
    /// <summary>Words (8 bytes) per value cell: a v128 fills a cell, a scalar uses its first word.</summary>
    public const int WordsPerCell = 2;

    public required int FunctionIndex { get; init; }
    /// <summary>Index among the module's defined functions (<see cref="Module"/>.Functions).</summary>
    public required int DefinedIndex { get; init; }
    public required FunctionType Type { get; init; }
    public required int[] Code { get; init; }
    /// <summary>Words of the parameters' cells.</summary>
    public required int ParameterCount { get; init; }
    /// <summary>Words of the parameters' and declared locals' cells.</summary>
    public required int LocalCount { get; init; }
    /// <summary>Words of the whole frame.</summary>
    public required int FrameSize { get; init; }
    /// <summary>Pooled constants as words (a cell each), copied into the frame right after the locals on every call.</summary>
    public ulong[] Constants { get; init; } = [];
    /// <summary>Maps code positions to module byte offsets, for trap locations (sorted by code position).</summary>
    public int[] OffsetMap { get; init; } = [];
}
