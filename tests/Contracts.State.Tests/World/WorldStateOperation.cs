namespace Contracts.State.Tests.World;

internal enum OperationKind
{
    SetSlot,
    SetBytes,
    RemoveBytes,
    SetBalance,
    SetNonce,
    SetCode,
    Checkpoint,
    Revert,
    Release,
    Commit,
    ComputeRoot,
    ClearStorage,
}

/// <summary>One step of a random world-state session; fields unused by a kind are ignored.</summary>
internal sealed record WorldStateOperation(OperationKind Kind, int Account, byte[] Key, byte[] Value, ulong Number, int Depth)
{
    public override string ToString() =>
        $"{Kind}(account {Account}, key {Convert.ToHexString(Key)}, value {Convert.ToHexString(Value)}, {Number}, depth {Depth})";
}
