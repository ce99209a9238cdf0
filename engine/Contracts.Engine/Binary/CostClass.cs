namespace Contracts.Engine.Binary;

/// <summary>
/// The tiers of static instruction cost. Every instruction belongs to exactly one, given by its row in
/// <see cref="InstructionSet"/>; gas-metering's <c>GasSchedule.CostOf</c> prices a tier.
/// </summary>
public enum CostClass : byte
{
    /// <summary><c>nop</c>, <c>block</c>, <c>loop</c>, <c>else</c>, <c>end</c>, <c>drop</c>, <c>unreachable</c>: structure, mostly free to run.</summary>
    Structure,
    /// <summary><c>i32.const</c> .. <c>f64.const</c>.</summary>
    Constant,
    /// <summary><c>local.get</c>, <c>local.set</c>, <c>local.tee</c>.</summary>
    Local,
    /// <summary><c>global.get</c>, <c>global.set</c>.</summary>
    Global,
    /// <summary>Cheap integer ALU: add, sub, logic, shifts, rotates, comparisons, eqz, clz, ctz, popcnt, sign extension.</summary>
    IntegerAlu,
    /// <summary><c>i32.mul</c>, <c>i64.mul</c>.</summary>
    IntegerMultiply,
    /// <summary>Integer division and remainder (signed and unsigned).</summary>
    IntegerDivide,
    /// <summary>Float arithmetic, comparison, rounding, min/max, sqrt, copysign.</summary>
    Float,
    /// <summary>Conversions between value types: wrap, extend, truncations (trapping and saturating), converts, reinterprets.</summary>
    Conversion,
    /// <summary>Memory loads.</summary>
    Load,
    /// <summary>Memory stores.</summary>
    Store,
    /// <summary><c>select</c> (both forms).</summary>
    Select,
    /// <summary><c>br</c>, <c>br_if</c>, <c>if</c>, <c>return</c>.</summary>
    Branch,
    /// <summary><c>br_table</c>, plus <c>GasSchedule.BranchTablePerTarget</c> per target.</summary>
    BranchTable,
    /// <summary><c>call</c>.</summary>
    Call,
    /// <summary><c>call_indirect</c>, plus <c>GasSchedule.CallIndirectPerParameter</c> per parameter of its type.</summary>
    CallIndirect,
    /// <summary><c>ref.null</c>, <c>ref.is_null</c>, <c>ref.func</c>.</summary>
    Reference,
    /// <summary><c>table.get</c>, <c>table.set</c>, <c>table.size</c>.</summary>
    TableAccess,
    /// <summary><c>memory.size</c>.</summary>
    MemorySize,
    /// <summary><c>memory.grow</c>'s fixed part; the pages are charged dynamically (<c>GasSchedule.MemoryGrowPerPage</c>).</summary>
    MemoryGrow,
    /// <summary>
    /// The fixed part of the bulk operations (<c>memory.copy/fill/init</c>, <c>table.copy/fill/init/grow</c>) and of
    /// <c>data.drop</c>, <c>elem.drop</c>; bytes and elements are charged dynamically.
    /// </summary>
    Bulk,
    /// <summary>SIMD integer and bitwise lane operations, comparisons, abs/neg of any shape, any_true/all_true/bitmask.</summary>
    SimdInteger,
    /// <summary>SIMD integer multiplies: <c>mul</c>, <c>extmul</c>, <c>dot</c>, <c>q15mulr_sat_s</c>.</summary>
    SimdMultiply,
    /// <summary>SIMD float arithmetic, comparisons, rounding, min/max (with per-lane NaN canonicalization).</summary>
    SimdFloat,
    /// <summary>SIMD float division and square root.</summary>
    SimdDivide,
    /// <summary>SIMD conversions, widenings (extend) and narrowings.</summary>
    SimdConversion,
    /// <summary>SIMD <c>splat</c>, <c>extract_lane</c>, <c>replace_lane</c>.</summary>
    SimdLane,
    /// <summary><c>i8x16.shuffle</c>, <c>i8x16.swizzle</c>.</summary>
    SimdShuffle,
    /// <summary>SIMD loads (16 bytes, extending, splat, zero, lane).</summary>
    SimdLoad,
    /// <summary>SIMD stores (16 bytes, lane).</summary>
    SimdStore,
}
