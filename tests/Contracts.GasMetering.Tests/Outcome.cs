using Contracts.Engine.Model;
using Contracts.Engine.Runtime;

namespace Contracts.GasMetering.Tests;

/// <summary>
/// What a metered call did, in a form both engines can produce: the results (raw bits; every NaN as one canonical
/// NaN, since engines may differ in NaN payloads only), or the trap kind; and the gas used.
/// </summary>
internal sealed record Outcome(string What, ulong GasUsed)
{
    public static Outcome Returned(IEnumerable<string> values, ulong gas) => new("returned " + string.Join(' ', values), gas);

    /// <summary>Wasmtime reports a <c>call_indirect</c> past the table's end as a table-bounds trap; we say "undefined element".</summary>
    public static Outcome Trapped(TrapKind kind, ulong gas) =>
        new("trap " + (kind == TrapKind.UndefinedElement ? TrapKind.TableOutOfBounds : kind), gas);

    public static string Describe(Value value) => value.Type switch
    {
        Engine.Model.ValueType.F32 when float.IsNaN(value.AsF32()) => "f32:nan",
        Engine.Model.ValueType.F64 when double.IsNaN(value.AsF64()) => "f64:nan",
        Engine.Model.ValueType.I32 or Engine.Model.ValueType.F32 => $"{value.Type.ToWatName()}:{(uint)value.Bits:x}",
        Engine.Model.ValueType.FuncRef => value.IsNull ? "funcref:null" : "funcref",
        Engine.Model.ValueType.ExternRef => value.IsNull ? "externref:null" : "externref",
        _ => $"{value.Type.ToWatName()}:{value.Bits:x}",
    };
}
