using Contracts.State.Primitives;
using FsCheck;
using FsCheck.Fluent;

namespace Contracts.State.Tests.World;

internal static class WorldStateGenerators
{
    public static readonly Address[] Addresses =
    [
        Address.FromHex("0x00000000000000000000000000000000000000aa"),
        Address.FromHex("0x00000000000000000000000000000000000000ab"),
        Address.FromHex("0xffffffffffffffffffffffffffffffffffffffff"),
    ];

    private static Gen<byte> AnyByte => Gen.Choose(0, 255).Select(b => (byte)b);

    // Keys share prefixes (ordered iteration and prefix queries get exercised); the empty key is allowed.
    public static Gen<byte[]> Key =>
        Gen.Frequency(
            (4, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements<byte>(0x00, 0x01, 0x7f, 0xff), n))),
            (1, Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(AnyByte, n))));

    // Empty values are stored (distinct from absent).
    public static Gen<byte[]> Value =>
        Gen.Frequency(
            (1, Gen.Constant(Array.Empty<byte>())),
            (4, Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(AnyByte, n))));

    public static Gen<WorldStateOperation> Operation =>
        Gen.Frequency(
            (6, Op(OperationKind.SetSlot)),
            (6, Op(OperationKind.SetBytes)),
            (2, Op(OperationKind.RemoveBytes)),
            (1, Op(OperationKind.ComputeRoot)),
            (2, Op(OperationKind.SetBalance)),
            (1, Op(OperationKind.SetNonce)),
            (1, Op(OperationKind.SetCode)),
            (1, Op(OperationKind.ClearStorage)),
            (3, Op(OperationKind.Checkpoint)),
            (2, Op(OperationKind.Revert)),
            (2, Op(OperationKind.Release)),
            (1, Op(OperationKind.Commit)));

    public static Gen<WorldStateOperation[]> Session(int maxLength) =>
        Gen.Choose(1, maxLength).SelectMany(n => Gen.ArrayOf(Operation, n));

    private static Gen<WorldStateOperation> Op(OperationKind kind) =>
        from account in Gen.Choose(0, Addresses.Length - 1)
        from key in Key
        from value in Value
        from number in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(1, 5)), (3, Gen.Choose(0, int.MaxValue)))
        from depth in Gen.Choose(1, 4)
        select new WorldStateOperation(kind, account, key, value, (ulong)number, depth);
}
