using System.Globalization;
using Contracts.Fuzz.Campaign;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;

namespace Contracts.Fuzz;

/// <summary>
/// Command line: <c>--seed S --count N</c> runs cases S .. S+N-1 through the differential oracle (see README.md).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var arguments = CommandLine.Parse(args);
        if (arguments.Error is not null)
        {
            Console.Error.WriteLine(arguments.Error);
            Console.Error.WriteLine(CommandLine.Usage);
            return 2;
        }
        return arguments.Mode switch
        {
            CommandMode.Help => PrintUsage(),
            CommandMode.Afl => Decoding.DecoderFuzzTarget.RunAfl(),
            CommandMode.DecodeFiles => Decoding.DecoderFuzzTarget.RunFiles(arguments.Paths),
            CommandMode.Corpus => Decoding.SeedCorpus.Write(arguments.SpecTestsDirectory, arguments.OutputDirectory ?? "fuzz-corpus"),
            CommandMode.Replay => Replay(arguments),
            _ => RunDifferential(arguments),
        };
    }

    private static int PrintUsage()
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }

    /// <summary>Runs committed or written cases (module + calls files) through the oracle on the chosen tier(s).</summary>
    private static int Replay(CommandLine arguments)
    {
        var (ours, secondTier) = TierChoices.Runners(arguments.Tier);
        using var first = ours;
        using var second = secondTier;
        using var theirs = new WasmtimeRunner(arguments.OptimizeWasmtime);
        var oracle = new DifferentialOracle(ours, theirs, RunSettings.Default, secondTier);
        int diverging = 0;
        foreach (var path in arguments.Paths)
        {
            var regression = Minimization.RegressionCase.Load(path);
            long gas = Minimization.RegressionCase.GasLimit(File.ReadAllLines(Path.ChangeExtension(path, ".calls")));
            var comparison = oracle.Run(regression.Wasm, regression.Wasm, regression.Calls, oracle.Settings with { IntrinsicFuelPerCall = gas });
            Console.WriteLine($"{path}: {comparison.CallsCompared} calls compared, " + (comparison.Divergence is { } d ? $"DIVERGENCE {d}" : "identical"));
            if (comparison.Divergence is not null) diverging++;
        }
        return diverging == 0 ? 0 : 1;
    }

    private static int RunDifferential(CommandLine arguments)
    {
        var options = GeneratorOptions.Default;
        var settings = RunSettings.Default;
        if (arguments.NoDepthLimit) (options, settings) = FuzzCampaign.WithoutDepthLimit();
        if (arguments.Big) options = options with { MaxFunctions = 12, MaxNodesPerFunction = 500, MaxExpressionDepth = 12 };
        if (arguments.SimdPercent is { } simd) options = options with { SimdPercent = simd };
        if (arguments.ArithmeticPercent is { } arithmetic) options = options with { ArithmeticFunctionPercent = arithmetic };
        if (arguments.StridedPercent is { } strided) options = options with { StridedLoopFunctionPercent = strided };
        if (arguments.KernelPercent is { } kernels) options = options with { KernelFunctionPercent = kernels };
        if (arguments.Calls is { } calls) options = options with { MaxInvocationsPerExport = calls };
        var (ours, secondTier) = TierChoices.Runners(arguments.Tier);
        using var first = ours;
        using var second = secondTier;
        using var theirs = new WasmtimeRunner(arguments.OptimizeWasmtime);
        var oracle = new DifferentialOracle(ours, theirs, settings, secondTier);
        Console.WriteLine($"tier: {arguments.Tier.ToString().ToLowerInvariant()}; seeds {arguments.Seed} .. {arguments.Seed + (ulong)Math.Max(arguments.Count, 1) - 1}{(arguments.Metered ? "; gas-instrumented" : "")}");
        var campaign = new FuzzCampaign(oracle, options, arguments.Metered);
        if (arguments.MinimizeCrash)
        {
            Minimization.CrashMinimizer.MinimizeAndWrite(arguments.Seed, campaign.Options, arguments.Tier, arguments.OutputDirectory ?? "fuzz-out", Console.Out);
            return 0;
        }
        int done = 0, executions = 0, tierExecutions = 0, divergences = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        campaign.OnCase = (fuzzCase, comparison) =>
        {
            executions += comparison.CallsCompared;
            tierExecutions += comparison.TierCallsCompared;
            if (comparison.Divergence is not null) divergences++;
            // Progress names the last seed done, so an interrupted chunk still counts: seeds S .. last were compared.
            if (++done % 1_000 == 0)
                Console.WriteLine($"... {done} cases (last seed {fuzzCase.Seed}), {executions} executions, {tierExecutions} tier executions, {divergences} divergences, {clock.Elapsed.TotalSeconds:F0} s");
            if (arguments.Dump || (arguments.Count == 1 && comparison.Divergence is not null))
            {
                Console.WriteLine($"--- seed {fuzzCase.Seed}");
                Console.Write(fuzzCase.Module.Dump());
                foreach (var call in fuzzCase.Invocations) Console.WriteLine($"call {call}");
            }
            if (arguments.SaveDirectory is { } directory)
            {
                Directory.CreateDirectory(directory);
                File.WriteAllBytes(Path.Combine(directory, $"seed-{fuzzCase.Seed}.wasm"), fuzzCase.Encode());
            }
            if (comparison.Divergence is { } divergence)
            {
                Console.WriteLine($"DIVERGENCE seed {fuzzCase.Seed}: {divergence}");
                if (arguments.Minimize) Minimization.RegressionWriter.MinimizeAndWrite(campaign, fuzzCase.Seed, arguments.OutputDirectory ?? "fuzz-out", Console.Out);
            }
        };
        if (arguments.SeedFile is { } seedFile)
        {
            // Rewritten before every case: after a crash of the process (not a trap: an engine bug) it names the seed.
            campaign.OnStart = seed => File.WriteAllText(seedFile, seed.ToString(CultureInfo.InvariantCulture));
        }
        TimeSpan? limit = arguments.Seconds > 0 ? TimeSpan.FromSeconds(arguments.Seconds) : null;
        var statistics = campaign.Run(arguments.Seed, arguments.Count, limit);
        Console.WriteLine($"seeds run: {arguments.Seed} .. {arguments.Seed + (ulong)statistics.Modules - 1}");
        Console.Write(statistics.Report());
        return statistics.Divergences.Count == 0 ? 0 : 1;
    }
}

public enum CommandMode { Differential, Help, Afl, DecodeFiles, Corpus, Replay }

/// <summary>The parsed command line (a handful of flags; no library needed).</summary>
public sealed class CommandLine
{
    public const string Usage =
        """
        usage: dotnet run --project fuzz/Contracts.Fuzz -c Release -- [options]
          --seed S            first case seed (default 1); case i uses seed S+i
          --count N           number of cases (default 100)
          --seconds T         stop after T seconds
          --dump              print every case (module listing and calls)
          --save DIR          write every case's module to DIR/seed-S.wasm
          --replay FILE...    run written or committed cases (FILE.wasm with FILE.calls beside it) on --tier
          --minimize-crash    minimize case --seed that kills the process (each candidate runs in a child process)
          --seed-file FILE    write each case's seed to FILE before running it (names the case if the process dies)
          --no-minimize       do not minimize divergences
          --out DIR           where minimized divergences are written (default fuzz-out)
          --no-depth-limit    generate without the stack-height limiter (native stack exhaustion is counted and re-run under it)
          --optimize          let Cranelift optimize (slower compiles)
          --calls N           up to N rounds of calls of every export per module (default 4): more calls on one
                              instance per module compiled, so more executions per second in long runs
          --simd P            percentage of modules using SIMD (default 50; 100 = all, 0 = none)
          --arithmetic P      percentage of functions in the arithmetic style, rotations kept away from comparisons
                              so the compiled tier's native rotate runs (default 15; 0 = none)
          --strided P         percentage of functions with strided loops (addresses base + i + c), so the compiled
                              tier's check-free loops and deferred f64 stores run (default 15; 0 = none)
          --kernels P         percentage of functions in the kernel style: straight leaves, pointer runs, f64 stores at
                              constant addresses, single-comparison conditions (default 15; 0 = none)
          --big               larger modules (12 functions, 500 nodes each, expressions 12 deep)
          --tier T            our engine's tier: interpreter (default), compiled, or both (each tier against
                              Wasmtime, and the compiled tier against the interpreter: traps, fuel, state)
          --gas               instrument every module with GasInstrumenter and compare gas left after every call
          --afl               SharpFuzz/AFL++ target over raw module bytes (see fuzz/README.md)
          --decode FILE...    run the decoder target once on each file (crash reproduction)
          --corpus DIR        write the seed corpus from the spec testsuite (--spec-tests DIR, default ../shared/spec-tests) to --out
        """;

    public CommandMode Mode { get; private set; } = CommandMode.Differential;
    public ulong Seed { get; private set; } = 1;
    public int Count { get; private set; } = 100;
    public double Seconds { get; private set; }
    public bool Dump { get; private set; }
    public bool Minimize { get; private set; } = true;
    public bool NoDepthLimit { get; private set; }
    public bool OptimizeWasmtime { get; private set; }
    public bool Metered { get; private set; }
    public bool Big { get; private set; }
    public TierChoice Tier { get; private set; } = TierChoice.Interpreter;
    public string? SaveDirectory { get; private set; }
    public string? SeedFile { get; private set; }
    public bool MinimizeCrash { get; private set; }
    public int? SimdPercent { get; private set; }
    public int? ArithmeticPercent { get; private set; }
    public int? StridedPercent { get; private set; }
    public int? KernelPercent { get; private set; }
    public int? Calls { get; private set; }
    public string? OutputDirectory { get; private set; }
    public string SpecTestsDirectory { get; private set; } = Path.Combine("..", "shared", "spec-tests");
    public List<string> Paths { get; } = [];
    public string? Error { get; private set; }

    public static CommandLine Parse(string[] args)
    {
        var result = new CommandLine();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--seed": result.Seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--count": result.Count = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seconds": result.Seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--dump": result.Dump = true; break;
                    case "--save": result.SaveDirectory = Next(); break;
                    case "--seed-file": result.SeedFile = Next(); break;
                    case "--minimize-crash": result.MinimizeCrash = true; break;
                    case "--calls": result.Calls = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--simd": result.SimdPercent = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--arithmetic": result.ArithmeticPercent = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--strided": result.StridedPercent = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--kernels": result.KernelPercent = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--replay":
                        result.Mode = CommandMode.Replay;
                        while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) result.Paths.Add(args[++i]);
                        break;
                    case "--no-minimize": result.Minimize = false; break;
                    case "--out": result.OutputDirectory = Next(); break;
                    case "--no-depth-limit": result.NoDepthLimit = true; break;
                    case "--optimize": result.OptimizeWasmtime = true; break;
                    case "--gas": result.Metered = true; break;
                    case "--big": result.Big = true; break;
                    case "--tier": result.Tier = TierChoices.Parse(Next()); break;
                    case "--afl": result.Mode = CommandMode.Afl; break;
                    case "--decode":
                        result.Mode = CommandMode.DecodeFiles;
                        while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) result.Paths.Add(args[++i]);
                        break;
                    case "--corpus": result.Mode = CommandMode.Corpus; result.OutputDirectory ??= Next(); break;
                    case "--spec-tests": result.SpecTestsDirectory = Next(); break;
                    case "--help" or "-h": result.Mode = CommandMode.Help; break;
                    default: result.Error = $"unknown option {args[i]}"; return result;
                }
            }
            catch (FormatException e)
            {
                result.Error = e.Message;
                return result;
            }
        }
        return result;
    }
}
