using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// A module's compiled functions, attached to the <see cref="Module"/> (so it is cached wherever the module is, keyed
/// as the module is — code hash, rule set and engine version in the execution layer — and collected with it: dynamic
/// methods are collectible). A function without an entry runs in the interpreter (see <see cref="FunctionSupport"/>).
/// </summary>
internal sealed class ModuleCode
{
    /// <summary>.NET stack bytes charged against the native budget for a helper frame between two compiled frames.</summary>
    public const int HelperCost = 256;

    /// <summary>Compiled entry per defined function, or null where the function stays interpreted.</summary>
    public required CompiledCode?[] Entries { get; init; }
    /// <summary>Estimated .NET stack bytes of each compiled function's frame.</summary>
    public required int[] FrameCosts { get; init; }
    /// <summary>Why each function without an entry is interpreted (null for compiled ones).</summary>
    public required string?[] InterpretedBecause { get; init; }
    /// <summary>The dynamic methods, kept for direct calls between them.</summary>
    internal DynamicMethod?[] Methods { get; init; } = [];

    public int CompiledCount => Entries.Count(entry => entry is not null);

    /// <summary>The least <see cref="FrameCost"/> of any function: its fixed part.</summary>
    public const int MinFrameCost = 192;

    /// <summary>An estimate of a compiled frame's .NET stack use: a fixed part and a spill slot per value cell.</summary>
    public static int FrameCost(CompiledFunction function) => MinFrameCost + 16 * (function.FrameSize / CompiledFunction.WordsPerCell);
}
