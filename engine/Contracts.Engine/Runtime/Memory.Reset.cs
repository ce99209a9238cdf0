using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

public sealed partial class Memory
{
    /// <summary>
    /// Zeroes the memory and sets it back to <paramref name="pages"/> pages (see <see cref="Instance.Reset"/>). A
    /// backing array that grew past twice what it needs is replaced, so a pooled instance does not keep a grown
    /// memory's size alive.
    /// </summary>
    internal void ResetTo(uint pages)
    {
        ulong length = (ulong)pages * PageSize;
        if ((ulong)Buffer.Length > Math.Max(length * 2, PageSize))
        {
            Buffer = length == 0 ? [] : new byte[length];
        }
        else
        {
            // Bytes past Length are already zero (nothing can write there), so only the used part is cleared.
            Buffer.AsSpan(0, (int)Length).Clear();
        }
        Length = length;
        Type = new MemoryType(new Limits(pages, Type.Limits.Max));
    }
}
