using Contracts.Engine;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using WasmEngine = Contracts.Engine.Engine;

namespace Contracts.Cli;

/// <summary>Reads and compiles a module file, turning every way that can fail into a <see cref="CliException"/>.</summary>
public static class ModuleFile
{
    /// <summary>Larger files are refused before reading: no contract is near this, and the engine would refuse it anyway.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    public static byte[] Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path)) throw new CliException(ExitCodes.UsageOrLoadError, $"error: '{path}' is a directory, not a .wasm file");
            if (!info.Exists) throw new CliException(ExitCodes.UsageOrLoadError, $"error: file not found: {path}");
            if (info.Length > MaxBytes)
                throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path} is {info.Length} bytes; the limit is {MaxBytes}");
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot read {path}: {e.Message}");
        }
    }

    public static Module Compile(WasmEngine engine, string path, byte[] bytes)
    {
        try
        {
            return Module.Compile(engine, bytes);
        }
        catch (WasmLoadException e)
        {
            throw LoadError(path, e);
        }
    }

    /// <summary>"malformed" for a binary that does not decode, "invalid" for one that decodes but fails validation.</summary>
    public static CliException LoadError(string path, WasmLoadException e) =>
        new(ExitCodes.UsageOrLoadError,
            $"error: {path}: {(e.IsMalformed ? "malformed" : "invalid")} module: {e.Detail} (at byte offset 0x{e.Offset:x}, {e.Kind})");
}
