using Contracts.State.Primitives;

namespace Contracts.Execution.Results;

/// <summary>
/// An Ethereum log (event): the emitting contract, up to <see cref="MaxTopics"/> 32-byte topics and opaque data.
/// Equal when every field is equal (data compared byte by byte).
/// </summary>
public sealed record Log
{
    public const int MaxTopics = 4;

    public Log(Address address, IReadOnlyList<Hash256> topics, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count > MaxTopics) throw new ArgumentException($"a log has at most {MaxTopics} topics, not {topics.Count}", nameof(topics));
        Address = address;
        Topics = topics;
        Data = data;
    }

    public Address Address { get; }

    public IReadOnlyList<Hash256> Topics { get; }

    public ReadOnlyMemory<byte> Data { get; }

    public bool Equals(Log? other) =>
        other is not null && Address == other.Address && Topics.SequenceEqual(other.Topics) && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Address, Topics.Count, Data.Length);
}
