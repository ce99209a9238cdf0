using Contracts.Engine.Binary;
using PolyType;

namespace Contracts.GasMetering;

/// <summary>
/// What every instruction and every dynamic quantity costs, in gas: the engine's fine-grained unit (Arbitrum Stylus
/// calls its equivalent "ink"; the chain converts it to transaction gas at a ratio of its own). The target is
/// <see cref="TargetNanosecondsPerGas"/>: 1 gas ≈ 0.1 ns of the reference machine's time, so the cheapest instructions
/// cost a few gas and the tiers can be priced apart. Immutable; serializable with Nerdbank.MessagePack (as a map keyed
/// by property name). <see cref="Version"/> identifies the schedule: it is part of every cache key that depends on
/// the prices (instrumented code), and a chain activates schedules by block height (<see cref="GasScheduleSet"/>),
/// never through a global, so replaying old blocks uses old prices.
/// </summary>
[GenerateShape]
public sealed partial record GasSchedule
{
    /// <summary>The reference the defaults are calibrated against: nanoseconds of the reference machine per gas.</summary>
    public const double TargetNanosecondsPerGas = 0.1;

    /// <summary>Upper bound of every per-instruction and per-unit price, so no charge computed in Wasm can overflow i64.</summary>
    public const uint MaxPrice = 1u << 24;

    /// <summary>
    /// The default schedule, version 1. Prices from <c>contract-cli gas calibrate</c> on the reference machine
    /// (2 vCPU Xeon, .NET 10, our interpreter), rounded; the measurements are in gas-metering/README.md.
    /// </summary>
    public static readonly GasSchedule Default = new()
    {
        Version = 1,
        Structure = 1,
        Constant = 6,
        Local = 6,
        Global = 16,
        IntegerAlu = 9,
        IntegerMultiply = 13,
        IntegerDivide = 22,
        Float = 30,
        Conversion = 24,
        Load = 14,
        Store = 10,
        Select = 8,
        Branch = 25,
        BranchTable = 60,
        BranchTablePerTarget = 4,
        Call = 150,
        CallIndirect = 160,
        CallIndirectPerParameter = 4,
        Reference = 12,
        TableAccess = 30,
        MemorySize = 32,
        MemoryGrow = 100,
        MemoryGrowPerPage = 20_000,
        MemoryGrowRampPerPageSquared = 1,
        Bulk = 70,
        BulkMemoryPerByte = 1,
        BulkTablePerElement = 8,
        HostCall = 500,
        HostCallPerByte = 2,
        Deploy = 100_000,
        DeployPerByte = 150,
    };

    /// <summary>Identifies this price list. Two schedules with one version must be equal; 0 is not a version.</summary>
    public required uint Version { get; init; }

    public uint Structure { get; init; }
    public uint Constant { get; init; }
    public uint Local { get; init; }
    public uint Global { get; init; }
    public uint IntegerAlu { get; init; }
    public uint IntegerMultiply { get; init; }
    public uint IntegerDivide { get; init; }
    public uint Float { get; init; }
    public uint Conversion { get; init; }
    public uint Load { get; init; }
    public uint Store { get; init; }
    public uint Select { get; init; }
    public uint Branch { get; init; }
    public uint BranchTable { get; init; }
    /// <summary>Added to <see cref="BranchTable"/> for each target, the default included.</summary>
    public uint BranchTablePerTarget { get; init; }
    public uint Call { get; init; }
    public uint CallIndirect { get; init; }
    /// <summary>Added to <see cref="CallIndirect"/> for each parameter of the called type.</summary>
    public uint CallIndirectPerParameter { get; init; }
    public uint Reference { get; init; }
    public uint TableAccess { get; init; }
    public uint MemorySize { get; init; }
    /// <summary>Fixed part of <c>memory.grow</c>, static.</summary>
    public uint MemoryGrow { get; init; }
    /// <summary>
    /// Linear part of the memory price: growing from <c>s</c> to <c>n</c> pages costs <c>M(n) - M(s)</c> with
    /// <c>M(p) = MemoryGrowPerPage·p + MemoryGrowRampPerPageSquared·p²</c>, so large memories get ever dearer. A grow
    /// past 65,536 pages (which fails on every engine) costs only the fixed part.
    /// </summary>
    public uint MemoryGrowPerPage { get; init; }
    /// <summary>The quadratic ramp of the memory price (see <see cref="MemoryGrowPerPage"/>).</summary>
    public uint MemoryGrowRampPerPageSquared { get; init; }
    /// <summary>Fixed part of the bulk operations (and of <c>data.drop</c>, <c>elem.drop</c>), static.</summary>
    public uint Bulk { get; init; }
    /// <summary>Per byte of <c>memory.copy</c>, <c>memory.fill</c>, <c>memory.init</c>, charged before the operation.</summary>
    public uint BulkMemoryPerByte { get; init; }
    /// <summary>Per element of <c>table.copy</c>, <c>table.fill</c>, <c>table.init</c>, <c>table.grow</c>, charged before the operation.</summary>
    public uint BulkTablePerElement { get; init; }
    /// <summary>Fixed price of a host function call, charged by the host ABI on top of the <c>call</c>.</summary>
    public uint HostCall { get; init; }
    /// <summary>Per byte a host function reads or writes, charged by the host ABI.</summary>
    public uint HostCallPerByte { get; init; }
    /// <summary>Fixed price of deploying a module (decode, validate, instrument, translate), charged before the work.</summary>
    public uint Deploy { get; init; }
    /// <summary>Per byte of a deployed module, charged before decoding starts.</summary>
    public uint DeployPerByte { get; init; }

    /// <summary>The static price of one instruction of <paramref name="costClass"/>.</summary>
    public uint CostOf(CostClass costClass) => costClass switch
    {
        CostClass.Structure => Structure,
        CostClass.Constant => Constant,
        CostClass.Local => Local,
        CostClass.Global => Global,
        CostClass.IntegerAlu => IntegerAlu,
        CostClass.IntegerMultiply => IntegerMultiply,
        CostClass.IntegerDivide => IntegerDivide,
        CostClass.Float => Float,
        CostClass.Conversion => Conversion,
        CostClass.Load => Load,
        CostClass.Store => Store,
        CostClass.Select => Select,
        CostClass.Branch => Branch,
        CostClass.BranchTable => BranchTable,
        CostClass.Call => Call,
        CostClass.CallIndirect => CallIndirect,
        CostClass.Reference => Reference,
        CostClass.TableAccess => TableAccess,
        CostClass.MemorySize => MemorySize,
        CostClass.MemoryGrow => MemoryGrow,
        CostClass.Bulk => Bulk,
        _ => throw new ArgumentOutOfRangeException(nameof(costClass), costClass, "unknown cost class"),
    };

    /// <summary>A copy with <paramref name="costClass"/> priced at <paramref name="price"/> (for calibration and tests).</summary>
    public GasSchedule WithCost(CostClass costClass, uint price) => costClass switch
    {
        CostClass.Structure => this with { Structure = price },
        CostClass.Constant => this with { Constant = price },
        CostClass.Local => this with { Local = price },
        CostClass.Global => this with { Global = price },
        CostClass.IntegerAlu => this with { IntegerAlu = price },
        CostClass.IntegerMultiply => this with { IntegerMultiply = price },
        CostClass.IntegerDivide => this with { IntegerDivide = price },
        CostClass.Float => this with { Float = price },
        CostClass.Conversion => this with { Conversion = price },
        CostClass.Load => this with { Load = price },
        CostClass.Store => this with { Store = price },
        CostClass.Select => this with { Select = price },
        CostClass.Branch => this with { Branch = price },
        CostClass.BranchTable => this with { BranchTable = price },
        CostClass.Call => this with { Call = price },
        CostClass.CallIndirect => this with { CallIndirect = price },
        CostClass.Reference => this with { Reference = price },
        CostClass.TableAccess => this with { TableAccess = price },
        CostClass.MemorySize => this with { MemorySize = price },
        CostClass.MemoryGrow => this with { MemoryGrow = price },
        CostClass.Bulk => this with { Bulk = price },
        _ => throw new ArgumentOutOfRangeException(nameof(costClass), costClass, "unknown cost class"),
    };

    /// <summary>
    /// The gas a <c>memory.grow</c> from <paramref name="currentPages"/> by <paramref name="deltaPages"/> charges on top
    /// of its static price: exactly what the instrumented code computes.
    /// </summary>
    public ulong MemoryGrowCharge(uint currentPages, uint deltaPages)
    {
        ulong target = (ulong)currentPages + deltaPages;
        if (target > MaxPages) return 0;
        return MemoryPrice(target) - MemoryPrice(currentPages);
    }

    /// <summary>The gas of deploying a module of <paramref name="moduleBytes"/> bytes, charged before any work on it.</summary>
    public ulong DeployCharge(long moduleBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(moduleBytes);
        return Deploy + (ulong)moduleBytes * DeployPerByte;
    }

    /// <summary>The gas of a host call moving <paramref name="bytes"/> bytes.</summary>
    public ulong HostCallCharge(ulong bytes) => HostCall + bytes * HostCallPerByte;

    /// <summary>Throws <see cref="ArgumentException"/> when a price is out of range or the version is 0.</summary>
    public void Validate()
    {
        if (Version == 0) throw new ArgumentException("a gas schedule's version must not be 0");
        foreach (CostClass costClass in Enum.GetValues<CostClass>()) CheckPrice(costClass.ToString(), CostOf(costClass));
        CheckPrice(nameof(BranchTablePerTarget), BranchTablePerTarget);
        CheckPrice(nameof(CallIndirectPerParameter), CallIndirectPerParameter);
        CheckPrice(nameof(MemoryGrowPerPage), MemoryGrowPerPage);
        CheckPrice(nameof(MemoryGrowRampPerPageSquared), MemoryGrowRampPerPageSquared);
        CheckPrice(nameof(BulkMemoryPerByte), BulkMemoryPerByte);
        CheckPrice(nameof(BulkTablePerElement), BulkTablePerElement);
        CheckPrice(nameof(HostCallPerByte), HostCallPerByte);
    }

    /// <summary>Pages of a 32-bit memory: no grow beyond it can succeed on any engine.</summary>
    internal const uint MaxPages = 65_536;

    internal ulong MemoryPrice(ulong pages) => MemoryGrowPerPage * pages + MemoryGrowRampPerPageSquared * pages * pages;

    private static void CheckPrice(string name, uint price)
    {
        if (price > MaxPrice) throw new ArgumentException($"gas schedule price {name} = {price} exceeds the maximum of {MaxPrice}");
    }
}
