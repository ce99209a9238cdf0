using System.Runtime.InteropServices;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Trie;

namespace Contracts.State.World;

/// <summary>
/// Accounts, code and per-contract storage over an <see cref="IStateStore"/>. Writes go to an in-memory overlay
/// that reads see at once; checkpoints (one per call frame) can revert exactly the writes made since they were
/// taken; <see cref="Commit"/> folds the overlay into the tries, hashes the changed nodes and writes tries,
/// flat indexes and code in one atomic store commit.
/// </summary>
/// <remarks>
/// Opened at the store's head, reads are served from the store's flat indexes (one lookup, no trie walk).
/// Opened at an older root, the state is read-only and reads walk the tries of that root.
/// </remarks>
public sealed class WorldState
{
    private const int AddressLength = Address.Length;

    private readonly IStateStore _store;
    private readonly bool _isHead;
    private readonly Dictionary<Address, Account> _accounts = [];
    private readonly Dictionary<byte[], byte[]?> _storage = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], byte[]?>.AlternateLookup<ReadOnlySpan<byte>> _storageBySpan;
    private readonly Dictionary<Hash256, byte[]> _newCode = [];
    private readonly List<JournalEntry> _journal = [];
    private readonly List<int> _checkpoints = [];
    private readonly Dictionary<Address, PatriciaTrie> _historicStorageTries = [];
    private readonly TrieCommitter _committer = new();
    private PatriciaTrie _accountTrie;
    private StateHead _base;
    private bool _broken;

    private WorldState(IStateStore store, StateHead @base, bool isHead)
    {
        _store = store;
        _base = @base;
        _isHead = isHead;
        _accountTrie = new PatriciaTrie(@base.Root, store);
        _storageBySpan = _storage.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The writable state at the store's head.</summary>
    public static WorldState OpenHead(IStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new WorldState(store, store.Head, isHead: true);
    }

    /// <summary>The state at any committed root: writable at the head, read-only (walking tries) otherwise.</summary>
    public static WorldState OpenAt(IStateStore store, Hash256 root)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (root == store.Head.Root)
        {
            return OpenHead(store);
        }

        if (!store.ContainsRoot(root))
        {
            throw new StateStoreException(StateStoreErrorKind.UnknownRoot, $"State root {root} was never committed to this store.");
        }

        return new WorldState(store, new StateHead(root, -1), isHead: false);
    }

    /// <summary>The root of the last commit (or of the state this was opened at).</summary>
    public Hash256 Root => _base.Root;

    public bool IsReadOnly => !_isHead;

    /// <summary>Open checkpoints, innermost last.</summary>
    public int CheckpointDepth => _checkpoints.Count;

    public Account? GetAccount(Address address)
    {
        CheckUsable();
        return _accounts.TryGetValue(address, out var account) ? account : LoadAccount(address);
    }

    public UInt256 GetBalance(Address address) => GetAccount(address)?.Balance ?? UInt256.Zero;

    public ulong GetNonce(Address address) => GetAccount(address)?.Nonce ?? 0;

    public byte[]? GetCode(Address address)
    {
        if (GetAccount(address) is not { } account || account.CodeHash == Hash256.EmptyCode)
        {
            return null;
        }

        return GetCodeByHash(account.CodeHash);
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

    /// <summary>The value under <paramref name="key"/> in the contract's storage, or null when absent.</summary>
    public byte[]? GetStorage(Address address, ReadOnlySpan<byte> key) =>
        TryGetStorage(address, key, out var value) ? value.ToArray() : null;

    /// <summary>Reads without copying; the memory stays valid and unchanged until the next write or commit.</summary>
    public bool TryGetStorage(Address address, ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        CheckUsable();
        var flatKeyLength = AddressLength + key.Length;
        var flatKey = flatKeyLength <= 256 ? stackalloc byte[flatKeyLength] : new byte[flatKeyLength];
        address.CopyTo(flatKey);
        key.CopyTo(flatKey[AddressLength..]);
        if (_storageBySpan.TryGetValue(flatKey, out var pending))
        {
            value = pending;
            return pending is not null;
        }

        if (_isHead)
        {
            return _store.TryGetStorage(flatKey, out value);
        }

        var stored = HistoricStorageTrie(address)?.Get(NibblePath.FromKey(Keccak256.Compute(key).ToArray()));
        value = stored;
        return stored is not null;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> entries of the contract's storage whose key starts with
    /// <paramref name="prefix"/>, from <paramref name="startAt"/> on (inclusive), in byte order of the raw keys,
    /// uncommitted writes included. Page by passing the last key returned plus a zero byte as the next start.
    /// </summary>
    public IReadOnlyList<StorageEntry> ReadStorageRange(Address address, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit)
    {
        CheckUsable();
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (!_isHead)
        {
            throw new InvalidOperationException("Ordered storage iteration reads the flat index, which exists for the head state only.");
        }

        var flatPrefix = FlatKey(address, prefix);
        var flatStart = FlatKey(address, startAt);
        var pending = new List<KeyValuePair<byte[], byte[]?>>();
        foreach (var entry in _storage)
        {
            if (entry.Key.AsSpan().StartsWith(flatPrefix) && entry.Key.AsSpan().SequenceCompareTo(flatStart) >= 0)
            {
                pending.Add(entry);
            }
        }

        pending.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        var result = new List<StorageEntry>(Math.Min(limit, 256));
        using var stored = _store.IterateStorage(flatPrefix, flatStart).GetEnumerator();
        var hasStored = stored.MoveNext();
        var p = 0;
        while (result.Count < limit && (hasStored || p < pending.Count))
        {
            var order = !hasStored ? 1 : p >= pending.Count ? -1 : stored.Current.Key.AsSpan().SequenceCompareTo(pending[p].Key);
            if (order < 0)
            {
                result.Add(new StorageEntry(stored.Current.Key[AddressLength..], stored.Current.Value));
                hasStored = stored.MoveNext();
                continue;
            }

            // The overlay wins over the store for the same key; a null there is a deletion.
            if (pending[p].Value is { } value)
            {
                result.Add(new StorageEntry(pending[p].Key[AddressLength..], value));
            }

            if (order == 0)
            {
                hasStored = stored.MoveNext();
            }

            p++;
        }

        return result;
    }

    public void SetBalance(Address address, UInt256 balance) => UpdateAccount(address, a => a with { Balance = balance });

    public void SetNonce(Address address, ulong nonce) => UpdateAccount(address, a => a with { Nonce = nonce });

    /// <summary>Creates the account if needed (all fields empty); an existing one is left as it is.</summary>
    public void CreateAccount(Address address) => UpdateAccount(address, a => a);

    /// <summary>Stores the code content-addressed and points the account at it.</summary>
    public void SetCode(Address address, ReadOnlySpan<byte> code)
    {
        CheckWritable();
        var hash = Keccak256.Compute(code);
        if (!code.IsEmpty && !_newCode.ContainsKey(hash) && !_store.TryGetCode(hash, out _))
        {
            _newCode[hash] = code.ToArray();
            Record(new JournalEntry(JournalKind.Code, address, false, default, null, null, hash));
        }

        UpdateAccount(address, a => a with { CodeHash = hash });
    }

    /// <summary>Sets a storage entry; an empty value deletes it. Creates the account when it does not exist.</summary>
    public void SetStorage(Address address, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        CheckWritable();
        if (!_accounts.ContainsKey(address))
        {
            CreateAccount(address);
        }

        var flatKey = FlatKey(address, key);
        var newValue = value.IsEmpty ? null : value.ToArray();
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_storage, flatKey, out var existed);
        if (_checkpoints.Count > 0)
        {
            _journal.Add(new JournalEntry(JournalKind.Storage, address, existed, default, flatKey, slot, default));
        }

        slot = newValue;
    }

    /// <summary>Opens a checkpoint (a call frame starts); returns its id for <see cref="Revert"/> or <see cref="Release"/>.</summary>
    public int Checkpoint()
    {
        CheckWritable();
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

    /// <summary>
    /// Writes every pending change in one atomic store commit and returns the new state root. Storage tries of
    /// all touched contracts are hashed together, level by level, then the account trie.
    /// </summary>
    public Hash256 Commit()
    {
        CheckWritable();
        if (_checkpoints.Count > 0)
        {
            throw new InvalidOperationException($"Cannot commit with {_checkpoints.Count} checkpoint(s) open.");
        }

        try
        {
            using var batch = _store.BeginCommit();
            var storageTries = ApplyStorage(batch);
            CommitStorageTries(storageTries, batch);
            foreach (var (hash, code) in _newCode)
            {
                batch.PutCode(hash, code);
            }

            ApplyAccounts(batch);
            if (_accountTrie.CommitTo(_committer) is { } index)
            {
                _committer.Run(batch);
                _accountTrie.CompleteCommit(_committer, index);
            }

            _committer.Reset();
            var root = _accountTrie.RootHash;
            batch.Complete(_base, root);
            _base = new StateHead(root, _base.Sequence + 1);
        }
        catch
        {
            // The tries no longer match what the store holds; only reopening gives a consistent state again.
            _broken = true;
            throw;
        }

        _accounts.Clear();
        _storage.Clear();
        _newCode.Clear();
        _accountTrie = new PatriciaTrie(_base.Root, _store);
        return _base.Root;
    }

    private Dictionary<Address, PatriciaTrie> ApplyStorage(IStateCommitBatch batch)
    {
        var tries = new Dictionary<Address, PatriciaTrie>();
        if (_storage.Count == 0)
        {
            return tries;
        }

        // All hashed keys of this commit in one array: the tries' leaves keep slices of it.
        var hashedKeys = new byte[_storage.Count * Hash256.Length];
        Span<Hash256> hashes = stackalloc Hash256[4];
        var group = new KeyValuePair<byte[], byte[]?>[4];
        var filled = 0;
        var index = 0;
        foreach (var entry in _storage)
        {
            group[filled++] = entry;
            if (filled == 4)
            {
                Keccak256.Compute4(group[0].Key.AsSpan(AddressLength), group[1].Key.AsSpan(AddressLength),
                    group[2].Key.AsSpan(AddressLength), group[3].Key.AsSpan(AddressLength), hashes);
                ApplyGroup(group, hashes, filled, hashedKeys, ref index, tries, batch);
                filled = 0;
            }
        }

        for (var i = 0; i < filled; i++)
        {
            hashes[i] = Keccak256.Compute(group[i].Key.AsSpan(AddressLength));
        }

        ApplyGroup(group, hashes, filled, hashedKeys, ref index, tries, batch);
        return tries;
    }

    private void ApplyGroup(
        KeyValuePair<byte[], byte[]?>[] group, ReadOnlySpan<Hash256> hashes, int count, byte[] hashedKeys, ref int index,
        Dictionary<Address, PatriciaTrie> tries, IStateCommitBatch batch)
    {
        for (var i = 0; i < count; i++, index++)
        {
            var (flatKey, value) = group[i];
            var address = new Address(flatKey.AsSpan(0, AddressLength));
            ref var trie = ref CollectionsMarshal.GetValueRefOrAddDefault(tries, address, out var exists);
            if (!exists)
            {
                trie = new PatriciaTrie(_accounts[address].StorageRoot, _store);
            }

            hashes[i].CopyTo(hashedKeys.AsSpan(index * Hash256.Length, Hash256.Length));
            var path = NibblePath.FromKeySlice(hashedKeys, index * Hash256.Length, Hash256.Length);
            if (value is null)
            {
                trie!.Delete(path);
                batch.DeleteStorage(flatKey);
            }
            else
            {
                trie!.SetOwned(path, value);
                batch.PutStorage(flatKey, value);
            }
        }
    }

    private void CommitStorageTries(Dictionary<Address, PatriciaTrie> tries, IStateCommitBatch batch)
    {
        var pending = new List<(Address Address, PatriciaTrie Trie, int Index)>();
        foreach (var (address, trie) in tries)
        {
            if (trie.CommitTo(_committer) is { } index)
            {
                pending.Add((address, trie, index));
            }
        }

        if (pending.Count > 0)
        {
            _committer.Run(batch);
        }

        foreach (var (_, trie, index) in pending)
        {
            trie.CompleteCommit(_committer, index);
        }

        _committer.Reset();
        foreach (var (address, trie) in tries)
        {
            _accounts[address] = _accounts[address] with { StorageRoot = trie.RootHash };
        }
    }

    private void ApplyAccounts(IStateCommitBatch batch)
    {
        Span<byte> address = stackalloc byte[AddressLength];
        foreach (var (key, account) in _accounts)
        {
            key.CopyTo(address);
            var encoded = account.Encode();
            _accountTrie.SetOwned(NibblePath.FromKey(Keccak256.Compute(address).ToArray()), encoded);
            batch.PutAccount(key, encoded);
        }
    }

    private Account? LoadAccount(Address address)
    {
        if (_isHead)
        {
            CheckHead();
            return _store.TryGetAccount(address, out var encoded) ? Account.Decode(encoded.Span) : null;
        }

        Span<byte> bytes = stackalloc byte[AddressLength];
        address.CopyTo(bytes);
        var stored = _accountTrie.Get(NibblePath.FromKey(Keccak256.Compute(bytes).ToArray()));
        return stored is null ? null : Account.Decode(stored);
    }

    private PatriciaTrie? HistoricStorageTrie(Address address)
    {
        if (_historicStorageTries.TryGetValue(address, out var trie))
        {
            return trie;
        }

        if (LoadAccount(address) is not { } account)
        {
            return null;
        }

        trie = new PatriciaTrie(account.StorageRoot, _store);
        _historicStorageTries[address] = trie;
        return trie;
    }

    private void UpdateAccount(Address address, Func<Account, Account> change)
    {
        CheckWritable();
        var existed = _accounts.TryGetValue(address, out var current);
        if (!existed)
        {
            current = LoadAccount(address) ?? Account.Empty;
        }

        Record(new JournalEntry(JournalKind.Account, address, existed, current, null, null, default));
        _accounts[address] = change(current);
    }

    private void Record(in JournalEntry entry)
    {
        if (_checkpoints.Count > 0)
        {
            _journal.Add(entry);
        }
    }

    private void Undo(in JournalEntry entry)
    {
        switch (entry.Kind)
        {
            case JournalKind.Account:
                if (entry.HadEntry) _accounts[entry.Address] = entry.PreviousAccount;
                else _accounts.Remove(entry.Address);
                break;
            case JournalKind.Storage:
                if (entry.HadEntry) _storage[entry.StorageKey!] = entry.PreviousValue;
                else _storage.Remove(entry.StorageKey!);
                break;
            case JournalKind.Code:
                _newCode.Remove(entry.CodeHash);
                break;
        }
    }

    private static byte[] FlatKey(Address address, ReadOnlySpan<byte> key)
    {
        var flatKey = new byte[AddressLength + key.Length];
        address.CopyTo(flatKey);
        key.CopyTo(flatKey.AsSpan(AddressLength));
        return flatKey;
    }

    private void CheckCheckpoint(int checkpoint)
    {
        CheckUsable();
        if (checkpoint < 1 || checkpoint > _checkpoints.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(checkpoint), $"No open checkpoint {checkpoint} (depth {_checkpoints.Count}).");
        }
    }

    private void CheckWritable()
    {
        CheckUsable();
        if (!_isHead)
        {
            throw new InvalidOperationException($"The state at {_base.Root} is historical and read-only.");
        }

        CheckHead();
    }

    private void CheckHead()
    {
        if (_store.Head != _base)
        {
            throw new StateStoreException(
                StateStoreErrorKind.StaleCommit,
                $"This state was opened at {_base.Root} (#{_base.Sequence}) but the store has moved on to {_store.Head.Root} (#{_store.Head.Sequence}).");
        }
    }

    private void CheckUsable()
    {
        if (_broken)
        {
            throw new InvalidOperationException("A commit failed part-way; reopen the state from the store.");
        }
    }
}
