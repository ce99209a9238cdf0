using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Accesses at a pooled constant address wholly below the memory's declared minimum are emitted without a bounds check
/// (ConstantAddresses); Modules/constant-addresses.wat accesses the last bytes of the minimum, straddles its end and
/// writes a grown page — the compiled tier traps and computes as the interpreter does.
/// </summary>
public sealed class ConstantAddressTests
{
    [Fact]
    public void Only_constant_addresses_whose_last_byte_lies_below_the_minimum_go_unchecked()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), Bytes());
        const ulong minimum = 65536;

        // inside: the store and both loads (65528 + 8, 8 + 65520 + 8 end at 65536); straddling: the store at 65000 but
        // not the load at 65529; grown: nothing (65536 is past the minimum, however large the memory has grown).
        Assert.Equal([0, 4, 8], ConstantAddresses.InBounds(module.Functions[0], minimum).Order());
        Assert.Equal([0], ConstantAddresses.InBounds(module.Functions[1], minimum).Order());
        Assert.Empty(ConstantAddresses.InBounds(module.Functions[2], minimum));
        Assert.Empty(ConstantAddresses.InBounds(module.Functions[0], 0));
    }

    [Theory]
    [InlineData("inside", "ok 14")]
    [InlineData("straddling", "trap: out of bounds memory access (function 1, offset")]
    [InlineData("grown", "ok 5")]
    public void Constant_addresses_at_the_minimum_s_edge_behave_as_on_the_interpreter(string export, string expected)
    {
        var bytes = Bytes();
        var interpreter = new Engine(EngineConfig.Default with { Tier = ExecutionTier.Interpreter });
        var compiler = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled));
        var compiledModule = Module.Compile(compiler, bytes);
        Assert.True(IlTier.Precompile(compiledModule));

        string interpreted = Run(new Linker().Instantiate(new Store(interpreter), Module.Compile(interpreter, bytes)), export);

        Assert.StartsWith(expected, interpreted);
        Assert.Equal(interpreted, Run(new Linker().Instantiate(new Store(compiler), compiledModule), export));
    }

    private static byte[] Bytes() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "constant-addresses.wasm"));

    private static string Run(Instance instance, string export)
    {
        var function = instance.GetFunction(export)!;
        var results = new Value[1];
        var trap = function.Invoke([], results);
        if (trap is not null) return $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset})";
        return $"ok {(function.Type.Results[0] == Model.ValueType.I64 ? results[0].AsI64() : results[0].AsI32())}";
    }
}
