using Contracts.Engine.Binary;
using Contracts.Engine.Execution;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Translation;
using Contracts.Engine.Validation;

namespace Contracts.Engine;

/// <summary>
/// A decoded, validated and translated module. Immutable and thread-safe: one compiled module can be instantiated
/// many times, in many stores (a node caches them by code hash).
/// </summary>
public sealed class Module
{
    internal readonly CompiledFunction[] Functions;
    /// <summary>The compiled tier's code for this module (collected with it), or null while interpreted.</summary>
    internal object? TierCode;
    /// <summary>Calls from the host counted by the tiered mode until it compiles the module.</summary>
    internal int TierCalls;
    /// <summary>Fuel the module's interpreted calls from the host consumed, counted by the tiered mode until it compiles
    /// the module (its measure of the work compiling would speed up; see <see cref="EngineConfig.TierUpFuel"/>).</summary>
    internal long TierFuel;

    private Module(Engine engine, ModuleInfo info, CompiledFunction[] functions)
    {
        Engine = engine;
        Info = info;
        Functions = functions;
    }

    public Engine Engine { get; }
    public ModuleInfo Info { get; }

    /// <summary>Decodes, validates and translates <paramref name="bytes"/>. Throws <see cref="WasmLoadException"/>.</summary>
    public static Module Compile(Engine engine, byte[] bytes)
    {
        var limits = engine.Config.Limits;
        var info = ModuleDecoder.Decode(bytes, limits);
        ModuleValidator.Validate(info, limits);
        var functions = ModuleTranslator.TranslateAll(info, engine.Config);
        return new Module(engine, info, functions);
    }
}
