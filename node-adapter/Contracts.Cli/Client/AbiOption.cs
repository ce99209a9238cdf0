using System.CommandLine;
using Contracts.Abi;

namespace Contracts.Cli.Client;

/// <summary><c>--abi FILE</c>: the contract's ABI when its code does not embed one (or to override it).</summary>
internal static class AbiOption
{
    public static Option<string> Create() => new("--abi")
    {
        Description = "The contract's ABI: a JSON ABI, a compiler artifact with an \"abi\" member, a human-readable ABI "
            + "(one 'function …' a line) or a .wasm with a contracts.abi section. Default: the ABI embedded in the contract's code.",
        HelpName = "FILE",
    };

    /// <summary>The ABI in the file the option names, or null when it is not given.</summary>
    public static ContractAbi? Read(ParseResult parseResult, Option<string> option) =>
        parseResult.GetValue(option) is { } path ? AbiFiles.Read(path) : null;
}
