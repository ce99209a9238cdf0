using System.CommandLine;
using Contracts.Cli.Client;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>--block B</c> on the state-reading commands: which block's state to read (default latest).</summary>
internal static class BlockOption
{
    public static Option<string> Create() => new("--block", "-b")
    {
        Description = "Read the state at this block: a number (decimal or 0x hex) or latest, earliest, pending, safe, finalized. Default: latest.",
        HelpName = "B",
        DefaultValueFactory = _ => "latest",
    };

    /// <summary>The block as a tag or hex number; a hash is refused here (these methods take numbers and tags).</summary>
    public static string Tag(ParseResult parseResult, Option<string> option)
    {
        var selector = ClientInput.Block(parseResult.GetRequiredValue(option), "--block");
        if (selector.IsHash) throw new CliException(ExitCodes.UsageOrLoadError, "error: --block takes a block number or tag here, not a hash");
        return selector.Value;
    }
}
