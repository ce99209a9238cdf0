using Contracts.Execution.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Chain.Transactions;

/// <summary>
/// Recovers transaction senders from their signatures, with the rules geth applies to transactions: r and s in
/// [1, n), s at most n/2 (EIP-2), parity 0 or 1; anything else is geth's "invalid sender". A recovered sender is
/// remembered by the transaction. <see cref="RecoverAll"/> spreads a block's transactions over the cores.
/// </summary>
public static class SenderRecovery
{
    public const string InvalidSender = "invalid sender";

    public static bool TryRecover(SignedTransaction transaction, out Address sender)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var cached = transaction.CachedSender;
        if (cached is null)
        {
            cached = RecoverUncached(transaction);
            transaction.CachedSender = cached;
        }
        if (cached is Address address)
        {
            sender = address;
            return true;
        }
        sender = Address.Zero;
        return false;
    }

    /// <summary>The sender; throws <see cref="InvalidOperationException"/> ("invalid sender") when the signature is not valid.</summary>
    public static Address Recover(SignedTransaction transaction) =>
        TryRecover(transaction, out var sender) ? sender : throw new InvalidOperationException(InvalidSender);

    /// <summary>
    /// The senders of <paramref name="transactions"/> (null where the signature is invalid), recovered in parallel
    /// on up to <paramref name="maxDegreeOfParallelism"/> threads (default: every core). The result does not depend
    /// on the thread count.
    /// </summary>
    public static Address?[] RecoverAll(IReadOnlyList<SignedTransaction> transactions, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var senders = new Address?[transactions.Count];
        if (transactions.Count < 16 || maxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < senders.Length; i++) senders[i] = TryRecover(transactions[i], out var s) ? s : null;
            return senders;
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, senders.Length, 64), options, range =>
        {
            for (int i = range.Item1; i < range.Item2; i++) senders[i] = TryRecover(transactions[i], out var s) ? s : null;
        });
        return senders;
    }

    private static object RecoverUncached(SignedTransaction transaction)
    {
        Span<byte> rs = stackalloc byte[Secp256k1.SignatureLength];
        var signature = transaction.Signature;
        if (signature.YParity > 1 || signature.R.IsZero || signature.S.IsZero) return SignedTransaction.RecoveryFailed;
        signature.WriteRS(rs);
        if (!Secp256k1.IsLowS(rs)) return SignedTransaction.RecoveryFailed;
        Span<byte> hash = stackalloc byte[32];
        transaction.SigningHash.CopyTo(hash);
        return Secp256k1.TryRecoverAddress(hash, rs, signature.YParity, out var sender) ? sender : SignedTransaction.RecoveryFailed;
    }
}
