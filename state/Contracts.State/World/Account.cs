using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.State.World;

/// <summary>An account as the state trie stores it: RLP of [nonce, balance, storage root, code hash], as in Ethereum.</summary>
public readonly record struct Account(ulong Nonce, UInt256 Balance, Hash256 StorageRoot, Hash256 CodeHash)
{
    /// <summary>No nonce, no balance, no storage, no code.</summary>
    public static Account Empty { get; } = new(0, UInt256.Zero, Hash256.EmptyTrieRoot, Hash256.EmptyCode);

    public byte[] Encode()
    {
        Span<byte> nonce = stackalloc byte[8];
        var nonceBytes = MinimalBigEndian(Nonce, nonce);
        Span<byte> balance = stackalloc byte[UInt256.Length];
        Balance.WriteBigEndian(balance);
        var balanceBytes = balance[(UInt256.Length - Balance.MinimalByteCount)..];
        Span<byte> storageRoot = stackalloc byte[Hash256.Length];
        StorageRoot.CopyTo(storageRoot);
        Span<byte> codeHash = stackalloc byte[Hash256.Length];
        CodeHash.CopyTo(codeHash);

        var payload = RlpWriter.LengthOfString(nonceBytes) + RlpWriter.LengthOfString(balanceBytes) +
                      RlpWriter.LengthOfString(storageRoot) + RlpWriter.LengthOfString(codeHash);
        var encoded = new byte[RlpWriter.LengthOfList(payload)];
        var writer = new RlpWriter(encoded);
        writer.WriteListHeader(payload);
        writer.WriteString(nonceBytes);
        writer.WriteString(balanceBytes);
        writer.WriteString(storageRoot);
        writer.WriteString(codeHash);
        return encoded;
    }

    /// <summary>Decodes an account; throws <see cref="RlpException"/> for anything but the canonical form.</summary>
    public static Account Decode(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        var fields = outer.ReadList();
        outer.RequireEnd();
        var account = new Account(fields.ReadUInt64(), fields.ReadUInt256(), fields.ReadHash(), fields.ReadHash());
        fields.RequireEnd();
        return account;
    }

    private static ReadOnlySpan<byte> MinimalBigEndian(ulong value, Span<byte> buffer)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        var skip = System.Numerics.BitOperations.LeadingZeroCount(value) / 8;
        return buffer[skip..];
    }
}
