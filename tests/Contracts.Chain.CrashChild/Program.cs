using Contracts.Chain;
using Contracts.Chain.CrashChild;
using Contracts.State.Storage;

// Commits ChainCrashWorkload's blocks, one after another, to the chain in the data directory args[0]. Its store
// writes behind, so blocks are pipelined: "COMMIT n hash" is printed when Commit has returned (the block is readable
// and the next one executes while it is written), "ACK n hash" once the block is on disk (WhenDurable taken after its
// commit completed: the block, its receipts, indexes, head and state are in one synced write, written in order).
// A test kills this process at random moments (kill -9) and reopens the chain; another runs it under a file-size
// limit until a write fails: then it prints "WRITEFAILED n hash message" with the head the chain went back to, and
// exits with 3.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Contracts.Chain.CrashChild <data directory>");
    return 2;
}

using var chain = Blockchain.Open(ChainCrashWorkload.Spec, args[0]);
Console.Out.WriteLine($"OPEN {chain.Head.Number} {chain.Head.Hash}");
Console.Out.Flush();
try
{
    while (true)
    {
        var header = ChainCrashWorkload.CommitNext(chain).Header;
        Console.Out.WriteLine($"COMMIT {header.Number} {header.Hash}");
        Console.Out.Flush();
        _ = chain.WhenDurable().ContinueWith(durable =>
        {
            // Console.Out is synchronized: whole lines, though continuations may print out of order.
            Console.Out.WriteLine(durable.IsCompletedSuccessfully ? $"ACK {header.Number} {header.Hash}" : $"FAILED {header.Number}");
            Console.Out.Flush();
        }, TaskScheduler.Default);
    }
}
catch (StateStoreException e) when (e.Kind == StateStoreErrorKind.WriteFailed)
{
    Console.Out.WriteLine($"WRITEFAILED {chain.Head.Number} {chain.Head.Hash} {e.Message}");
    Console.Out.Flush();
    return 3;
}
