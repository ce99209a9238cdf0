using Contracts.Engine;
using Contracts.Fuzz.Generation;
using Xunit;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// Kernel-style functions (fuzz/Contracts.Fuzz/Generation/FunctionBodyGenerator.Kernels.cs): each shape appears, straight
/// kernels carry no termination guard, their modules compile and stay valid when the minimizer replaces a node, and a
/// module none of whose functions drew the style is the module it was before the style existed.
/// </summary>
public sealed class KernelGeneratorTests
{
    private static readonly GeneratorOptions AllKernels =
        GeneratorOptions.Default with { KernelFunctionPercent = 100, SimdPercent = 0, ArithmeticFunctionPercent = 0, StridedLoopFunctionPercent = 0 };

    private static IEnumerable<CodeNode> Nodes(FunctionShape function) => function.Body.SelectMany(n => n.DescendantsAndSelf());

    [Fact]
    public void Kernel_functions_have_every_shape_and_compile_on_our_engine()
    {
        var engine = new Engine.Engine();
        int leaves = 0, memoryKernels = 0, pointerRuns = 0, constantRuns = 0, compareConditions = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed, AllKernels);
            Module.Compile(engine, fuzzCase.Encode());
            foreach (var function in fuzzCase.Module.Functions)
            {
                var nodes = Nodes(function).ToList();
                if (function.Straight && nodes.Any(n => n.Mnemonic.Contains("(pointer:", StringComparison.Ordinal))) memoryKernels++;
                if (function.Straight && nodes.Any(n => n.Mnemonic.Contains("(leaf scratch)", StringComparison.Ordinal))) leaves++;
                if (nodes.Any(n => n.Mnemonic.Contains("(pointer run)", StringComparison.Ordinal))) pointerRuns++;
                if (nodes.Any(n => n.Mnemonic.StartsWith("f64.store (constant-address run)", StringComparison.Ordinal))) constantRuns++;
                if (nodes.Any(n => n.Mnemonic.StartsWith("i32.eqz (compare", StringComparison.Ordinal))) compareConditions++;
            }
        }
        Assert.True(leaves >= 5, $"straight leaves: {leaves}");
        Assert.True(memoryKernels >= 5, $"straight memory kernels with pointers: {memoryKernels}");
        Assert.True(pointerRuns >= 5, $"functions with pointer runs: {pointerRuns}");
        Assert.True(constantRuns >= 5, $"functions with constant-address f64 runs: {constantRuns}");
        Assert.True(compareConditions >= 5, $"functions with compare conditions: {compareConditions}");
    }

    [Fact]
    public void Replacing_any_replaceable_node_of_a_kernel_function_keeps_the_module_valid()
    {
        var engine = new Engine.Engine();
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed, AllKernels);
            foreach (var function in fuzzCase.Module.Functions)
                NodeReplacements.CompileWithEachReplaced(engine, fuzzCase, [function.Body]);
        }
    }

    [Fact]
    public void Modules_none_of_whose_functions_draws_the_kernel_style_do_not_depend_on_the_kernel_percentage() =>
        StyleIndependence.AssertModulesWithoutTheStyleUnchanged(ModuleGenerator.DrawsKernel, GeneratorOptions.Default with { KernelFunctionPercent = 0 });
}
