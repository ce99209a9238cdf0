using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Contracts.Engine.Benchmarks.SharedBench;

// `shared-bench [--runs N]` times ../shared/bench against Wasmtime in this process; `compile-bench` times
// decode + validate + translate per KiB; `tier-bench [--runs N]` the compiled tier's metering overhead and compile time against
// Wasmtime's; `simd-bench [--runs N]` times the SIMD kernels of Modules/simd built with and
// without SIMD on our engine and Wasmtime; anything else goes to
// BenchmarkDotNet (e.g. `--filter '*Execute*'`, `--list flat`, `--job short`, `--inProcess`).
if (args.Length > 0 && args[0] == "shared-bench") return SharedBenchRunner.Run(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "tier-bench") return TierBench.Run(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "compile-bench") return CompileBench.Run(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "simd-bench") return Contracts.Engine.Benchmarks.SimdBench.Run(args[1..], Console.Out);

// BenchmarkDotNet builds a child project per job; on a busy 2-core machine that takes longer than its 2-minute default.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(Contracts.Engine.Benchmarks.BenchModules).Assembly).Run(args, config);
return 0;
