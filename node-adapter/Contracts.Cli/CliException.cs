namespace Contracts.Cli;

/// <summary>Ends a command with a message on standard error and an exit code from <see cref="ExitCodes"/>.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
