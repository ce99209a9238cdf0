using System.Runtime.CompilerServices;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// The compiled tier: compiles a module's functions to IL (<see cref="System.Reflection.Emit.DynamicMethod"/>) that the
/// .NET JIT turns into machine code, bit-identical to the interpreter in results, traps and fuel. Plug it in with
/// <see cref="Configure"/> (or <c>new EngineConfig { Compiler = IlTier.Instance, Tier = … }</c>). Where dynamic code is
/// not supported (NativeAOT) it declines every call and the interpreter runs.
/// </summary>
public sealed class IlTier : CompiledTier
{
    public static readonly IlTier Instance = new();

    private IlTier()
    {
    }

    /// <summary><paramref name="config"/> with this tier plugged in and <paramref name="tier"/> chosen.</summary>
    public static EngineConfig Configure(EngineConfig config, ExecutionTier tier) => config with { Compiler = Instance, Tier = tier };

    /// <summary>Compiles <paramref name="module"/> now (once; later calls return at once). False where dynamic code is not supported.</summary>
    public static bool Precompile(Module module) => CodeOf(module) is not null;

    /// <summary>How many of the module's defined functions run compiled, once it is compiled.</summary>
    public static int CompiledFunctionCount(Module module) => module.TierCode is ModuleCode code ? code.CompiledCount : 0;

    internal override bool TryRun(Store store, Function function, int frameBase, out Trap? trap)
    {
        trap = null;
        var instance = function.Owner!;
        var module = instance.Module;
        if (module.TierCode is not ModuleCode code)
        {
            var config = store.Engine.Config;
            if (config.Tier == ExecutionTier.Interpreter) return false;
            if (config.Tier == ExecutionTier.Tiered && !WorthCompiling(module, config)) return false;
            if (CodeOf(module) is not { } compiled) return false;
            code = compiled;
        }
        int index = function.Code!.DefinedIndex;
        if (code.Entries[index] is not { } entry) return false;
        // A store whose value stack or depth limit does not fit the direct convention's packed frame (DepthAndBudget)
        // runs interpreted.
        if (!DepthAndBudget.Fits(store.Stack)) return false;
        // The thread's native budget (NativeStackBudget) is shared by every entry on it; spent, the interpreter runs.
        int budget = NativeStackBudget.Left - code.FrameCosts[index];
        if (budget < 0) return false;
        var context = InstanceContext.For(instance, code);
        try
        {
            entry(context, frameBase, store.Stack.Depth, budget);
        }
        catch (CompiledTrap unwound)
        {
            // Compiled frames unwind a trap to here, where the interpreter or the host entered them.
            trap = unwound.Trap;
        }
        return true;
    }

    /// <summary>The tiered mode's choice before a call from the host: a metered module is compiled once its interpreted
    /// calls consumed <see cref="EngineConfig.TierUpFuel"/>, an unmetered one (no fuel consumed) at
    /// <see cref="EngineConfig.TierUpThreshold"/> calls.</summary>
    private static bool WorthCompiling(Module module, EngineConfig config)
    {
        // Plain counters: an update lost to a race between threads only delays the compile a little (a node-local choice).
        int calls = ++module.TierCalls;
        long fuel = module.TierFuel;
        return fuel >= config.TierUpFuel || (fuel == 0 && calls >= config.TierUpThreshold);
    }

    private static ModuleCode? CodeOf(Module module)
    {
        if (module.TierCode is ModuleCode existing) return existing;
        if (!RuntimeFeature.IsDynamicCodeSupported) return null;
        var code = ModuleCompiler.Compile(module);
        return (ModuleCode)(Interlocked.CompareExchange(ref module.TierCode, code, null) ?? code);
    }
}
