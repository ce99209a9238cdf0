using System.CommandLine;
using Contracts.Chain;
using Contracts.Chain.Replay;

namespace Contracts.Cli.Commands.Chain;

/// <summary>
/// <c>replay --data-dir D [--from N --to M]</c> and <c>replay --blocks FILE --chain SPEC</c>: re-execute blocks and
/// check them against what was recorded; exit code 4 names the first divergence.
/// </summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var dataDirectory = ChainCommandSupport.DataDirectoryOption(required: false);
        var blocks = new Option<string>("--blocks") { Description = "Replay an export file instead: every block executed from the spec's genesis in memory and checked against its header.", HelpName = "FILE" };
        var chain = ChainCommandSupport.ChainSpecOption();
        var from = new Option<ulong?>("--from") { Description = "First block to replay (--data-dir). Default: 0.", HelpName = "N" };
        var to = new Option<ulong?>("--to") { Description = "Last block to replay, inclusive (--data-dir). Default: the head.", HelpName = "M" };
        var threads = new Option<int>("--threads") { Description = "Blocks verified at once and threads recovering senders. Default: every core.", HelpName = "T", DefaultValueFactory = _ => -1 };
        var json = ChainCommandSupport.JsonOption();
        var command = new Command("replay", """
            Re-execute blocks and check them against the record, bit for bit.
            With --data-dir: each stored block runs on its parent's stored state (blocks in parallel); every
            transaction's sender, receipt (status, gas used, logs, ...) and state diff (account fields, storage slots)
            and the block's gas used, bloom, roots and hash are compared with what the node recorded.
            With --blocks: an export file is executed from the chain spec's genesis; each block must reproduce its header.
            The first divergence is printed with the transaction, the field and both values.
            Exit codes: 0 every block matches, 2 bad input, 4 divergence.
            """)
        {
            dataDirectory, blocks, chain, from, to, threads, json,
        };
        command.Validators.Add(result =>
        {
            bool hasDirectory = result.GetResult(dataDirectory) is not null, hasBlocks = result.GetResult(blocks) is not null;
            if (hasDirectory == hasBlocks) result.AddError("give either --data-dir DIR or --blocks FILE");
            else if (hasBlocks && (result.GetResult(from) is not null || result.GetResult(to) is not null)) result.AddError("--from and --to go with --data-dir; a block file is replayed whole");
        });
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, error) =>
        {
            var spec = ChainCommandSupport.ReadSpec(parseResult.GetRequiredValue(chain));
            int parallelism = parseResult.GetValue(threads);
            if (parallelism == 0 || parallelism < -1) throw new CliException(ExitCodes.UsageOrLoadError, "error: --threads must be a positive number");
            ReplayReport report;
            if (parseResult.GetValue(blocks) is { } path)
            {
                long total = ImportCommand.CountBlocks(path);
                using var memory = Blockchain.OpenInMemory(spec);
                report = ImportCommand.ImportFile(memory, path, total, error, "replay");
            }
            else
            {
                using var blockchain = ChainCommandSupport.Open(spec, parseResult.GetRequiredValue(dataDirectory)!, mustExist: true);
                ulong first = parseResult.GetValue(from) ?? 0;
                ulong last = parseResult.GetValue(to) ?? blockchain.Head.Number;
                if (first > last) throw new CliException(ExitCodes.UsageOrLoadError, $"error: --from {first} is after --to {last}");
                if (last > blockchain.Head.Number) throw new CliException(ExitCodes.UsageOrLoadError, $"error: --to {last} is beyond the head (block {blockchain.Head.Number})");
                report = ChainCommandSupport.WithProgress(error, "replay", (long)(last - first + 1), progress =>
                    new ChainReplayer(blockchain).Replay(first, last, new ReplayOptions { MaxDegreeOfParallelism = parallelism, Progress = progress }));
            }
            if (parseResult.GetValue(json))
            {
                ChainCommandSupport.WriteJson(output, report);
            }
            else
            {
                string verdict = report.Clean ? "all match" : "DIVERGED";
                output.WriteLine($"replayed {report.BlocksVerified} blocks ({report.TransactionsVerified} transactions) of {report.FromBlock}..{report.ToBlock} in {ChainCommandSupport.Seconds(report.Elapsed)} s: {ChainCommandSupport.Rate(report.BlocksPerSecond)} blocks/s, {ChainCommandSupport.Rate(report.TransactionsPerSecond)} transactions/s; {verdict}");
            }
            if (report.Divergence is { } divergence)
            {
                ChainCommandSupport.WriteDivergence(error, divergence);
                return ExitCodes.ReplayDivergence;
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
