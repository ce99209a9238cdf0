using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Trie;

namespace Contracts.State.World;

/// <summary>
/// A writable view of the world state on top of one committed root: accounts, content-addressed code, 32-byte
/// storage slots (Ethereum's encoding, so storage roots and proofs match Ethereum's) and byte-string storage
/// (a separate, ordered key space). Writes go to an overlay that reads see at once; nested checkpoints revert
/// exactly the writes made since they were taken; <see cref="ComputeRoot"/> gives the root of the pending
/// changes without storing anything; <see cref="Commit()"/> stores them (with the caller's own records, in one
/// atomic batch) and returns the new root, on which the view then continues.
/// </summary>
/// <remarks>
/// A view reads only its base root and its own overlay: never the store's head, never another view's writes.
/// Committing never moves the store's head (the chain names its head with <see cref="IStateStore.SetHead"/> or
/// <see cref="IStateRecordWriter.SetHead"/>), so views on older roots (a block built on its parent, a replay, a
/// gas estimate) can commit without disturbing anyone. A view is used by one thread at a time; any number of
/// views may share a store.
/// </remarks>
public sealed class WorldState
{
    private readonly IStateStore _store;
    private readonly TrieCommitter _committer = new();
    private readonly Dictionary<Address, Account?> _baseAccounts = [];
    private readonly Dictionary<Address, Account> _accounts = [];
    private readonly SlotOverlay _slots = new();
    private readonly Dictionary<Address, PatriciaTrie> _slotTries = [];
    private readonly Dictionary<Address, PatriciaTrie> _bytesTries = [];
    private readonly HashSet<BytesKey> _touchedBytes = [];

    // Accounts whose storage (slots and byte strings) was cleared in this view: their committed storage no longer counts.
    private readonly HashSet<Address> _storageCleared = [];
    private readonly Dictionary<Hash256, byte[]> _newCode = [];
    private readonly List<JournalEntry> _journal = [];
    private readonly List<int> _checkpoints = [];
    private readonly List<Address> _slotOwners = [];
    private readonly Dictionary<Address, int> _slotOwnerIndex = [];
    private PatriciaTrie _accountTrie;
    private Hash256 _root;

    // What the last ComputeRoot produced, kept until the next write: its root and every node it hashed.
    private TrieNodeBuffer? _computedNodes;
    private Hash256? _computedRoot;
    private bool _broken;

    // Chunks (256 KiB each) a view keeps for its next ComputeRoot; a bigger computation allocates the rest anew.
    private const int RetainedComputedChunks = 16;

    private WorldState(IStateStore store, Hash256 root)
    {
        _store = store;
        _root = root;
        _accountTrie = new PatriciaTrie(root, store);
    }

    /// <summary>A view on the store's head.</summary>
    public static WorldState OpenHead(IStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return OpenAt(store, store.Head);
    }

    /// <summary>A writable view on any committed root; throws <see cref="StateStoreErrorKind.UnknownRoot"/> for one never committed.</summary>
    public static WorldState OpenAt(IStateStore store, Hash256 root)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.ContainsRoot(root))
        {
            throw StateStoreErrors.UnknownRoot(root);
        }

        return new WorldState(store, root);
    }

    /// <summary>The committed root this view reads from: where it was opened, or its last commit.</summary>
    public Hash256 Root => _root;

    /// <summary>Open checkpoints, innermost last; also the id of the innermost one (0: none).</summary>
    public int CheckpointDepth => _checkpoints.Count;

    /// <summary>
    /// The root <see cref="ComputeRoot"/> returned, while nothing was written since: a <see cref="Commit()"/> now
    /// writes the nodes that computation hashed without hashing anything again. Null otherwise.
    /// </summary>
    public Hash256? ComputedRoot => _computedRoot;

    /// <summary>Whether anything was written since the view opened or last committed.</summary>
    public bool HasPendingChanges => _accounts.Count > 0 || _slots.Count > 0 || _touchedBytes.Count > 0 || _newCode.Count > 0 || _storageCleared.Count > 0;

    // ---- accounts and code ----

    public Account? GetAccount(Address address)
    {
        CheckUsable();
        return _accounts.TryGetValue(address, out var account) ? account : BaseAccount(address);
    }

    public bool Exists(Address address) => GetAccount(address) is not null;

    public UInt256 GetBalance(Address address) => GetAccount(address)?.Balance ?? UInt256.Zero;

    public ulong GetNonce(Address address) => GetAccount(address)?.Nonce ?? 0;

    public Hash256 GetCodeHash(Address address) => GetAccount(address)?.CodeHash ?? Hash256.EmptyCode;

    public byte[]? GetCode(Address address)
    {
        var codeHash = GetCodeHash(address);
        return codeHash == Hash256.EmptyCode ? null : GetCodeByHash(codeHash);
    }

    public byte[]? GetCodeByHash(Hash256 codeHash)
    {
        CheckUsable();
        if (_newCode.TryGetValue(codeHash, out var code))
        {
            return code;
        }

        return _store.TryGetCode(codeHash, out var stored) ? stored.ToArray() : null;
    }

    public void SetBalance(Address address, UInt256 balance) => UpdateAccount(address, balance, static (a, b) => a with { Balance = b });

    public void SetNonce(Address address, ulong nonce) => UpdateAccount(address, nonce, static (a, n) => a with { Nonce = n });

    /// <summary>Creates the account if needed (all fields empty); an existing one is left as it is.</summary>
    public void CreateAccount(Address address) => Touch(address);

    /// <summary>Stores the code content-addressed and points the account at it.</summary>
    public void SetCode(Address address, ReadOnlySpan<byte> code)
    {
        CheckUsable();
        var hash = Keccak256.Compute(code);
        if (!code.IsEmpty && !_newCode.ContainsKey(hash) && !_store.TryGetCode(hash, out _))
        {
            _newCode[hash] = code.ToArray();
            Record(new JournalEntry { Kind = JournalKind.Code, Address = address, CodeHash = hash });
        }

        UpdateAccount(address, hash, static (a, h) => a with { CodeHash = h });
    }

    // ---- 32-byte slots ----

    /// <summary>The value of a 32-byte storage slot (zero when never set).</summary>
    public UInt256 GetSlot(Address address, in UInt256 slot)
    {
        CheckUsable();
        if (_slots.TryGetValue(address, slot, out var written))
        {
            return written;
        }

        if (!_slotTries.TryGetValue(address, out var trie) && BaseAccount(address) is null)
        {
            return UInt256.Zero;
        }

        trie ??= SlotTrie(address);
        var stored = trie.Get(SlotPath(slot));
        return stored is null ? UInt256.Zero : StorageEncoding.DecodeSlotValue(stored);
    }

    /// <summary>Sets a 32-byte slot; zero deletes it. Creates the account when it does not exist.</summary>
    public void SetSlot(Address address, in UInt256 slot, in UInt256 value)
    {
        CheckUsable();
        Touch(address);
        ForgetComputedRoot();
        ref var write = ref _slots.GetValueRefOrAdd(address, slot, out var existed);
        if (_checkpoints.Count > 0)
        {
            _journal.Add(new JournalEntry { Kind = JournalKind.Slot, Address = address, HadEntry = existed, Slot = slot, PreviousSlot = write });
        }

        write = value;
    }

    /// <summary>
    /// Empties the account's storage, its 32-byte slots and its byte strings, keeping the account itself (balance,
    /// nonce, code): what a self-destruct-like reset or a redeploy at an address needs. The account's storage root
    /// (and byte-string root) become the empty root, as an Ethereum client computes for an account without
    /// storage; writes after the clear start from empty storage; a checkpoint taken before it reverts it. Nothing
    /// is deleted from the store: every older root still reads the old storage (an archive). Costs O(1) for the
    /// committed storage (the account simply stops pointing at its old tries) plus O(this view's pending slot
    /// writes), whose entries for the account are zeroed. An account that does not exist is left as it is.
    /// </summary>
    public void ClearStorage(Address address)
    {
        CheckUsable();
        if (GetAccount(address) is null)
        {
            return;
        }

        ForgetComputedRoot();
        var wasCleared = !_storageCleared.Add(address);
        _bytesTries.TryGetValue(address, out var bytesTrie);
        Record(new JournalEntry { Kind = JournalKind.StorageCleared, Address = address, HadEntry = wasCleared, PreviousBytesTrie = bytesTrie });
        for (var index = 0; index < _slots.Count; index++)
        {
            ref var write = ref _slots[index];
            if (write.Address != address || write.Value.IsZero)
            {
                continue;
            }

            if (_checkpoints.Count > 0)
            {
                _journal.Add(new JournalEntry { Kind = JournalKind.Slot, Address = address, HadEntry = true, Slot = write.Slot, PreviousSlot = write.Value });
            }

            write.Value = UInt256.Zero;
        }

        _slotTries.Remove(address);
        _bytesTries[address] = new PatriciaTrie(Hash256.EmptyTrieRoot, _store);
        UpdateAccount(address, 0, static (a, _) => a with { StorageRoot = Hash256.EmptyTrieRoot, BytesRoot = Hash256.EmptyTrieRoot });
    }

    // ---- byte-string storage ----

    /// <summary>
    /// Reads a byte-string entry without copying; the memory stays valid and unchanged until the next write to
    /// that key. A stored empty value is present (true, empty), distinct from an absent key (false).
    /// </summary>
    public bool TryGetBytes(Address address, ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        CheckUsable();
        CheckBytesKey(key);
        var stored = ExistingBytesTrie(address)?.Get(NibblePath.FromKey(key.ToArray()));
        value = stored is null ? default : StorageEncoding.DecodeBytes(stored);
        return stored is not null;
    }

    /// <summary>A copy of a byte-string entry, or null when absent.</summary>
    public byte[]? GetBytes(Address address, ReadOnlySpan<byte> key) =>
        TryGetBytes(address, key, out var value) ? value.ToArray() : null;

    /// <summary>Sets a byte-string entry (an empty value is stored, not a deletion). Creates the account when needed.</summary>
    public void SetBytes(Address address, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        CheckUsable();
        CheckBytesKey(key);
        WriteBytes(address, key.ToArray(), StorageEncoding.EncodeBytes(value));
    }

    /// <summary>Removes a byte-string entry; returns whether it was present.</summary>
    public bool RemoveBytes(Address address, ReadOnlySpan<byte> key)
    {
        CheckUsable();
        CheckBytesKey(key);
        if (!TryGetBytes(address, key, out _))
        {
            return false;
        }

        WriteBytes(address, key.ToArray(), null);
        return true;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> byte-string entries of the account whose key starts with
    /// <paramref name="prefix"/>, from <paramref name="startAt"/> on (inclusive), in byte order of the keys,
    /// pending writes included. Page by passing the last key returned plus a zero byte as the next start.
    /// Costs O(depth + results) trie node visits at any root.
    /// </summary>
    public IReadOnlyList<BytesEntry> ReadBytesRange(Address address, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit)
    {
        CheckUsable();
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var raw = new List<KeyValuePair<byte[], byte[]>>();
        ExistingBytesTrie(address)?.ReadRange(prefix, startAt, limit, raw);
        var result = new List<BytesEntry>(raw.Count);
        foreach (var (key, stored) in raw)
        {
            result.Add(new BytesEntry(key, StorageEncoding.DecodeBytes(stored).ToArray()));
        }

        return result;
    }

    // ---- checkpoints ----

    /// <summary>
    /// Opens a checkpoint (a call frame starts); returns its id, which is its depth (1 for the outermost), for
    /// <see cref="Revert"/>, <see cref="Release"/> and <see cref="ChangesSince"/>. The execution layer can key its
    /// own per-frame journal (logs, refunds) by the same id.
    /// </summary>
    public int Checkpoint()
    {
        CheckUsable();
        _checkpoints.Add(_journal.Count);
        return _checkpoints.Count;
    }

    /// <summary>Undoes every write made since checkpoint <paramref name="checkpoint"/>, closing it and any opened after it.</summary>
    public void Revert(int checkpoint)
    {
        CheckCheckpoint(checkpoint);
        var mark = _checkpoints[checkpoint - 1];
        for (var i = _journal.Count - 1; i >= mark; i--)
        {
            Undo(_journal[i]);
        }

        _journal.RemoveRange(mark, _journal.Count - mark);
        _checkpoints.RemoveRange(checkpoint - 1, _checkpoints.Count - checkpoint + 1);
    }

    /// <summary>Closes the innermost checkpoint keeping its writes (the frame succeeded); they now belong to the enclosing one.</summary>
    public void Release(int checkpoint)
    {
        CheckCheckpoint(checkpoint);
        if (checkpoint != _checkpoints.Count)
        {
            throw new InvalidOperationException($"Checkpoint {checkpoint} is not the innermost ({_checkpoints.Count}); release inner ones first.");
        }

        _checkpoints.RemoveAt(checkpoint - 1);
        if (_checkpoints.Count == 0)
        {
            _journal.Clear();
        }
    }

    // ---- change sets ----

    /// <summary>Everything written since checkpoint <paramref name="checkpoint"/> (still open) was taken, with current values.</summary>
    public StateChanges ChangesSince(int checkpoint)
    {
        CheckCheckpoint(checkpoint);
        var accounts = new SortedSet<Address>();
        var slots = new SortedSet<SlotKey>();
        var bytes = new SortedSet<BytesKey>();
        var cleared = new SortedSet<Address>();
        for (var i = _checkpoints[checkpoint - 1]; i < _journal.Count; i++)
        {
            var entry = _journal[i];
            switch (entry.Kind)
            {
                case JournalKind.Account: accounts.Add(entry.Address); break;
                case JournalKind.Slot: slots.Add(new SlotKey(entry.Address, entry.Slot)); break;
                case JournalKind.Bytes: bytes.Add(new BytesKey(entry.Address, entry.BytesKey!)); break;
                case JournalKind.StorageCleared: cleared.Add(entry.Address); break;
            }
        }

        return DescribeChanges(accounts, slots, bytes, cleared);
    }

    /// <summary>Everything written since the view opened or last committed, with current values.</summary>
    public StateChanges PendingChanges()
    {
        CheckUsable();
        return DescribeChanges(new SortedSet<Address>(_accounts.Keys), PendingSlotKeys(), new SortedSet<BytesKey>(_touchedBytes), new SortedSet<Address>(_storageCleared));
    }

    // ---- roots and commits ----

    /// <summary>
    /// The state root the pending changes lead to, without storing anything (a block being built). Needs no
    /// open checkpoint. The view keeps the root and the encodings of every node it hashed until the next write:
    /// a <see cref="Commit()"/> before any write only stores those (no hashing, no node reads), and calling this
    /// again returns the kept root. After a write, the commit (or the next call) merges all pending writes again.
    /// </summary>
    public Hash256 ComputeRoot()
    {
        CheckUsable();
        CheckNoCheckpoint("compute a root");
        if (_computedRoot is { } known)
        {
            return known;
        }

        try
        {
            _computedNodes ??= new TrieNodeBuffer();
            _computedNodes.Clear(RetainedComputedChunks);
            var root = Fold(_computedNodes, stores: false);
            _computedRoot = root;
            return root;
        }
        catch
        {
            _broken = true;
            throw;
        }
    }

    /// <summary>Stores the pending changes in one atomic write and returns the new root; the store's head does not move.</summary>
    public Hash256 Commit() => Commit(addRecords: null);

    /// <summary>
    /// Stores the pending changes and returns the new root. <paramref name="addRecords"/> is called with that
    /// root before anything is written: what it puts (blocks, receipts, indexes, the head) lands in the same
    /// atomic, synced batch as the state's nodes and code. The view then continues on the new root.
    /// </summary>
    public Hash256 Commit(Action<Hash256, IStateRecordWriter>? addRecords)
    {
        CheckUsable();
        CheckNoCheckpoint("commit");
        Hash256 root;
        try
        {
            using var batch = _store.BeginCommit();
            foreach (var (hash, code) in _newCode)
            {
                batch.PutCode(hash, code);
            }

            if (_computedRoot is { } computed)
            {
                _computedNodes!.ReplayTo(batch);
                root = computed;
            }
            else
            {
                root = Fold(batch, stores: true);
            }

            addRecords?.Invoke(root, batch);
            batch.Complete();
        }
        catch
        {
            // The tries now believe nodes are stored that are not; only reopening gives a consistent view again.
            _broken = true;
            throw;
        }

        _root = root;
        _baseAccounts.Clear();
        _accounts.Clear();
        _slots.Clear();
        _slotTries.Clear();
        _bytesTries.Clear();
        _touchedBytes.Clear();
        _storageCleared.Clear();
        _newCode.Clear();
        ForgetComputedRoot();
        _computedNodes?.Clear(RetainedComputedChunks);
        _accountTrie = new PatriciaTrie(root, _store);
        return root;
    }

    /// <summary>
    /// Merges the slot writes into the storage tries, hashes the byte-string tries, then the account trie; every
    /// new node goes to <paramref name="sink"/>. Trie nodes count as stored afterwards only when <paramref name="stores"/>.
    /// </summary>
    private Hash256 Fold(ITrieNodeSink sink, bool stores)
    {
        UpdateStorageRoots(sink);
        var pending = new List<(PatriciaTrie Trie, int Index)>();
        foreach (var trie in _bytesTries.Values)
        {
            if (trie.CommitTo(_committer) is { } index) pending.Add((trie, index));
        }

        if (pending.Count > 0)
        {
            _committer.Run(sink, stores);
            foreach (var (trie, index) in pending)
            {
                trie.CompleteCommit(_committer, index);
            }

            _committer.Reset();
        }

        // Every byte-string trie's root, including those emptied by deletes (nothing to hash) and those only
        // read. A trie of an account no longer in the overlay (its creation was reverted) holds its base contents.
        foreach (var (address, trie) in _bytesTries)
        {
            if (_accounts.TryGetValue(address, out var account)) _accounts[address] = account with { BytesRoot = trie.RootHash };
        }

        Span<byte> addressBytes = stackalloc byte[Address.Length];
        foreach (var (address, account) in _accounts)
        {
            address.CopyTo(addressBytes);
            _accountTrie.SetOwned(AccountPath(addressBytes), account.Encode());
        }

        if (_accountTrie.CommitTo(_committer) is { } rootIndex)
        {
            _committer.Run(sink, stores);
            _accountTrie.CompleteCommit(_committer, rootIndex);
            _committer.Reset();
        }

        return _accountTrie.RootHash;
    }

    /// <summary>
    /// Gives every account with slot writes the storage root they lead to, merging all its writes (sorted by
    /// hashed key) into its committed storage trie in one walk; new nodes go to <paramref name="sink"/> when
    /// given. The committed tries are never changed, so a root computed without a sink and more writes after it
    /// simply lead to a later merge of all the writes.
    /// </summary>
    private void UpdateStorageRoots(ITrieNodeSink sink)
    {
        var count = _slots.Count;
        if (count == 0)
        {
            return;
        }

        var updates = ArrayPool<SlotUpdate>.Shared.Rent(count);
        try
        {
            HashSlotKeys(updates);
            updates.AsSpan(0, count).Sort(new SlotUpdateOrder());
            for (var start = 0; start < count;)
            {
                var owner = updates[start].Owner;
                var end = start + 1;
                while (end < count && updates[end].Owner == owner)
                {
                    end++;
                }

                var address = _slotOwners[owner];
                var baseRoot = BaseStorageRoot(address);
                var root = StorageTrieUpdater.Update(_store, baseRoot, new ArraySegment<SlotUpdate>(updates, start, end - start), sink);
                if (_accounts.TryGetValue(address, out var account)) _accounts[address] = account with { StorageRoot = root };
                start = end;
            }
        }
        finally
        {
            _slotOwners.Clear();
            _slotOwnerIndex.Clear();
            ArrayPool<SlotUpdate>.Shared.Return(updates);
        }
    }

    /// <summary>Fills one update per slot write with its trie key (Keccak-256 of the slot), hashing a chunk of slots per multi-lane batch.</summary>
    [SkipLocalsInit]
    private void HashSlotKeys(SlotUpdate[] updates)
    {
        const int Chunk = 64;
        Span<byte> slotBytes = stackalloc byte[Chunk * UInt256.Length];
        Span<int> starts = stackalloc int[Chunk];
        Span<int> lengths = stackalloc int[Chunk];
        Span<Hash256> hashes = stackalloc Hash256[Chunk];
        for (var i = 0; i < Chunk; i++)
        {
            starts[i] = i * UInt256.Length;
            lengths[i] = UInt256.Length;
        }

        var filled = 0;
        var inChunk = 0;
        var lastOwner = -1;
        var lastAddress = default(Address);
        for (var index = 0; index < _slots.Count; index++)
        {
            ref var write = ref _slots[index];
            if (lastOwner < 0 || write.Address != lastAddress)
            {
                ref var owner = ref CollectionsMarshal.GetValueRefOrAddDefault(_slotOwnerIndex, write.Address, out var known);
                if (!known)
                {
                    owner = _slotOwners.Count;
                    _slotOwners.Add(write.Address);
                }

                lastOwner = owner;
                lastAddress = write.Address;
            }

            write.Slot.WriteBigEndian(slotBytes.Slice(inChunk * UInt256.Length, UInt256.Length));
            updates[filled + inChunk] = new SlotUpdate { Value = write.Value, Owner = lastOwner };
            if (++inChunk == Chunk)
            {
                CompleteKeys(updates.AsSpan(filled, Chunk), slotBytes, starts, lengths, hashes);
                filled += Chunk;
                inChunk = 0;
            }
        }

        CompleteKeys(updates.AsSpan(filled, inChunk), slotBytes, starts[..inChunk], lengths[..inChunk], hashes);
    }

    private static void CompleteKeys(Span<SlotUpdate> updates, ReadOnlySpan<byte> slotBytes, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<Hash256> hashes)
    {
        Keccak256.ComputeBatch(slotBytes, starts, lengths, hashes[..updates.Length]);
        for (var i = 0; i < updates.Length; i++)
        {
            updates[i].Key = hashes[i];
        }
    }

    // ---- internals ----

    private Account? BaseAccount(Address address)
    {
        if (_baseAccounts.TryGetValue(address, out var cached))
        {
            return cached;
        }

        Span<byte> bytes = stackalloc byte[Address.Length];
        address.CopyTo(bytes);
        var stored = _accountTrie.Get(AccountPath(bytes));
        var account = stored is null ? (Account?)null : Account.Decode(stored);
        _baseAccounts[address] = account;
        return account;
    }

    /// <summary>The storage root this view's slot writes apply to: the committed one, or empty once cleared.</summary>
    private Hash256 BaseStorageRoot(Address address) =>
        _storageCleared.Contains(address) ? Hash256.EmptyTrieRoot : BaseAccount(address)?.StorageRoot ?? Hash256.EmptyTrieRoot;

    /// <summary>The account's storage trie in this view, from its committed storage root (empty once cleared).</summary>
    private PatriciaTrie SlotTrie(Address address)
    {
        if (!_slotTries.TryGetValue(address, out var trie))
        {
            trie = new PatriciaTrie(BaseStorageRoot(address), _store);
            _slotTries[address] = trie;
        }

        return trie;
    }

    /// <summary>The account's byte-string trie, which is also the overlay of its byte-string writes.</summary>
    private PatriciaTrie BytesTrie(Address address)
    {
        if (!_bytesTries.TryGetValue(address, out var trie))
        {
            var root = _storageCleared.Contains(address) ? Hash256.EmptyTrieRoot : BaseAccount(address)?.BytesRoot ?? Hash256.EmptyTrieRoot;
            trie = new PatriciaTrie(root, _store);
            _bytesTries[address] = trie;
        }

        return trie;
    }

    private PatriciaTrie? ExistingBytesTrie(Address address) =>
        _bytesTries.TryGetValue(address, out var trie) ? trie : BaseAccount(address) is { HasBytesStorage: true } ? BytesTrie(address) : null;

    private void WriteBytes(Address address, byte[] key, byte[]? stored)
    {
        Touch(address);
        ForgetComputedRoot();
        var trie = BytesTrie(address);
        var path = NibblePath.FromKey(key);
        var previous = trie.Get(path);
        var touched = new BytesKey(address, key);
        var wasTouched = !_touchedBytes.Add(touched);
        Record(new JournalEntry { Kind = JournalKind.Bytes, Address = address, HadEntry = wasTouched, BytesKey = key, PreviousBytes = previous });
        if (stored is null) trie.Delete(path);
        else trie.SetOwned(path, stored);
    }

    private void Touch(Address address)
    {
        if (!_accounts.ContainsKey(address))
        {
            UpdateAccount(address, 0, static (a, _) => a);
        }
    }

    private void UpdateAccount<T>(Address address, T argument, Func<Account, T, Account> change)
    {
        CheckUsable();
        var existed = _accounts.TryGetValue(address, out var current);
        if (!existed)
        {
            current = BaseAccount(address) ?? Account.Empty;
        }

        Record(new JournalEntry { Kind = JournalKind.Account, Address = address, HadEntry = existed, PreviousAccount = current });
        ForgetComputedRoot();
        _accounts[address] = change(current, argument);
    }

    /// <summary>A write makes the kept computation stale; its nodes are dropped at the next computation or commit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ForgetComputedRoot() => _computedRoot = null;

    private void Record(in JournalEntry entry)
    {
        if (_checkpoints.Count > 0)
        {
            _journal.Add(entry);
        }
    }

    private void Undo(in JournalEntry entry)
    {
        ForgetComputedRoot();
        switch (entry.Kind)
        {
            case JournalKind.Account:
                if (entry.HadEntry) _accounts[entry.Address] = entry.PreviousAccount;
                else _accounts.Remove(entry.Address);
                break;
            case JournalKind.Slot:
                if (entry.HadEntry) _slots.GetValueRefOrAdd(entry.Address, entry.Slot, out _) = entry.PreviousSlot;
                else _slots.RemoveNewest(entry.Address, entry.Slot);
                break;
            case JournalKind.Bytes:
                var trie = BytesTrie(entry.Address);
                var path = NibblePath.FromKey(entry.BytesKey!);
                if (entry.PreviousBytes is null) trie.Delete(path);
                else trie.SetOwned(path, entry.PreviousBytes);
                if (!entry.HadEntry) _touchedBytes.Remove(new BytesKey(entry.Address, entry.BytesKey!));
                break;
            case JournalKind.Code:
                _newCode.Remove(entry.CodeHash);
                break;
            case JournalKind.StorageCleared:
                if (!entry.HadEntry) _storageCleared.Remove(entry.Address);
                _slotTries.Remove(entry.Address);
                if (entry.PreviousBytesTrie is null) _bytesTries.Remove(entry.Address);
                else _bytesTries[entry.Address] = entry.PreviousBytesTrie;
                break;
        }
    }

    private SortedSet<SlotKey> PendingSlotKeys()
    {
        var keys = new SortedSet<SlotKey>();
        for (var index = 0; index < _slots.Count; index++)
        {
            keys.Add(new SlotKey(_slots[index].Address, _slots[index].Slot));
        }

        return keys;
    }

    private StateChanges DescribeChanges(SortedSet<Address> accounts, SortedSet<SlotKey> slots, SortedSet<BytesKey> bytes, SortedSet<Address> cleared)
    {
        var accountChanges = new List<AccountChange>(accounts.Count);
        foreach (var address in accounts)
        {
            var account = GetAccount(address) ?? Account.Empty;
            accountChanges.Add(new AccountChange(address, account.Nonce, account.Balance, account.CodeHash));
        }

        var slotChanges = new List<SlotChange>(slots.Count);
        foreach (var key in slots)
        {
            slotChanges.Add(new SlotChange(key.Address, key.Slot, GetSlot(key.Address, key.Slot)));
        }

        var bytesChanges = new List<BytesChange>(bytes.Count);
        foreach (var key in bytes)
        {
            bytesChanges.Add(new BytesChange(key.Address, key.Key, GetBytes(key.Address, key.Key)));
        }

        return new StateChanges(accountChanges, slotChanges, bytesChanges) { StorageCleared = [.. cleared] };
    }

    internal static NibblePath AccountPath(ReadOnlySpan<byte> address) => NibblePath.FromKey(Keccak256.Compute(address).ToArray());

    internal static NibblePath SlotPath(in UInt256 slot)
    {
        Span<byte> bytes = stackalloc byte[UInt256.Length];
        slot.WriteBigEndian(bytes);
        return NibblePath.FromKey(Keccak256.Compute(bytes).ToArray());
    }

    private static void CheckBytesKey(ReadOnlySpan<byte> key)
    {
        if (key.Length > PatriciaTrie.MaxKeyLength)
        {
            throw new ArgumentException($"Byte-string storage keys are at most {PatriciaTrie.MaxKeyLength} bytes, got {key.Length}.", nameof(key));
        }
    }

    private void CheckNoCheckpoint(string action)
    {
        if (_checkpoints.Count > 0)
        {
            throw new InvalidOperationException($"Cannot {action} with {_checkpoints.Count} checkpoint(s) open.");
        }
    }

    private void CheckCheckpoint(int checkpoint)
    {
        CheckUsable();
        if (checkpoint < 1 || checkpoint > _checkpoints.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(checkpoint), $"No open checkpoint {checkpoint} (depth {_checkpoints.Count}).");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckUsable()
    {
        if (_broken)
        {
            throw new InvalidOperationException("A commit failed part-way; open a new view from the store.");
        }
    }
}
