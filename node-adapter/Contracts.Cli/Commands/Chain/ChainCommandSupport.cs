using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Contracts.Chain;
using Contracts.Chain.Replay;
using Contracts.Execution.ChainSpecs;
using Contracts.State.Storage;
using Spectre.Console;

namespace Contracts.Cli.Commands.Chain;

/// <summary>
/// What <c>export</c>, <c>import</c> and <c>replay</c> share: the chain spec and data directory options, opening
/// the chain with errors a user can act on, the progress bar and the JSON report.
/// </summary>
internal static class ChainCommandSupport
{
    public static Option<string> DataDirectoryOption(bool required) => new("--data-dir")
    {
        Description = "The node's data directory (a RocksDB store holding the chain's state and blocks).",
        HelpName = "DIR",
        Required = required,
    };

    public static Option<string> ChainSpecOption() => new("--chain")
    {
        Description = "The chain spec: a JSON file (node-adapter/docs/chain-spec.md) or 'devnet' for the built-in devnet spec. Default: devnet.",
        HelpName = "SPEC",
        DefaultValueFactory = _ => "devnet",
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the result as one JSON object (for scripts) instead of text." };

    public static ChainSpec ReadSpec(string spec)
    {
        if (spec.Equals("devnet", StringComparison.OrdinalIgnoreCase)) return ChainSpec.Devnet();
        try
        {
            return ChainSpecReader.ReadFile(spec);
        }
        catch (ChainSpecException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {e.Message}");
        }
    }

    /// <summary>Opens the chain in <paramref name="dataDirectory"/>; <paramref name="mustExist"/> refuses a directory without one.</summary>
    public static Blockchain Open(ChainSpec spec, string dataDirectory, bool mustExist)
    {
        if (mustExist && !Directory.Exists(dataDirectory))
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: no data directory at {dataDirectory}");
        try
        {
            return Blockchain.Open(spec, dataDirectory);
        }
        catch (ChainStoreException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {e.Message}; pass the chain spec the data directory was created with (--chain SPEC)");
        }
        catch (StateStoreException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot open the data directory {dataDirectory}: {e.Message} (is a node running on it?)");
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar (blocks, blocks/s, ETA) on standard error when it is a
    /// terminal; otherwise without one, so piped and scripted output stays clean.
    /// </summary>
    public static T WithProgress<T>(TextWriter error, string description, long total, Func<IProgress<ReplayProgress>?, T> work)
    {
        bool terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new BlocksColumn(), new BlocksPerSecondColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(1, total));
                if (total <= 0) task.IsIndeterminate = true;
                result = work(new ProgressReporter(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => perSecond.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>The human lines of a divergence: where, which field, both values.</summary>
    public static void WriteDivergence(TextWriter error, ReplayDivergence divergence)
    {
        error.WriteLine($"divergence at block {divergence.BlockNumber} [{divergence.BlockHash}]");
        if (divergence.TransactionIndex is { } index) error.WriteLine($"  transaction {index} [{divergence.TransactionHash}]");
        error.WriteLine($"  field     {divergence.Field}");
        error.WriteLine($"  recorded  {divergence.Recorded}");
        error.WriteLine($"  replayed  {divergence.Replayed}");
    }

    /// <summary>A replay or import report as one JSON object.</summary>
    public static void WriteJson(TextWriter output, ReplayReport report, Action<Utf8JsonWriter>? more = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("clean", report.Clean);
            json.WriteNumber("fromBlock", report.FromBlock);
            json.WriteNumber("toBlock", report.ToBlock);
            json.WriteNumber("blocks", report.BlocksVerified);
            json.WriteNumber("blocksSkipped", report.BlocksSkipped);
            json.WriteNumber("transactions", report.TransactionsVerified);
            json.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
            json.WriteNumber("blocksPerSecond", Math.Round(report.BlocksPerSecond, 1));
            json.WriteNumber("transactionsPerSecond", Math.Round(report.TransactionsPerSecond, 1));
            more?.Invoke(json);
            if (report.Divergence is { } d)
            {
                json.WriteStartObject("divergence");
                json.WriteNumber("blockNumber", d.BlockNumber);
                json.WriteString("blockHash", d.BlockHash.ToString());
                if (d.TransactionIndex is { } index)
                {
                    json.WriteNumber("transactionIndex", index);
                    json.WriteString("transactionHash", d.TransactionHash?.ToString());
                }
                else
                {
                    json.WriteNull("transactionIndex");
                    json.WriteNull("transactionHash");
                }
                json.WriteString("field", d.Field);
                json.WriteString("recorded", d.Recorded);
                json.WriteString("replayed", d.Replayed);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("divergence");
            }
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private sealed class ProgressReporter(ProgressTask task) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value)
        {
            if (value.BlocksTotal > 0 && task.IsIndeterminate)
            {
                task.IsIndeterminate = false;
                task.MaxValue = value.BlocksTotal;
            }
            task.Value = value.BlocksDone;
        }
    }

    private sealed class BlocksColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text($"{task.Value:0}/{task.MaxValue:0} blocks");
    }

    private sealed class BlocksPerSecondColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed.ToString("F1", CultureInfo.InvariantCulture)} blocks/s" : "- blocks/s");
    }
}
