using Contracts.Engine;
using Contracts.Fuzz.Generation;
using Xunit;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// Strided-loop functions (fuzz/Contracts.Fuzz/Generation/FunctionBodyGenerator.Strided.cs): they appear, their modules
/// compile and stay valid when the minimizer replaces a node, and a module none of whose functions drew them is the
/// module it was before they existed.
/// </summary>
public sealed class StridedLoopGeneratorTests
{
    private static readonly GeneratorOptions AllStrided =
        GeneratorOptions.Default with { StridedLoopFunctionPercent = 100, SimdPercent = 0, ArithmeticFunctionPercent = 0 };

    private static bool HasStridedLoop(FuzzCase fuzzCase) => fuzzCase.Module.Functions
        .SelectMany(f => f.Body.SelectMany(n => n.DescendantsAndSelf()))
        .Any(n => n.Mnemonic.StartsWith("strided loop", StringComparison.Ordinal));

    [Fact]
    public void Strided_functions_have_strided_loops_that_compile_on_our_engine()
    {
        var engine = new Engine.Engine();
        int withLoops = 0, leavingInTheMiddle = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed, AllStrided);
            Module.Compile(engine, fuzzCase.Encode());
            if (HasStridedLoop(fuzzCase)) withLoops++;
            leavingInTheMiddle += fuzzCase.Module.Functions.SelectMany(f => f.Body.SelectMany(n => n.DescendantsAndSelf()))
                .Count(n => n.Mnemonic.EndsWith("leaving in the middle)", StringComparison.Ordinal));
        }
        Assert.InRange(withLoops, 20, 40);
        Assert.True(leavingInTheMiddle > 0);
    }

    [Fact]
    public void Replacing_any_replaceable_node_of_a_strided_function_keeps_the_module_valid()
    {
        var engine = new Engine.Engine();
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed, AllStrided);
            foreach (var loop in fuzzCase.Module.Functions.SelectMany(f => f.Body.SelectMany(n => n.DescendantsAndSelf()))
                .Where(n => n.Mnemonic.StartsWith("strided loop", StringComparison.Ordinal)).ToList())
                NodeReplacements.CompileWithEachReplaced(engine, fuzzCase, [loop.Body!, loop.Operands]);
        }
    }

    [Fact]
    public void Modules_none_of_whose_functions_draws_strided_loops_do_not_depend_on_the_strided_percentage() =>
        StyleIndependence.AssertModulesWithoutTheStyleUnchanged(ModuleGenerator.DrawsStridedLoops, GeneratorOptions.Default with { StridedLoopFunctionPercent = 0 });
}
