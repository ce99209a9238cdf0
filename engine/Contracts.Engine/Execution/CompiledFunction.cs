using Contracts.Engine.Model;

namespace Contracts.Engine.Execution;

/// <summary>
/// A function translated to the internal register code. Immutable and shared by every instance of its module.
/// Frame layout (in 8-byte slots, relative to the frame base): parameters, then declared locals, then the operand
/// stack's temporaries; <see cref="FrameSize"/> covers all of them.
/// Between the locals and the temporaries sit the pooled constants (see <see cref="Constants"/>).
/// </summary>
internal sealed class CompiledFunction
{
    public required int FunctionIndex { get; init; }
    /// <summary>Index among the module's defined functions (<see cref="Module"/>.Functions).</summary>
    public required int DefinedIndex { get; init; }
    public required FunctionType Type { get; init; }
    public required int[] Code { get; init; }
    public required int ParameterCount { get; init; }
    /// <summary>Parameters plus declared locals.</summary>
    public required int LocalCount { get; init; }
    public required int FrameSize { get; init; }
    /// <summary>Pooled constants, copied into the slots right after the locals on every call.</summary>
    public ulong[] Constants { get; init; } = [];
    /// <summary>Maps code positions to module byte offsets, for trap locations (sorted by code position).</summary>
    public int[] OffsetMap { get; init; } = [];
}
