using System.Text;
using System.Text.Json;
using Contracts.Abi;

namespace Contracts.Cli.Client;

/// <summary>
/// Where a contract's ABI comes from: a file the user names with <c>--abi</c>, or the <c>contracts.abi</c> custom
/// section of the contract's own code (written there by the SDK's build step, read back with <c>eth_getCode</c>).
/// </summary>
internal static class AbiFiles
{
    /// <summary>
    /// Reads <paramref name="path"/>: a JSON ABI (the array solc, ethers and cast write), a compiler artifact with an
    /// <c>abi</c> member (solc, forge, hardhat), a human-readable ABI (one <c>function …</c>, <c>event …</c> or
    /// <c>error …</c> a line), or a <c>.wasm</c> module or deploy envelope with a <c>contracts.abi</c> section.
    /// </summary>
    public static ContractAbi Read(string path)
    {
        var bytes = ModuleFile.Read(path);
        try
        {
            if (bytes.AsSpan().StartsWith("\0asm"u8) || bytes.AsSpan().StartsWith("\0cxe"u8))
            {
                return ContractAbiSection.Read(bytes)
                    ?? throw new CliException(ExitCodes.UsageOrLoadError, $"error: --abi {path}: the module has no {ContractAbiSection.Name} section");
            }
            var text = Encoding.UTF8.GetString(bytes).Trim().TrimStart('\uFEFF');
            if (text.StartsWith('[')) return ContractAbi.Parse(text);
            if (text.StartsWith('{'))
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.TryGetProperty("abi", out var abi) && abi.ValueKind == JsonValueKind.Array)
                    return ContractAbi.Parse(abi.GetRawText());
                throw new CliException(ExitCodes.UsageOrLoadError, $"error: --abi {path}: a JSON object without an \"abi\" array (expected an ABI or a compiler artifact)");
            }
            var declarations = text.Split('\n').Select(line => line.Trim().TrimEnd(';', ','))
                .Where(line => line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal) && !line.StartsWith('#'));
            return ContractAbi.ParseHumanReadable(declarations);
        }
        catch (Exception e) when (e is AbiException or JsonException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: --abi {path}: {e.Message}");
        }
    }

    /// <summary>The ABI embedded in deployed code, or null when the code has none (or is not ours: EVM bytecode).</summary>
    public static ContractAbi? FromCode(ReadOnlySpan<byte> code)
    {
        try
        {
            return ContractAbiSection.Read(code);
        }
        catch (Exception e) when (e is AbiException or JsonException)
        {
            return null;
        }
    }
}
