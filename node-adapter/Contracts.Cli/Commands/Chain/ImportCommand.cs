using System.CommandLine;
using Contracts.Chain.Export;
using Contracts.Chain.Replay;

namespace Contracts.Cli.Commands.Chain;

/// <summary><c>import --data-dir D [--chain SPEC] FILE</c>: blocks from an export file, each executed and checked against its header.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var dataDirectory = ChainCommandSupport.DataDirectoryOption(required: true);
        var chain = ChainCommandSupport.ChainSpecOption();
        var json = ChainCommandSupport.JsonOption();
        var file = new Argument<string>("file") { Description = "A block file in geth's export format (.gz: gzip-compressed).", HelpName = "FILE" };
        var command = new Command("import", """
            Import blocks from an export file into a data directory (created at the chain spec's genesis when new),
            executing every block on its parent's state and committing it only if it reproduces its header (gas used,
            bloom, transactions and receipts roots, state root, hash). A genesis block in the file must be the spec's
            and blocks already present are skipped, as geth does.
            Exit codes: 0 success, 2 bad file or data directory, 4 a block does not reproduce (nothing after it is imported).
            """)
        {
            dataDirectory, chain, json, file,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, error) =>
        {
            var spec = ChainCommandSupport.ReadSpec(parseResult.GetRequiredValue(chain));
            string path = parseResult.GetRequiredValue(file);
            long total = CountBlocks(path);
            using var blockchain = ChainCommandSupport.Open(spec, parseResult.GetRequiredValue(dataDirectory), mustExist: false);
            var report = ImportFile(blockchain, path, total, error);
            if (parseResult.GetValue(json))
            {
                ChainCommandSupport.WriteJson(output, report, w => w.WriteNumber("head", blockchain.Head.Number));
            }
            else
            {
                output.WriteLine($"imported {report.BlocksVerified} blocks ({report.TransactionsVerified} transactions), skipped {report.BlocksSkipped}, in {ChainCommandSupport.Seconds(report.Elapsed)} s ({ChainCommandSupport.Rate(report.BlocksPerSecond)} blocks/s); head is block {blockchain.Head.Number} [{blockchain.Head.Hash}]");
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

    /// <summary>How many blocks the file holds (a first pass over the prefixes, for the progress bar's total).</summary>
    internal static long CountBlocks(string path)
    {
        try
        {
            using var stream = BlockFile.OpenRead(path);
            return BlockFile.Count(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot read block file {path}: {e.Message}");
        }
    }

    /// <summary>Imports the block file at <paramref name="path"/> into <paramref name="blockchain"/> with a progress bar.</summary>
    internal static ReplayReport ImportFile(Contracts.Chain.Blockchain blockchain, string path, long total, TextWriter error, string description = "import")
    {
        try
        {
            using var stream = BlockFile.OpenRead(path);
            return ChainCommandSupport.WithProgress(error, description, total, progress =>
                new ChainImporter(blockchain).Import(BlockFile.Read(stream), new ReplayOptions { Progress = progress }, total));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot read block file {path}: {e.Message}");
        }
    }
}
