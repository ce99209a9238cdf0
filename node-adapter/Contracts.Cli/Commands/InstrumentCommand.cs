using System.CommandLine;
using Contracts.GasMetering;

namespace Contracts.Cli.Commands;

/// <summary><c>instrument FILE.wasm -o OUT.wasm</c>: write the gas-metered module, exactly what a node runs.</summary>
public static class InstrumentCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .wasm module to instrument.", HelpName = "FILE.wasm" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the instrumented module.", HelpName = "OUT.wasm", Required = true };
        var stackLimit = new Option<uint?>("--stack-limit")
        {
            Description = $"Stack-height limit in frame slots (default {InstrumentationOptions.DefaultStackHeightLimit}).",
            HelpName = "SLOTS",
        };
        var noStackLimit = new Option<bool>("--no-stack-limit") { Description = "Meter gas only, without the stack-height limiter." };
        var schedule = new Option<string?>("--schedule") { Description = "A gas schedule in MessagePack (default: the built-in one).", HelpName = "FILE" };
        var command = new Command("instrument", """
            Instrument FILE for gas metering: a gas.charge call at the start of every metered block and before every
            dynamic-cost instruction, and the stack-height limiter (import gas.stack_exhausted, exported counter
            __gas_stack_height). The output is an ordinary module any engine runs with those two imports; the same
            input and options always give the same bytes. Exit codes: 0 written, 2 bad usage, unreadable, invalid or
            refused module (already instrumented, or using the reserved "gas" names).
            """)
        {
            file,
            output,
            stackLimit,
            noStackLimit,
            schedule,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (stdout, _) =>
        {
            var options = Options(parseResult.GetValue(stackLimit), parseResult.GetValue(noStackLimit), parseResult.GetValue(schedule));
            return Execute(parseResult.GetRequiredValue(file), parseResult.GetRequiredValue(output), options, stdout);
        }));
        return command;
    }

    internal static InstrumentationOptions Options(uint? stackLimit, bool noStackLimit, string? schedulePath)
    {
        if (noStackLimit && stackLimit is not null)
            throw new CliException(ExitCodes.UsageOrLoadError, "error: --stack-limit and --no-stack-limit exclude each other");
        if (stackLimit is 0 or > InstrumentationOptions.MaxStackHeightLimit)
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: --stack-limit must be between 1 and {InstrumentationOptions.MaxStackHeightLimit}");
        return InstrumentationOptions.Default with
        {
            Schedule = GasInstrumentation.LoadSchedule(schedulePath),
            StackHeightLimit = noStackLimit ? null : stackLimit ?? InstrumentationOptions.DefaultStackHeightLimit,
        };
    }

    public static int Execute(string path, string outputPath, InstrumentationOptions options, TextWriter output)
    {
        var bytes = ModuleFile.Read(path);
        var instrumented = GasInstrumentation.Instrument(path, bytes, options);
        try
        {
            File.WriteAllBytes(outputPath, instrumented.Bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot write {outputPath}: {e.Message}");
        }
        int charges = instrumented.DefinedFunctions.Sum(f => f.ChargeCount);
        output.WriteLine($"{path} ({bytes.Length} bytes) -> {outputPath} ({instrumented.Bytes.Length} bytes)");
        output.WriteLine($"schedule version {options.Schedule.Version}, stack limit {options.StackHeightLimit?.ToString() ?? "off"}, cache key {options.CacheKey}");
        output.WriteLine($"{instrumented.DefinedFunctions.Count} functions, {charges} gas charges; defined functions moved up by {FunctionIndexMap.AddedFunctions}");
        return ExitCodes.Success;
    }
}
