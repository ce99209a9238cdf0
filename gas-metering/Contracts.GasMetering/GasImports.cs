using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.GasMetering;

/// <summary>
/// The names instrumented code uses to talk to its embedder. The whole import module <see cref="Module"/> is reserved:
/// a module to instrument must not import from it, nor export <see cref="StackHeightExport"/>, nor carry the
/// <see cref="CustomSectionName"/> section.
/// </summary>
public static class GasImports
{
    public const string Module = "gas";

    /// <summary><c>(import "gas" "charge" (func (param i64)))</c>: consumes that much gas or traps when there is not enough.</summary>
    public const string Charge = "charge";

    /// <summary><c>(import "gas" "stack_exhausted" (func))</c>: must trap (the engine's kind is <c>StackHeightExhausted</c>).</summary>
    public const string StackExhausted = "stack_exhausted";

    /// <summary>
    /// The export of the stack-height counter (a mutable i32 global). The embedder sets it to 0 before every call from
    /// the host, because a trap unwinds without lowering it.
    /// </summary>
    public const string StackHeightExport = "__gas_stack_height";

    /// <summary>Custom section that marks an instrumented module and records how it was instrumented.</summary>
    public const string CustomSectionName = "contracts.gas";

    public static readonly FunctionType ChargeType = new([ValueType.I64], []);
    public static readonly FunctionType StackExhaustedType = FunctionType.Empty;
}
