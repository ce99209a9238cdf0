namespace Contracts.Engine.SpecScripts;

/// <summary>
/// Runs WebAssembly spec scripts converted to JSON by <c>wast2json</c> (see the spec-tests README) against this
/// engine. Every command is isolated: an exception is recorded as a failure of that command and the run goes on.
/// </summary>
public static class SpecScriptRunner
{
    /// <summary>Runs one script with a fresh store, linker and <c>spectest</c> module.</summary>
    public static SpecScriptResult RunFile(string jsonPath, EngineConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        return RunFile(jsonPath, config is null ? SpecScriptOptions.Default : SpecScriptOptions.Default with { Config = config });
    }

    /// <summary>Runs one script with a fresh store, linker and <c>spectest</c> module, and the hooks of <paramref name="options"/>.</summary>
    public static SpecScriptResult RunFile(string jsonPath, SpecScriptOptions options)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        ArgumentNullException.ThrowIfNull(options);
        return new SpecScriptSession(jsonPath, options).Run();
    }

    /// <summary>Runs every <c>*.json</c> script under <paramref name="folder"/> (recursively), in ordinal path order.</summary>
    public static IReadOnlyList<SpecScriptResult> RunFolder(string folder, EngineConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var scripts = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories);
        Array.Sort(scripts, StringComparer.Ordinal);
        var results = new SpecScriptResult[scripts.Length];
        for (int i = 0; i < scripts.Length; i++) results[i] = RunFile(scripts[i], config);
        return results;
    }
}
