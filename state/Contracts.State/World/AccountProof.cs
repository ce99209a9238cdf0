using Contracts.State.Primitives;

namespace Contracts.State.World;

/// <summary>
/// An account and some of its storage proven against a state root, in the shape of EIP-1186 (<c>eth_getProof</c>):
/// the account trie nodes on the path of Keccak(address), the account's fields, and one proof per slot in its
/// storage trie. An absent account has nonce 0, balance 0, the empty code hash and the empty storage root, and
/// its proof shows the absence. <see cref="BytesRoot"/> and <see cref="BytesProofs"/> extend the shape for
/// byte-string storage (the account's fifth field; the empty trie root when it has none).
/// </summary>
public sealed record AccountProof(
    Address Address,
    IReadOnlyList<byte[]> AccountProofNodes,
    UInt256 Balance,
    ulong Nonce,
    Hash256 CodeHash,
    Hash256 StorageHash,
    Hash256 BytesRoot,
    IReadOnlyList<StorageProof> StorageProofs,
    IReadOnlyList<BytesProof> BytesProofs);

/// <summary>A slot's value (zero when absent) and the storage trie nodes on the path of Keccak(slot).</summary>
public sealed record StorageProof(UInt256 Key, UInt256 Value, IReadOnlyList<byte[]> Proof);

/// <summary>A byte-string entry (null when absent) and the byte-string trie nodes on the path of the raw key.</summary>
public sealed record BytesProof(byte[] Key, byte[]? Value, IReadOnlyList<byte[]> Proof);
