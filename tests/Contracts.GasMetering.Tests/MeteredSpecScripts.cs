using System.Text.Json;
using Contracts.Engine.SpecScripts;
using Contracts.GasMetering.Hosting;

namespace Contracts.GasMetering.Tests;

/// <summary>
/// The whole core spec suite again, with every module instrumented (gas and stack height) and a large gas limit before
/// every call: instrumentation must not change any result, trap or link error. As wasmi runs its suite with fuel.
/// </summary>
public sealed class MeteredSpecScripts
{
    /// <summary>Large, yet far from overflow: every call starts with it.</summary>
    private const long GasLimit = 1L << 60;

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var name in SpecTestCorpus.CoreScriptNames) data.Add(name);
        return data;
    }

    public static readonly SpecScriptOptions Options = new()
    {
        Config = GasEngineConfig.Default,
        TransformModule = bytes => GasInstrumenter.Instrument(bytes).Bytes,
        ConfigureLinker = (linker, store) => linker.DefineGasImports(store.Engine),
        BeforeInvoke = instance =>
        {
            MeteredInstance.Wrap(instance).ResetStackHeight();
            instance.Store.Fuel = GasLimit;
        },
    };

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Core_script_passes_instrumented(string name)
    {
        var path = SpecTestCorpus.ScriptPath(SpecScriptNames.Folder(), SpecTestCorpus.Core, name);

        var result = SpecScriptRunner.RunFile(path, Options);

        Assert.True(result.Succeeded, result.Describe());
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal(document.RootElement.GetProperty("commands").GetArrayLength(), result.Total);
    }

    /// <summary>The 56 SIMD scripts, instrumented under the default schedule (which prices SIMD): the same results.</summary>
    [SkippableFact]
    public void Simd_scripts_pass_instrumented()
    {
        var results = SpecTestCorpus.ScriptNamesIn(SpecScriptNames.Folder(), SpecTestCorpus.Simd)
            .Select(name => SpecScriptRunner.RunFile(SpecTestCorpus.ScriptPath(SpecScriptNames.Folder(), SpecTestCorpus.Simd, name), Options))
            .ToArray();

        Assert.Equal(56, results.Length);
        var failed = results.Where(r => !r.Succeeded).Select(r => r.Describe(5)).ToArray();
        Assert.True(failed.Length == 0, string.Join('\n', failed));
        Assert.Equal(25_976, results.Sum(r => r.Total));
    }
}
