using System.CommandLine;
using Contracts.Engine;
using Contracts.Engine.Compiler;

namespace Contracts.Cli.Commands;

/// <summary>
/// <c>--tier interpreter|compiled|tiered</c> on <c>run</c> and <c>wast</c>: which engine tier runs the Wasm code. Results,
/// traps and gas are identical on every tier (the compiled tier is bit-identical to the interpreter); only speed differs.
/// </summary>
public static class TierOption
{
    public const string Name = "--tier";

    /// <summary>The option, defaulting to the engine's default (<see cref="ExecutionTier.Tiered"/>). <c>auto</c> is accepted
    /// as another name for <c>tiered</c>.</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>(Name)
        {
            HelpName = "interpreter|compiled|tiered",
            Description = "Which engine tier runs the code: 'interpreter' only; 'compiled' (every function compiled to "
                + ".NET IL before its first call); 'tiered' (alias 'auto', the default: interpreted until a module has been "
                + $"calls consumed {EngineConfig.Default.TierUpFuel:N0} fuel, or unmetered, {EngineConfig.Default.TierUpThreshold} calls, then compiled). Results, traps and "
                + "gas are the same on every tier.",
            DefaultValueFactory = _ => "tiered",
        };
        option.AcceptOnlyFromAmong("interpreter", "compiled", "tiered", "auto");
        return option;
    }

    /// <summary>The option named <see cref="Name"/> of <paramref name="command"/>.</summary>
    public static Option<string> Of(Command command) => command.Options.OfType<Option<string>>().Single(o => o.Name == Name);

    public static ExecutionTier Parse(string? text) => text switch
    {
        "interpreter" => ExecutionTier.Interpreter,
        "compiled" => ExecutionTier.Compiled,
        null or "tiered" or "auto" => ExecutionTier.Tiered,
        _ => throw new CliException(ExitCodes.UsageOrLoadError, $"error: unknown tier '{text}' (interpreter, compiled or tiered)"),
    };

    /// <summary><paramref name="config"/> running on <paramref name="tier"/>, with the compiled tier plugged in.</summary>
    public static EngineConfig Configure(EngineConfig config, ExecutionTier tier) => IlTier.Configure(config, tier);
}
