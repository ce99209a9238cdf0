using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>One test module instantiated twice: on the interpreter, and on the compiled tier with every function
/// compiled up front (so a test that means the compiled tier never silently runs interpreted code).</summary>
internal static class BothTiers
{
    public static (Instance Interpreted, Instance Compiled) Instantiate(string moduleFile)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", moduleFile));
        var interpreter = new Engine(EngineConfig.Default with { Tier = ExecutionTier.Interpreter });
        var compiler = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled));
        var compiledModule = Module.Compile(compiler, bytes);
        Assert.True(IlTier.Precompile(compiledModule));
        Assert.Equal(compiledModule.Info.Bodies.Length, IlTier.CompiledFunctionCount(compiledModule));
        return (new Linker().Instantiate(new Store(interpreter), Module.Compile(interpreter, bytes)),
            new Linker().Instantiate(new Store(compiler), compiledModule));
    }
}
