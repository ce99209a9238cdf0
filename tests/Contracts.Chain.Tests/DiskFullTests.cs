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
/// A real write failure, not an injected one: the crash child commits pipelined blocks under a file-size limit
/// (<c>ulimit -f</c>, SIGXFSZ ignored), so RocksDB's log append fails with EFBIG ("File too large") as it would on a
/// full disk. The child must get the typed <c>WriteFailed</c> error with the head back at the last block on disk, and
/// the reopened chain (no limit: space freed) must hold exactly that block, whole, and continue from it.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output) : IDisposable
{
    // In 1,024-byte blocks: the log reaches it after a few dozen of the child's 60-transfer blocks.
    private const int FileSizeLimitBlocks = 3000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"contracts-chain-diskfull-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_write_refused_by_the_file_system_is_reported_and_the_chain_reopens_at_its_last_block_on_disk()
    {
        Assert.True(OperatingSystem.IsLinux(), "the file-size limit needs Linux's ulimit and SIGXFSZ");
        var lines = new ConcurrentQueue<string>();
        int exitCode;
        using (var child = StartLimitedChild(lines))
        {
            if (!child.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                child.Kill();
                throw new Xunit.Sdk.XunitException("the child never hit the file-size limit: " + string.Join(" | ", lines.TakeLast(5)));
            }
            child.WaitForExit();
            exitCode = child.ExitCode;
        }

        var failed = lines.FirstOrDefault(l => l.StartsWith("WRITEFAILED ", StringComparison.Ordinal));
        Assert.True(exitCode == 3 && failed is not null, $"exit {exitCode}: " + string.Join(" | ", lines.Where(l => !l.StartsWith("ACK ", StringComparison.Ordinal) && !l.StartsWith("COMMIT ", StringComparison.Ordinal))));
        output.WriteLine(failed);
        Assert.Contains("File too large", failed, StringComparison.Ordinal);
        var parts = failed!.Split(' ');
        ulong reportedHead = ulong.Parse(parts[1], CultureInfo.InvariantCulture);
        var reportedHash = Hash256.FromHex(parts[2]);
        ulong lastAcknowledged = lines.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)).Select(l => ulong.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(0ul).Max();
        ulong lastCommitted = lines.Where(l => l.StartsWith("COMMIT ", StringComparison.Ordinal)).Select(l => ulong.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(0ul).Max();
        output.WriteLine($"on disk up to #{lastAcknowledged}, committed up to #{lastCommitted}, head after the failure #{reportedHead}");
        Assert.True(reportedHead >= lastAcknowledged, $"the head went back to #{reportedHead}, before acknowledged block #{lastAcknowledged}");
        Assert.True(reportedHead < lastCommitted, $"the head #{reportedHead} still shows committed block #{lastCommitted} after its write failed");

        using var chain = Blockchain.Open(ChainCrashWorkload.Spec, _directory);
        Assert.Equal(reportedHash, chain.Head.Hash);
        Assert.Null(chain.CanonicalHash(reportedHead + 1));
        var block = chain.GetBlockByNumber(reportedHead)!;
        Assert.Equal(block.Transactions.Count, chain.GetReceipts(block.Hash).Count);
        Assert.Null(new ChainReplayer(chain).VerifyBlock(reportedHead));

        // With room again the chain goes on from there.
        var next = ChainCrashWorkload.CommitNext(chain);
        chain.Flush();
        Assert.Equal(reportedHead + 1, chain.Head.Number);
        Assert.Equal(next.Header.Hash, chain.Head.Hash);
    }

    /// <summary>
    /// The child under bash with SIGXFSZ ignored (inherited through exec, so a write past the limit fails with EFBIG
    /// instead of killing the process) and the limit set; W^X off, because the runtime's double-mapped code heap is a
    /// file that the limit would refuse.
    /// </summary>
    private Process StartLimitedChild(ConcurrentQueue<string> lines)
    {
        var info = new ProcessStartInfo("bash");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"trap '' XFSZ; ulimit -f {FileSizeLimitBlocks}; exec dotnet \"$0\" \"$1\"");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Contracts.Chain.CrashChild.dll"));
        info.ArgumentList.Add(_directory);
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        return ChildProcessLines.Start(info, lines);
    }
}
