using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Runtime;

/// <summary>
/// A table of references. Elements are stored in the interpreter's slot encoding: 0 is null; a funcref is its
/// function's store handle + 1; an externref is the embedder's handle + 1.
/// </summary>
public sealed partial class Table : Extern
{
    internal ulong[] Elements;
    internal uint Count;

    public Table(TableType type, uint maxElementsAllowed = uint.MaxValue, ulong initialBits = 0)
    {
        Type = type;
        MaxElements = type.Limits.Max is { } max ? Math.Min(max, maxElementsAllowed) : maxElementsAllowed;
        if (type.Limits.Min > MaxElements)
            throw new ArgumentException($"table minimum of {type.Limits.Min} elements exceeds the limit of {MaxElements}");
        Count = type.Limits.Min;
        Elements = new ulong[Count];
        if (initialBits != 0) Elements.AsSpan().Fill(initialBits);
    }

    public override ExternalKind Kind => ExternalKind.Table;

    public TableType Type { get; private set; }
    public ValueType ElementType => Type.ElementType;
    public uint MaxElements { get; }
    public uint Size => Count;

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="initBits"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, ulong initBits)
    {
        uint old = Count;
        ulong newCount = (ulong)old + delta;
        if (newCount > MaxElements || newCount > int.MaxValue / 2) return -1;
        if (newCount > (ulong)Elements.Length)
        {
            ulong capacity = Math.Max(newCount, Math.Min((ulong)Elements.Length * 2, MaxElements));
            var grown = new ulong[capacity];
            Elements.AsSpan(0, (int)old).CopyTo(grown);
            Elements = grown;
        }
        Elements.AsSpan((int)old, (int)delta).Fill(initBits);
        Count = (uint)newCount;
        Type = Type with { Limits = new Limits(Count, Type.Limits.Max) };
        return (int)old;
    }
}
