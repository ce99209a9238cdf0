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
        var v2 = GasSchedule.Default with { Version = 2, Call = 70 };
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
}
