namespace Contracts.Engine;

/// <summary>
/// Which tier runs Wasm code. A node-local choice that never changes results, traps or fuel: the compiled tier is
/// bit-identical to the interpreter (see <c>engine/Contracts.Engine.Compiler</c>).
/// </summary>
public enum ExecutionTier
{
    /// <summary>Interpret a module's first calls; compile it once they have consumed <see cref="EngineConfig.TierUpFuel"/>
    /// fuel (an unmetered module: once it has been called <see cref="EngineConfig.TierUpThreshold"/> times).</summary>
    Tiered,
    /// <summary>Only the interpreter (also what runs when no <see cref="EngineConfig.Compiler"/> is configured).</summary>
    Interpreter,
    /// <summary>Compile every module on its first call (tests and benchmarks).</summary>
    Compiled,
}
