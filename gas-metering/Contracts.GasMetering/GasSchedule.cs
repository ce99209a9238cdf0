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
    /// Version 2: instruction prices from <c>contract-cli gas calibrate</c> on the reference machine (2 vCPU Xeon,
    /// .NET 10, our interpreter), rounded; the measurements are in gas-metering/README.md. Version 2 added the host
    /// ABI's prices (storage, logs, crypto, calls, creation, value transfer); version 1 had the same instruction prices
    /// and no host prices. node-adapter/docs/host-abi.md lists every host price. It predates SIMD: its SIMD prices are
    /// 0, which means "not priced" (<see cref="PricesSimd"/> is false), so SIMD code cannot be instrumented under it
    /// and a rule set that allows SIMD cannot use it. Frozen: chains that activated it replay with exactly these prices.
    /// </summary>
    public static readonly GasSchedule Version2 = new()
    {
        Version = 2,
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
        // Host ABI prices. State-growth prices follow Ethereum's (chain gas × 1,000, the devnet's Wasm gas per chain
        // gas); compute prices (hashing, signature checks) follow their measured time at TargetNanosecondsPerGas.
        SlotLoad = 800_000,
        SlotStoreSet = 20_000_000,
        SlotStoreReset = 5_000_000,
        SlotStoreNoop = 800_000,
        SlotClearRefund = 4_800_000,
        BytesLoad = 800_000,
        BytesStoreBase = 20_000_000,
        BytesStorePerByte = 20_000,
        BytesRemove = 5_000_000,
        BytesIterate = 800_000,
        Log = 375_000,
        LogPerTopic = 375_000,
        LogPerByte = 8_000,
        AccountQuery = 700_000,
        Keccak256 = 3_000,
        Keccak256PerByte = 20,
        Sha256 = 3_000,
        Sha256PerByte = 10,
        Ripemd160 = 3_000,
        Ripemd160PerByte = 20,
        Blake2b256 = 3_000,
        Blake2b256PerByte = 10,
        Secp256k1Recover = 3_000_000,
        Secp256k1Verify = 2_000_000,
        Ed25519Verify = 2_000_000,
        Ed25519VerifyPerByte = 10,
        CallBase = 700_000,
        CallValueTransfer = 9_000_000,
        CallNewAccount = 25_000_000,
        Create = 32_000_000,
        CodeDepositPerByte = 25_000,
        DebugLog = 1_000,
    };

    /// <summary>
    /// Version 3: version 2's prices unchanged, plus the fixed-width SIMD classes, priced from
    /// <c>contract-cli gas calibrate</c> (its SIMD micro-modules: a unit of two <c>local.get</c>, the operation and a
    /// <c>local.set</c> on v128 locals) on the reference machine, the suggested prices of two runs averaged and rounded
    /// up; the measurements are in gas-metering/README.md. Our interpreter runs a 128-bit operation in 3 to 12 ns
    /// (16-byte operand cells, a <c>Vector128</c> operation or its bit-identical scalar fallback, per-lane NaN
    /// canonicalization for floats), well above a scalar ALU operation, and the prices say so.
    /// </summary>
    public static readonly GasSchedule Version3 = Version2 with
    {
        Version = 3,
        SimdInteger = 80,
        SimdMultiply = 80,
        SimdFloat = 85,
        SimdDivide = 105,
        SimdConversion = 100,
        SimdLane = 35,
        SimdShuffle = 40,
        SimdLoad = 35,
        SimdStore = 25,
    };

    /// <summary>The newest schedule: what tools and tests instrument with unless told otherwise.</summary>
    public static readonly GasSchedule Default = Version3;

    /// <summary>The schedules every node knows by version (a chain spec names one by number), oldest first.</summary>
    public static IReadOnlyList<GasSchedule> BuiltIn { get; } = [Version2, Version3];

    /// <summary>The built-in schedule of <paramref name="version"/>, or null.</summary>
    public static GasSchedule? FindBuiltIn(uint version)
    {
        foreach (var schedule in BuiltIn)
            if (schedule.Version == version) return schedule;
        return null;
    }

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

    // ---- Fixed-width SIMD (version 3 on). All 0 in a schedule that predates SIMD: see PricesSimd. ----

    public uint SimdInteger { get; init; }
    public uint SimdMultiply { get; init; }
    public uint SimdFloat { get; init; }
    public uint SimdDivide { get; init; }
    public uint SimdConversion { get; init; }
    public uint SimdLane { get; init; }
    public uint SimdShuffle { get; init; }
    public uint SimdLoad { get; init; }
    public uint SimdStore { get; init; }

    /// <summary>
    /// Whether this schedule prices SIMD: every SIMD class has a non-zero price. A schedule whose SIMD prices are all 0
    /// predates SIMD; code with SIMD instructions cannot be instrumented under it (<see cref="GasInstrumentationException"/>),
    /// so no chain can run SIMD for free. Some but not all SIMD prices 0 fails <see cref="Validate"/>.
    /// </summary>
    public bool PricesSimd => SimdInteger != 0;

    /// <summary>Whether <paramref name="costClass"/> is one of the SIMD classes (priced only from version 3 on).</summary>
    public static bool IsSimd(CostClass costClass) => costClass >= CostClass.SimdInteger;

    // ---- Host ABI prices (Wasm gas), charged by the host before the work; see node-adapter/docs/host-abi.md. ----

    /// <summary><c>storage_load</c> of a 32-byte slot.</summary>
    public uint SlotLoad { get; init; }
    /// <summary><c>storage_store</c> writing a non-zero value into a slot that holds zero.</summary>
    public uint SlotStoreSet { get; init; }
    /// <summary><c>storage_store</c> changing a non-zero slot (to another value or to zero).</summary>
    public uint SlotStoreReset { get; init; }
    /// <summary><c>storage_store</c> writing the value the slot already holds.</summary>
    public uint SlotStoreNoop { get; init; }
    /// <summary>Refunded when a transaction clears a slot that was non-zero (capped at 1/5 of the gas used).</summary>
    public uint SlotClearRefund { get; init; }
    /// <summary><c>kv_get</c> / <c>kv_has</c>, plus <see cref="HostCallPerByte"/> per key and value byte.</summary>
    public uint BytesLoad { get; init; }
    /// <summary><c>kv_set</c>, fixed part.</summary>
    public uint BytesStoreBase { get; init; }
    /// <summary><c>kv_set</c>, per byte of key and value stored.</summary>
    public uint BytesStorePerByte { get; init; }
    /// <summary><c>kv_remove</c>.</summary>
    public uint BytesRemove { get; init; }
    /// <summary><c>kv_next</c>, per entry returned (or per exhausted scan), plus per byte copied.</summary>
    public uint BytesIterate { get; init; }
    /// <summary><c>emit_log</c>, fixed part.</summary>
    public uint Log { get; init; }
    /// <summary><c>emit_log</c>, per topic.</summary>
    public uint LogPerTopic { get; init; }
    /// <summary><c>emit_log</c>, per data byte.</summary>
    public uint LogPerByte { get; init; }
    /// <summary><c>balance</c>, <c>code_size</c>, <c>code_hash</c> of another account.</summary>
    public uint AccountQuery { get; init; }
    public uint Keccak256 { get; init; }
    public uint Keccak256PerByte { get; init; }
    public uint Sha256 { get; init; }
    public uint Sha256PerByte { get; init; }
    public uint Ripemd160 { get; init; }
    public uint Ripemd160PerByte { get; init; }
    public uint Blake2b256 { get; init; }
    public uint Blake2b256PerByte { get; init; }
    public uint Secp256k1Recover { get; init; }
    public uint Secp256k1Verify { get; init; }
    public uint Ed25519Verify { get; init; }
    public uint Ed25519VerifyPerByte { get; init; }
    /// <summary><c>call</c> / <c>static_call</c>, fixed part (the callee's own gas is forwarded on top).</summary>
    public uint CallBase { get; init; }
    /// <summary>A <c>call</c> (or <c>create</c>) that transfers a non-zero value.</summary>
    public uint CallValueTransfer { get; init; }
    /// <summary>A value transfer that brings a new account into existence.</summary>
    public uint CallNewAccount { get; init; }
    /// <summary><c>create</c> / <c>create2</c>, fixed part (deploy prices come on top).</summary>
    public uint Create { get; init; }
    /// <summary>Per byte of deployed code stored (contract-to-contract creation and transactions alike).</summary>
    public uint CodeDepositPerByte { get; init; }
    /// <summary><c>debug_log</c> (devnet only), fixed part.</summary>
    public uint DebugLog { get; init; }

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
        CostClass.SimdInteger => SimdInteger,
        CostClass.SimdMultiply => SimdMultiply,
        CostClass.SimdFloat => SimdFloat,
        CostClass.SimdDivide => SimdDivide,
        CostClass.SimdConversion => SimdConversion,
        CostClass.SimdLane => SimdLane,
        CostClass.SimdShuffle => SimdShuffle,
        CostClass.SimdLoad => SimdLoad,
        CostClass.SimdStore => SimdStore,
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
        CostClass.SimdInteger => this with { SimdInteger = price },
        CostClass.SimdMultiply => this with { SimdMultiply = price },
        CostClass.SimdFloat => this with { SimdFloat = price },
        CostClass.SimdDivide => this with { SimdDivide = price },
        CostClass.SimdConversion => this with { SimdConversion = price },
        CostClass.SimdLane => this with { SimdLane = price },
        CostClass.SimdShuffle => this with { SimdShuffle = price },
        CostClass.SimdLoad => this with { SimdLoad = price },
        CostClass.SimdStore => this with { SimdStore = price },
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
        foreach (CostClass costClass in Enum.GetValues<CostClass>())
        {
            if (IsSimd(costClass) && (CostOf(costClass) != 0) != PricesSimd)
                throw new ArgumentException($"gas schedule version {Version} prices some SIMD classes and not others ({costClass} = {CostOf(costClass)}, SimdInteger = {SimdInteger}): price all or none");
        }
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
