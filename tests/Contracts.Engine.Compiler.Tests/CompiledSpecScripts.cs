using Contracts.Engine.SpecScripts;
using Contracts.GasMetering.Hosting;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The core spec suite (plain, and instrumented with gas and stack height as gas-metering's suite runs it) with every
/// module compiled: the compiled tier must pass every command the interpreter passes, traps included.
/// </summary>
public sealed class CompiledSpecScripts
{
    public static readonly EngineConfig Compiled = IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled);

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var name in SpecTestCorpus.CoreScriptNames) data.Add(name);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Core_script_passes_compiled(string name)
    {
        var path = SpecTestCorpus.ScriptPath(SpecTests.Folder(), SpecTestCorpus.Core, name);

        var result = SpecScriptRunner.RunFile(path, Compiled);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(SpecTestCorpus.CommandCount(path), result.Total);
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Core_script_passes_metered_and_compiled(string name)
    {
        var path = SpecTestCorpus.ScriptPath(SpecTests.Folder(), SpecTestCorpus.Core, name);
        var options = new SpecScriptOptions
        {
            Config = IlTier.Configure(GasMetering.GasEngineConfig.Default, ExecutionTier.Compiled),
            TransformModule = bytes => GasMetering.GasInstrumenter.Instrument(bytes).Bytes,
            ConfigureLinker = (linker, store) => linker.DefineGasImports(store.Engine),
            BeforeInvoke = instance =>
            {
                MeteredInstance.Wrap(instance).ResetStackHeight();
                instance.Store.Fuel = 1L << 60;
            },
        };

        var result = SpecScriptRunner.RunFile(path, options);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(SpecTestCorpus.CommandCount(path), result.Total);
    }
}
