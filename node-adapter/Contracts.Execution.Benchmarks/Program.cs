using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Execution-layer benchmarks (issue 8's numbers): host-call overhead, a token-transfer-shaped call through the full
// transaction path, and transactions per second on in-memory and RocksDB state. Pass BenchmarkDotNet's arguments,
// e.g. `--filter '*' --job short`. The warm-call comparison (pooled reset vs fresh instance vs Wasmtime) is in
// engine/Contracts.Engine.Benchmarks (InstantiateBenchmarks).
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(Contracts.Execution.Benchmarks.BenchChain).Assembly).Run(args, config);
