using System.Buffers.Binary;
using Contracts.State.Primitives;

namespace Contracts.Chain.Storage;

/// <summary>
/// The chain's record keys in the state store's record space (all under the "c" namespace):
/// block by hash, receipts and diffs by block hash, canonical hash by number, transaction location by hash, and
/// the head block's hash.
/// </summary>
internal static class ChainKeys
{
    public static readonly byte[] Head = "cHEAD"u8.ToArray();

    /// <summary>The chain id the store was created for (8 bytes big-endian): the genesis hash alone does not name it.</summary>
    public static readonly byte[] ChainId = "cCHAINID"u8.ToArray();

    public static byte[] Block(Hash256 hash) => WithHash((byte)'b', hash);

    public static byte[] Outcomes(Hash256 hash) => WithHash((byte)'r', hash);

    public static byte[] Transaction(Hash256 hash) => WithHash((byte)'t', hash);

    public static byte[] Canonical(ulong number)
    {
        var key = new byte[10];
        key[0] = (byte)'c';
        key[1] = (byte)'n';
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(2), number);
        return key;
    }

    /// <summary>A transaction's location: its block's hash and its index.</summary>
    public static byte[] Location(Hash256 blockHash, int index)
    {
        var value = new byte[36];
        blockHash.CopyTo(value);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(32), index);
        return value;
    }

    private static byte[] WithHash(byte kind, Hash256 hash)
    {
        var key = new byte[34];
        key[0] = (byte)'c';
        key[1] = kind;
        hash.CopyTo(key.AsSpan(2));
        return key;
    }
}
