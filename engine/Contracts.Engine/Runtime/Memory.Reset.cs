using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

public sealed partial class Memory
{
    /// <summary>
    /// Sets the memory back to <paramref name="pages"/> pages holding zeros and <paramref name="chunks"/> (the reset
    /// image, see <see cref="Instance.Reset"/>). Only the bytes written since the last reset can differ from the
    /// image (Memory.Writes.cs), so only those are cleared and only the chunks they overlap copied again. A backing
    /// array that grew past twice what it needs is replaced, so a pooled instance does not keep a grown memory's size
    /// alive.
    /// </summary>
    internal void ResetTo(uint pages, ReadOnlySpan<(uint Offset, ReadOnlyMemory<byte> Bytes)> chunks)
    {
        ulong length = (ulong)pages * PageSize;
        ulong low = 0, high = ulong.MaxValue;
        if ((ulong)_bytes.Length > Math.Max(length * 2, PageSize))
        {
            _bytes = length == 0 ? [] : new byte[length];
        }
        else
        {
            // Bytes past Length are zero (nothing can write there) and so are grown pages until written.
            low = WrittenLow;
            high = Math.Min(WrittenHigh, Length);
            if (low < high) _bytes.AsSpan((int)low, (int)(high - low)).Clear();
        }
        Length = length;
        Type = new MemoryType(new Limits(pages, Type.Limits.Max));
        foreach (var (offset, bytes) in chunks)
        {
            if (offset < high && offset + (ulong)bytes.Length > low) bytes.Span.CopyTo(_bytes.AsSpan((int)offset));
        }
        WrittenLow = ulong.MaxValue;
        WrittenHigh = 0;
    }
}
