using System.CommandLine;
using System.CommandLine.Invocation;
using Contracts.Cli.Values;
using Contracts.Engine;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using Contracts.GasMetering.Hosting;
using WasmEngine = Contracts.Engine.Engine;

namespace Contracts.Cli.Commands;

/// <summary>
/// Gas metering added to existing commands without changing them: <c>run ... --gas LIMIT</c> runs the module
/// instrumented, and <c>inspect --instrumented</c> shows what instrumentation adds. Without these options the
/// commands behave exactly as before.
/// </summary>
public static class GasOptions
{
    /// <summary>Adds <c>--gas LIMIT</c> to the <c>run</c> command.</summary>
    public static Command WithGasOption(this Command run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var gas = new Option<long?>("--gas")
        {
            HelpName = "LIMIT",
            Description = "Run FILE instrumented for gas metering with LIMIT gas: prints 'gas used: N' (the call's "
                + "execution only) on stderr; running out exits 1 with 'trap: out of gas'.",
        };
        gas.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 0) result.AddError("--gas must not be negative");
        });
        run.Options.Add(gas);

        var file = run.Arguments.OfType<Argument<string>>().Single(a => a.Name == "file");
        var arguments = run.Arguments.OfType<Argument<string[]>>().Single(a => a.Name == "args");
        var invoke = run.Options.OfType<Option<string>>().Single(o => o.Name == "--invoke");
        var fuel = run.Options.OfType<Option<long?>>().Single(o => o.Name == "--fuel");
        var tier = TierOption.Of(run);
        var plain = (SynchronousCommandLineAction)run.Action!;
        run.SetAction(parseResult =>
        {
            if (parseResult.GetValue(gas) is not { } limit) return plain.Invoke(parseResult);
            return CliApp.Guard(parseResult, (output, error) =>
            {
                if (parseResult.GetValue(fuel) is not null)
                    throw new CliException(ExitCodes.UsageOrLoadError, "error: --gas and --fuel exclude each other");
                return RunMetered(parseResult.GetRequiredValue(file), parseResult.GetRequiredValue(invoke),
                    parseResult.GetValue(arguments) ?? [], limit, TierOption.Parse(parseResult.GetValue(tier)), output, error);
            });
        });
        return run;
    }

    /// <summary>Adds <c>--instrumented</c> to the <c>inspect</c> command.</summary>
    public static Command WithInstrumentedOption(this Command inspect)
    {
        ArgumentNullException.ThrowIfNull(inspect);
        var instrumented = new Option<bool>("--instrumented")
        {
            Description = "Also instrument FILE for gas metering and show what changes: the gas imports, the counter "
                + "export, and per function its new index, stack frame cost and gas charges.",
        };
        inspect.Options.Add(instrumented);
        var file = inspect.Arguments.OfType<Argument<string>>().Single(a => a.Name == "file");
        var plain = (SynchronousCommandLineAction)inspect.Action!;
        inspect.SetAction(parseResult =>
        {
            int code = plain.Invoke(parseResult);
            if (code != ExitCodes.Success || !parseResult.GetValue(instrumented)) return code;
            return CliApp.Guard(parseResult, (output, _) => DescribeInstrumentation(parseResult.GetRequiredValue(file), output));
        });
        return inspect;
    }

    public static int RunMetered(string path, string exportName, string[] argumentTexts, long gasLimit, ExecutionTier tier,
        TextWriter output, TextWriter error)
    {
        var bytes = ModuleFile.Read(path);
        var instrumented = GasInstrumentation.Instrument(path, bytes, InstrumentationOptions.Default);
        var engine = new WasmEngine(TierOption.Configure(GasEngineConfig.Default, tier));
        var module = ModuleFile.Compile(engine, path, instrumented.Bytes);
        var export = Array.Find(module.Info.Exports, e => e.Name == exportName && e.Kind == ExternalKind.Function)
            ?? throw new CliException(ExitCodes.UsageOrLoadError, $"error: no exported function '{exportName}'");
        var type = module.Info.GetFunctionType(export.Index);
        if (argumentTexts.Length != type.Parameters.Length)
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: '{exportName}' takes {type.Parameters.Length} argument(s) {type}, got {argumentTexts.Length}");
        var arguments = new Value[argumentTexts.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            if (!ValueText.TryParse(argumentTexts[i], type.Parameters[i], out arguments[i], out string message))
                throw new CliException(ExitCodes.UsageOrLoadError, $"error: argument {i + 1} of '{exportName}' ({type.Parameters[i].ToWatName()}): {message}");
        }

        MeteredInstance instance;
        try
        {
            instance = MeteredInstance.Instantiate(new Linker().DefineGasImports(engine), new Store(engine), module, gasLimit);
        }
        catch (InstantiationTrapException e)
        {
            return ReportTrap(e.Trap, null, instrumented.Functions, error);
        }
        catch (LinkException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path}: cannot link (the CLI grants only the gas imports): {e.Message}");
        }
        catch (InstantiationException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path}: cannot instantiate: {e.Message}");
        }

        var result = instance.Call(exportName, gasLimit, arguments);
        if (result.Trap is { } trap) return ReportTrap(trap, result.GasUsed, instrumented.Functions, error);
        foreach (var value in result.Results) output.WriteLine(ValueText.Format(value));
        error.WriteLine($"gas used: {result.GasUsed}");
        return ExitCodes.Success;
    }

    /// <summary>Names the original function: the gas imports moved the defined ones.</summary>
    private static int ReportTrap(Trap trap, ulong? gasUsed, FunctionIndexMap functions, TextWriter error)
    {
        error.WriteLine(trap.Kind == TrapKind.OutOfFuel ? "trap: out of gas" : $"trap: {trap.Message}");
        if (trap.FunctionIndex >= 0 && functions.ToOriginal((uint)trap.FunctionIndex) is { } original)
            error.WriteLine($"  in function {original}");
        if (gasUsed is { } used) error.WriteLine($"gas used: {used}");
        return ExitCodes.TrapOrTestFailure;
    }

    private static int DescribeInstrumentation(string path, TextWriter output)
    {
        var bytes = ModuleFile.Read(path);
        var options = InstrumentationOptions.Default;
        var instrumented = GasInstrumentation.Instrument(path, bytes, options);
        var map = instrumented.Functions;
        var info = Engine.Binary.ModuleDecoder.Decode(instrumented.Bytes, ValidationLimits.Permissive);
        output.WriteLine();
        output.WriteLine($"instrumented ({instrumented.Bytes.Length} bytes, schedule version {options.Schedule.Version}, "
            + $"stack limit {options.StackHeightLimit}, cache key {options.CacheKey})");
        output.WriteLine($"  import gas.charge            func {map.ChargeFunction} {GasImports.ChargeType}");
        output.WriteLine($"  import gas.stack_exhausted   func {map.StackExhaustedFunction} {GasImports.StackExhaustedType}");
        output.WriteLine($"  export {GasImports.StackHeightExport}  global {instrumented.StackHeightGlobal} (mut i32, the stack-height counter)");
        output.WriteLine($"  defined functions move up by {FunctionIndexMap.AddedFunctions}:");
        output.WriteLine("    function  ->  new  frame slots  counted  charges  exported as");
        foreach (var function in instrumented.DefinedFunctions)
        {
            var names = info.Exports.Where(e => e.Kind == ExternalKind.Function && e.Index == function.InstrumentedIndex).Select(e => e.Name);
            output.WriteLine($"    {function.OriginalIndex,8}  ->  {function.InstrumentedIndex,3}  {function.FrameCost,11}  {(function.StackCounted ? "yes" : "leaf"),7}  {function.ChargeCount,7}  {string.Join(", ", names)}");
        }
        return ExitCodes.Success;
    }
}
