using Contracts.State.CrashChild;
using Contracts.State.Storage;
using Contracts.State.World;

// Commits CrashWorkload's commits, one after another, into the store at args[0], each with its block records
// and the head in the same batch, printing each root only once the store has acknowledged it (the synced write
// returned). A test kills this process at random moments.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Contracts.State.CrashChild <store directory>");
    return 2;
}

using var store = RocksDbStateStore.Open(args[0]);
var state = WorldState.OpenHead(store);
var height = CrashWorkload.Height(store);
Console.Out.WriteLine($"OPEN {height} {store.Head}");
Console.Out.Flush();
for (var n = height + 1; ; n++)
{
    CrashWorkload.Apply(state, n);
    var root = state.Commit((root, records) => CrashWorkload.AddRecords(n, root, records));
    Console.Out.WriteLine($"ACK {n} {root}");
    Console.Out.Flush();
}
