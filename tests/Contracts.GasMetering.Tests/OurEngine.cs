using Contracts.Engine.Runtime;
using Contracts.GasMetering.Hosting;

namespace Contracts.GasMetering.Tests;

/// <summary>Runs an instrumented module's export on our engine and reports an <see cref="Outcome"/>.</summary>
internal static class OurEngine
{
    public static Outcome Run(byte[] instrumented, string export, long gasLimit, params Value[] arguments)
    {
        var instance = Metered.InstantiateInstrumented(instrumented);
        return Call(instance, export, gasLimit, arguments);
    }

    public static Outcome Call(MeteredInstance instance, string export, long gasLimit, params Value[] arguments)
    {
        var result = instance.Call(export, gasLimit, arguments);
        return result.Trap is { } trap
            ? Outcome.Trapped(trap.Kind, result.GasUsed)
            : Outcome.Returned(result.Results.Select(Outcome.Describe), result.GasUsed);
    }
}
