using System.CommandLine;
using System.CommandLine.Invocation;
using Contracts.Cli.Commands;
using Contracts.Cli.Commands.Chain;
using Contracts.Cli.Commands.Client;
using Contracts.Engine.Runtime;

namespace Contracts.Cli;

/// <summary>
/// The command-line application, runnable in-process: <see cref="Run"/> takes the arguments and the two output
/// streams and returns the exit code, so tests drive it exactly as a shell would.
/// </summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("""
            contract-cli: run, test and inspect WebAssembly contracts on the Contracts engine
            (a deterministic WebAssembly 2.0 interpreter).
            """)
        {
            RunCommand.Create().WithGasOption(),
            WastCommand.Create(),
            InspectCommand.Create().WithInstrumentedOption(),
            InstrumentCommand.Create(),
            GasCommand.Create(),
            AccountsCommand.Create(),
            BalanceCommand.Create(),
            BlockCommand.Create(),
            TxCommand.Create(),
            ReceiptCommand.Create(),
            CodeCommand.Create(),
            StorageCommand.Create(),
            LogsCommand.Create(),
            CallCommand.Create(),
            SendCommand.Create(),
            DeployCommand.Create(),
            ExportCommand.Create(),
            ImportCommand.Create(),
            ReplayCommand.Create(),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors) error.WriteLine($"error: {parseError.Message}");
            var command = parseResult.CommandResult.Command;
            string name = command == root ? "contract-cli" : $"contract-cli {command.Name}";
            error.WriteLine($"Run '{name} --help' for usage.");
            return ExitCodes.UsageOrLoadError;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        };
        return parseResult.Invoke(configuration);
    }

    /// <summary>
    /// Runs a command body, mapping every failure to its exit code and a message on standard error. Nothing a
    /// module or the user does escapes as an exception.
    /// </summary>
    internal static int Guard(ParseResult parseResult, Func<TextWriter, TextWriter, int> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (CliException e)
        {
            error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (TrapException e)
        {
            error.WriteLine($"trap: {e.Trap.Message}");
            if (e.Trap.FunctionIndex >= 0) error.WriteLine($"  in function {e.Trap.FunctionIndex}");
            if (e.Trap.Offset >= 0) error.WriteLine($"  at byte offset 0x{e.Trap.Offset:x}");
            return ExitCodes.TrapOrTestFailure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.InternalError;
        }
    }
}
