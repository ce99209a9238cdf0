using Contracts.Engine;
using Contracts.Engine.Runtime;

namespace Contracts.GasMetering.Hosting;

/// <summary>Binds the gas imports of instrumented modules in a <see cref="Linker"/>.</summary>
public static class GasLinking
{
    /// <summary>
    /// Defines <c>gas.stack_exhausted</c> as a host function trapping with <see cref="TrapKind.StackHeightExhausted"/>,
    /// and <c>gas.charge</c> as the engine's fuel routine (<see cref="Store.FuelCallback"/>) unless the engine already
    /// binds it to its fuel intrinsic (<see cref="EngineConfig.FuelImport"/>, as <see cref="GasEngineConfig"/> does),
    /// which is much faster.
    /// </summary>
    public static Linker DefineGasImports(this Linker linker, Contracts.Engine.Engine engine)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(engine);
        linker.DefineFunction(GasImports.Module, GasImports.StackExhausted, GasImports.StackExhaustedType, StackExhausted);
        if (engine.Config.FuelImport != (GasImports.Module, GasImports.Charge))
            linker.DefineFunction(GasImports.Module, GasImports.Charge, GasImports.ChargeType, Store.FuelCallback);
        return linker;
    }

    private static Trap? StackExhausted(Caller caller, ReadOnlySpan<Value> arguments, Span<Value> results) =>
        new(TrapKind.StackHeightExhausted);
}
