using Contracts.Engine;
using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Loading;
using Contracts.Engine.Runtime;
using Contracts.Engine.Validation;
using Contracts.Fuzz.Generation;
using Xunit;

namespace Contracts.Fuzz.Tests.Dos;

/// <summary>
/// The DoS corpus: modules built to be slow or huge to decode, validate, translate, instantiate or run. Each is
/// bounded in time and memory by a documented limit (ValidationLimits for loading, EngineConfig for running; see
/// fuzz/README.md), and each limit has a test showing the boundary: at the limit it works, one past it is refused
/// with a typed error, never a host crash.
/// </summary>
public sealed class DosCorpusTests
{
    private const byte I32 = 0x7F;
    private static readonly Engine.Engine Permissive = new(EngineConfig.Default);
    private static readonly Engine.Engine Contract = new(EngineConfig.Default with { Limits = ValidationLimits.Contract });

    private static WasmLoadException Rejected(Engine.Engine engine, byte[] wasm, long maxAllocatedBytes = 64 * Bounded.MiB) =>
        Bounded.Run("rejecting", () => Assert.ThrowsAny<WasmLoadException>(() => Module.Compile(engine, wasm)), maxAllocatedBytes);

    private static Module Compiles(Engine.Engine engine, byte[] wasm, long maxAllocatedBytes) =>
        Bounded.Run("compiling", () => Module.Compile(engine, wasm), maxAllocatedBytes);

    private static Value[] Call(Module module, string name = "run", long fuel = long.MaxValue, params Value[] arguments)
    {
        var store = new Store(module.Engine) { Fuel = fuel };
        var instance = new Linker().Instantiate(store, module);
        return instance.GetFunction(name)!.Invoke(arguments);
    }

    private static byte[] NestedBlocks(int depth) => RawModule.SingleFunction([], [I32], w =>
    {
        w.WriteVarUInt32(0);
        for (int i = 0; i < depth; i++) { w.WriteByte(0x02); w.WriteByte(0x40); }
        for (int i = 0; i < depth; i++) w.WriteByte(0x0B);
        w.WriteByte(0x41); w.WriteVarInt32(7);
    });

    // ---------------------------------------------------------------- nesting: ValidationLimits.MaxNestingDepth

    [Fact]
    public void Nesting_up_to_MaxNestingDepth_compiles_and_runs_and_one_deeper_is_refused()
    {
        int limit = (int)ValidationLimits.Contract.MaxNestingDepth;
        var module = Compiles(Contract, NestedBlocks(limit), 64 * Bounded.MiB);
        Assert.Equal(7, Call(module)[0].AsI32());
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Contract, NestedBlocks(limit + 1)).Kind);
    }

    [Fact]
    public void A_million_nested_blocks_are_refused_without_recursion_or_unbounded_allocation()
    {
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Permissive, NestedBlocks(1_000_000)).Kind);
    }

    // ---------------------------------------------------------------- br_table: ValidationLimits.MaxBrTableTargets

    private static byte[] BrTable(uint declaredTargets, int writtenTargets) => RawModule.SingleFunction([I32], [I32], w =>
    {
        w.WriteVarUInt32(0);
        w.WriteByte(0x02); w.WriteByte(0x40);
        w.WriteByte(0x20); w.WriteVarUInt32(0);
        w.WriteByte(0x0E); w.WriteVarUInt32(declaredTargets);
        for (int i = 0; i < writtenTargets; i++) w.WriteVarUInt32(0);
        w.WriteVarUInt32(0);
        w.WriteByte(0x0B);
        w.WriteByte(0x41); w.WriteVarInt32(3);
    });

    [Fact]
    public void A_br_table_of_MaxBrTableTargets_compiles_and_runs_and_one_more_is_refused()
    {
        int limit = (int)ValidationLimits.Permissive.MaxBrTableTargets;
        var module = Compiles(Permissive, BrTable((uint)limit, limit), 256 * Bounded.MiB);
        Assert.Equal(3, Call(module, "run", long.MaxValue, Value.I32(123_456))[0].AsI32());
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Permissive, BrTable((uint)limit + 1, limit + 1)).Kind);
    }

    [Fact]
    public void A_br_table_declaring_four_billion_targets_in_a_few_bytes_is_refused_without_allocating_them()
    {
        Rejected(Permissive, BrTable(uint.MaxValue, 3), maxAllocatedBytes: 4 * Bounded.MiB);
    }

    // ---------------------------------------------------------------- locals: MaxLocals, MaxTotalLocals

    private static byte[] Locals(params uint[] groups) => RawModule.SingleFunction([], [I32], w =>
    {
        w.WriteVarUInt32((uint)groups.Length);
        foreach (var count in groups) { w.WriteVarUInt32(count); w.WriteByte(I32); }
        w.WriteByte(0x41); w.WriteVarInt32(5);
    });

    [Fact]
    public void MaxLocals_locals_compile_and_run_and_one_more_is_refused()
    {
        uint limit = ValidationLimits.Permissive.MaxLocals;
        var module = Compiles(Permissive, Locals(limit), 64 * Bounded.MiB);
        Assert.Equal(5, Call(module)[0].AsI32());
        Rejected(Permissive, Locals(limit + 1));
    }

    [Fact]
    public void Local_groups_declaring_billions_of_locals_are_refused_without_allocating_them()
    {
        Rejected(Permissive, Locals(uint.MaxValue), maxAllocatedBytes: 4 * Bounded.MiB);
        Rejected(Permissive, Locals(uint.MaxValue / 2, uint.MaxValue / 2, 10), maxAllocatedBytes: 4 * Bounded.MiB);
    }

    [Fact]
    public void Locals_summed_over_functions_beyond_MaxTotalLocals_are_refused()
    {
        // 101 functions of 9,999 locals: each within MaxLocals, together above the contract's 1,000,000.
        const int functions = 101;
        var bodies = Enumerable.Repeat<Action<WasmWriter>>(w => { w.WriteVarUInt32(1); w.WriteVarUInt32(9_999); w.WriteByte(I32); w.WriteByte(0x41); w.WriteVarInt32(0); }, functions).ToArray();
        var wasm = new RawModule().Types(([], [I32])).Functions(functions).Code(bodies).Build();
        Assert.True(functions * 9_999L > (long)ValidationLimits.Contract.MaxTotalLocals);
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Contract, wasm).Kind);
        Compiles(Permissive, wasm, 128 * Bounded.MiB);
    }

    // ---------------------------------------------------------------- functions: MaxFunctions, MinAverageBodySize

    private static byte[] ManyFunctions(int count, int bodyPadding) =>
        new RawModule().Types(([], [])).Functions(count)
            .Code(Enumerable.Repeat<Action<WasmWriter>>(w => { w.WriteVarUInt32(0); for (int i = 0; i < bodyPadding; i++) w.WriteByte(0x01); }, count).ToArray())
            .Build();

    [Fact]
    public void MaxFunctions_functions_compile_and_one_more_is_refused()
    {
        int limit = (int)ValidationLimits.Contract.MaxFunctions;
        // Bodies of 40 bytes (nops) satisfy the contract profile's minimum average body size.
        Compiles(Contract, ManyFunctions(limit, 40), 256 * Bounded.MiB);
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Contract, ManyFunctions(limit + 1, 40)).Kind);
    }

    [Fact]
    public void Many_tiny_functions_are_refused_by_MinAverageBodySize()
    {
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Contract, ManyFunctions(5_000, 0)).Kind);
    }

    [Fact]
    public void A_function_section_declaring_four_billion_functions_is_refused_without_allocating_them()
    {
        var wasm = new RawModule().Types(([], [])).Section(3, w => { w.WriteVarUInt32(uint.MaxValue); w.WriteVarUInt32(0); }).Build();
        Rejected(Permissive, wasm, maxAllocatedBytes: 4 * Bounded.MiB);
    }

    // ---------------------------------------------------------------- segments: MaxDataSegments, lengths, bounds

    [Fact]
    public void A_data_segment_declaring_four_gigabytes_in_a_tiny_module_is_refused_without_allocating_it()
    {
        var wasm = new RawModule().Memory(1).Section(11, w =>
        {
            w.WriteVarUInt32(1); w.WriteVarUInt32(0); w.WriteByte(0x41); w.WriteVarInt32(0); w.WriteByte(0x0B);
            w.WriteVarUInt32(uint.MaxValue);
            w.WriteBytes([1, 2, 3]);
        }).Build();
        Rejected(Permissive, wasm, maxAllocatedBytes: 4 * Bounded.MiB);
    }

    [Fact]
    public void Data_segment_counts_beyond_MaxDataSegments_are_refused()
    {
        uint limit = ValidationLimits.Contract.MaxDataSegments;
        byte[] Segments(uint count) => new RawModule().Memory(1).Section(11, w =>
        {
            w.WriteVarUInt32(count);
            for (uint i = 0; i < count; i++) { w.WriteVarUInt32(1); w.WriteVarUInt32(0); }
        }).Build();
        Compiles(Contract, Segments(limit), 64 * Bounded.MiB);
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Contract, Segments(limit + 1)).Kind);
        Rejected(Permissive, new RawModule().Memory(1).Section(11, w => { w.WriteVarUInt32(uint.MaxValue); w.WriteVarUInt32(1); w.WriteVarUInt32(0); }).Build(), 4 * Bounded.MiB);
    }

    [Fact]
    public void A_huge_data_segment_out_of_bounds_traps_at_instantiation_without_touching_memory()
    {
        // 16 MiB of data at an offset past the 1-page memory: the segment check fails before anything is copied.
        const int size = 16 * 1024 * 1024;
        var wasm = new RawModule().Memory(1).Section(11, w =>
        {
            w.WriteVarUInt32(1); w.WriteVarUInt32(0); w.WriteByte(0x41); w.WriteVarInt32(65_000); w.WriteByte(0x0B);
            w.WriteVarUInt32(size);
            w.WriteBytes(new byte[size]);
        }).Build();
        var module = Compiles(Permissive, wasm, 3L * size);
        var store = new Store(Permissive);
        var error = Bounded.Run("instantiating", () => Assert.ThrowsAny<InstantiationException>(() => new Linker().Instantiate(store, module)), 8 * Bounded.MiB);
        // The 2.0 testsuite names this trap "out of bounds memory access".
        Assert.Contains(Assert.IsType<InstantiationTrapException>(error).Trap.Kind, new[] { TrapKind.MemoryOutOfBounds, TrapKind.SegmentOutOfBounds });
    }

    [Fact]
    public void An_element_segment_declaring_four_billion_items_is_refused_without_allocating_them()
    {
        var wasm = new RawModule().Types(([], [])).Functions(1)
            .Section(4, w => { w.WriteVarUInt32(1); w.WriteByte(0x70); w.WriteByte(0); w.WriteVarUInt32(1); })
            .Section(9, w => { w.WriteVarUInt32(1); w.WriteVarUInt32(0); w.WriteByte(0x41); w.WriteVarInt32(0); w.WriteByte(0x0B); w.WriteVarUInt32(uint.MaxValue); w.WriteVarUInt32(0); })
            .Code(w => w.WriteVarUInt32(0))
            .Build();
        Rejected(Permissive, wasm, maxAllocatedBytes: 4 * Bounded.MiB);
    }

    [Fact]
    public void A_table_larger_than_MaxTableElements_is_refused_at_instantiation()
    {
        var engine = new Engine.Engine(EngineConfig.Default with { MaxTableElements = 1_000 });
        byte[] Table(uint min) => new RawModule().Section(4, w => { w.WriteVarUInt32(1); w.WriteByte(0x70); w.WriteByte(0); w.WriteVarUInt32(min); }).Build();
        new Linker().Instantiate(new Store(engine), Module.Compile(engine, Table(1_000)));
        var module = Module.Compile(engine, Table(1_001));
        Bounded.Run("instantiating", () => Assert.ThrowsAny<InstantiationException>(() => new Linker().Instantiate(new Store(engine), module)), Bounded.MiB);
    }

    // ---------------------------------------------------------------- memory: EngineConfig.MaxMemoryPages

    [Fact]
    public void A_memory_grow_loop_stops_at_MaxMemoryPages()
    {
        // (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) (memory.size)
        const uint limit = 64;
        var engine = new Engine.Engine(EngineConfig.Default with { MaxMemoryPages = limit });
        var wasm = new RawModule().Types(([], [I32])).Functions(1).Memory(0).ExportFunction("run", 0).Code(w =>
        {
            w.WriteVarUInt32(0);
            w.WriteByte(0x03); w.WriteByte(0x40);
            w.WriteByte(0x41); w.WriteVarInt32(1); w.WriteByte(0x40); w.WriteByte(0x00);
            w.WriteByte(0x41); w.WriteVarInt32(-1); w.WriteByte(0x47);
            w.WriteByte(0x0D); w.WriteVarUInt32(0);
            w.WriteByte(0x0B);
            w.WriteByte(0x3F); w.WriteByte(0x00);
        }).Build();
        var module = Module.Compile(engine, wasm);
        // Growth may reallocate (amortized doubling), so the bound is a small multiple of the final size.
        var pages = Bounded.Run("growing", () => Call(module)[0].AsI32(), 3 * limit * 65_536L + Bounded.MiB);
        Assert.Equal((int)limit, pages);
    }

    [Fact]
    public void A_memory_minimum_above_MaxMemoryPages_is_refused_at_instantiation()
    {
        var engine = new Engine.Engine(EngineConfig.Default with { MaxMemoryPages = 16 });
        new Linker().Instantiate(new Store(engine), Module.Compile(engine, new RawModule().Memory(16).Build()));
        var module = Module.Compile(engine, new RawModule().Memory(17).Build());
        Bounded.Run("instantiating", () => Assert.ThrowsAny<InstantiationException>(() => new Linker().Instantiate(new Store(engine), module)), Bounded.MiB);
    }

    // ---------------------------------------------------------------- recursion: MaxCallDepth, MaxValueStackSlots

    /// <summary>(func $run (global.set 0 (global.get 0) + 1) (call $run)) with <paramref name="locals"/> i64 locals.</summary>
    private static byte[] Recursion(uint locals) =>
        new RawModule().Types(([], [])).Functions(1)
            .Section(6, w => { w.WriteVarUInt32(1); w.WriteByte(I32); w.WriteByte(1); w.WriteByte(0x41); w.WriteVarInt32(0); w.WriteByte(0x0B); })
            .Section(7, w => { w.WriteVarUInt32(2); w.WriteName("run"); w.WriteByte(0); w.WriteVarUInt32(0); w.WriteName("depth"); w.WriteByte(3); w.WriteVarUInt32(0); })
            .Code(w =>
            {
                w.WriteVarUInt32(locals == 0 ? 0u : 1u);
                if (locals > 0) { w.WriteVarUInt32(locals); w.WriteByte(0x7E); }
                w.WriteByte(0x23); w.WriteVarUInt32(0); w.WriteByte(0x41); w.WriteVarInt32(1); w.WriteByte(0x6A); w.WriteByte(0x24); w.WriteVarUInt32(0);
                w.WriteByte(0x10); w.WriteVarUInt32(0);
            }).Build();

    private static (Trap Trap, int Depth) RunAway(Engine.Engine engine, byte[] wasm)
    {
        var store = new Store(engine);
        var instance = new Linker().Instantiate(store, Module.Compile(engine, wasm));
        var trap = Bounded.Run("recursing", () => instance.GetFunction("run")!.Invoke([], []), 64 * Bounded.MiB);
        Assert.NotNull(trap);
        return (trap, instance.GetGlobal("depth")!.Get().AsI32());
    }

    [Fact]
    public void Unbounded_recursion_traps_at_MaxCallDepth()
    {
        var engine = new Engine.Engine(EngineConfig.Default with { MaxCallDepth = 500 });
        var (trap, depth) = RunAway(engine, Recursion(0));
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
        Assert.InRange(depth, 499, 500);
    }

    [Fact]
    public void Unbounded_recursion_at_the_default_MaxCallDepth_traps_instead_of_overflowing_the_host_stack()
    {
        var (trap, depth) = RunAway(Permissive, Recursion(0));
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
        Assert.InRange(depth, EngineConfig.Default.MaxCallDepth - 1, EngineConfig.Default.MaxCallDepth);
    }

    [Fact]
    public void Recursion_with_large_frames_traps_at_MaxValueStackSlots_before_MaxCallDepth()
    {
        var engine = new Engine.Engine(EngineConfig.Default with { MaxValueStackSlots = 100_000 });
        var (trap, depth) = RunAway(engine, Recursion(1_000));
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
        Assert.InRange(depth, 90, 100);
    }

    // ---------------------------------------------------------------- straight-line code: MaxFunctionBodySize, MaxOperandStackDepth

    /// <summary>
    /// A body of exactly <paramref name="bodySize"/> bytes of local.get 0 / i32.eqz / drop (padded with nops). No
    /// constants: the engine reserves a frame slot per constant instruction (see FrameSizeFindingTests).
    /// </summary>
    private static byte[] StraightLine(int bodySize) => RawModule.SingleFunction([I32], [], w =>
    {
        w.WriteVarUInt32(0);
        int code = bodySize - 2; // the local-declaration count and the final end
        for (int i = 0; i + 4 <= code; i += 4) { w.WriteByte(0x20); w.WriteByte(0x00); w.WriteByte(0x45); w.WriteByte(0x1A); }
        for (int i = code - code % 4; i < code; i++) w.WriteByte(0x01);
    });

    [Fact]
    public void A_body_of_MaxFunctionBodySize_bytes_compiles_and_runs_and_one_byte_more_is_refused()
    {
        int limit = (int)ValidationLimits.Permissive.MaxFunctionBodySize;
        var module = Compiles(Permissive, StraightLine(limit), 512 * Bounded.MiB);
        Bounded.Run("running", () => Call(module, "run", long.MaxValue, Value.I32(1)), Bounded.MiB);
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Permissive, StraightLine(limit + 1)).Kind);
    }

    [Fact]
    public void An_operand_stack_deeper_than_MaxOperandStackDepth_is_refused()
    {
        byte[] Pushes(int count) => RawModule.SingleFunction([], [], w =>
        {
            w.WriteVarUInt32(0);
            for (int i = 0; i < count; i++) { w.WriteByte(0x41); w.WriteByte(0x00); }
            for (int i = 0; i < count; i++) w.WriteByte(0x1A);
        });
        int limit = (int)ValidationLimits.Contract.MaxOperandStackDepth;
        Call(Compiles(Contract, Pushes(limit), 16 * Bounded.MiB));
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Contract, Pushes(limit + 1)).Kind);
    }

    // ---------------------------------------------------------------- execution time: fuel

    [Fact]
    public void An_infinite_loop_charging_fuel_stops_with_out_of_fuel_when_the_fuel_is_spent()
    {
        // (import "gas" "charge" (func (param i64))) (func $run (loop (call 0 (i64.const 3)) (br 0)))
        var wasm = new RawModule().Types(([0x7E], []), ([], []))
            .Section(2, w => { w.WriteVarUInt32(1); w.WriteName("gas"); w.WriteName("charge"); w.WriteByte(0); w.WriteVarUInt32(0); })
            .Functions(1, typeIndex: 1)
            .ExportFunction("run", 1)
            .Code(w =>
            {
                w.WriteVarUInt32(0);
                w.WriteByte(0x03); w.WriteByte(0x40);
                w.WriteByte(0x42); w.WriteVarInt64(3); w.WriteByte(0x10); w.WriteVarUInt32(0);
                w.WriteByte(0x0C); w.WriteVarUInt32(0);
                w.WriteByte(0x0B);
            }).Build();
        var engine = new Engine.Engine(GasMetering.GasEngineConfig.Default);
        var store = new Store(engine) { Fuel = 3_000_000 };
        var instance = new Linker().Instantiate(store, Module.Compile(engine, wasm));
        var trap = Bounded.Run("looping", () => instance.GetFunction("run")!.Invoke([], []), Bounded.MiB);
        Assert.Equal(TrapKind.OutOfFuel, trap!.Kind);
        Assert.Equal(0, store.Fuel);
    }

    // ---------------------------------------------------------------- module size: MaxModuleSize

    [Fact]
    public void A_module_larger_than_MaxModuleSize_is_refused()
    {
        int limit = (int)ValidationLimits.Contract.MaxModuleSize;
        byte[] Padded(int size)
        {
            // A custom section fills the module to exactly size bytes.
            var header = new RawModule().Build();
            int content = size - header.Length - 1 - 3; // id byte and a 3-byte size LEB
            var w = new WasmWriter();
            w.WriteBytes(header);
            w.WriteByte(0);
            w.WriteByte((byte)(0x80 | (content & 0x7F))); w.WriteByte((byte)(0x80 | ((content >> 7) & 0x7F))); w.WriteByte((byte)(content >> 14));
            w.WriteName("pad");
            w.WriteBytes(new byte[content - 4]);
            return w.ToArray();
        }
        Assert.Equal(limit, Padded(limit).Length);
        Compiles(Contract, Padded(limit), 16 * Bounded.MiB);
        Assert.Equal(WasmErrorKind.ImplementationLimit, Rejected(Contract, Padded(limit + 1)).Kind);
    }
}
