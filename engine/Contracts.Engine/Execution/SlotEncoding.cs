using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Execution;

/// <summary>
/// Converts between API <see cref="Value"/>s and the interpreter's 64-bit slots: numbers as raw bits (i32 and f32
/// zero-extended), funcref as store handle + 1, externref as embedder handle + 1, 0 for null references.
/// </summary>
internal static class SlotEncoding
{
    public static Value ToValue(Store store, ValueType type, ulong bits) => type switch
    {
        ValueType.FuncRef => Value.FuncRef(store.DecodeFuncRef(bits)),
        ValueType.I32 or ValueType.F32 => new Value(type, (uint)bits),
        _ => new Value(type, bits),
    };

    /// <summary>Encodes <paramref name="value"/>; false when it does not belong in <paramref name="store"/>.</summary>
    public static bool TryFromValue(Store store, Value value, out ulong bits)
    {
        if (value.Type == ValueType.FuncRef)
        {
            bits = Store.EncodeFuncRef(value.Reference);
            return value.Reference is null || ReferenceEquals(value.Reference.Store, store);
        }
        bits = value.Type is ValueType.I32 or ValueType.F32 ? (uint)value.Bits : value.Bits;
        return true;
    }
}
