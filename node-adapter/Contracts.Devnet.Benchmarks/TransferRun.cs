using System.Diagnostics;
using Contracts.Chain.Transactions;
using Contracts.Execution.Crypto;
using Contracts.Execution.Transactions;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Benchmarks;

/// <summary>
/// Pre-signed transfers from <see cref="Senders"/> funded accounts, each sender's in nonce order, sent by one worker per
/// sender that sends the next one when the last one's receipt is there, so that <see cref="Senders"/> transactions
/// are always in flight (sent and not yet mined); timed from the first send until every sender's last nonce is in a
/// block. The same signed bytes go to every node. (anvil answers a send before mining it; a client that does not wait
/// for receipts piles up its pool, and anvil 1.7.1 stops mining at about 1,000 pending.)
/// </summary>
internal static class TransferRun
{
    public const int Senders = 32;
    public const ulong ChainId = 31337;

    /// <summary>The benchmark's senders: keys derived from a fixed phrase, funded with anvil_setBalance on each node.</summary>
    public static readonly (byte[] Key, Address Address)[] Accounts = [.. Enumerable.Range(0, Senders).Select(i =>
    {
        var key = Keccak256.Compute(System.Text.Encoding.UTF8.GetBytes($"devnet-bench sender {i}")).ToArray();
        return (key, Secp256k1.AddressOfPrivateKey(key));
    })];

    /// <summary>Recipients that are not accounts yet: every transfer creates or touches one of 256.</summary>
    public static Address Recipient(int index)
    {
        var bytes = new byte[20];
        bytes[0] = 0xbe;
        bytes[18] = (byte)(index >> 8);
        bytes[19] = (byte)index;
        return new Address(bytes);
    }

    public static async Task FundAsync(JsonRpc rpc)
    {
        foreach (var (_, address) in Accounts)
            await rpc.CallAsync("anvil_setBalance", address.ToString(), "0x3635c9adc5dea00000"); // 1,000 ether
    }

    /// <summary>Request bodies of <paramref name="count"/> signed transactions per sender from nonce <paramref name="firstNonce"/>.</summary>
    public static byte[][][] Sign(int count, ulong firstNonce, Func<int, int, (Address To, UInt256 Value, byte[] Data, ulong Gas)> transfer) =>
        [.. Accounts.Select((account, s) => Sign(account.Key, count, firstNonce, i => transfer(s, i)))];

    /// <summary>Request bodies of <paramref name="count"/> transactions signed with <paramref name="key"/> from nonce <paramref name="firstNonce"/>.</summary>
    public static byte[][] Sign(byte[] key, int count, ulong firstNonce, Func<int, (Address? To, UInt256 Value, byte[] Data, ulong Gas)> transfer) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var (to, value, data, gas) = transfer(i);
            var signed = TransactionSigner.Sign(new UnsignedTransaction
            {
                Type = TransactionType.DynamicFee,
                ChainId = ChainId,
                Nonce = firstNonce + (ulong)i,
                MaxFeePerGas = 100_000_000_000,
                MaxPriorityFeePerGas = 1_000_000_000,
                GasLimit = gas,
                To = to,
                Value = value,
                Data = data,
            }, key);
            return JsonRpc.Body("eth_sendRawTransaction", Hex.Encode(signed.Encoded.Span));
        })];

    /// <summary>Sends every sender's bodies in order, all senders at once; returns the time until all are mined.</summary>
    public static async Task<TimeSpan> RunAsync(JsonRpc rpc, byte[][][] bodies, ulong lastNonce)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(bodies.Select(senderBodies => Task.Run(async () =>
        {
            foreach (var body in senderBodies)
            {
                // In flight until mined: nodes that answer before mining (anvil) are not flooded past what they mine.
                var receipt = JsonRpc.Body("eth_getTransactionReceipt", (await rpc.PostAsync(body)).GetString());
                while ((await rpc.PostAsync(receipt)).ValueKind == System.Text.Json.JsonValueKind.Null) await Task.Delay(1);
            }
        })));
        foreach (var (_, address) in Accounts)
        {
            while (JsonRpc.Quantity(await rpc.CallAsync("eth_getTransactionCount", address.ToString(), "latest")) <= lastNonce)
            {
                if (watch.Elapsed > TimeSpan.FromMinutes(2))
                {
                    var nonce = await rpc.CallAsync("eth_getTransactionCount", address.ToString(), "latest");
                    var pool = await rpc.CallAsync("txpool_status");
                    var head = await rpc.CallAsync("eth_blockNumber");
                    throw new TimeoutException($"{address}'s transactions up to nonce {lastNonce} were not mined within 2 minutes: its nonce is {nonce}, the pool {pool}, the head {head}");
                }
                await Task.Delay(1);
            }
        }
        return watch.Elapsed;
    }
}
