using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.State.World;

/// <summary>
/// An account as the state trie stores it: RLP of [nonce, balance, storage root, code hash], exactly as in
/// Ethereum, plus a fifth field, the root of the account's byte-string storage, present only when that storage
/// is not empty. An account without byte-string storage therefore encodes (and hashes, and proves) as Ethereum's.
/// </summary>
public readonly record struct Account(ulong Nonce, UInt256 Balance, Hash256 StorageRoot, Hash256 CodeHash, Hash256 BytesRoot)
{
    public Account(ulong nonce, UInt256 balance, Hash256 storageRoot, Hash256 codeHash)
        : this(nonce, balance, storageRoot, codeHash, Hash256.EmptyTrieRoot)
    {
    }

    /// <summary>No nonce, no balance, no storage, no code.</summary>
    public static Account Empty { get; } = new(0, UInt256.Zero, Hash256.EmptyTrieRoot, Hash256.EmptyCode, Hash256.EmptyTrieRoot);

    public bool HasBytesStorage => BytesRoot != Hash256.EmptyTrieRoot;

    public byte[] Encode()
    {
        Span<byte> nonce = stackalloc byte[8];
        var nonceBytes = MinimalBigEndian(Nonce, nonce);
        Span<byte> balance = stackalloc byte[UInt256.Length];
        var balanceBytes = balance[..Balance.WriteMinimalBigEndian(balance)];
        Span<byte> storageRoot = stackalloc byte[Hash256.Length];
        StorageRoot.CopyTo(storageRoot);
        Span<byte> codeHash = stackalloc byte[Hash256.Length];
        CodeHash.CopyTo(codeHash);
        Span<byte> bytesRoot = stackalloc byte[Hash256.Length];
        BytesRoot.CopyTo(bytesRoot);

        var payload = RlpWriter.LengthOfString(nonceBytes) + RlpWriter.LengthOfString(balanceBytes) +
                      RlpWriter.LengthOfString(storageRoot) + RlpWriter.LengthOfString(codeHash) +
                      (HasBytesStorage ? RlpWriter.LengthOfString(bytesRoot) : 0);
        var encoded = new byte[RlpWriter.LengthOfList(payload)];
        var writer = new RlpWriter(encoded);
        writer.WriteListHeader(payload);
        writer.WriteString(nonceBytes);
        writer.WriteString(balanceBytes);
        writer.WriteString(storageRoot);
        writer.WriteString(codeHash);
        if (HasBytesStorage)
        {
            writer.WriteString(bytesRoot);
        }

        return encoded;
    }

    /// <summary>Decodes an account; throws <see cref="RlpException"/> for anything but the canonical form.</summary>
    public static Account Decode(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        var fields = outer.ReadList();
        outer.RequireEnd();
        var nonce = fields.ReadUInt64();
        var balance = fields.ReadUInt256();
        var storageRoot = fields.ReadHash();
        var codeHash = fields.ReadHash();
        var bytesRoot = Hash256.EmptyTrieRoot;
        if (!fields.AtEnd)
        {
            var offset = fields.Offset;
            bytesRoot = fields.ReadHash();
            if (bytesRoot == Hash256.EmptyTrieRoot)
            {
                throw new RlpException("an empty byte-string storage root is encoded by omitting it", offset);
            }
        }

        fields.RequireEnd();
        return new Account(nonce, balance, storageRoot, codeHash, bytesRoot);
    }

    private static ReadOnlySpan<byte> MinimalBigEndian(ulong value, Span<byte> buffer)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        var skip = System.Numerics.BitOperations.LeadingZeroCount(value) / 8;
        return buffer[skip..];
    }
}
