using Contracts.Engine.Runtime;

namespace Contracts.Engine.Execution;

/// <summary>Runs register code. (Being written.)</summary>
internal static class Executor
{
    /// <summary>
    /// Calls <paramref name="function"/> with arguments in slot encoding and writes its results in slot encoding.
    /// Returns null on success or the trap. Never throws for anything the Wasm code does.
    /// </summary>
    public static Trap? Invoke(Store store, Function function, ReadOnlySpan<ulong> arguments, Span<ulong> results) =>
        throw new NotImplementedException();
}
