using Contracts.State.Primitives;

namespace Contracts.State.Storage;

/// <summary>The last committed state: its root and how many commits led to it.</summary>
public readonly record struct StateHead(Hash256 Root, long Sequence)
{
    public static StateHead Genesis { get; } = new(Hash256.EmptyTrieRoot, 0);
}
