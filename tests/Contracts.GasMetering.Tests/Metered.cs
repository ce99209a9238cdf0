using Contracts.Engine;
using Contracts.Engine.Runtime;
using Contracts.GasMetering.Hosting;

namespace Contracts.GasMetering.Tests;

/// <summary>Instruments a module and instantiates it on our engine, ready for metered calls.</summary>
internal static class Metered
{
    public static MeteredInstance Instantiate(byte[] original, InstrumentationOptions? options = null, EngineConfig? config = null)
    {
        var instrumented = GasInstrumenter.Instrument(original, (options ?? InstrumentationOptions.Default) with { VerifyOutput = true });
        return InstantiateInstrumented(instrumented.Bytes, config);
    }

    public static MeteredInstance InstantiateInstrumented(byte[] instrumented, EngineConfig? config = null)
    {
        var engine = new Engine.Engine(config ?? GasEngineConfig.Default);
        var module = Module.Compile(engine, instrumented);
        var linker = new Linker().DefineGasImports(engine);
        return MeteredInstance.Instantiate(linker, new Store(engine), module);
    }
}
