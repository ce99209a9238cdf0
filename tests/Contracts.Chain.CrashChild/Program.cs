using Contracts.Chain;
using Contracts.Chain.CrashChild;

// Commits ChainCrashWorkload's blocks, one after another, to the chain in the data directory args[0], printing each
// block's number and hash only once Commit has returned (the block, its receipts, indexes, head and state are in
// one synced write). A test kills this process at random moments (kill -9) and reopens the chain.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Contracts.Chain.CrashChild <data directory>");
    return 2;
}

using var chain = Blockchain.Open(ChainCrashWorkload.Spec, args[0]);
Console.Out.WriteLine($"OPEN {chain.Head.Number} {chain.Head.Hash}");
Console.Out.Flush();
while (true)
{
    var block = ChainCrashWorkload.CommitNext(chain);
    Console.Out.WriteLine($"ACK {block.Header.Number} {block.Header.Hash}");
    Console.Out.Flush();
}
