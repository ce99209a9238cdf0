using BenchmarkDotNet.Running;
using Contracts.Engine.Benchmarks.SharedBench;

// `shared-bench [--runs N]` times ../shared/bench against Wasmtime in this process; anything else goes to
// BenchmarkDotNet (e.g. `--filter '*Execute*'`, `--list flat`).
if (args.Length > 0 && args[0] == "shared-bench") return SharedBenchRunner.Run(args[1..], Console.Out);

BenchmarkSwitcher.FromAssembly(typeof(Contracts.Engine.Benchmarks.BenchModules).Assembly).Run(args);
return 0;
