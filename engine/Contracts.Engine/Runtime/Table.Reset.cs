using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

public sealed partial class Table
{
    /// <summary>Sets the table back to <paramref name="elements"/> (its size and contents; see <see cref="Instance.Reset"/>).</summary>
    internal void ResetTo(ulong[] elements)
    {
        if (Elements.Length > Math.Max(elements.Length * 2, 16)) Elements = new ulong[elements.Length];
        else Elements.AsSpan(elements.Length).Clear();
        elements.CopyTo(Elements, 0);
        Count = (uint)elements.Length;
        Type = Type with { Limits = new Limits(Count, Type.Limits.Max) };
    }
}
