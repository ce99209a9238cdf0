using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>Reading and writing a global as a <see cref="Value"/>.</summary>
public sealed partial class Global
{
    /// <summary>
    /// The store this global lives in: set when an instance creates it, when it is created through
    /// <see cref="Create"/>, or when a host-made global is first linked. Reference values are only meaningful there.
    /// </summary>
    internal Store? OwnerStore;

    /// <summary>Creates a global in <paramref name="store"/> holding <paramref name="value"/>, e.g. for <see cref="Linker.Define"/>.</summary>
    public static Global Create(Store store, GlobalType type, Value value)
    {
        ArgumentNullException.ThrowIfNull(store);
        CheckType(type, value);
        return new Global(type, store.ToSlot(value)) { OwnerStore = store, HighBits = value.HighBits };
    }

    public Value Get()
    {
        if (Type.ValueType == Model.ValueType.FuncRef && Bits != 0)
        {
            var store = OwnerStore ?? throw new InvalidOperationException("the global holds a funcref but belongs to no store");
            return store.FromSlot(Type.ValueType, Bits);
        }
        if (Type.ValueType == Model.ValueType.V128) return Value.V128(Bits, HighBits);
        // 32-bit values keep only their low half, whatever the interpreter left in the upper one.
        return new Value(Type.ValueType, Type.ValueType is Model.ValueType.I32 or Model.ValueType.F32 ? (uint)Bits : Bits);
    }

    /// <summary>Sets a mutable global. Throws <see cref="InvalidOperationException"/> for an immutable one and
    /// <see cref="ArgumentException"/> for a value of another type or a funcref of another store.</summary>
    public void Set(Value value)
    {
        if (!Type.Mutable) throw new InvalidOperationException($"the global is immutable ({Type.ValueType.ToWatName()})");
        CheckType(Type, value);
        if (value.Reference is { } function)
        {
            OwnerStore ??= function.Store;
            Bits = OwnerStore.ToSlot(value);
        }
        else
        {
            Bits = value.Bits;
            HighBits = value.HighBits;
        }
    }

    private static void CheckType(GlobalType type, in Value value)
    {
        if (value.Type != type.ValueType)
            throw new ArgumentException($"the global holds {type.ValueType.ToWatName()}, got a value of type {value.Type.ToWatName()}", nameof(value));
    }

    public override string ToString() => $"global {(Type.Mutable ? "mut" : "const")} {Type.ValueType.ToWatName()}";
}
