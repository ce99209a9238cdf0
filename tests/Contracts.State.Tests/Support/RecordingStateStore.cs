using Contracts.State.Primitives;
using Contracts.State.Storage;

namespace Contracts.State.Tests.Support;

/// <summary>A store in front of another that counts node reads and keeps a copy of every node a commit writes.</summary>
internal sealed class RecordingStateStore(IStateStore inner) : IStateStore
{
    /// <summary>Every node written through a completed batch, by hash.</summary>
    public Dictionary<Hash256, byte[]> WrittenNodes { get; } = [];

    /// <summary>How many nodes were read since <see cref="ResetCounts"/>.</summary>
    public int NodeReads { get; private set; }

    public void ResetCounts()
    {
        NodeReads = 0;
        WrittenNodes.Clear();
    }

    public Hash256 Head => inner.Head;

    public void SetHead(in Hash256 root) => inner.SetHead(root);

    public bool ContainsRoot(in Hash256 root) => inner.ContainsRoot(root);

    public bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
    {
        NodeReads++;
        return inner.TryGetNode(hash, out encoding);
    }

    public bool BatchesReads => inner.BatchesReads;

    public void GetNodes(ReadOnlySpan<Hash256> hashes, Span<ReadOnlyMemory<byte>> encodings)
    {
        NodeReads += hashes.Length;
        inner.GetNodes(hashes, encodings);
    }

    public bool TryGetCode(in Hash256 codeHash, out ReadOnlyMemory<byte> code) => inner.TryGetCode(codeHash, out code);

    public bool TryGetRecord(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value) => inner.TryGetRecord(key, out value);

    public IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadRecords(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit) =>
        inner.ReadRecords(prefix, startAt, limit);

    public bool TryGetArtifact(in ArtifactKey key, out ReadOnlyMemory<byte> artifact) => inner.TryGetArtifact(key, out artifact);

    public void PutArtifact(in ArtifactKey key, ReadOnlySpan<byte> artifact) => inner.PutArtifact(key, artifact);

    public IStateCommitBatch BeginCommit() => new Batch(this, inner.BeginCommit());

    public Task WhenDurable() => inner.WhenDurable();

    public void Flush() => inner.Flush();

    public void Dispose() => inner.Dispose();

    private sealed class Batch(RecordingStateStore owner, IStateCommitBatch inner) : IStateCommitBatch
    {
        private readonly Dictionary<Hash256, byte[]> _nodes = [];

        public void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding)
        {
            _nodes[hash] = encoding.ToArray();
            inner.PutNode(hash, encoding);
        }

        public void PutCode(in Hash256 codeHash, ReadOnlySpan<byte> code) => inner.PutCode(codeHash, code);

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => inner.Put(key, value);

        public void Delete(ReadOnlySpan<byte> key) => inner.Delete(key);

        public void SetHead(in Hash256 root) => inner.SetHead(root);

        public void Complete()
        {
            inner.Complete();
            foreach (var (hash, encoding) in _nodes) owner.WrittenNodes[hash] = encoding;
        }

        public void Dispose() => inner.Dispose();
    }
}
