using Contracts.Engine.Runtime;
using Contracts.GasMetering.Hosting;

namespace Contracts.GasMetering.Tests;

/// <summary>
/// Gas charged for hand-written modules, computed by hand from a schedule whose prices are distinct primes, so a
/// charge in the wrong block or of the wrong class cannot add up to the right total by accident.
/// </summary>
public sealed class ExactGasTests
{
    internal static readonly GasSchedule Primes = new()
    {
        Version = 99,
        Structure = 1, Constant = 3, Local = 5, Global = 7, IntegerAlu = 11, IntegerMultiply = 13, IntegerDivide = 17,
        Float = 19, Conversion = 23, Load = 29, Store = 31, Select = 37, Branch = 41, BranchTable = 43,
        BranchTablePerTarget = 47, Call = 53, CallIndirect = 59, CallIndirectPerParameter = 61, Reference = 67,
        TableAccess = 71, MemorySize = 73, MemoryGrow = 79, MemoryGrowPerPage = 83, MemoryGrowRampPerPageSquared = 89,
        Bulk = 97, BulkMemoryPerByte = 2, BulkTablePerElement = 3,
    };

    private static readonly InstrumentationOptions Options = InstrumentationOptions.Default with { Schedule = Primes };

    private static MeteredCallResult Run(string wat, string export, long gas, params Value[] arguments) =>
        Metered.Instantiate(Wat.ToWasm(wat), Options).Call(export, gas, arguments);

    private static ulong Gas(string wat, string export, params Value[] arguments)
    {
        var result = Run(wat, export, 1L << 40, arguments);
        Assert.True(result.Trap is null || result.Trap.Kind != TrapKind.OutOfFuel, $"unexpected {result.Trap}");
        return result.GasUsed;
    }

    [Fact]
    public void Straight_line_code_is_one_block()
    {
        // i32.const 3 + i32.const 3 + i32.add 11 + end 1
        Assert.Equal(18UL, Gas("(module (func (export \"f\") (result i32) (i32.add (i32.const 1) (i32.const 2))))", "f"));
    }

    private const string Count = """
        (module (func (export "count") (param $n i32) (result i32) (local $i i32)
          (loop $l
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
          (local.get $i)))
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public void A_loop_charges_its_body_on_every_iteration(int n)
    {
        // entry [loop] 1; body [local.get, i32.const, i32.add, local.set, local.get, local.get, i32.lt_u, br_if]
        // 5+3+11+5+5+5+11+41 = 86 per iteration; [end] 1 after the last; [local.get, end] 6.
        Assert.Equal((ulong)(86 * n + 8), Gas(Count, "count", Value.I32(n)));
    }

    [Fact]
    public void Out_of_gas_stops_at_the_block_that_does_not_fit_and_uses_the_whole_limit()
    {
        var exact = Run(Count, "count", 868, Value.I32(10));
        var short1 = Run(Count, "count", 867, Value.I32(10));

        Assert.Null(exact.Trap);
        Assert.Equal(868UL, exact.GasUsed);
        Assert.Equal(TrapKind.OutOfFuel, short1.Trap?.Kind);
        Assert.Equal(867UL, short1.GasUsed);
    }

    [Theory]
    [InlineData(1, 65)]
    [InlineData(0, 51)]
    public void Each_arm_of_an_if_is_its_own_block(int condition, ulong gas)
    {
        // entry [local.get, if] 46; then [const, const, add, else] 18; else [const, end] 4; after [end] 1.
        const string wat = """
            (module (func (export "pick") (param i32) (result i32)
              (if (result i32) (local.get 0)
                (then (i32.add (i32.const 10) (i32.const 1)))
                (else (i32.const 20)))))
            """;
        Assert.Equal(gas, Gas(wat, "pick", Value.I32(condition)));
    }

    [Theory]
    [InlineData(0, 196)]
    [InlineData(1, 195)]
    [InlineData(7, 195)]
    public void Br_table_pays_per_target_and_code_after_it_is_never_charged(int index, ulong gas)
    {
        // entry [block, block, local.get, br_table] 1+1+5+43+3*47 = 191; [end] after br_table is dead;
        // after the inner end [end] 1; after the outer end [i32.const, end] 4.
        const string wat = """
            (module (func (export "jump") (param i32) (result i32)
              (block (block (br_table 0 1 1 (local.get 0))))
              (i32.const 7)))
            """;
        Assert.Equal(gas, Gas(wat, "jump", Value.I32(index)));
    }

    [Fact]
    public void Call_indirect_pays_per_parameter_and_the_callee_charges_its_own_body()
    {
        // caller: 3+3+3 + 59+2*61 + end 1 = 191; callee: 5+5+11+1 = 22.
        const string wat = """
            (module
              (type $t2 (func (param i32 i32) (result i32)))
              (table 1 funcref) (elem (i32.const 0) $add)
              (func $add (type $t2) (i32.add (local.get 0) (local.get 1)))
              (func (export "ind") (result i32) (call_indirect (type $t2) (i32.const 1) (i32.const 2) (i32.const 0))))
            """;
        Assert.Equal(213UL, Gas(wat, "ind"));
    }

    [Fact]
    public void A_call_does_not_end_the_callers_block()
    {
        // caller [call, i32.const, i32.add, end] 53+3+11+1 = 68; callee [i32.const, end] 4.
        const string wat = """
            (module
              (func $five (result i32) (i32.const 5))
              (func (export "caller") (result i32) (i32.add (call $five) (i32.const 1))))
            """;
        Assert.Equal(72UL, Gas(wat, "caller"));
    }

    [Fact]
    public void Return_ends_the_function_and_the_dead_code_after_it_is_free()
    {
        const string wat = "(module (func (export \"dead\") (result i32) (return (i32.const 1)) (i32.const 2) (drop) (i32.const 3)))";
        Assert.Equal(44UL, Gas(wat, "dead"));
    }

    private const string Grow = "(module (memory 1) (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))";

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(7u)]
    public void Memory_grow_pays_the_ramp_between_the_old_and_the_new_size(uint delta)
    {
        // static [local.get, memory.grow, end] 5+79+1 = 85, then M(1 + delta) - M(1).
        Assert.Equal(85 + Primes.MemoryGrowCharge(1, delta), Gas(Grow, "grow", Value.I32((int)delta)));
        Assert.Equal(83UL * 2 + 89UL * (9 - 1), Primes.MemoryGrowCharge(1, 2));
    }

    [Fact]
    public void A_grow_no_engine_can_grant_pays_only_its_static_price()
    {
        var result = Run(Grow, "grow", 1L << 40, Value.I32(70_000));
        Assert.Equal(-1, result.Results[0].AsI32());
        Assert.Equal(85UL, result.GasUsed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void Memory_fill_pays_per_byte_before_it_runs(int length)
    {
        // static [i32.const, i32.const, local.get, memory.fill, end] 3+3+5+97+1 = 109, then 2 per byte.
        const string wat = "(module (memory 1) (func (export \"fill\") (param i32) (memory.fill (i32.const 0) (i32.const 1) (local.get 0))))";
        Assert.Equal((ulong)(109 + 2 * length), Gas(wat, "fill", Value.I32(length)));
    }

    [Fact]
    public void A_bulk_operation_that_traps_keeps_what_it_was_charged()
    {
        const string wat = "(module (memory 1) (func (export \"fill\") (param i32) (memory.fill (i32.const 0) (i32.const 1) (local.get 0))))";
        var result = Run(wat, "fill", 1L << 40, Value.I32(70_000));
        Assert.Equal(TrapKind.MemoryOutOfBounds, result.Trap?.Kind);
        Assert.Equal(109UL + 2 * 70_000, result.GasUsed);
    }

    [Fact]
    public void Table_grow_pays_per_element()
    {
        // static [ref.null, local.get, table.grow, end] 67+5+97+1 = 170, then 3 per element.
        const string wat = "(module (table 0 funcref) (func (export \"tg\") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))";
        Assert.Equal(170UL + 3 * 40, Gas(wat, "tg", Value.I32(40)));
    }

    [Fact]
    public void Gas_used_is_identical_on_every_run()
    {
        var runs = Enumerable.Range(0, 3).Select(_ => Gas(Count, "count", Value.I32(123))).Distinct().ToArray();
        Assert.Single(runs);
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData(500L)]
    public void Gas_is_the_same_whether_the_engine_folds_gas_charge_or_the_linker_binds_the_fuel_routine(long limit)
    {
        const string loop = "(module (func (export \"f\") (param i32) (result i32) (local i32)" +
            " (block (loop (br_if 1 (i32.eqz (local.get 0))) (local.set 1 (i32.add (local.get 1) (local.get 0)))" +
            " (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0))) (local.get 1)))";
        var instrumented = GasInstrumenter.Instrument(Wat.ToWasm(loop), Options).Bytes;
        var folded = Metered.InstantiateInstrumented(instrumented, GasEngineConfig.Default).Call("f", limit, Value.I32(100));
        var bound = Metered.InstantiateInstrumented(instrumented, Engine.EngineConfig.Default).Call("f", limit, Value.I32(100));
        Assert.Equal(folded.GasUsed, bound.GasUsed);
        Assert.Equal(folded.Trap?.Kind, bound.Trap?.Kind);
        if (folded.Trap is null) Assert.Equal(folded.Results[0].AsI32(), bound.Results[0].AsI32());
        else Assert.Equal((ulong)limit, bound.GasUsed);
    }
}
