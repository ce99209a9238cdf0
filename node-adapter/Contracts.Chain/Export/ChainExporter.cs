using Contracts.Chain.Replay;

namespace Contracts.Chain.Export;

/// <summary>Writes canonical blocks to geth's export format (<see cref="BlockFile"/>), as <c>geth export</c> does.</summary>
public static class ChainExporter
{
    /// <summary>Writes canonical blocks <paramref name="from"/>..<paramref name="to"/> (inclusive) to <paramref name="output"/>; returns how many.</summary>
    public static long Export(Blockchain chain, Stream output, ulong from, ulong to, IProgress<ReplayProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(output);
        if (from > to) throw new ArgumentException($"the range {from}..{to} is empty", nameof(from));
        if (to > chain.Head.Number) throw new ArgumentException($"block {to} is beyond the head (block {chain.Head.Number})", nameof(to));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long total = checked((long)(to - from + 1)), done = 0, transactions = 0;
        for (ulong number = from; ; number++)
        {
            var block = chain.GetBlockByNumber(number) ?? throw new ChainStoreException($"canonical block {number} is missing from the store");
            BlockFile.Write(output, block);
            transactions += block.Transactions.Count;
            done++;
            progress?.Report(new ReplayProgress(done, total, transactions, clock.Elapsed));
            if (number == to) break;
        }
        output.Flush();
        return done;
    }
}
