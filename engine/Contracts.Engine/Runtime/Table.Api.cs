using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>Reading, writing and growing a table with <see cref="Value"/>s.</summary>
public sealed partial class Table
{
    /// <summary>
    /// The store this table lives in: set when an instance creates it, when it is created through
    /// <see cref="Create"/>, or when a host-made table is first linked. Its funcrefs are handles of that store.
    /// </summary>
    internal Store? OwnerStore;

    /// <summary>
    /// Creates a table in <paramref name="store"/>, every element set to <paramref name="initial"/>, bounded by the
    /// engine's <see cref="EngineConfig.MaxTableElements"/>. Throws <see cref="ArgumentException"/> when the minimum
    /// exceeds that bound.
    /// </summary>
    public static Table Create(Store store, TableType type, Value initial)
    {
        ArgumentNullException.ThrowIfNull(store);
        CheckElementType(type.ElementType, initial);
        return new Table(type, store.Engine.Config.MaxTableElements, store.ToSlot(initial)) { OwnerStore = store };
    }

    /// <summary>The element at <paramref name="index"/>; throws <see cref="ArgumentOutOfRangeException"/> past the end.</summary>
    public Value Get(uint index)
    {
        if (index >= Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is past the table's size {Count}");
        ulong bits = Elements[index];
        if (ElementType == Model.ValueType.FuncRef && bits != 0)
        {
            var store = OwnerStore ?? throw new InvalidOperationException("the table holds a funcref but belongs to no store");
            return store.FromSlot(ElementType, bits);
        }
        return new Value(ElementType, bits);
    }

    /// <summary>Sets the element at <paramref name="index"/>.</summary>
    public void Set(uint index, Value value)
    {
        if (index >= Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is past the table's size {Count}");
        Elements[index] = ToElementBits(value);
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="initial"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, Value initial) => Grow(delta, ToElementBits(initial));

    private ulong ToElementBits(in Value value)
    {
        CheckElementType(ElementType, value);
        if (value.Reference is not { } function) return value.Bits;
        OwnerStore ??= function.Store;
        return OwnerStore.ToSlot(value);
    }

    private static void CheckElementType(Model.ValueType elementType, in Value value)
    {
        if (value.Type != elementType)
            throw new ArgumentException($"the table holds {elementType.ToWatName()}, got a value of type {value.Type.ToWatName()}", nameof(value));
    }

    public override string ToString() => $"table {ElementType.ToWatName()} {new Limits(Count, Type.Limits.Max)}";
}
