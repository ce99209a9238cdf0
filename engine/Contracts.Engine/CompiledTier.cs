using Contracts.Engine.Runtime;

namespace Contracts.Engine;

/// <summary>
/// A compiled tier plugged into the engine through <see cref="EngineConfig.Compiler"/>. The engine itself stays free
/// of code generation (it runs where dynamic code is not supported); the tier lives in its own assembly
/// (<c>Contracts.Engine.Compiler</c>) and is only reachable from there.
/// </summary>
public abstract class CompiledTier
{
    internal CompiledTier()
    {
    }

    /// <summary>
    /// Runs <paramref name="function"/> (Wasm code, not a host function) whose frame the interpreter's entry has
    /// prepared at <paramref name="frameBase"/> (arguments, zeroed locals, constants, the entry frame counted in the
    /// stack's depth), leaving results at the frame base as the interpreter would. False when this tier does not run
    /// it (not hot yet, not compiled): the interpreter runs it instead.
    /// </summary>
    internal abstract bool TryRun(Store store, Function function, int frameBase, out Trap? trap);
}
