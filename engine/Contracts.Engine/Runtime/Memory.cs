using System.Runtime.CompilerServices;
using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>
/// A linear memory. The backing array grows by doubling (capped at the maximum) so a loop of one-page grows costs
/// amortised O(size); bytes past <see cref="ByteLength"/> are always zero because nothing can write there. The
/// memory also knows a range that holds every byte written since its last reset (see Memory.Writes.cs), so a pooled
/// instance's reset clears only that.
/// </summary>
public sealed partial class Memory : Extern
{
    public const int PageSize = 65536;
    /// <summary>The largest memory a .NET array can back (Array.MaxLength is just under 2 GiB).</summary>
    public const uint ImplementationMaxPages = 32767;

    private byte[] _bytes;
    internal ulong Length;

    public Memory(MemoryType type, uint maxPagesAllowed = ImplementationMaxPages)
    {
        Type = type;
        uint cap = Math.Min(maxPagesAllowed, ImplementationMaxPages);
        MaxPages = type.Limits.Max is { } max ? Math.Min(max, cap) : cap;
        if (type.Limits.Min > MaxPages)
            throw new ArgumentException($"memory minimum of {type.Limits.Min} pages exceeds the limit of {MaxPages} pages");
        Length = (ulong)type.Limits.Min * PageSize;
        _bytes = Length == 0 ? [] : new byte[Length];
    }

    public override ExternalKind Kind => ExternalKind.Memory;

    public MemoryType Type { get; private set; }
    /// <summary>The effective maximum: the smaller of the declared maximum and the embedder's limit.</summary>
    public uint MaxPages { get; }
    public uint Pages => (uint)(Length / PageSize);
    public int ByteLength => (int)Length;

    /// <summary>
    /// The memory's current contents, writable. Invalidated by <see cref="Grow"/>. Counts the whole memory as written
    /// (the next reset clears all of it): to read, prefer <see cref="Read"/> or <see cref="ReadBytes"/>.
    /// </summary>
    public Span<byte> Span => Buffer.AsSpan(0, (int)Length);

    /// <summary>Grows by <paramref name="deltaPages"/>; returns the old size in pages, or -1 (memory unchanged).</summary>
    public int Grow(uint deltaPages)
    {
        uint old = Pages;
        ulong newPages = (ulong)old + deltaPages;
        if (newPages > MaxPages || newPages > GrowCeiling) return -1;
        ulong newLength = newPages * PageSize;
        if (newLength > (ulong)_bytes.Length)
        {
            ulong capacity = Math.Max(newLength, Math.Min((ulong)_bytes.Length * 2, (ulong)MaxPages * PageSize));
            var grown = new byte[capacity];
            _bytes.AsSpan(0, (int)Length).CopyTo(grown);
            _bytes = grown;
        }
        Length = newLength;
        Type = new MemoryType(new Limits((uint)newPages, Type.Limits.Max));
        return (int)old;
    }

    /// <summary>
    /// Bounds-checked writable view of <paramref name="length"/> bytes at <paramref name="address"/> (counted as
    /// written).
    /// </summary>
    public bool TryGetSpan(ulong address, ulong length, out Span<byte> span)
    {
        if (address + length > Length || address + length < address)
        {
            span = default;
            return false;
        }
        NoteWrite(address, length);
        span = _bytes.AsSpan((int)address, (int)length);
        return true;
    }

    /// <summary>Bounds-checked read-only view of <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    internal bool TryGetReadOnlySpan(ulong address, ulong length, out ReadOnlySpan<byte> span)
    {
        if (address + length > Length || address + length < address)
        {
            span = default;
            return false;
        }
        span = _bytes.AsSpan((int)address, (int)length);
        return true;
    }
}
