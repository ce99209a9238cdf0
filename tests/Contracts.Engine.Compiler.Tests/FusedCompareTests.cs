using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Comparisons emitted as part of the branch after them (FunctionEmitter.FusedCompares.cs), Modules/fused-compares.wat:
/// <c>cmp; eqz; if</c> and <c>cmp; eqz; br_if</c> for all ten integer comparisons of both widths, against a register
/// and an immediate, on values around the immediate, the sign boundaries and the halves of i64 (each branch's
/// polarity and signedness shows in its result), a comparison writing its own operand's local, sha256's loop; and the
/// comparisons whose 0/1 is read after the branch (fall-through or target), which must keep it.
/// </summary>
public sealed class FusedCompareTests
{
    private static readonly string[] Operators = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];

    private static readonly int[] Ints = [0, 1, -1, 251, 252, 253, int.MaxValue, int.MinValue, int.MinValue + 252];

    private static readonly long[] Longs = [0, 1, -1, 251, 252, 253, long.MaxValue, long.MinValue, 252 + (1L << 32), 1L << 32, -252, (long)uint.MaxValue];

    [Fact]
    public void Comparisons_read_only_by_the_next_branch_are_fused_and_the_others_are_not()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), Bytes());
        int Fused(string export) => FunctionEmitter.FusedComparePositions(
            module.Functions[(int)module.Info.Exports.Single(e => e.Name == export).Index]).Length;

        foreach (string width in (string[])["i32", "i64"])
        {
            foreach (string op in Operators)
            {
                foreach (string form in (string[])["reg", "imm"])
                {
                    Assert.Equal(1, Fused($"if_{width}_{op}_{form}"));
                    Assert.Equal(1, Fused($"br_if_{width}_{op}_{form}"));
                }
            }
        }
        Assert.Equal(1, Fused("own_operand"));
        Assert.Equal(1, Fused("loop_252"));
        Assert.Equal(0, Fused("live_after"));
        Assert.Equal(0, Fused("live_at_target"));
        Assert.Equal(0, Fused("live_at_target32"));
    }

    [Fact]
    public void Every_comparison_branches_as_the_interpreter_does()
    {
        var (interpreted, compiled) = BothTiers.Instantiate("fused-compares.wasm");
        foreach (string op in Operators)
        {
            foreach (string form in (string[])["reg", "imm"])
            {
                foreach (string shape in (string[])["if", "br_if"])
                {
                    foreach (int a in Ints)
                    {
                        foreach (int b in Ints)
                            AssertSame(interpreted, compiled, $"{shape}_i32_{op}_{form}", Value.I32(a), Value.I32(b));
                    }
                    foreach (long a in Longs)
                    {
                        foreach (long b in Longs)
                            AssertSame(interpreted, compiled, $"{shape}_i64_{op}_{form}", Value.I64(a), Value.I64(b));
                    }
                }
            }
        }
    }

    [Fact]
    public void A_comparison_of_its_own_operand_and_a_loop_on_it_branch_as_the_interpreter_does()
    {
        var (interpreted, compiled) = BothTiers.Instantiate("fused-compares.wasm");
        foreach (int a in Ints) AssertSame(interpreted, compiled, "own_operand", Value.I32(a), Value.I32(0));
        // From 0 (passes 252), from 2 (never equal), to an end below and above 252.
        foreach (int start in (int[])[0, 2, 248, 252])
        {
            foreach (int end in (int[])[4, 256, 400])
                AssertSame(interpreted, compiled, "loop_252", Value.I32(start), Value.I32(end));
        }
    }

    [Fact]
    public void Comparisons_read_after_the_branch_keep_their_value()
    {
        var (interpreted, compiled) = BothTiers.Instantiate("fused-compares.wasm");
        foreach (int a in Ints)
        {
            foreach (int b in Ints)
            {
                AssertSame(interpreted, compiled, "live_after", Value.I32(a), Value.I32(b));
                AssertSame(interpreted, compiled, "live_at_target32", Value.I32(a), Value.I32(b));
            }
        }
        foreach (long a in Longs)
        {
            foreach (long b in Longs) AssertSame(interpreted, compiled, "live_at_target", Value.I64(a), Value.I64(b));
        }
        // The cases the values above must reach: both ways out of each branch.
        Assert.Equal(2, Call(interpreted, "live_after", Value.I32(1), Value.I32(2)));
        Assert.Equal(40, Call(interpreted, "live_after", Value.I32(2), Value.I32(1)));
        Assert.Equal(11, Call(interpreted, "live_at_target32", Value.I32(2), Value.I32(1)));
        Assert.Equal(100, Call(interpreted, "live_at_target32", Value.I32(1), Value.I32(2)));
    }

    private static void AssertSame(Instance interpreted, Instance compiled, string export, Value a, Value b) =>
        Assert.True(Call(interpreted, export, a, b) == Call(compiled, export, a, b),
            $"{export}({a}, {b}): interpreter {Call(interpreted, export, a, b)}, compiled {Call(compiled, export, a, b)}");

    private static long Call(Instance instance, string export, Value a, Value b)
    {
        var function = instance.GetFunction(export)!;
        var results = new Value[1];
        Assert.Null(function.Invoke([a, b], results));
        return results[0].Type == ValueType.I32 ? results[0].AsI32() : results[0].AsI64();
    }

    private static byte[] Bytes() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "fused-compares.wasm"));
}
