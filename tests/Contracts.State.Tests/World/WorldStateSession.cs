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
            switch (op.Kind)
            {
                case OperationKind.SetStorage:
                    state.SetStorage(address, op.Key, op.Value);
                    model.SetStorage(address, op.Key, op.Value);
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
                case OperationKind.Commit when snapshots.Count == 0:
                    var root = state.Commit();
                    if (root != model.ExpectedRoot()) return $"commit root {root} differs from the model's {model.ExpectedRoot()}";
                    committed.Add((root, model.Clone()));
                    break;
            }

            if (!Same(state.GetStorage(address, op.Key), model.GetStorage(address, op.Key)))
            {
                return $"after {op}: read {Hex(state.GetStorage(address, op.Key))}, model has {Hex(model.GetStorage(address, op.Key))}";
            }
        }

        while (snapshots.Count > 0)
        {
            state.Release(snapshots.Count);
            snapshots.RemoveAt(snapshots.Count - 1);
        }

        var finalRoot = state.Commit();
        if (finalRoot != model.ExpectedRoot()) return $"final root {finalRoot} differs from the model's {model.ExpectedRoot()}";

        store = reopen(store);
        if (store.Head.Root != finalRoot) return $"reopened head {store.Head.Root} is not the last commit {finalRoot}";
        var reopened = WorldState.OpenHead(store);
        if (Compare(reopened, model, model, includeRanges: true) is { } headProblem) return "head: " + headProblem;

        if (StateConsistency.Check(store) is { Count: > 0 } problems) return "consistency: " + string.Join("; ", problems);

        foreach (var (root, snapshot) in committed)
        {
            var historic = WorldState.OpenAt(store, root);
            if (Compare(historic, snapshot, model, includeRanges: false) is { } problem) return $"historic {root}: {problem}";
        }

        return null;
    }

    private static string? Compare(WorldState state, StateModel expected, StateModel keysFrom, bool includeRanges)
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

            var keys = new HashSet<byte[]>(ByteArrayComparer.Instance);
            foreach (var m in new[] { expected, keysFrom })
            {
                if (m.Storage.TryGetValue(address, out var slots)) keys.UnionWith(slots.Keys);
            }

            foreach (var key in keys)
            {
                if (!Same(state.GetStorage(address, key), expected.GetStorage(address, key)))
                {
                    return $"storage {address}/{Convert.ToHexString(key)} is {Hex(state.GetStorage(address, key))}, expected {Hex(expected.GetStorage(address, key))}";
                }
            }

            if (includeRanges)
            {
                var all = state.ReadStorageRange(address, [], [], int.MaxValue);
                var want = expected.Storage.TryGetValue(address, out var s) ? s.ToList() : [];
                if (all.Count != want.Count || all.Zip(want).Any(p => !Same(p.First.Key, p.Second.Key) || !Same(p.First.Value, p.Second.Value)))
                {
                    return $"ordered storage of {address} differs: {all.Count} entries, expected {want.Count}";
                }
            }
        }

        return null;
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Hex(byte[]? bytes) => bytes is null ? "absent" : Convert.ToHexString(bytes);
}
