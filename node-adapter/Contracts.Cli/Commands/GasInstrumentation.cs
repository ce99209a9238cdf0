using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.GasMetering;

namespace Contracts.Cli.Commands;

/// <summary>Instruments a module for the gas commands, turning every refusal into a <see cref="CliException"/>.</summary>
internal static class GasInstrumentation
{
    public static InstrumentedModule Instrument(string path, byte[] bytes, InstrumentationOptions options)
    {
        try
        {
            return GasInstrumenter.Instrument(bytes, options);
        }
        catch (WasmLoadException e)
        {
            throw ModuleFile.LoadError(path, e);
        }
        catch (GasInstrumentationException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path}: cannot instrument: {e.Message}");
        }
    }

    /// <summary>The schedule in a MessagePack file (see <c>gas schedule -o</c>), or the default one.</summary>
    public static GasSchedule LoadSchedule(string? path)
    {
        if (path is null) return GasSchedule.Default;
        var bytes = ModuleFile.Read(path);
        try
        {
            return GasScheduleSerializer.Deserialize(bytes);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path}: not a valid gas schedule: {e.Message}");
        }
    }
}
