using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.State.Tests.World;

/// <summary>Plays a random session against a world state and a <see cref="StateModel"/>, checking they never disagree.</summary>
internal static class WorldStateSession
{
    /// <summary>Returns null when everything matched, else what went wrong.</summary>
    public static string? Run(IStateStore initial, Func<IStateStore, IStateStore> reopen, WorldStateOperation[] operations)
    {
        var store = initial;
        var state = WorldState.OpenHead(store);
        var model = new StateModel();
        var snapshots = new List<StateModel>();
        var committed = new List<(Hash256 Root, StateModel Model)>();
        foreach (var op in operations)
        {
            var address = WorldStateGenerators.Addresses[op.Account];
            var slot = (UInt256)(op.Number % 7);
            switch (op.Kind)
            {
                case OperationKind.SetSlot:
                    var value = op.Value.Length == 0 ? UInt256.Zero : UInt256.FromBigEndian(op.Value.AsSpan(0, Math.Min(32, op.Value.Length)));
                    state.SetSlot(address, slot, value);
                    model.SetSlot(address, slot, value);
                    break;
                case OperationKind.SetBytes:
                    state.SetBytes(address, op.Key, op.Value);
                    model.SetBytes(address, op.Key, op.Value);
                    break;
                case OperationKind.RemoveBytes:
                    var present = model.GetBytes(address, op.Key) is not null;
                    if (state.RemoveBytes(address, op.Key) != present) return $"{op}: RemoveBytes said {!present}";
                    if (present) model.SetBytes(address, op.Key, null);
                    break;
                case OperationKind.SetBalance:
                    state.SetBalance(address, op.Number);
                    model.Touch(address);
                    model.Accounts[address] = model.Accounts[address] with { Balance = op.Number };
                    break;
                case OperationKind.SetNonce:
                    state.SetNonce(address, op.Number);
                    model.Touch(address);
                    model.Accounts[address] = model.Accounts[address] with { Nonce = op.Number };
                    break;
                case OperationKind.SetCode:
                    state.SetCode(address, op.Value);
                    model.Touch(address);
                    model.Accounts[address] = model.Accounts[address] with { CodeHash = StateModel.CodeHash(op.Value) };
                    if (op.Value.Length > 0) model.Code[StateModel.CodeHash(op.Value)] = op.Value;
                    break;
                case OperationKind.ClearStorage:
                    state.ClearStorage(address);
                    model.ClearStorage(address);
                    if (model.Accounts.ContainsKey(address) != state.Exists(address)) return $"{op}: account existence differs";
                    break;
                case OperationKind.Checkpoint:
                    if (state.Checkpoint() != snapshots.Count + 1) return "checkpoint id is not its depth";
                    snapshots.Add(model.Clone());
                    break;
                case OperationKind.Revert when snapshots.Count > 0:
                    var target = (op.Depth - 1) % snapshots.Count + 1;
                    state.Revert(target);
                    model = snapshots[target - 1];
                    snapshots.RemoveRange(target - 1, snapshots.Count - target + 1);
                    break;
                case OperationKind.Release when snapshots.Count > 0:
                    state.Release(snapshots.Count);
                    snapshots.RemoveAt(snapshots.Count - 1);
                    break;
                case OperationKind.ComputeRoot when snapshots.Count == 0:
                    var computed = state.ComputeRoot();
                    if (computed != model.ExpectedRoot()) return $"computed root {computed} differs from the model's {model.ExpectedRoot()}";
                    break;
                case OperationKind.Commit when snapshots.Count == 0:
                    var root = state.Commit();
                    if (root != model.ExpectedRoot()) return $"commit root {root} differs from the model's {model.ExpectedRoot()}";
                    if (store.Head != Hash256.EmptyTrieRoot && committed.Count > 0 && store.Head != committed[0].Root) return "a commit moved the head";
                    if (committed.Count == 0) store.SetHead(root);
                    committed.Add((root, model.Clone()));
                    break;
            }

            if (!Same(state.GetBytes(address, op.Key), model.GetBytes(address, op.Key)))
            {
                return $"after {op}: read {Hex(state.GetBytes(address, op.Key))}, model has {Hex(model.GetBytes(address, op.Key))}";
            }

            if (state.GetSlot(address, slot) != model.GetSlot(address, slot)) return $"after {op}: slot {slot} differs";
        }

        while (snapshots.Count > 0)
        {
            state.Release(snapshots.Count);
            snapshots.RemoveAt(snapshots.Count - 1);
        }

        var finalRoot = state.Commit((root, writer) => writer.SetHead(root));
        if (finalRoot != model.ExpectedRoot()) return $"final root {finalRoot} differs from the model's {model.ExpectedRoot()}";

        store = reopen(store);
        if (store.Head != finalRoot) return $"reopened head {store.Head} is not the last commit {finalRoot}";
        if (Compare(WorldState.OpenHead(store), model, model) is { } headProblem) return "head: " + headProblem;

        foreach (var (root, snapshot) in committed)
        {
            if (Compare(WorldState.OpenAt(store, root), snapshot, model) is { } problem) return $"historic {root}: {problem}";
        }

        return null;
    }

    private static string? Compare(WorldState state, StateModel expected, StateModel keysFrom)
    {
        foreach (var address in WorldStateGenerators.Addresses)
        {
            var account = state.GetAccount(address);
            var hasAccount = expected.Accounts.TryGetValue(address, out var expectedAccount);
            if (account.HasValue != hasAccount) return $"account {address} exists: {account.HasValue}, expected {hasAccount}";
            if (hasAccount)
            {
                var actual = account!.Value;
                if (actual.Balance != expectedAccount.Balance || actual.Nonce != expectedAccount.Nonce || actual.CodeHash != expectedAccount.CodeHash)
                {
                    return $"account {address} is {actual}, expected {expectedAccount}";
                }

                if (actual.CodeHash != Hash256.EmptyCode && !Same(state.GetCode(address), expected.Code[actual.CodeHash]))
                {
                    return $"code of {address} differs";
                }
            }

            for (ulong slot = 0; slot < 7; slot++)
            {
                if (state.GetSlot(address, slot) != expected.GetSlot(address, slot)) return $"slot {address}/{slot} differs";
            }

            var keys = new HashSet<byte[]>(ByteArrayComparer.Instance);
            foreach (var m in new[] { expected, keysFrom })
            {
                if (m.Bytes.TryGetValue(address, out var entries)) keys.UnionWith(entries.Keys);
            }

            foreach (var key in keys)
            {
                if (!Same(state.GetBytes(address, key), expected.GetBytes(address, key)))
                {
                    return $"bytes {address}/{Convert.ToHexString(key)} is {Hex(state.GetBytes(address, key))}, expected {Hex(expected.GetBytes(address, key))}";
                }
            }

            var all = state.ReadBytesRange(address, [], [], int.MaxValue);
            var want = expected.Bytes.TryGetValue(address, out var s) ? s.ToList() : [];
            if (all.Count != want.Count || all.Zip(want).Any(p => !Same(p.First.Key, p.Second.Key) || !Same(p.First.Value, p.Second.Value)))
            {
                return $"ordered bytes of {address} differ: {all.Count} entries, expected {want.Count}";
            }
        }

        return null;
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Hex(byte[]? bytes) => bytes is null ? "absent" : Convert.ToHexString(bytes);
}
