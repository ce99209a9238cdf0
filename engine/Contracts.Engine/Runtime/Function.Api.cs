using Contracts.Engine.Execution;
using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>Calling a function from the host, and creating host functions bound to one store.</summary>
public sealed partial class Function
{
    /// <summary>Slots handled on the .NET stack per call; larger signatures (rare) use a heap buffer.</summary>
    private const int StackSlots = 64;

    /// <summary>Creates a host function in <paramref name="store"/>, e.g. to pass to <see cref="Linker.Define"/>.</summary>
    public static Function Create(Store store, FunctionType type, HostFunctionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callback);
        return new Function(store, type, callback);
    }

    /// <summary>
    /// Calls the function and returns its results. Throws <see cref="TrapException"/> when it traps and
    /// <see cref="ArgumentException"/> when the arguments do not match its parameters.
    /// </summary>
    public Value[] Invoke(params Value[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var results = Type.Results.Length == 0 ? [] : new Value[Type.Results.Length];
        var trap = Invoke(arguments, results);
        if (trap is not null) throw new TrapException(trap);
        return results;
    }

    /// <summary>
    /// Calls the function without allocating: <paramref name="arguments"/> must match the parameters and
    /// <paramref name="results"/> must have exactly as many elements as the function has results. Returns null on
    /// success or the trap (results are then unspecified). Throws <see cref="ArgumentException"/> for mismatched
    /// arguments, never for anything the called code does.
    /// </summary>
    public Trap? Invoke(ReadOnlySpan<Value> arguments, Span<Value> results)
    {
        var parameterTypes = Type.Parameters;
        var resultTypes = Type.Results;
        if (arguments.Length != parameterTypes.Length)
            throw new ArgumentException($"function of type {Type} takes {parameterTypes.Length} arguments, got {arguments.Length}", nameof(arguments));
        if (results.Length != resultTypes.Length)
            throw new ArgumentException($"function of type {Type} returns {resultTypes.Length} results, the span holds {results.Length}", nameof(results));

        const int W = CompiledFunction.WordsPerCell;
        int total = (parameterTypes.Length + resultTypes.Length) * W;
        Span<ulong> buffer = total <= StackSlots ? stackalloc ulong[StackSlots] : new ulong[total];
        var argumentSlots = buffer[..(parameterTypes.Length * W)];
        var resultSlots = buffer.Slice(parameterTypes.Length * W, resultTypes.Length * W);

        for (int i = 0; i < arguments.Length; i++)
        {
            if (arguments[i].Type != parameterTypes[i])
                throw new ArgumentException(
                    $"argument {i} is {arguments[i].Type.ToWatName()}, the function of type {Type} expects {parameterTypes[i].ToWatName()}",
                    nameof(arguments));
            Store.ToCell(arguments[i], argumentSlots.Slice(i * W, W));
        }

        var trap = Executor.Invoke(Store, this, argumentSlots, resultSlots);
        if (trap is not null) return trap;

        for (int i = 0; i < resultTypes.Length; i++)
            results[i] = Store.FromCell(resultTypes[i], resultSlots.Slice(i * W, W));
        return null;
    }

    public override string ToString() => IsHost ? $"host function {Type}" : $"function {Code!.FunctionIndex} {Type}";
}
