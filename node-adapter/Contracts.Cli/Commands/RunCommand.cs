using System.CommandLine;
using Contracts.Cli.Values;
using Contracts.Engine;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using WasmEngine = Contracts.Engine.Engine;

namespace Contracts.Cli.Commands;

/// <summary><c>run FILE.wasm --invoke NAME [ARGS...]</c>: instantiate a module with no imports and call one export.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .wasm module to run.", HelpName = "FILE.wasm" };
        // No short alias: "-i" would swallow arguments such as "-inf" (POSIX bundling reads it as "-i nf").
        var invoke = new Option<string>("--invoke")
        {
            Description = "Name of the exported function to call.",
            HelpName = "NAME",
            Required = true,
        };
        var arguments = new Argument<string[]>("args")
        {
            Description = "Arguments, one per parameter: integers as signed/unsigned decimal or 0x hex; floats as decimal, "
                + "inf, -inf, nan or nan:0x<payload>; references as null. Put '--' before them if one starts with '-' "
                + "and could be taken for an option.",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "ARGS",
        };
        var fuel = new Option<long?>("--fuel")
        {
            HelpName = "N",
            Description = "Fuel given to the store; a module that charges fuel (imports gas.charge) traps with "
                + "'out of fuel' when it runs out. Default: unlimited.",
        };
        fuel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 0) result.AddError("--fuel must not be negative");
        });
        var tier = TierOption.Create();

        var command = new Command("run", """
            Instantiate FILE alone (no imports are granted) and call the exported function NAME with ARGS.
            Prints each result on its own line: integers as signed decimal, floats as the shortest decimal that
            round-trips (inf, -inf, nan, nan:0x<payload>, with '-' for a negative NaN), references as null or ref.
            Exit codes: 0 success, 1 trap (message on stderr), 2 bad arguments, missing file, or a module that
            fails to decode, validate or link, 3 internal error.
            """)
        {
            file,
            arguments,
            invoke,
            fuel,
            tier,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, _) => Execute(
            parseResult.GetRequiredValue(file),
            parseResult.GetRequiredValue(invoke),
            parseResult.GetValue(arguments) ?? [],
            parseResult.GetValue(fuel),
            TierOption.Parse(parseResult.GetValue(tier)),
            output)));
        return command;
    }

    public static int Execute(string path, string exportName, string[] argumentTexts, long? fuel, ExecutionTier tier, TextWriter output)
    {
        var bytes = ModuleFile.Read(path);
        var engine = new WasmEngine(TierOption.Configure(GasEngineConfig.Default, tier));
        var module = ModuleFile.Compile(engine, path, bytes);
        var type = FindFunctionType(module, exportName);
        var arguments = ParseArguments(exportName, type, argumentTexts);

        var store = new Store(engine);
        if (fuel is { } limit) store.Fuel = limit;
        Instance instance;
        try
        {
            instance = new Linker().Instantiate(store, module);
        }
        catch (InstantiationTrapException e)
        {
            // A start function or a segment trapped: as much a trap as one in the call itself.
            throw new TrapException(e.Trap);
        }
        catch (LinkException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path}: cannot link (the CLI grants no imports): {e.Message}");
        }
        catch (InstantiationException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path}: cannot instantiate: {e.Message}");
        }

        var function = instance.GetFunction(exportName)
            ?? throw new CliException(ExitCodes.InternalError, $"internal error: the instance has no function export '{exportName}'");
        var results = function.Invoke(arguments);
        foreach (var result in results) output.WriteLine(ValueText.Format(result));
        return ExitCodes.Success;
    }

    private static FunctionType FindFunctionType(Module module, string exportName)
    {
        var info = module.Info;
        var export = Array.Find(info.Exports, e => e.Name == exportName);
        if (export is null || export.Kind != ExternalKind.Function)
        {
            var functions = info.Exports.Where(e => e.Kind == ExternalKind.Function).Select(e => e.Name).ToArray();
            string what = export is null ? "no export named" : $"the {export.Kind.ToString().ToLowerInvariant()} export";
            string available = functions.Length == 0 ? "it exports no functions" : "exported functions: " + string.Join(", ", functions);
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {what} '{exportName}' is not a callable function; {available}");
        }
        return info.GetFunctionType(export.Index);
    }

    private static Value[] ParseArguments(string exportName, FunctionType type, string[] texts)
    {
        var parameters = type.Parameters;
        if (texts.Length != parameters.Length)
        {
            throw new CliException(ExitCodes.UsageOrLoadError,
                $"error: '{exportName}' takes {parameters.Length} argument(s) {type}, got {texts.Length}");
        }
        var values = new Value[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            if (!ValueText.TryParse(texts[i], parameters[i], out values[i], out string error))
            {
                throw new CliException(ExitCodes.UsageOrLoadError,
                    $"error: argument {i + 1} of '{exportName}' ({parameters[i].ToWatName()}): {error}");
            }
        }
        return values;
    }
}
