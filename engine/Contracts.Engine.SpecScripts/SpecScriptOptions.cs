using Contracts.Engine.Loading;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.SpecScripts;

/// <summary>
/// How a script is run: the engine configuration and optional hooks that let a transformation of modules (such as gas
/// instrumentation) run the whole suite unchanged.
/// </summary>
public sealed record SpecScriptOptions
{
    public static readonly SpecScriptOptions Default = new();

    public EngineConfig Config { get; init; } = EngineConfig.Default;

    /// <summary>
    /// Applied to the bytes of every binary module the script loads, before it is compiled. A <c>WasmLoadException</c>
    /// it throws counts as the module failing to load.
    /// </summary>
    public Func<byte[], byte[]>? TransformModule { get; init; }

    /// <summary>Called once per script, after the <c>spectest</c> module is defined, to define more imports.</summary>
    public Action<Linker, Store>? ConfigureLinker { get; init; }

    /// <summary>Called before every <c>invoke</c> action with the instance whose export is called.</summary>
    public Action<Instance>? BeforeInvoke { get; init; }
}
