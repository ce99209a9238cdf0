using Contracts.Devnet.Accounts;
using Contracts.Devnet.Chain;
using Contracts.Devnet.Node;
using Contracts.Devnet.Rpc;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Tests;

public sealed class TransactionPoolTests
{
    private static readonly FakeChain Chain = new([]);

    private static SignedTransaction Tx(int account, ulong nonce, ulong maxFee = 2_000_000_000, ulong gas = 21_000) =>
        Chain.SignTransaction(new Transaction
        {
            Nonce = nonce, MaxFeePerGas = maxFee, MaxPriorityFeePerGas = 1, GasLimit = gas, To = Address.Zero, Sender = Address.Zero,
        }, DevAccounts.List[account].PrivateKey);

    [Fact]
    public void A_gap_waits_until_it_is_filled()
    {
        var pool = new TransactionPool();
        pool.Add(Tx(0, 1), stateNonce: 0);
        Assert.Empty(pool.TakeReady(_ => 0, 30_000_000));
        Assert.Equal(0UL, pool.NextNonce(DevAccounts.List[0].Address, 0));
        pool.Add(Tx(0, 0), stateNonce: 0);
        Assert.Equal(2UL, pool.NextNonce(DevAccounts.List[0].Address, 0));
        Assert.Equal([0UL, 1UL], pool.TakeReady(_ => 0, 30_000_000).Select(p => p.Transaction.Nonce));
    }

    [Fact]
    public void Senders_run_in_arrival_order_within_the_gas_budget()
    {
        var pool = new TransactionPool();
        pool.Add(Tx(1, 0), 0);
        pool.Add(Tx(0, 0), 0);
        pool.Add(Tx(1, 1), 0);
        var ready = pool.TakeReady(_ => 0, 3 * 21_000);
        Assert.Equal([DevAccounts.List[1].Address, DevAccounts.List[1].Address, DevAccounts.List[0].Address], ready.Select(p => p.Transaction.Sender));
        Assert.Equal(2, pool.TakeReady(_ => 0, 2 * 21_000).Count);
    }

    [Fact]
    public void Stale_low_duplicate_and_underpriced_replacements_are_refused_with_geths_words()
    {
        var pool = new TransactionPool(capacity: 3);
        Assert.StartsWith("nonce too low", Assert.Throws<RpcException>(() => pool.Add(Tx(0, 0), stateNonce: 1)).Message);
        var first = Tx(0, 1);
        pool.Add(first, 1);
        Assert.Equal("already known", Assert.Throws<RpcException>(() => pool.Add(first, 1)).Message);
        Assert.Equal("replacement transaction underpriced", Assert.Throws<RpcException>(() => pool.Add(Tx(0, 1, maxFee: 2_100_000_000), 1)).Message);
        var replacement = Tx(0, 1, maxFee: 3_000_000_000);
        pool.Add(replacement, 1);
        Assert.True(pool.Contains(replacement.Hash));
        Assert.False(pool.Contains(first.Hash));
        pool.Add(Tx(1, 0), 0);
        pool.Add(Tx(2, 0), 0);
        Assert.Equal("txpool is full", Assert.Throws<RpcException>(() => pool.Add(Tx(3, 0), 0)).Message);
        // A nonce the chain has passed is dropped when the next block is assembled.
        Assert.Equal(2, pool.TakeReady(a => a == DevAccounts.List[0].Address ? 2UL : 0UL, 30_000_000).Count);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void The_next_nonce_and_readiness_match_a_plain_walk_through_random_admissions_inclusions_and_drops()
    {
        var pool = new TransactionPool();
        var random = new Random(7);
        var stateNonces = new ulong[3];
        var held = new List<PendingTransaction>();
        for (int step = 0; step < 600; step++)
        {
            int account = random.Next(3);
            var sender = DevAccounts.List[account].Address;
            switch (random.Next(4))
            {
                case 0 or 1:
                    ulong nonce = stateNonces[account] + (ulong)random.Next(12);
                    if (pool.NextNonce(sender, stateNonces[account]) is var next && (nonce == next || random.Next(2) == 0) && !held.Any(p => p.Transaction.Sender == sender && p.Transaction.Nonce == nonce))
                        held.Add(pool.Add(Tx(account, nonce), stateNonces[account]));
                    break;
                case 2:
                    // A block: the ready run of every sender is included and the state nonces move past it.
                    foreach (var entry in pool.TakeReady(a => stateNonces[IndexOf(a)], 30_000_000))
                    {
                        pool.Remove(entry, reason: null);
                        held.Remove(entry);
                        stateNonces[IndexOf(entry.Transaction.Sender)]++;
                    }
                    break;
                default:
                    if (held.Count == 0) break;
                    var dropped = held[random.Next(held.Count)];
                    pool.Remove(dropped, "dropped");
                    held.Remove(dropped);
                    break;
            }
            for (int a = 0; a < 3; a++)
            {
                var address = DevAccounts.List[a].Address;
                ulong walk = stateNonces[a];
                while (held.Any(p => p.Transaction.Sender == address && p.Transaction.Nonce == walk)) walk++;
                Assert.Equal(walk, pool.NextNonce(address, stateNonces[a]));
            }
            bool anyReady = held.Any(p => p.Transaction.Nonce == stateNonces[IndexOf(p.Transaction.Sender)]);
            Assert.Equal(anyReady, pool.HasReady(a => stateNonces[IndexOf(a)]));
            Assert.Equal(held.Count, pool.Count);
        }

        static int IndexOf(Address sender) => DevAccounts.List.Single(d => d.Address == sender).Index;
    }
}
