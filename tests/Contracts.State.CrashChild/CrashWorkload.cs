using System.Buffers.Binary;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.State.CrashChild;

/// <summary>
/// The writes of commit number n, a pure function of n: whoever replays commits 1..n gets the same state and
/// root, so a test can tell exactly which commit a store holds after a crash.
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
            BinaryPrimitives.WriteUInt32BigEndian(key, BinaryPrimitives.ReadUInt32BigEndian(digest) % KeySpace);

            // One write in ten deletes; the rest store 1..32 bytes.
            var value = digest[4] % 10 == 0 ? [] : digest.AsSpan(0, 1 + digest[5] % 32);
            state.SetStorage(contract, key, value);
        }
    }
}
