using Contracts.Engine.Binary;

namespace Contracts.GasMetering.Tests;

public sealed class ScheduleTests
{
    [Fact]
    public void A_schedule_survives_a_messagepack_round_trip()
    {
        var bytes = GasScheduleSerializer.Serialize(ExactGasTests.Primes);
        Assert.Equal(ExactGasTests.Primes, GasScheduleSerializer.Deserialize(bytes));
        Assert.Equal(GasSchedule.Default, GasScheduleSerializer.Deserialize(GasScheduleSerializer.Serialize(GasSchedule.Default)));
    }

    [Fact]
    public void Bytes_that_are_not_a_schedule_are_a_format_error()
    {
        Assert.Throws<FormatException>(() => GasScheduleSerializer.Deserialize(new byte[] { 0xC1 }));
        Assert.Throws<FormatException>(() => GasScheduleSerializer.Deserialize(new byte[] { 0xC0 }));
    }

    [Fact]
    public void A_schedule_that_lacks_a_price_fails_to_load_instead_of_reading_it_as_zero()
    {
        var prices = typeof(GasSchedule).GetProperties()
            .Where(p => p.PropertyType == typeof(uint) && p.SetMethod is not null)
            .ToDictionary(p => p.Name, p => (uint)p.GetValue(GasSchedule.Default)!);
        Assert.Equal(GasSchedule.Default, GasScheduleSerializer.Deserialize(EncodeMap(prices)));

        // A schedule written before the host ABI existed has no Create price.
        prices.Remove(nameof(GasSchedule.Create));
        var error = Assert.Throws<FormatException>(() => GasScheduleSerializer.Deserialize(EncodeMap(prices)));
        Assert.Contains("Create", error.Message);
    }

    /// <summary>A MessagePack map of string keys to uint32 values, written by hand (independent of the serializer).</summary>
    private static byte[] EncodeMap(Dictionary<string, uint> map)
    {
        var bytes = new List<byte> { 0xDE, (byte)(map.Count >> 8), (byte)map.Count };
        foreach (var (key, value) in map)
        {
            byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(key);
            bytes.Add(0xD9);
            bytes.Add((byte)utf8.Length);
            bytes.AddRange(utf8);
            bytes.Add(0xCE);
            bytes.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }
        return bytes.ToArray();
    }

    [Fact]
    public void Out_of_range_prices_and_version_zero_are_refused()
    {
        Assert.Throws<ArgumentException>(() => (GasSchedule.Default with { Version = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (GasSchedule.Default with { Load = GasSchedule.MaxPrice + 1 }).Validate());
        Assert.Throws<ArgumentException>(() => GasScheduleSerializer.Deserialize(GasScheduleSerializer.Serialize(GasSchedule.Default with { Call = uint.MaxValue })));
    }

    [Fact]
    public void Every_opcode_has_a_class_and_every_class_a_price()
    {
        foreach (CostClass costClass in Enum.GetValues<CostClass>()) Assert.True(GasSchedule.Default.CostOf(costClass) > 0, costClass.ToString());
        Assert.Equal(CostClass.IntegerDivide, InstructionSet.Get(Opcode.I64RemU)!.Cost);
        Assert.Equal(CostClass.Bulk, InstructionSet.Get(OpcodeFC.MemoryCopy).Cost);
        Assert.Equal(CostClass.Conversion, InstructionSet.Get(OpcodeFC.I64TruncSatF64U).Cost);
    }

    [Fact]
    public void Schedules_are_chosen_by_block_height()
    {
        var v2 = GasSchedule.Default with { Version = 4, Call = 70 };
        var set = new GasScheduleSet([(0UL, GasSchedule.Default), (1000UL, v2)]);
        Assert.Same(GasSchedule.Default, set.ForBlock(0));
        Assert.Same(GasSchedule.Default, set.ForBlock(999));
        Assert.Same(v2, set.ForBlock(1000));
        Assert.Same(v2, set.ForBlock(ulong.MaxValue));
        Assert.Throws<ArgumentException>(() => new GasScheduleSet([(5UL, GasSchedule.Default)]));
        Assert.Throws<ArgumentException>(() => new GasScheduleSet([(0UL, GasSchedule.Default), (7UL, GasSchedule.Default)]));
    }

    [Fact]
    public void Deploy_and_host_charges_are_linear()
    {
        var s = GasSchedule.Default;
        Assert.Equal(s.Deploy + 1000UL * s.DeployPerByte, s.DeployCharge(1000));
        Assert.Equal(s.HostCall + 32UL * s.HostCallPerByte, s.HostCallCharge(32));
    }

    [Fact]
    public void Version_2_is_frozen_so_old_chains_replay_with_its_prices()
    {
        // SHA-256 of "Name=price;" over version 2's prices in ordinal order, as published before SIMD existed
        // (computed from the schedule on main at 8db6baf). A change here would change the gas of replayed blocks.
        var prices = GasScheduleSerializer.ToPrices(GasSchedule.Version2).Where(kv => !kv.Key.StartsWith("Simd", StringComparison.Ordinal));
        string text = string.Concat(prices.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value};"));
        Assert.Equal("6fd950452695b9b20c7c53115eb6d91857764543ea6426002efcf442e3e235d1",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(text))));
        Assert.Equal(2U, GasSchedule.Version2.Version);
        Assert.False(GasSchedule.Version2.PricesSimd);
        foreach (CostClass costClass in Enum.GetValues<CostClass>().Where(GasSchedule.IsSimd))
            Assert.Equal(0U, GasSchedule.Version2.CostOf(costClass));
    }

    [Fact]
    public void Version_3_adds_simd_prices_and_changes_nothing_else()
    {
        var v3 = GasSchedule.Version3;
        Assert.Same(v3, GasSchedule.Default);
        Assert.True(v3.PricesSimd);
        Assert.Equal(GasSchedule.Version2, v3 with
        {
            Version = 2, SimdInteger = 0, SimdMultiply = 0, SimdFloat = 0, SimdDivide = 0, SimdConversion = 0,
            SimdLane = 0, SimdShuffle = 0, SimdLoad = 0, SimdStore = 0,
        });
        Assert.Equal([GasSchedule.Version2, GasSchedule.Version3], GasSchedule.BuiltIn);
        Assert.Same(GasSchedule.Version2, GasSchedule.FindBuiltIn(2));
        Assert.Null(GasSchedule.FindBuiltIn(1));
    }

    [Fact]
    public void A_schedule_prices_all_simd_classes_or_none()
    {
        Assert.Throws<ArgumentException>(() => (GasSchedule.Version3 with { Version = 9, SimdShuffle = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (GasSchedule.Version2 with { Version = 9, SimdLoad = 5 }).Validate());
        var error = Assert.Throws<ArgumentException>(() => GasScheduleSerializer.Deserialize(GasScheduleSerializer.Serialize(GasSchedule.Version3 with { Version = 9, SimdInteger = 0 })));
        Assert.Contains("SIMD", error.Message);
    }

    [Fact]
    public void A_schedule_serialized_before_simd_fails_to_load()
    {
        var prices = GasScheduleSerializer.ToPrices(GasSchedule.Version2).Where(kv => !kv.Key.StartsWith("Simd", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var error = Assert.Throws<FormatException>(() => GasScheduleSerializer.Deserialize(EncodeMap(prices)));
        Assert.Contains("Simd", error.Message);
        Assert.Throws<FormatException>(() => GasScheduleSerializer.FromPrices(prices));
    }

    [Fact]
    public void Simd_code_cannot_be_instrumented_under_a_schedule_without_simd_prices()
    {
        byte[] wasm = Wat.ToWasm("""
            (module (func (export "f") (param i32) (result i32)
              (i32x4.extract_lane 0 (i32x4.add (i32x4.splat (local.get 0)) (i32x4.splat (local.get 0))))))
            """);
        var error = Assert.Throws<GasInstrumentationException>(() =>
            GasInstrumenter.Instrument(wasm, InstrumentationOptions.Default with { Schedule = GasSchedule.Version2 }));
        Assert.Contains("i32x4.splat", error.Message);
        Assert.Contains("version 2", error.Message);
        GasInstrumenter.Instrument(wasm, InstrumentationOptions.Default with { Schedule = GasSchedule.Version3 });
    }
}
