namespace Contracts.Cli.Client;

/// <summary>
/// The input of a call, from what the user typed: <c>0x…</c> is calldata as it is (no arguments allowed after it).
/// </summary>
internal static class CallData
{
    /// <summary>The calldata for METHOD and its arguments.</summary>
    public static byte[] Encode(string method, IReadOnlyList<string> arguments)
    {
        if (!method.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: '{method}' is not 0x calldata");
        if (arguments.Count > 0)
            throw new CliException(ExitCodes.UsageOrLoadError, "error: raw 0x calldata takes no further arguments");
        return ClientInput.Data(method, "calldata");
    }
}
