using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Runtime;

/// <summary>Globals, tables and memories through the embedding API, without any Wasm code.</summary>
public sealed class ValueApiTests
{
    private readonly Engine _engine = new(EngineConfig.Default with { MaxValueStackSlots = 1024 });

    [Fact]
    public void Immutable_global_reads_its_value_and_refuses_writes()
    {
        var global = Global.Create(new Store(_engine), new GlobalType(ValueType.I64, false), Value.I64(-5));

        Assert.Equal(Value.I64(-5), global.Get());
        Assert.Throws<InvalidOperationException>(() => global.Set(Value.I64(1)));
        Assert.Equal(-5, global.Get().AsI64());
    }

    [Fact]
    public void Mutable_global_accepts_values_of_its_type_only()
    {
        var global = Global.Create(new Store(_engine), new GlobalType(ValueType.I32, true), Value.I32(1));

        global.Set(Value.I32(-7));
        Assert.Equal(-7, global.Get().AsI32());
        Assert.Throws<ArgumentException>(() => global.Set(Value.I64(3)));
        Assert.Throws<ArgumentException>(() => Global.Create(new Store(_engine), new GlobalType(ValueType.F32, false), Value.I32(0)));
    }

    [Fact]
    public void Float_global_keeps_a_signaling_nan_payload()
    {
        const uint signalingNan = 0x7FA0_0001;
        var global = Global.Create(new Store(_engine), new GlobalType(ValueType.F32, true), Value.F32FromBits(signalingNan));

        Assert.Equal(signalingNan, global.Get().F32Bits);
        global.Set(Value.F32FromBits(0xFFC0_1234));
        Assert.Equal(0xFFC0_1234u, global.Get().F32Bits);
    }

    [Fact]
    public void Funcref_global_returns_the_same_function()
    {
        var store = new Store(_engine);
        var function = Function.Create(store, FunctionType.Empty, static (_, _, _) => null);
        var global = Global.Create(store, new GlobalType(ValueType.FuncRef, true), Value.NullRef(ValueType.FuncRef));

        Assert.True(global.Get().IsNull);
        global.Set(Value.FuncRef(function));
        Assert.Same(function, global.Get().Reference);
    }

    [Fact]
    public void Global_refuses_a_function_of_another_store()
    {
        var global = Global.Create(new Store(_engine), new GlobalType(ValueType.FuncRef, true), Value.NullRef(ValueType.FuncRef));
        var foreign = Function.Create(new Store(_engine), FunctionType.Empty, static (_, _, _) => null);

        Assert.Throws<ArgumentException>(() => global.Set(Value.FuncRef(foreign)));
    }

    [Fact]
    public void Table_gets_sets_and_grows_within_its_maximum()
    {
        var store = new Store(_engine);
        var function = Function.Create(store, FunctionType.Empty, static (_, _, _) => null);
        var table = Table.Create(store, new TableType(ValueType.FuncRef, new Limits(2, 4)), Value.NullRef(ValueType.FuncRef));

        table.Set(1, Value.FuncRef(function));
        Assert.True(table.Get(0).IsNull);
        Assert.Same(function, table.Get(1).Reference);

        Assert.Equal(2, table.Grow(2, Value.FuncRef(function)));
        Assert.Equal(4u, table.Size);
        Assert.Same(function, table.Get(3).Reference);
        Assert.Equal(-1, table.Grow(1, Value.NullRef(ValueType.FuncRef)));
        Assert.Equal(4u, table.Size);
    }

    [Fact]
    public void Table_refuses_indices_past_its_size_and_values_of_another_type()
    {
        var store = new Store(_engine);
        var table = Table.Create(store, new TableType(ValueType.ExternRef, new Limits(1, null)), Value.ExternRef(7));

        Assert.Equal(7ul, table.Get(0).ExternHandle);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Get(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Set(1, Value.NullRef(ValueType.ExternRef)));
        Assert.Throws<ArgumentException>(() => table.Set(0, Value.NullRef(ValueType.FuncRef)));
    }

    [Fact]
    public void Memory_reads_and_writes_little_endian_within_bounds()
    {
        var memory = Memory.Create(new Store(_engine), new MemoryType(new Limits(1, 2)));

        memory.WriteUInt32(8, 0x0403_0201);
        Assert.Equal([1, 2, 3, 4], memory.ReadBytes(8, 4));
        memory.Write(Memory.PageSize - 2, [0xAA, 0xBB]);
        Assert.Equal(0xBBAAu, memory.ReadUInt32(Memory.PageSize - 4) >> 16);
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.ReadUInt64(Memory.PageSize - 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.Write(ulong.MaxValue, [1]));
    }

    [Fact]
    public void Memory_above_the_engine_limit_cannot_be_created()
    {
        var engine = new Engine(EngineConfig.Default with { MaxMemoryPages = 4, MaxValueStackSlots = 1024 });

        var e = Assert.Throws<ArgumentException>(() => Memory.Create(new Store(engine), new MemoryType(new Limits(5, null))));
        Assert.Contains("limit of 4 pages", e.Message);
    }
}
