using Contracts.Engine.Runtime;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Contracts.Engine.Tests.Runtime;

/// <summary>
/// Pooling: after <see cref="Instance.Reset"/>, an instance that ran anything behaves exactly as a fresh instance
/// of the same module (Modules/reset.wat touches memory, a global, a table and both kinds of segment).
/// </summary>
public sealed class InstanceResetTests
{
    private static readonly Engine SharedEngine = new(EngineConfig.Default);
    private static readonly Module ResetModule =
        Module.Compile(SharedEngine, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Runtime", "Modules", "reset.wasm")));

    /// <summary>One call: which export, and a small argument (addresses reach past the first page so growth matters).</summary>
    public readonly record struct Step(byte Export, ushort Argument);

    private static readonly string[] Exports =
    [
        "store", "load", "grow", "size", "set_global", "get_global", "table_grow", "table_size",
        "table_init", "elem_drop", "call_slot", "memory_init", "data_drop",
    ];

    private static Instance Fresh() => new Linker().Instantiate(new Store(SharedEngine), ResetModule);

    /// <summary>Runs the steps and describes every result or trap, then the whole observable state.</summary>
    private static List<string> Run(Instance instance, IEnumerable<Step> steps)
    {
        var log = new List<string>();
        foreach (var step in steps)
        {
            string name = Exports[step.Export % Exports.Length];
            var function = instance.GetFunction(name)!;
            var arguments = function.Type.Parameters.Select((type, i) => type switch
            {
                Model.ValueType.I64 => Value.I64(step.Argument * 31L + i),
                // Addresses spread over two pages, so a store past a grown page's start is reachable.
                _ => Value.I32(i == 0 && name is "store" or "load" ? step.Argument * 2 : step.Argument % 12),
            }).ToArray();
            var results = new Value[function.Type.Results.Length];
            var trap = function.Invoke(arguments, results);
            log.Add(trap is null ? $"{name} -> {string.Join(",", results.Select(r => r.Bits))}" : $"{name} trap {trap.Kind}");
        }
        var memory = instance.GetMemory("memory")!;
        // Read through ReadBytes: Span would count the whole memory as written and hide a missed write from the reset.
        log.Add($"pages {memory.Pages}, memory hash {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(memory.ReadBytes(0, memory.ByteLength)))}");
        return log;
    }

    [Property(MaxTest = 200)]
    public Property Reset_instance_behaves_as_a_fresh_one(Step[] before, Step[] after)
    {
        var pooled = Fresh();
        Run(pooled, before);
        pooled.Reset();
        var expected = Run(Fresh(), after);
        var actual = Run(pooled, after);
        return expected.SequenceEqual(actual).Label($"fresh:\n{string.Join("\n", expected)}\nreset:\n{string.Join("\n", actual)}");
    }

    [Fact]
    public void Reset_restores_each_kind_of_state()
    {
        var instance = Fresh();
        var call = (string name, Value[] args) => instance.GetFunction(name)!.Invoke(args);
        call("store", [Value.I32(16), Value.I32(-1)]);
        Assert.Equal(1, call("grow", [Value.I32(2)])[0].AsI32());
        call("store", [Value.I32(3 * 65536 - 4), Value.I32(42)]);
        call("set_global", [Value.I64(99)]);
        Assert.Equal(2, call("table_grow", [Value.I32(3)])[0].AsI32());
        call("elem_drop", []);
        call("data_drop", []);

        instance.Reset();

        Assert.Equal(1, call("size", [])[0].AsI32());
        Assert.Equal("hello, reset", System.Text.Encoding.ASCII.GetString(instance.GetMemory("memory")!.Span.Slice(16, 12)));
        Assert.Equal(7, call("get_global", [])[0].AsI64());
        Assert.Equal(2, call("table_size", [])[0].AsI32());
        Assert.Equal(100, call("call_slot", [Value.I32(0)])[0].AsI32());
        call("table_init", [Value.I32(0)]);   // the passive element segment is back
        Assert.Equal(200, call("call_slot", [Value.I32(0)])[0].AsI32());
        call("memory_init", [Value.I32(100)]); // and so is the passive data segment
        Assert.Equal("passive!", System.Text.Encoding.ASCII.GetString(instance.GetMemory("memory")!.Span.Slice(100, 8)));
        Assert.Equal(1, call("grow", [Value.I32(1)])[0].AsI32());
        Assert.Equal(0, call("load", [Value.I32(65536 + 4)])[0].AsI32()); // a regrown page is zero again
    }

    [Fact]
    public void Reset_restores_both_halves_of_a_v128_global()
    {
        var module = Module.Compile(SharedEngine, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Runtime", "Modules", "reset-v128.wasm")));
        var instance = new Linker().Instantiate(new Store(SharedEngine), module);
        var get = instance.GetFunction("get")!;
        Assert.Equal(Value.V128(0x0123456789abcdef, 0x7edcba9876543210), get.Invoke([])[0]);
        instance.GetFunction("set")!.Invoke([Value.I64(1), Value.I64(2)]);
        Assert.Equal(Value.V128(1, 2), get.Invoke([])[0]);

        instance.Reset();

        Assert.Equal(Value.V128(0x0123456789abcdef, 0x7edcba9876543210), get.Invoke([])[0]);
    }

    // ---- the written range: a reset clears only what was written since the last one (Memory.Writes.cs) ----

    private static readonly Module WritesModule =
        Module.Compile(SharedEngine, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Runtime", "Modules", "reset-writes.wasm")));

    private static readonly string[] WriteExports =
    [
        "store8", "store16", "store32", "store64", "i64_store32", "f64_store", "v128_store", "store8_lane", "store16_lane",
        "store32_lane", "store64_lane", "fill", "copy", "init", "grow",
    ];

    /// <summary>One write: which export, where (anywhere in three pages, so writes reach grown pages), what.</summary>
    public readonly record struct Write(byte Export, uint Address, long Value);

    private static Instance FreshWrites() => new Linker().Instantiate(new Store(SharedEngine), WritesModule);

    private static void RunWrites(Instance instance, IEnumerable<Write> writes)
    {
        foreach (var write in writes)
        {
            var function = instance.GetFunction(WriteExports[write.Export % WriteExports.Length])!;
            // Out-of-bounds writes trap (returned, not thrown): they must leave nothing behind either.
            _ = function.Invoke([Value.I32((int)(write.Address % (3 * Memory.PageSize + 64))), Value.I64(write.Value)], Span<Value>.Empty);
        }
    }

    private static string Contents(Instance instance)
    {
        var memory = instance.GetMemory("memory")!;
        return $"{memory.Pages} pages, {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(memory.ReadBytes(0, memory.ByteLength)))}";
    }

    [Property(MaxTest = 300)]
    public Property Every_memory_write_is_undone_by_a_reset(Write[] before, Write[] after)
    {
        var pooled = FreshWrites();
        RunWrites(pooled, before);
        pooled.Reset();
        var fresh = FreshWrites();
        bool resetEqualsFresh = Contents(pooled) == Contents(fresh);
        // A second round on the reset instance: the range restarts empty after each reset.
        RunWrites(pooled, after);
        RunWrites(fresh, after);
        bool sameAfter = Contents(pooled) == Contents(fresh);
        pooled.Reset();
        bool secondReset = Contents(pooled) == Contents(FreshWrites());
        return (resetEqualsFresh && sameAfter && secondReset).Label($"reset = fresh: {resetEqualsFresh}, same after: {sameAfter}, second reset = fresh: {secondReset}");
    }

    [Fact]
    public void A_reset_clears_only_the_range_written_since_the_last_one()
    {
        var instance = FreshWrites();
        var memory = instance.GetMemory("memory")!;
        instance.Reset();
        Assert.False(memory.HasWrites);

        instance.GetFunction("store32")!.Invoke([Value.I32(1000), Value.I64(-1)]);
        instance.GetFunction("store8")!.Invoke([Value.I32(900), Value.I64(7)]);
        Assert.Equal((900ul, 1004ul), (memory.WrittenLow, memory.WrittenHigh));
        Assert.Equal(7, memory.ReadBytes(900, 1)[0]);
        Assert.Equal("first pa", System.Text.Encoding.ASCII.GetString(memory.ReadBytes(8, 8))); // reads count as nothing written
        Assert.Equal((900ul, 1004ul), (memory.WrittenLow, memory.WrittenHigh));

        instance.Reset();
        Assert.False(memory.HasWrites);
        Assert.Equal(0u, memory.ReadUInt32(1000));
        Assert.Equal(0, memory.ReadBytes(900, 1)[0]);
    }

    [Fact]
    public void Host_writes_and_writable_views_count_as_written()
    {
        var instance = FreshWrites();
        var memory = instance.GetMemory("memory")!;
        instance.Reset();

        memory.Write(70000, "overwritten"u8);           // over the second page's data segment
        memory.WriteUInt64(5000, ulong.MaxValue);
        Assert.True(memory.TryGetSpan(60000, 4, out var span));
        span.Fill(0xee);
        instance.Reset();
        Assert.Equal(Contents(FreshWrites()), Contents(instance));
        Assert.Equal("second page's data", System.Text.Encoding.ASCII.GetString(memory.ReadBytes(70000, 18)));

        memory.Span[123] = 1;                           // the whole memory counts as written
        Assert.Equal((0ul, ulong.MaxValue), (memory.WrittenLow, memory.WrittenHigh));
        instance.Reset();
        Assert.Equal(Contents(FreshWrites()), Contents(instance));
    }
}
