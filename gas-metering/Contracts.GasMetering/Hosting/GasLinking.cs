using Contracts.Engine;
using Contracts.Engine.Runtime;

namespace Contracts.GasMetering.Hosting;

/// <summary>Binds the gas imports of instrumented modules in a <see cref="Linker"/>.</summary>
public static class GasLinking
{
    /// <summary>
    /// Defines <c>gas.stack_exhausted</c> as a host function trapping with <see cref="TrapKind.StackHeightExhausted"/>,
    /// and <c>gas.charge</c> as a host function consuming <see cref="Store.Fuel"/> unless the engine already binds it to
    /// its fuel intrinsic (<see cref="EngineConfig.FuelImport"/>, the default), which is much faster.
    /// </summary>
    public static Linker DefineGasImports(this Linker linker, Contracts.Engine.Engine engine)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(engine);
        linker.DefineFunction(GasImports.Module, GasImports.StackExhausted, GasImports.StackExhaustedType, StackExhausted);
        if (engine.Config.FuelImport != (GasImports.Module, GasImports.Charge))
            linker.DefineFunction(GasImports.Module, GasImports.Charge, GasImports.ChargeType, Charge);
        return linker;
    }

    private static Trap? StackExhausted(Caller caller, ReadOnlySpan<Value> arguments, Span<Value> results) =>
        new(TrapKind.StackHeightExhausted);

    /// <summary>The same semantics as the engine's intrinsic: out of gas empties the tank.</summary>
    private static Trap? Charge(Caller caller, ReadOnlySpan<Value> arguments, Span<Value> results)
    {
        var store = caller.Store;
        ulong amount = arguments[0].Bits;
        ulong available = store.Fuel <= 0 ? 0 : (ulong)store.Fuel;
        if (amount > available)
        {
            store.Fuel = 0;
            return new Trap(TrapKind.OutOfFuel);
        }
        store.Fuel = (long)(available - amount);
        return null;
    }
}
