using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Contracts.Chain.CrashChild;
using Contracts.Chain.Replay;
using Contracts.State.Primitives;
using Contracts.Tests.Shared;
using Xunit.Abstractions;

namespace Contracts.Chain.Tests;

/// <summary>
/// Kills a process committing blocks (Contracts.Chain.CrashChild) with SIGKILL at 20 random (seeded) moments and
/// reopens its chain each time. The child's commits are pipelined (its store writes behind: a block's synced write
/// runs while the next block executes, up to four commits waiting), so kills land while writes are pending. The
/// reopened chain's head is at or after the last block the process acknowledged as on disk and at most one past the
/// last commit it saw return, never half-written — every block up to the head is readable with its transactions,
/// receipts and index entries, the head's state is there, the head block replays clean and nothing past the head
/// is indexed.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private const int Seed = 20261206;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"contracts-chain-crash-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_chain_killed_during_block_commits_reopens_with_its_last_committed_block_whole()
    {
        var random = new Random(Seed);
        using var model = Blockchain.OpenInMemory(ChainCrashWorkload.Spec);
        var modelHashes = new List<Hash256> { model.Head.Hash };
        Hash256 ModelHash(ulong number)
        {
            while ((ulong)modelHashes.Count <= number) modelHashes.Add(ChainCrashWorkload.CommitNext(model).Header.Hash);
            return modelHashes[(int)number];
        }

        long totalAcknowledged = 0;
        int pendingAtKill = 0;
        var watch = Stopwatch.StartNew();
        for (int kill = 0; kill < Kills; kill++)
        {
            var lines = new ConcurrentQueue<string>();
            using (var child = StartChild(lines))
            {
                WaitFor(child, lines, "OPEN ", 1);
                // Kill after 0 to 3 acknowledged blocks plus a short random delay: mid-execution or mid-commit; every
                // other kill just after a commit returned, while its synced write (and the next block) is under way.
                WaitFor(child, lines, "ACK ", random.Next(0, 4));
                if (kill % 2 == 1)
                {
                    WaitFor(child, lines, "COMMIT ", lines.Count(l => l.StartsWith("COMMIT ", StringComparison.Ordinal)) + 1);
                    Thread.Sleep(random.Next(0, 4));
                }
                else
                {
                    Thread.Sleep(random.Next(0, 30));
                }
                child.Kill();
                child.WaitForExit();
            }

            Assert.DoesNotContain(lines, l => l.StartsWith("FAILED ", StringComparison.Ordinal) || l.StartsWith("ERR ", StringComparison.Ordinal));
            // Acknowledgements arrive from continuations, possibly out of order: the highest one counts.
            var acknowledged = lines.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)).Select(Parse).ToList();
            var committed = lines.Where(l => l.StartsWith("COMMIT ", StringComparison.Ordinal)).Select(Parse).ToList();
            var opened = Parse(lines.First(l => l.StartsWith("OPEN ", StringComparison.Ordinal)));
            ulong lastAcknowledged = acknowledged.Count > 0 ? acknowledged.Max(a => a.Number) : opened.Number;
            ulong lastCommitted = committed.Count > 0 ? committed[^1].Number : opened.Number;
            totalAcknowledged += acknowledged.Count;
            pendingAtKill += (int)(lastCommitted - lastAcknowledged);
            foreach (var (number, hash) in acknowledged.Concat(committed)) Assert.Equal(ModelHash(number), hash);

            using var chain = Blockchain.Open(ChainCrashWorkload.Spec, _directory);
            var head = chain.Head;
            Assert.True(head.Number >= lastAcknowledged, $"kill {kill}: head #{head.Number} lost acknowledged block #{lastAcknowledged}");
            // A block whose Commit had not returned yet may already be on disk: one past the last COMMIT line at most.
            Assert.True(head.Number <= lastCommitted + 1, $"kill {kill}: head #{head.Number} is past the one block in flight after commit #{lastCommitted}");
            Assert.Equal(ModelHash(head.Number), head.Hash);
            Assert.Null(chain.CanonicalHash(head.Number + 1));

            // The head block is whole: header, transactions, receipts, index entries and state, and it replays clean.
            var block = chain.GetBlockByNumber(head.Number)!;
            Assert.Equal(head.Hash, block.Hash);
            var receipts = chain.GetReceipts(head.Hash);
            Assert.Equal(block.Transactions.Count, receipts.Count);
            foreach (var transaction in block.Transactions) Assert.Equal(head.Number, chain.GetTransaction(transaction.Hash)!.BlockNumber);
            Assert.Equal(head.StateRoot, chain.StateAt(head).Root);
            if (head.Number > 0)
            {
                var last = ChainCrashWorkload.Recipient(head.Number, ChainCrashWorkload.TransfersPerBlock - 1);
                Assert.Equal((UInt256)(head.Number * 1000 + ChainCrashWorkload.TransfersPerBlock), chain.StateAt(head).GetBalance(last));
                Assert.Null(new ChainReplayer(chain).VerifyBlock(head.Number));
            }
            for (ulong n = 0; n <= head.Number; n++) Assert.Equal(ModelHash(n), chain.CanonicalHash(n));
            output.WriteLine($"kill {kill}: on disk up to #{lastAcknowledged}, committed up to #{lastCommitted}, reopened at #{head.Number}");
        }

        output.WriteLine($"{Kills} kills, {totalAcknowledged} acknowledged blocks, {pendingAtKill} committed blocks not yet acknowledged at the kills, {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(totalAcknowledged >= Kills, $"only {totalAcknowledged} blocks were acknowledged: the kills did not interrupt a working process");
    }

    private static (ulong Number, Hash256 Hash) Parse(string line)
    {
        var parts = line.Split(' ');
        return (ulong.Parse(parts[1], CultureInfo.InvariantCulture), Hash256.FromHex(parts[2]));
    }

    private Process StartChild(ConcurrentQueue<string> lines)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Contracts.Chain.CrashChild.dll"));
        info.ArgumentList.Add(_directory);
        return ChildProcessLines.Start(info, lines);
    }

    /// <summary>Waits until <paramref name="count"/> lines start with <paramref name="prefix"/>; fails if the child dies first.</summary>
    private static void WaitFor(Process child, ConcurrentQueue<string> lines, string prefix, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (lines.Count(l => l.StartsWith(prefix, StringComparison.Ordinal)) < count)
        {
            if (child.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                if (!child.HasExited) child.Kill();
                throw new Xunit.Sdk.XunitException($"the crash child stopped before {count} \"{prefix.Trim()}\" lines: " + string.Join(" | ", lines));
            }
            Thread.Sleep(2);
        }
    }
}
