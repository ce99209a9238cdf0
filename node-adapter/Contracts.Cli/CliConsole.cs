using Spectre.Console;

namespace Contracts.Cli;

/// <summary>The Spectre.Console the commands draw tables on: colours on a terminal, plain text of a fixed width otherwise.</summary>
internal static class CliConsole
{
    /// <summary>
    /// Output width when not writing to a terminal, so piped and tested output is stable; wide enough that a trace
    /// line with two addresses and a call does not wrap (tables only take the width they need).
    /// </summary>
    private const int PlainWidth = 240;

    public static IAnsiConsole Create(TextWriter output)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = PlainWidth;
        return console;
    }
}
