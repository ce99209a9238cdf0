using BenchmarkDotNet.Running;
using Contracts.State.Benchmarks;

// dotnet run -c Release --project state/Contracts.State.Benchmarks -- --filter '*'
// dotnet run -c Release --project state/Contracts.State.Benchmarks -- quick-keccak | quick-commit | quick-commit-phases | quick-rocksdb-write | quick-big-state [rocksdb | memory | nethereum]
if (args is ["quick-keccak"])
{
    QuickKeccak.Run();
    return;
}

if (args is ["quick-big-state"])
{
    QuickBigState.Run();
    return;
}

if (args is ["quick-big-state", "rocksdb"])
{
    QuickBigState.Run(rocksDbOnly: true);
    return;
}

if (args is ["quick-big-state", "memory"])
{
    QuickBigState.RunMemoryOnly();
    return;
}

if (args is ["quick-big-state", "nethereum"])
{
    QuickBigState.RunScaledNethereum();
    return;
}

if (args is ["quick-commit-phases"])
{
    QuickCommitPhases.Run();
    return;
}

if (args is ["quick-rocksdb-write"])
{
    QuickRocksDbWrite.Run();
    return;
}

if (args is ["quick-commit"])
{
    QuickCommit.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickKeccak).Assembly).Run(args);
