using Contracts.Engine;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Minimization;
using Xunit;

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
                foreach (var list in lists.Take(40))
                {
                    for (int i = 0; i < list.Count; i++)
                    {
                        var node = list[i];
                        if (!node.Replaceable) continue;
                        list[i] = CodeNode.Constants(node.Results);
                        Module.Compile(engine, fuzzCase.Encode());
                        list[i] = node;
                    }
                }
            }
        }
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
