using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Execution.Calls;

/// <summary>Where Ethereum puts created contracts: CREATE and CREATE2 (EIP-1014) addresses.</summary>
public static class ContractAddress
{
    /// <summary><c>keccak256(rlp([sender, nonce]))[12:]</c>.</summary>
    public static Address From(Address sender, ulong nonce)
    {
        Span<byte> encoded = stackalloc byte[1 + 21 + 9];
        int nonceLength = nonce == 0 ? 0 : (64 - System.Numerics.BitOperations.LeadingZeroCount(nonce) + 7) / 8;
        int nonceEncoded = nonce is > 0 and < 0x80 ? 1 : 1 + nonceLength;
        int payload = 21 + nonceEncoded;
        encoded[0] = (byte)(0xC0 + payload);
        encoded[1] = 0x80 + Address.Length;
        sender.CopyTo(encoded[2..]);
        int position = 22;
        if (nonce == 0) encoded[position++] = 0x80;
        else if (nonce < 0x80) encoded[position++] = (byte)nonce;
        else
        {
            encoded[position++] = (byte)(0x80 + nonceLength);
            for (int i = nonceLength - 1; i >= 0; i--) encoded[position++] = (byte)(nonce >> (8 * i));
        }
        return Last20(Keccak256.Compute(encoded[..position]));
    }

    /// <summary><c>keccak256(0xff ‖ sender ‖ salt ‖ keccak256(code))[12:]</c>.</summary>
    public static Address From2(Address sender, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> code)
    {
        Span<byte> preimage = stackalloc byte[1 + 20 + 32 + 32];
        preimage[0] = 0xFF;
        sender.CopyTo(preimage[1..]);
        salt.CopyTo(preimage[21..]);
        Keccak256.Compute(code).CopyTo(preimage[53..]);
        return Last20(Keccak256.Compute(preimage));
    }

    private static Address Last20(Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[32];
        hash.CopyTo(bytes);
        return new Address(bytes[12..]);
    }
}
