using System.CommandLine;
using Contracts.Chain.Export;

namespace Contracts.Cli.Commands.Chain;

/// <summary><c>export --data-dir D [--from N] [--to M] FILE</c>: canonical blocks to a file in geth's export format.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var dataDirectory = ChainCommandSupport.DataDirectoryOption(required: true);
        var chain = ChainCommandSupport.ChainSpecOption();
        var from = new Option<ulong>("--from") { Description = "First block to export. Default: 0 (the genesis).", HelpName = "N" };
        var to = new Option<ulong?>("--to") { Description = "Last block to export (inclusive). Default: the head.", HelpName = "M" };
        var json = ChainCommandSupport.JsonOption();
        var file = new Argument<string>("file") { Description = "The file to write (gzip-compressed when it ends in .gz, as geth does).", HelpName = "FILE" };
        var command = new Command("export", """
            Write the chain's canonical blocks as RLP, back to back (geth's export format, readable by 'geth import'
            and 'contract-cli import'). Exit codes: 0 success, 2 bad range, data directory or file.
            """)
        {
            dataDirectory, chain, from, to, json, file,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, error) =>
        {
            var spec = ChainCommandSupport.ReadSpec(parseResult.GetRequiredValue(chain));
            using var blockchain = ChainCommandSupport.Open(spec, parseResult.GetRequiredValue(dataDirectory), mustExist: true);
            ulong first = parseResult.GetValue(from);
            ulong last = parseResult.GetValue(to) ?? blockchain.Head.Number;
            if (first > last) throw new CliException(ExitCodes.UsageOrLoadError, $"error: --from {first} is after --to {last}");
            if (last > blockchain.Head.Number) throw new CliException(ExitCodes.UsageOrLoadError, $"error: --to {last} is beyond the head (block {blockchain.Head.Number})");
            string path = parseResult.GetRequiredValue(file);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long count;
            try
            {
                using var stream = BlockFile.Create(path);
                count = ChainCommandSupport.WithProgress(error, "export", (long)(last - first + 1), progress => ChainExporter.Export(blockchain, stream, first, last, progress));
            }
            catch (IOException e)
            {
                throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot write {path}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot write {path}: {e.Message}");
            }
            if (parseResult.GetValue(json))
            {
                output.WriteLine($$"""{"file": {{System.Text.Json.JsonSerializer.Serialize(path)}}, "fromBlock": {{first}}, "toBlock": {{last}}, "blocks": {{count}}, "seconds": {{ChainCommandSupport.Seconds(clock.Elapsed)}}}""");
            }
            else
            {
                output.WriteLine($"exported {count} blocks ({first}..{last}) to {path} in {ChainCommandSupport.Seconds(clock.Elapsed)} s");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
