using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.State.Trie;

/// <summary>
/// Applies a sorted batch of slot changes to a committed storage trie (32-byte keys) in one merge walk: the
/// stored nodes on the changed paths are read as spans of their encodings, new nodes are encoded straight into
/// a reused arena and hashed there, and nothing else is built: no node objects, no per-node arrays. The result
/// is the root <see cref="PatriciaTrie"/> would compute after the same writes, bit for bit.
/// </summary>
/// <remarks>
/// A branch's changed children are encoded next to each other and hashed in one multi-lane Keccak batch; a large
/// batch splits at the root and the 16 subtrees are merged on all cores, each worker with its own arena and its
/// own sink when the sink offers one per worker (the in-memory store), else its own list of finished nodes, which
/// the calling thread hands to the sink afterwards (sinks are single-threaded, and a shared lock made the workers
/// wait for each other). Every key has 64 nibbles, so a key is never a prefix of another: branches carry no values, leaves end at nibble 64,
/// and a node's path is a range of nibbles of any key below it, which is how short nodes are held here.
/// </remarks>
[SkipLocalsInit]
internal sealed class StorageTrieUpdater
{
    private const int KeyNibbles = 2 * Hash256.Length;
    private const int ParallelThreshold = 4096;
    private const int ReadAheadThreshold = 64;
    private const int HashReferenceLength = 1 + Hash256.Length;
    private const int MaxBranchLength = 3 + 16 * HashReferenceLength + 1;
    private const int InitialArenaBytes = 64 * 1024;
    private const int PooledWorkers = 8;

    // Beyond this, a worker's pending-node chunks are dropped when it goes back to the pool.
    private const int RetainedPendingChunks = 64;

    private static readonly Stack<StorageTrieUpdater> Pool = new();

    private readonly int _lanes = Keccak256.PreferredLanes;
    private byte[] _arena = new byte[InitialArenaBytes];
    private int _top;
    private ITrieNodeSource _source = null!;
    private readonly TrieNodeBuffer _pending = new();
    private ITrieNodeSink? _sink;
    private bool _buffersNodes;

    private StorageTrieUpdater()
    {
    }

    /// <summary>
    /// The root of the trie committed under <paramref name="root"/> after <paramref name="updates"/> (sorted by
    /// key, each key once, all of one trie); every new node goes to <paramref name="sink"/> when given, the root
    /// last. Stored nodes are read from <paramref name="source"/>.
    /// </summary>
    public static Hash256 Update(ITrieNodeSource source, in Hash256 root, ArraySegment<SlotUpdate> updates, ITrieNodeSink? sink)
    {
        if (updates.Count == 0)
        {
            return root;
        }

        if (source.BatchesReads && updates.Count >= ReadAheadThreshold && root != Hash256.EmptyTrieRoot)
        {
            ReadAhead(source, root, updates);
        }

        var main = Rent(source, sink, buffersNodes: false);
        try
        {
            var existing = root == Hash256.EmptyTrieRoot ? default : new Existing { Kind = ExistingKind.Hash, Hash = root };
            Sub result;
            if (updates.Count >= ParallelThreshold && Environment.ProcessorCount > 1 &&
                main.LoadIfReference(existing, 0, updates[0].Key) is { Kind: ExistingKind.Empty or ExistingKind.Branch } top)
            {
                result = main.MergeRootInParallel(top, updates, source, sink);
            }
            else
            {
                result = main.Merge(existing, 0, updates.AsSpan());
            }

            return main.RootHash(result);
        }
        finally
        {
            Return(main);
        }
    }

    private static StorageTrieUpdater Rent(ITrieNodeSource source, ITrieNodeSink? sink, bool buffersNodes)
    {
        StorageTrieUpdater? worker;
        lock (Pool)
        {
            Pool.TryPop(out worker);
        }

        worker ??= new StorageTrieUpdater();
        worker._source = source;
        worker._sink = sink;
        worker._buffersNodes = buffersNodes && sink is not null;
        worker._top = 0;
        return worker;
    }

    private static void Return(StorageTrieUpdater worker)
    {
        worker._source = null!;
        worker._sink = null;
        worker._pending.Clear(RetainedPendingChunks);
        lock (Pool)
        {
            if (Pool.Count < PooledWorkers) Pool.Push(worker);
        }
    }

    // ---- reading ahead ----

    /// <summary>
    /// Reads every stored node the merge of <paramref name="updates"/> will descend into, level by level, each
    /// level in one batched read, so that the walk finds them in the source's cache instead of reading them one
    /// at a time. Only paths the updates follow are read; a node that is missing or malformed is left for the walk
    /// to report.
    /// </summary>
    private static void ReadAhead(ITrieNodeSource source, in Hash256 root, ArraySegment<SlotUpdate> updates)
    {
        var level = new List<PendingRead> { new() { Hash = root, Depth = 0, Start = 0, End = updates.Count } };
        var next = new List<PendingRead>();
        var hashes = ArrayPool<Hash256>.Shared.Rent(updates.Count);
        var encodings = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(updates.Count);
        var span = updates.AsSpan();
        try
        {
            while (level.Count > 0)
            {
                for (var i = 0; i < level.Count; i++)
                {
                    hashes[i] = level[i].Hash;
                }

                source.GetNodes(hashes.AsSpan(0, level.Count), encodings.AsSpan(0, level.Count));
                next.Clear();
                for (var i = 0; i < level.Count; i++)
                {
                    if (!encodings[i].IsEmpty)
                    {
                        try
                        {
                            AddChildReads(encodings[i], level[i], span, next);
                        }
                        catch (Exception e) when (e is RlpException or InvalidTrieNodeException)
                        {
                            // The walk reads this node again and reports it where it meets it.
                        }
                    }
                }

                (level, next) = (next, level);
            }
        }
        finally
        {
            ArrayPool<Hash256>.Shared.Return(hashes);
            ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(encodings, clearArray: true);
        }
    }

    /// <summary>The stored children of a node that the walk will descend into with <paramref name="read"/>'s updates.</summary>
    private static void AddChildReads(ReadOnlyMemory<byte> encoding, in PendingRead read, ReadOnlySpan<SlotUpdate> all, List<PendingRead> next)
    {
        var updates = all[read.Start..read.End];
        var node = Parse(encoding, read.Depth, updates[0].Key);
        if (node.Kind == ExistingKind.Extension)
        {
            var length = node.End - read.Depth;
            if (CommonNibbles(node.Key, updates[0].Key, read.Depth, node.End) == length &&
                CommonNibbles(node.Key, updates[^1].Key, read.Depth, node.End) == length &&
                ChildOf(node) is { Kind: ExistingKind.Hash } child)
            {
                next.Add(new PendingRead { Hash = child.Hash, Depth = node.End, Start = read.Start, End = read.End });
            }

            return;
        }

        if (node.Kind != ExistingKind.Branch)
        {
            return;
        }

        Unsafe.SkipInit(out ChildReferences children);
        ReadBranchChildren(encoding, ref children);
        var index = 0;
        for (var nibble = 0; nibble < 16 && index < updates.Length; nibble++)
        {
            var end = index;
            while (end < updates.Length && Nibble(updates[end].Key, read.Depth) == nibble)
            {
                end++;
            }

            if (end > index && FromReference(children[nibble], knownBranch: false) is { Kind: ExistingKind.Hash } child)
            {
                next.Add(new PendingRead { Hash = child.Hash, Depth = read.Depth + 1, Start = read.Start + index, End = read.Start + end });
            }

            index = end;
        }
    }

    // ---- the merge walk ----

    /// <summary>The subtree at <paramref name="depth"/> after <paramref name="updates"/> (not empty, sharing the first <paramref name="depth"/> nibbles).</summary>
    private Sub Merge(in Existing existing, int depth, ReadOnlySpan<SlotUpdate> updates)
    {
        var node = LoadIfReference(existing, depth, updates[0].Key);
        switch (node.Kind)
        {
            case ExistingKind.Empty:
                return Build(depth, updates, hasLeaf: false, default);
            case ExistingKind.Leaf:
                // An update of the leaf's own key replaces it (or deletes it).
                return Build(depth, updates, hasLeaf: IndexOf(updates, node.Key) < 0, node);
            case ExistingKind.Extension:
                return MergeExtension(node, depth, updates);
            default:
                return Branch(depth, updates, node.Bytes, -1, default);
        }
    }

    /// <summary>The subtree holding the live (non-zero) updates and, when <paramref name="hasLeaf"/>, one stored leaf.</summary>
    private Sub Build(int depth, ReadOnlySpan<SlotUpdate> updates, bool hasLeaf, in Existing leaf)
    {
        var entries = hasLeaf ? 1 : 0;
        var lastLive = -1;
        for (var i = 0; i < updates.Length && entries < 2; i++)
        {
            if (!updates[i].Value.IsZero)
            {
                entries++;
                lastLive = i;
            }
        }

        if (entries == 0)
        {
            return default;
        }

        if (entries == 1)
        {
            return hasLeaf ? FromExisting(leaf, depth) : new Sub
            {
                Kind = SubKind.Leaf, Key = updates[lastLive].Key, Start = depth, End = KeyNibbles,
                HasSlotValue = true, SlotValue = updates[lastLive].Value,
            };
        }

        if (!hasLeaf)
        {
            return Branch(depth, updates, default, -1, default);
        }

        var below = leaf;
        below.Start = depth + 1;
        return Branch(depth, updates, default, Nibble(leaf.Key, depth), below);
    }

    private Sub MergeExtension(in Existing extension, int depth, ReadOnlySpan<SlotUpdate> updates)
    {
        // Sorted keys: the nibbles every update shares with the path are those the first and the last share.
        var shared = Math.Min(
            CommonNibbles(extension.Key, updates[0].Key, depth, extension.End),
            CommonNibbles(extension.Key, updates[^1].Key, depth, extension.End));
        if (depth + shared == extension.End)
        {
            var below = Merge(ChildOf(extension), extension.End, updates);
            return Lift(below, depth, extension.Key);
        }

        // The updates leave the path at nibble depth + shared: a branch there, the rest of the path below it.
        var splitAt = depth + shared;
        var rest = extension;
        if (splitAt + 1 < extension.End)
        {
            rest.Start = splitAt + 1;
        }
        else
        {
            rest = ChildOf(extension);
        }

        var branch = Branch(splitAt, updates, default, Nibble(extension.Key, splitAt), rest);
        return Lift(branch, depth, extension.Key);
    }

    /// <summary>
    /// A branch at <paramref name="depth"/>: the stored one (<paramref name="stored"/>) or a new one holding
    /// <paramref name="extra"/> under <paramref name="extraNibble"/>, with the updates merged into its children.
    /// </summary>
    private Sub Branch(int depth, ReadOnlySpan<SlotUpdate> updates, ReadOnlyMemory<byte> stored, int extraNibble, in Existing extra)
    {
        var frameStart = _top;
        Unsafe.SkipInit(out ChildReferences children);
        if (!stored.IsEmpty)
        {
            ReadBranchChildren(stored, ref children);
        }

        // Every child is assigned below before anything reads it.
        Unsafe.SkipInit(out Subs subs);
        var index = 0;
        for (var nibble = 0; nibble < 16; nibble++)
        {
            var end = index;
            while (end < updates.Length && Nibble(updates[end].Key, depth) == nibble)
            {
                end++;
            }

            var child = !stored.IsEmpty ? FromReference(children[nibble], knownBranch: false)
                : nibble == extraNibble ? extra : default;
            subs[nibble] = end > index ? Merge(child, depth + 1, updates[index..end]) : FromExisting(child, depth + 1);
            index = end;
        }

        return Finish(depth, ref subs, updates[0].Key, frameStart);
    }

    /// <summary>The root's 16 subtrees merged on all cores; each worker hashes and stores its subtree's nodes.</summary>
    private Sub MergeRootInParallel(in Existing top, ArraySegment<SlotUpdate> updates, ITrieNodeSource source, ITrieNodeSink? sink)
    {
        var run = new ParallelRun { Updates = updates, Depth0Key = updates[0].Key };
        Unsafe.SkipInit(out ChildReferences children);
        if (top.Kind == ExistingKind.Branch)
        {
            ReadBranchChildren(top.Bytes, ref children);
        }

        var index = 0;
        for (var nibble = 0; nibble < 16; nibble++)
        {
            var end = index;
            while (end < updates.Count && Nibble(updates[end].Key, 0) == nibble)
            {
                end++;
            }

            run.GroupStarts[nibble] = index;
            run.GroupEnds[nibble] = end;
            run.Children[nibble] = top.Kind == ExistingKind.Branch ? FromReference(children[nibble], knownBranch: false) : default;
            index = end;
        }

        try
        {
            Parallel.For(
                0, 16, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => sink?.CreateWorkerSink() is { } own ? Rent(source, own, buffersNodes: false) : Rent(source, sink, buffersNodes: true),
                (nibble, _, worker) =>
                {
                    worker.MergeRootChild(run, nibble);
                    return worker;
                },
                worker =>
                {
                    lock (run.Workers)
                    {
                        run.Workers.Add(worker);
                    }
                });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            foreach (var worker in run.Workers) Return(worker);
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        foreach (var worker in run.Workers)
        {
            if (worker._buffersNodes) worker._pending.ReplayTo(sink!);
            Return(worker);
        }

        // Every child is assigned below before anything reads it.
        Unsafe.SkipInit(out Subs subs);
        for (var nibble = 0; nibble < 16; nibble++)
        {
            subs[nibble] = run.Results[nibble];
        }

        return Finish(0, ref subs, run.Depth0Key, _top);
    }

    private void MergeRootChild(ParallelRun run, int nibble)
    {
        var start = run.GroupStarts[nibble];
        var end = run.GroupEnds[nibble];
        var child = run.Children[nibble];
        if (end == start)
        {
            run.Results[nibble] = FromExisting(child, 1);
            return;
        }

        var sub = Merge(child, 1, run.Updates.AsSpan(start, end - start));
        if (sub.Kind == SubKind.Encoded)
        {
            // The arena is this worker's: finish the node here, the root's branch only needs its reference.
            sub = new Sub { Kind = SubKind.Reference, Start = 1, Child = Seal(sub), KnownBranch = true };
        }

        run.Results[nibble] = sub;
    }

    /// <summary>Turns the children of a branch at <paramref name="depth"/> into that branch, or into what it collapses to.</summary>
    private Sub Finish(int depth, ref Subs subs, in Hash256 anyKey, int frameStart)
    {
        var count = 0;
        var survivor = -1;
        for (var nibble = 0; nibble < 16; nibble++)
        {
            if (subs[nibble].Kind != SubKind.Empty)
            {
                count++;
                survivor = nibble;
            }
        }

        if (count == 0)
        {
            _top = frameStart;
            return default;
        }

        if (count == 1)
        {
            // Not a branch any more: the only child moves up, taking this nibble into its path.
            var key = WithNibble(anyKey, depth, survivor);
            var only = subs[survivor];
            if (only is { Kind: SubKind.Reference, KnownBranch: false })
            {
                var loaded = LoadIfReference(
                    FromReference(only.Child, knownBranch: false), depth + 1, key);
                only = loaded.Kind == ExistingKind.Branch
                    ? only with { KnownBranch = true }
                    : FromExisting(loaded, depth + 1);
            }

            return Lift(only, depth, key);
        }

        // Encode the new short children after the encoded branches already in the frame, hash them all at once.
        Span<int> starts = stackalloc int[16];
        Span<int> lengths = stackalloc int[16];
        Span<int> owners = stackalloc int[16];
        Span<Hash256> hashes = stackalloc Hash256[16];
        var jobs = 0;
        for (var nibble = 0; nibble < 16; nibble++)
        {
            ref var sub = ref subs[nibble];
            int start, length;
            switch (sub.Kind)
            {
                case SubKind.Leaf:
                case SubKind.Extension:
                    start = _top;
                    length = EncodeShort(sub);
                    break;
                case SubKind.Encoded:
                    start = sub.EncodedStart;
                    length = sub.EncodedLength;
                    break;
                default:
                    continue;
            }

            if (length < Hash256.Length)
            {
                // Embedded in this branch (only in tries of crafted keys); copied out of the arena, which is reused.
                sub = new Sub { Kind = SubKind.Reference, Start = depth + 1, Child = new NodeReference { Inline = _arena.AsSpan(start, length).ToArray() } };
                continue;
            }

            starts[jobs] = start;
            lengths[jobs] = length;
            owners[jobs] = nibble;
            jobs++;
        }

        Keccak256.ComputeBatch(_arena, starts[..jobs], lengths[..jobs], hashes[..jobs], _lanes);
        for (var j = 0; j < jobs; j++)
        {
            Store(hashes[j], _arena.AsSpan(starts[j], lengths[j]));
        }

        for (var j = 0; j < jobs; j++)
        {
            subs[owners[j]] = new Sub { Kind = SubKind.Reference, Start = depth + 1, Child = new NodeReference { Hash = hashes[j] } };
        }

        Span<byte> encoding = stackalloc byte[MaxBranchLength];
        var payload = 1;
        for (var nibble = 0; nibble < 16; nibble++)
        {
            payload += subs[nibble].Kind == SubKind.Empty ? 1 : subs[nibble].Child.Length;
        }

        var writer = new RlpWriter(encoding);
        writer.WriteListHeader(payload);
        for (var nibble = 0; nibble < 16; nibble++)
        {
            if (subs[nibble].Kind == SubKind.Empty) writer.WriteEmptyString();
            else WriteReference(ref writer, subs[nibble].Child);
        }

        writer.WriteEmptyString();
        _top = frameStart;
        EnsureArena(frameStart + writer.Position);
        encoding[..writer.Position].CopyTo(_arena.AsSpan(frameStart));
        _top = frameStart + writer.Position;
        return new Sub { Kind = SubKind.Encoded, Key = anyKey, Start = depth, EncodedStart = frameStart, EncodedLength = writer.Position };
    }

    /// <summary>The same subtree hung at <paramref name="depth"/>: short nodes take the nibbles into their path, branches get an extension.</summary>
    private Sub Lift(in Sub sub, int depth, in Hash256 key)
    {
        switch (sub.Kind)
        {
            case SubKind.Empty:
                return sub;
            case SubKind.Leaf:
            case SubKind.Extension:
                return sub with { Start = depth };
            case SubKind.Encoded when sub.Start == depth:
                return sub;
            case SubKind.Encoded:
                return new Sub { Kind = SubKind.Extension, Key = key, Start = depth, End = sub.Start, Child = Seal(sub) };
            default:
                return new Sub { Kind = SubKind.Extension, Key = key, Start = depth, End = sub.Start, Child = sub.Child };
        }
    }

    /// <summary>Hashes and stores a branch encoded at the top of the arena, frees its space and returns its reference.</summary>
    private NodeReference Seal(in Sub encoded)
    {
        var encoding = _arena.AsSpan(encoded.EncodedStart, encoded.EncodedLength);
        _top = encoded.EncodedStart;
        if (encoding.Length < Hash256.Length)
        {
            return new NodeReference { Inline = encoding.ToArray() };
        }

        var hash = Keccak256.Compute(encoding);
        Store(hash, encoding);
        return new NodeReference { Hash = hash };
    }

    /// <summary>The root: its node is hashed and stored whatever its length.</summary>
    private Hash256 RootHash(in Sub sub)
    {
        int start, length;
        switch (sub.Kind)
        {
            case SubKind.Empty:
                return Hash256.EmptyTrieRoot;
            case SubKind.Encoded:
                start = sub.EncodedStart;
                length = sub.EncodedLength;
                break;
            default:
                start = _top;
                length = EncodeShort(sub);
                break;
        }

        var encoding = _arena.AsSpan(start, length);
        var hash = Keccak256.Compute(encoding);
        Store(hash, encoding);
        _top = 0;
        return hash;
    }

    private void Store(in Hash256 hash, ReadOnlySpan<byte> encoding)
    {
        if (_buffersNodes)
        {
            _pending.PutNode(hash, encoding);
        }
        else
        {
            _sink?.PutNode(hash, encoding);
        }
    }

    // ---- encodings ----

    /// <summary>Encodes a leaf or extension at the top of the arena; returns its length.</summary>
    [SkipLocalsInit]
    private int EncodeShort(in Sub sub)
    {
        var isLeaf = sub.Kind == SubKind.Leaf;
        Span<byte> path = stackalloc byte[1 + Hash256.Length];
        var pathLength = WriteHexPrefix(sub.Key, sub.Start, sub.End, isLeaf, path);
        var pathItem = pathLength == 1 ? 1 : 1 + pathLength;

        Span<byte> slotValue = stackalloc byte[1 + UInt256.Length];
        scoped ReadOnlySpan<byte> value = default;
        int secondItem;
        if (isLeaf)
        {
            value = sub.HasSlotValue ? slotValue[..EncodeSlotValue(sub.SlotValue, slotValue)] : sub.StoredValue.Span;
            secondItem = RlpWriter.LengthOfString(value);
        }
        else
        {
            secondItem = sub.Child.Length;
        }

        var length = RlpWriter.LengthOfList(pathItem + secondItem);
        EnsureArena(_top + length);
        var writer = new RlpWriter(_arena.AsSpan(_top, length));
        writer.WriteListHeader(pathItem + secondItem);
        writer.WriteString(path[..pathLength]);
        if (isLeaf) writer.WriteString(value);
        else WriteReference(ref writer, sub.Child);
        _top += length;
        return length;
    }

    /// <summary>Writes a slot value as stored in its leaf (RLP of the big-endian bytes without leading zeros); returns its length.</summary>
    private static int EncodeSlotValue(in UInt256 value, Span<byte> destination)
    {
        Span<byte> minimal = stackalloc byte[UInt256.Length];
        var length = value.WriteMinimalBigEndian(minimal);
        var writer = new RlpWriter(destination);
        writer.WriteString(minimal[..length]);
        return writer.Position;
    }

    private static void WriteReference(ref RlpWriter writer, in NodeReference reference)
    {
        if (reference.IsInline)
        {
            writer.WriteRaw(reference.Inline.Span);
            return;
        }

        Span<byte> hash = stackalloc byte[Hash256.Length];
        reference.Hash.CopyTo(hash);
        writer.WriteString(hash);
    }

    /// <summary>Hex-prefix encoding of nibbles [start, end) of <paramref name="key"/>; returns its length.</summary>
    private static int WriteHexPrefix(in Hash256 key, int start, int end, bool isLeaf, Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Length];
        key.CopyTo(bytes);
        var count = end - start;
        var odd = (count & 1) == 1;
        var flag = (isLeaf ? 2 : 0) + (odd ? 1 : 0);
        var nibble = start;
        destination[0] = (byte)(flag << 4);
        if (odd)
        {
            destination[0] |= (byte)NibbleOf(bytes, nibble++);
        }

        var length = 1;
        for (; nibble < end; nibble += 2)
        {
            destination[length++] = (byte)((NibbleOf(bytes, nibble) << 4) | NibbleOf(bytes, nibble + 1));
        }

        return length;
    }

    private void EnsureArena(int needed)
    {
        if (needed > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(needed, 2 * _arena.Length));
        }
    }

    // ---- stored nodes ----

    /// <summary>Reads the node a hash or inline reference names; other forms are returned as they are.</summary>
    private Existing LoadIfReference(in Existing existing, int depth, in Hash256 prefixKey)
    {
        ReadOnlyMemory<byte> encoding;
        if (existing.Kind == ExistingKind.Hash)
        {
            if (!_source.TryGetNode(existing.Hash, out encoding))
            {
                throw new MissingTrieNodeException(existing.Hash);
            }
        }
        else if (existing.Kind == ExistingKind.Inline)
        {
            encoding = existing.Bytes;
        }
        else
        {
            return existing;
        }

        try
        {
            return Parse(encoding, depth, prefixKey);
        }
        catch (RlpException e)
        {
            throw new InvalidTrieNodeException($"Storage trie node is not valid RLP: {e.Message}");
        }
    }

    /// <summary>A stored node at <paramref name="depth"/> whose first nibbles are those of <paramref name="prefixKey"/>.</summary>
    private static Existing Parse(ReadOnlyMemory<byte> encoding, int depth, in Hash256 prefixKey)
    {
        var outer = new RlpReader(encoding.Span);
        var items = outer.ReadList();
        outer.RequireEnd();
        var first = items.ReadRawItem();
        var secondOffset = items.Offset;
        var second = items.ReadRawItem();
        if (!items.AtEnd)
        {
            var count = 2;
            var value = default(ReadOnlySpan<byte>);
            while (!items.AtEnd)
            {
                value = items.ReadRawItem();
                count++;
            }

            if (count != 17 || value is not [0x80])
            {
                throw new InvalidTrieNodeException($"Storage trie node of {count} items is not a branch without a value.");
            }

            return new Existing { Kind = ExistingKind.Branch, Bytes = encoding };
        }

        var path = new RlpReader(first).ReadString();
        if (path.Length == 0 || (path[0] >> 4) > 3 || ((path[0] & 0x10) == 0 && (path[0] & 0x0f) != 0))
        {
            throw new InvalidTrieNodeException("Storage trie node has an invalid hex-prefix path.");
        }

        var odd = (path[0] & 0x10) != 0;
        var isLeaf = (path[0] & 0x20) != 0;
        var nibbles = 2 * path.Length - (odd ? 1 : 2);
        if (depth + nibbles > KeyNibbles || (isLeaf && depth + nibbles != KeyNibbles) || (!isLeaf && (nibbles == 0 || depth + nibbles == KeyNibbles)))
        {
            throw new InvalidTrieNodeException($"Storage trie node at nibble {depth} has a path of {nibbles} nibbles, which does not fit 32-byte keys.");
        }

        Span<byte> key = stackalloc byte[Hash256.Length];
        prefixKey.CopyTo(key);
        var pathNibble = odd ? 1 : 2;
        for (var i = 0; i < nibbles; i++, pathNibble++)
        {
            SetNibble(key, depth + i, NibbleOf(path, pathNibble));
        }

        if (isLeaf)
        {
            var stored = new RlpReader(second).ReadString();
            if (stored.Length == 0)
            {
                throw new InvalidTrieNodeException("Storage trie leaf has an empty value.");
            }

            return new Existing
            {
                Kind = ExistingKind.Leaf, Key = new Hash256(key), Start = depth, End = KeyNibbles,
                Bytes = encoding.Slice(secondOffset + second.Length - stored.Length, stored.Length),
            };
        }

        return new Existing
        {
            Kind = ExistingKind.Extension, Key = new Hash256(key), Start = depth, End = depth + nibbles,
            Bytes = encoding.Slice(secondOffset, second.Length),
        };
    }

    private static void ReadBranchChildren(ReadOnlyMemory<byte> encoding, ref ChildReferences children)
    {
        try
        {
            var outer = new RlpReader(encoding.Span);
            var items = outer.ReadList();
            for (var i = 0; i < 16; i++)
            {
                var offset = items.Offset;
                var raw = items.ReadRawItem();
                children[i] = encoding.Slice(offset, raw.Length);
            }
        }
        catch (RlpException e)
        {
            throw new InvalidTrieNodeException($"Storage trie branch is not valid RLP: {e.Message}");
        }
    }

    /// <summary>What a child reference item of a stored node names: nothing, a node by hash, or an embedded node.</summary>
    private static Existing FromReference(ReadOnlyMemory<byte> raw, bool knownBranch)
    {
        var span = raw.Span;
        if (span is [0x80])
        {
            return default;
        }

        if (span.Length == HashReferenceLength && span[0] == 0x80 + Hash256.Length)
        {
            return new Existing { Kind = ExistingKind.Hash, Hash = new Hash256(span[1..]), KnownBranch = knownBranch };
        }

        if (span.Length > 0 && span[0] >= 0xc0 && span.Length < Hash256.Length)
        {
            return new Existing { Kind = ExistingKind.Inline, Bytes = raw, KnownBranch = knownBranch };
        }

        throw new InvalidTrieNodeException(
            $"Trie child reference of {span.Length} bytes is neither a 32-byte hash nor an inline node under 32 bytes.");
    }

    private static Existing FromReference(in NodeReference reference, bool knownBranch) =>
        reference.IsInline
            ? new Existing { Kind = ExistingKind.Inline, Bytes = reference.Inline, KnownBranch = knownBranch }
            : new Existing { Kind = ExistingKind.Hash, Hash = reference.Hash, KnownBranch = knownBranch };

    /// <summary>An extension's child, always a branch.</summary>
    private static Existing ChildOf(in Existing extension) => FromReference(extension.Bytes, knownBranch: true);

    /// <summary>An untouched stored node as a finished subtree at <paramref name="depth"/>.</summary>
    private static Sub FromExisting(in Existing existing, int depth)
    {
        switch (existing.Kind)
        {
            case ExistingKind.Empty:
                return default;
            case ExistingKind.Leaf:
                return new Sub { Kind = SubKind.Leaf, Key = existing.Key, Start = depth, End = KeyNibbles, StoredValue = existing.Bytes };
            case ExistingKind.Extension:
                return new Sub
                {
                    Kind = SubKind.Extension, Key = existing.Key, Start = depth, End = existing.End,
                    Child = ReferenceOf(FromReference(existing.Bytes, knownBranch: true)),
                };
            case ExistingKind.Hash:
            case ExistingKind.Inline:
                return new Sub { Kind = SubKind.Reference, Start = depth, Child = ReferenceOf(existing), KnownBranch = existing.KnownBranch };
            default:
                throw new InvalidOperationException("A loaded branch is never kept unchanged as a whole.");
        }
    }

    private static NodeReference ReferenceOf(in Existing reference) =>
        reference.Kind == ExistingKind.Hash ? new NodeReference { Hash = reference.Hash } : new NodeReference { Inline = reference.Bytes };

    // ---- keys ----

    private static int IndexOf(ReadOnlySpan<SlotUpdate> updates, in Hash256 key)
    {
        var low = 0;
        var high = updates.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = updates[middle].Key.CompareTo(key);
            if (order == 0) return middle;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Nibble(in Hash256 key, int index)
    {
        var b = key.GetByte(index >> 1);
        return (index & 1) == 0 ? b >> 4 : b & 0x0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NibbleOf(ReadOnlySpan<byte> bytes, int index) =>
        (index & 1) == 0 ? bytes[index >> 1] >> 4 : bytes[index >> 1] & 0x0f;

    private static void SetNibble(Span<byte> bytes, int index, int nibble)
    {
        ref var b = ref bytes[index >> 1];
        b = (index & 1) == 0 ? (byte)((b & 0x0f) | (nibble << 4)) : (byte)((b & 0xf0) | nibble);
    }

    private static Hash256 WithNibble(in Hash256 key, int index, int nibble)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Length];
        key.CopyTo(bytes);
        SetNibble(bytes, index, nibble);
        return new Hash256(bytes);
    }

    private static int CommonNibbles(in Hash256 a, in Hash256 b, int from, int to)
    {
        var i = from;
        while (i < to && Nibble(a, i) == Nibble(b, i))
        {
            i++;
        }

        return i - from;
    }

    // ---- working types ----

    private enum ExistingKind : byte
    {
        Empty,
        Hash,
        Inline,
        Leaf,
        Extension,
        Branch,
    }

    /// <summary>A stored node, or a reference to one, as the walk meets it. Spans point into the store's encodings.</summary>
    private struct Existing
    {
        public ExistingKind Kind;

        /// <summary>Leaf: its whole key. Extension: a key whose nibbles [Start, End) are its path.</summary>
        public Hash256 Key;

        public int Start;
        public int End;

        /// <summary>Hash: the node's hash.</summary>
        public Hash256 Hash;

        /// <summary>Inline: the node's encoding. Leaf: the stored value. Extension: the child's reference item. Branch: the encoding.</summary>
        public ReadOnlyMemory<byte> Bytes;

        /// <summary>Hash or Inline known to name a branch (an extension's child), so collapsing never needs to read it.</summary>
        public bool KnownBranch;
    }

    private enum SubKind : byte
    {
        Empty,
        Leaf,
        Extension,
        Encoded,
        Reference,
    }

    /// <summary>
    /// A finished subtree waiting for its parent. Short nodes stay unencoded, because a collapsing parent may
    /// still lengthen their path; a branch is encoded in the arena; a reference is a node already stored.
    /// </summary>
    private struct Sub
    {
        public SubKind Kind;

        /// <summary>Leaf: its key. Extension: a key carrying its path. Encoded: any key below it.</summary>
        public Hash256 Key;

        /// <summary>The nibble at which the node sits.</summary>
        public int Start;

        /// <summary>Leaf and extension: where the path ends.</summary>
        public int End;

        public bool HasSlotValue;
        public UInt256 SlotValue;
        public ReadOnlyMemory<byte> StoredValue;

        /// <summary>Extension: its child. Reference: the node itself.</summary>
        public NodeReference Child;

        public bool KnownBranch;
        public int EncodedStart;
        public int EncodedLength;
    }

    /// <summary>How a parent names a node: its hash, or its whole encoding when under 32 bytes.</summary>
    private struct NodeReference
    {
        public Hash256 Hash;
        public ReadOnlyMemory<byte> Inline;

        public readonly bool IsInline => !Inline.IsEmpty;

        public readonly int Length => IsInline ? Inline.Length : HashReferenceLength;
    }

    [InlineArray(16)]
    private struct Subs
    {
        private Sub _element;
    }

    [InlineArray(16)]
    private struct ChildReferences
    {
        private ReadOnlyMemory<byte> _element;
    }

    /// <summary>A stored node the walk will reach at <see cref="Depth"/> with updates [Start, End).</summary>
    private struct PendingRead
    {
        public Hash256 Hash;
        public int Depth;
        public int Start;
        public int End;
    }

    /// <summary>What the workers of a parallel root merge share: the groups of updates per first nibble and their results.</summary>
    private sealed class ParallelRun
    {
        public ArraySegment<SlotUpdate> Updates;
        public Hash256 Depth0Key;
        public readonly int[] GroupStarts = new int[16];
        public readonly int[] GroupEnds = new int[16];
        public readonly Existing[] Children = new Existing[16];
        public readonly Sub[] Results = new Sub[16];
        public readonly List<StorageTrieUpdater> Workers = [];
    }
}
