using System.Security.Cryptography;
using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using Contracts.GasMetering.Hosting;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// One call of a test module's export on a given tier, plain or gas-instrumented, described as text (results or the
/// trap with its function, offset and fuel left, and optionally a hash of the memory after it) so two tiers' runs
/// compare with one equality that names the difference.
/// </summary>
internal static class TierRun
{
    public static readonly EngineConfig Interpreted = EngineConfig.Default with { Tier = ExecutionTier.Interpreter };
    public static readonly EngineConfig Compiled = IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled);
    public static readonly EngineConfig MeteredInterpreted = GasEngineConfig.Default with { Tier = ExecutionTier.Interpreter };
    public static readonly EngineConfig MeteredCompiled = IlTier.Configure(GasEngineConfig.Default, ExecutionTier.Compiled);

    /// <summary>Fuel no test module's call spends: a run with it tells what the call costs (<see cref="Cost"/>).</summary>
    public const long Plenty = 1L << 40;

    /// <summary>What a call cost, from its description when it started with <see cref="Plenty"/> fuel.</summary>
    public static long Cost(string describedWithPlenty)
    {
        int start = describedWithPlenty.LastIndexOf("fuel ", StringComparison.Ordinal) + "fuel ".Length;
        int end = describedWithPlenty.IndexOf(')', start);
        return Plenty - long.Parse(describedWithPlenty[start..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs <paramref name="run"/> on the metered interpreter and the metered compiled tier with every budget from
    /// <paramref name="from"/> to <paramref name="to"/> in steps of <paramref name="step"/>, asserting each pair equal;
    /// returns the interpreter's descriptions, in order, for what each test counts in them.
    /// </summary>
    public static List<string> AtEveryBudget(Func<EngineConfig, long, string> run, long from, long to, long step = 1)
    {
        var interpretedRuns = new List<string>();
        for (long fuel = from; fuel <= to; fuel += step)
        {
            string interpreted = run(MeteredInterpreted, fuel);
            Assert.Equal(interpreted, run(MeteredCompiled, fuel));
            interpretedRuns.Add(interpreted);
        }
        return interpretedRuns;
    }

    /// <summary>An engine for <paramref name="config"/> and <paramref name="bytes"/> compiled by it; on the compiled tier
    /// every function compiled up front, asserted: a test meaning the compiled tier never silently runs interpreted code.</summary>
    public static (Engine Engine, Module Module) CompileModule(EngineConfig config, byte[] bytes)
    {
        var engine = new Engine(config);
        var module = Module.Compile(engine, bytes);
        if (config.Tier == ExecutionTier.Compiled)
        {
            Assert.True(IlTier.Precompile(module));
            Assert.Equal(module.Info.Bodies.Length, IlTier.CompiledFunctionCount(module));
        }
        return (engine, module);
    }

    /// <summary>Whether a description is of a run that ran out of fuel.</summary>
    public static bool RanOutOfFuel(string description) => description.StartsWith("trap: out of fuel", StringComparison.Ordinal);

    /// <param name="moduleFile">A file of Modules/.</param>
    /// <param name="metered">Instrument the module with gas-metering and start with <paramref name="fuel"/>.</param>
    /// <param name="hashMemory">Append a hash of the memory named "memory" after the call.</param>
    /// <param name="globals">Exported i32 globals whose values to append after the call.</param>
    public static string Describe(string moduleFile, EngineConfig config, bool metered, string export, Value[] arguments, long fuel,
        bool hashMemory = false, string[]? globals = null)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", moduleFile));
        if (metered) bytes = GasInstrumenter.Instrument(bytes).Bytes;
        var (engine, module) = CompileModule(config, bytes);
        var linker = new Linker();
        if (metered) linker.DefineGasImports(engine);
        var store = new Store(engine);
        var instance = linker.Instantiate(store, module);
        if (metered)
        {
            MeteredInstance.Wrap(instance).ResetStackHeight();
            store.Fuel = fuel;
        }
        var function = instance.GetFunction(export)!;
        var results = new Value[function.Type.Results.Length];
        var trap = function.Invoke(arguments, results);
        string memory = hashMemory ? " memory " + Convert.ToHexString(SHA256.HashData(instance.GetMemory("memory")!.Span))[..16] : "";
        foreach (string name in globals ?? []) memory += $" {name} {instance.GetGlobal(name)!.Get().AsI32()}";
        if (trap is not null) return $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset}, fuel {store.Fuel}){memory}";
        string values = string.Join(" ", results.Select(r => r.Type == ValueType.I32 ? r.AsI32().ToString() : r.AsI64().ToString()));
        return $"ok {values} (fuel {store.Fuel}){memory}";
    }
}
