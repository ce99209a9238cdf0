namespace Contracts.Cli.Tests;

/// <summary>What one in-process run of the CLI returned and printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <c>contract-cli</c> with <paramref name="args"/> in this process.</summary>
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int exitCode = CliApp.Run(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Path of a committed test module (see Modules/build.sh).</summary>
    public static string Module(string name) => Path.Combine(AppContext.BaseDirectory, "Modules", name);

    /// <summary>Standard output split into lines, without the final empty one.</summary>
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.None) is var lines && lines[^1] == ""
        ? lines[..^1]
        : lines;
}
