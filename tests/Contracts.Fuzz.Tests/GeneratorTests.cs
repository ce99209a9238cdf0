using Contracts.Engine;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Minimization;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Tests;

public sealed class GeneratorTests
{
    [Fact]
    public void Same_seed_gives_the_same_module_and_calls()
    {
        for (ulong seed = 1; seed <= 30; seed++)
        {
            var a = ModuleGenerator.Generate(seed);
            var b = ModuleGenerator.Generate(seed);
            Assert.Equal(a.Encode(), b.Encode());
            Assert.Equal(a.Invocations.Select(RegressionCase.FormatCall), b.Invocations.Select(RegressionCase.FormatCall));
        }
    }

    [Fact]
    public void Different_seeds_give_different_modules()
    {
        var modules = Enumerable.Range(1, 30).Select(s => Convert.ToHexString(ModuleGenerator.Generate((ulong)s).Encode())).ToHashSet();
        Assert.Equal(30, modules.Count);
    }

    [Fact]
    public void Generated_modules_compile_on_our_engine()
    {
        var engine = new Engine.Engine();
        for (ulong seed = 1; seed <= 100; seed++) Module.Compile(engine, ModuleGenerator.Generate(seed).Encode());
    }

    [Fact]
    public void Replacing_any_replaceable_node_keeps_the_module_valid()
    {
        // The minimizer's invariant: every replaceable node takes nothing and leaves exactly its results.
        var engine = new Engine.Engine();
        for (ulong seed = 1; seed <= 10; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed);
            foreach (var function in fuzzCase.Module.Functions)
            {
                var lists = new List<List<CodeNode>> { function.Body };
                lists.AddRange(function.Body.SelectMany(n => n.DescendantsAndSelf()).SelectMany(n => new[] { n.Operands, n.Body, n.ElseBody }).OfType<List<CodeNode>>());
                NodeReplacements.CompileWithEachReplaced(engine, fuzzCase, lists.Take(40));
            }
        }
    }

    [Fact]
    public void Modules_without_simd_do_not_depend_on_the_simd_percentage()
    {
        // The SIMD choice is drawn apart from the rest: seeds without SIMD give the modules they gave before SIMD.
        var without = GeneratorOptions.Default with { SimdPercent = 0 };
        int compared = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var withSimd = ModuleGenerator.Generate(seed);
            if (withSimd.Module.UsesSimd) continue;
            Assert.Equal(ModuleGenerator.Generate(seed, without).Encode(), withSimd.Encode());
            compared++;
        }
        Assert.InRange(compared, 5, 35);
    }

    [Fact]
    public void Modules_with_simd_pass_vectors_in_and_out_of_exported_functions_and_globals()
    {
        var cases = Enumerable.Range(1, 60).Select(s => ModuleGenerator.Generate((ulong)s)).Where(c => c.Module.UsesSimd).ToList();
        Assert.Contains(cases, c => c.Invocations.Any(call => call.ParameterTypes.Contains(ValueType.V128)));
        Assert.Contains(cases, c => c.Module.Functions.Any(f => f.ExportName is not null && f.Signature.Results.Contains(ValueType.V128)));
        Assert.Contains(cases, c => c.Module.Globals.Any(g => g.Type == ValueType.V128));
    }

    [Fact]
    public void Calls_with_vectors_round_trip_through_the_regression_format()
    {
        var calls = Enumerable.Range(1, 60).SelectMany(s => ModuleGenerator.Generate((ulong)s).Invocations)
            .Where(call => call.ParameterTypes.Contains(ValueType.V128)).Take(20).ToList();
        Assert.NotEmpty(calls);
        var parsed = RegressionCase.ParseCalls(calls.Select(RegressionCase.FormatCall));
        Assert.Equal(calls.Select(c => c.Arguments), parsed.Select(c => c.Arguments));
        Assert.Equal(calls.Select(c => c.ParameterTypes), parsed.Select(c => c.ParameterTypes));
    }

    [Fact]
    public void Calls_round_trip_through_the_regression_format()
    {
        var calls = ModuleGenerator.Generate(7).Invocations;
        var parsed = RegressionCase.ParseCalls(calls.Select(RegressionCase.FormatCall));
        Assert.Equal(calls.Count, parsed.Count);
        for (int i = 0; i < calls.Count; i++)
        {
            Assert.Equal(calls[i].Export, parsed[i].Export);
            Assert.Equal(calls[i].ParameterTypes, parsed[i].ParameterTypes);
            Assert.Equal(calls[i].Arguments, parsed[i].Arguments);
        }
    }
}
