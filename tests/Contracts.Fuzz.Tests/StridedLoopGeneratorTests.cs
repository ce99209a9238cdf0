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
    public void Modules_none_of_whose_functions_draws_strided_loops_do_not_depend_on_the_strided_percentage()
    {
        // Not function by function: a function's blocks register their types in the module's one type section, so a
        // drawn function's changed body can move a later function's type indices.
        var without = GeneratorOptions.Default with { StridedLoopFunctionPercent = 0 };
        int compared = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var withStrided = ModuleGenerator.Generate(seed);
            if (withStrided.Module.Functions.Any(f => ModuleGenerator.DrawsStridedLoops(seed, f.Index, GeneratorOptions.Default))) continue;
            Assert.Equal(ModuleGenerator.Generate(seed, without).Encode(), withStrided.Encode());
            compared++;
        }
        Assert.InRange(compared, 5, 39);
    }
}
