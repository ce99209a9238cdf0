using System.Buffers.Binary;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.State.CrashChild;

/// <summary>
/// The writes of commit number n, a pure function of n: whoever replays commits 1..n gets the same state and
/// root, so a test can tell exactly which commit a store holds after a crash. Each commit also writes chain-like
/// records in the same batch: the height, the block's root under its number, and the head.
/// </summary>
public static class CrashWorkload
{
    public const int WritesPerCommit = 200;
    public const int KeySpace = 5000;

    public static readonly Address[] Contracts =
    [
        Address.FromHex("0x00000000000000000000000000000000000c0001"),
        Address.FromHex("0x00000000000000000000000000000000000c0002"),
        Address.FromHex("0x00000000000000000000000000000000000c0003"),
    ];

    public static ReadOnlySpan<byte> HeightKey => "height"u8;

    public static void Apply(WorldState state, long n)
    {
        var contract = Contracts[n % Contracts.Length];
        state.SetBalance(contract, (ulong)n);
        state.SetNonce(contract, state.GetNonce(contract) + 1);
        Span<byte> seed = stackalloc byte[12];
        Span<byte> key = stackalloc byte[4];
        for (var j = 0; j < WritesPerCommit; j++)
        {
            BinaryPrimitives.WriteInt64BigEndian(seed, n);
            BinaryPrimitives.WriteInt32BigEndian(seed[8..], j);
            var digest = Keccak256.Compute(seed).ToArray();
            var index = BinaryPrimitives.ReadUInt32BigEndian(digest) % KeySpace;
            BinaryPrimitives.WriteUInt32BigEndian(key, index);

            // Half the writes go to 32-byte slots, half to byte strings; one in ten deletes.
            var delete = digest[4] % 10 == 0;
            if (digest[6] % 2 == 0)
            {
                state.SetSlot(contract, index, delete ? UInt256.Zero : UInt256.FromBigEndian(digest.AsSpan(0, 1 + digest[5] % 32)));
            }
            else if (delete)
            {
                state.RemoveBytes(contract, key);
            }
            else
            {
                state.SetBytes(contract, key, digest.AsSpan(0, digest[5] % 32));
            }
        }
    }

    /// <summary>The records commit n writes beside its state: what a chain writes for a block.</summary>
    public static void AddRecords(long n, Hash256 root, IStateRecordWriter records)
    {
        Span<byte> height = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(height, n);
        records.Put(BlockKey(n), root.ToArray());
        records.Put(HeightKey, height);
        records.SetHead(root);
    }

    public static byte[] BlockKey(long n)
    {
        var key = new byte[6 + 8];
        "block/"u8.CopyTo(key);
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(6), n);
        return key;
    }

    /// <summary>The height a store's records say it is at (0 for a new store).</summary>
    public static long Height(IStateStore store) =>
        store.TryGetRecord(HeightKey, out var height) ? BinaryPrimitives.ReadInt64BigEndian(height.Span) : 0;
}
