using System.Collections.Concurrent;
using System.Diagnostics;
using Contracts.State.CrashChild;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Tests.Support;
using Contracts.State.World;
using Xunit;
using Contracts.Tests.Shared;
using Xunit.Abstractions;

namespace Contracts.State.Tests.Storage;

/// <summary>
/// Kills a committing process with SIGKILL at random (seeded) moments and checks that the store always reopens
/// at exactly one committed state, with all its values, never behind the last commit the process acknowledged.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 21;
    private const int Seed = 20240603;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_store_killed_mid_commit_reopens_at_exactly_a_committed_root_and_never_loses_an_acknowledged_commit()
    {
        var path = _directory.Sub("db");
        var random = new Random(Seed);
        var model = new ReplayedChain();
        var totalAcknowledged = 0;
        var watch = Stopwatch.StartNew();
        for (var kill = 0; kill < Kills; kill++)
        {
            var lines = new ConcurrentQueue<string>();
            using var child = StartChild(path, lines);
            var started = Stopwatch.StartNew();
            WaitUntilOpened(child, lines);
            var openedAfter = started.ElapsedMilliseconds;

            // Anywhere from right after opening to several commits in. The moment is counted in acknowledged
            // commits, then a short random delay, so a slow (loaded) machine still kills a process that is working.
            WaitForAcknowledgements(child, lines, random.Next(0, 6));
            Thread.Sleep(random.Next(0, 25));
            child.Kill();
            child.WaitForExit();

            var acknowledged = lines.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal))
                .Select(l => l.Split(' '))
                .Select(p => (Sequence: long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), Root: Hash256.FromHex(p[2])))
                .ToList();
            totalAcknowledged += acknowledged.Count;
            var opened = long.Parse(lines.First(l => l.StartsWith("OPEN ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var lastAcknowledged = acknowledged.Count > 0 ? acknowledged[^1].Sequence : opened;

            using var store = RocksDbStateStore.Open(path);
            var height = CrashWorkload.Height(store);
            Assert.True(height >= lastAcknowledged, $"kill {kill}: height #{height} lost acknowledged commit #{lastAcknowledged}");
            Assert.True(height <= lastAcknowledged + 1, $"kill {kill}: height #{height} is past the one in-flight commit after #{lastAcknowledged}");
            foreach (var (sequence, root) in acknowledged)
            {
                Assert.Equal(model.RootAt(sequence), root);
            }

            // Records and state landed together: the head, the height and every block record name the same roots.
            Assert.Equal(model.RootAt(height), store.Head);
            for (var n = 1; n <= height; n++)
            {
                Assert.True(store.TryGetRecord(CrashWorkload.BlockKey(n), out var blockRoot), $"kill {kill}: block {n} record missing");
                Assert.Equal(model.RootAt(n), new Hash256(blockRoot.Span));
            }

            Assert.False(store.TryGetRecord(CrashWorkload.BlockKey(height + 1), out _), $"kill {kill}: a block record past the height survived");
            model.AssertSameValues(WorldState.OpenHead(store), kill);
            output.WriteLine($"kill {kill}: opened after {openedAfter} ms, acknowledged up to #{lastAcknowledged}, reopened at #{height}, checked at {started.ElapsedMilliseconds} ms");
        }

        output.WriteLine($"{Kills} kills, {totalAcknowledged} acknowledged commits, {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(totalAcknowledged >= Kills, $"only {totalAcknowledged} commits were acknowledged: the kills did not interrupt a working process");
    }

    private static Process StartChild(string path, ConcurrentQueue<string> lines)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Contracts.State.CrashChild.dll"));
        info.ArgumentList.Add(path);
        return ChildProcessLines.Start(info, lines);
    }

    private static void WaitForAcknowledgements(Process child, ConcurrentQueue<string> lines, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (lines.Count(l => l.StartsWith("ACK ", StringComparison.Ordinal)) < count)
        {
            if (child.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20)) return;
            Thread.Sleep(1);
        }
    }

    private static void WaitUntilOpened(Process child, ConcurrentQueue<string> lines)
    {
        var deadline = Stopwatch.StartNew();
        while (!lines.Any(l => l.StartsWith("OPEN ", StringComparison.Ordinal)))
        {
            if (child.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                if (!child.HasExited) child.Kill();
                throw new Xunit.Sdk.XunitException("crash child did not open its store: " + string.Join(" | ", lines));
            }

            Thread.Sleep(2);
        }
    }

    /// <summary>The same commits replayed in memory: the root and values every sequence number must have.</summary>
    private sealed class ReplayedChain
    {
        private readonly MemoryStateStore _store = new();
        private readonly List<Hash256> _roots = [Hash256.EmptyTrieRoot];
        private readonly WorldState _state;

        public ReplayedChain()
        {
            _state = WorldState.OpenHead(_store);
        }

        public Hash256 RootAt(long sequence)
        {
            while (_roots.Count <= sequence)
            {
                CrashWorkload.Apply(_state, _roots.Count);
                _roots.Add(_state.Commit());
            }

            return _roots[(int)sequence];
        }

        /// <summary>Compares every value of the reopened head with the replay at the same root.</summary>
        public void AssertSameValues(WorldState reopened, int kill)
        {
            var expected = WorldState.OpenAt(_store, reopened.Root);
            foreach (var contract in CrashWorkload.Contracts)
            {
                Assert.Equal(expected.GetAccount(contract), reopened.GetAccount(contract));
                var wanted = expected.ReadBytesRange(contract, [], [], int.MaxValue);
                var actual = reopened.ReadBytesRange(contract, [], [], int.MaxValue);
                Assert.True(wanted.Count == actual.Count, $"kill {kill}: {contract} has {actual.Count} entries, expected {wanted.Count}");
                for (var i = 0; i < wanted.Count; i++)
                {
                    Assert.Equal(wanted[i].Key, actual[i].Key);
                    Assert.Equal(wanted[i].Value, actual[i].Value);
                }

                for (uint slot = 0; slot < CrashWorkload.KeySpace; slot += 7)
                {
                    Assert.Equal(expected.GetSlot(contract, slot), reopened.GetSlot(contract, slot));
                }
            }
        }
    }
}
