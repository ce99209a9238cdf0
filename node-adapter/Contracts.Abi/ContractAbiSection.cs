using System.Text;
using Contracts.Execution.Deployment;

namespace Contracts.Abi;

/// <summary>
/// The <c>contracts.abi</c> custom section: the contract's ABI JSON inside its Wasm module, written by the SDK's build
/// step, so that tools given only the deployed code (<c>eth_getCode</c>) can encode calls and decode results.
/// </summary>
public static class ContractAbiSection
{
    /// <summary>The custom section's name.</summary>
    public const string Name = "contracts.abi";

    private static ReadOnlySpan<byte> WasmMagic => "\0asm"u8;

    /// <summary>
    /// The ABI embedded in deploy data (a bare module or a deploy envelope, as <c>eth_getCode</c> returns it), or null
    /// when the module has no <c>contracts.abi</c> section.
    /// </summary>
    public static ContractAbi? Read(ReadOnlySpan<byte> code)
    {
        var json = ReadJson(code);
        return json is null ? null : ContractAbi.Parse(json);
    }

    /// <summary>The JSON text of the <c>contracts.abi</c> section, or null when there is none.</summary>
    public static string? ReadJson(ReadOnlySpan<byte> code)
    {
        var module = ModuleOf(code);
        var payload = FindCustomSection(module, Name);
        if (payload is null)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            throw new AbiException($"the {Name} section is not valid UTF-8");
        }
    }

    /// <summary>The payload of the first custom section with this name, or null.</summary>
    public static byte[]? FindCustomSection(ReadOnlySpan<byte> module, string name)
    {
        if (module.Length < 8 || !module[..4].SequenceEqual(WasmMagic))
        {
            throw new AbiException("not a WebAssembly module");
        }

        var position = 8;
        while (position < module.Length)
        {
            var id = module[position++];
            var size = ReadVarUInt32(module, ref position);
            if (size > module.Length - position)
            {
                throw new AbiException($"section {id} at byte {position} runs past the end of the module");
            }

            var sectionEnd = position + (int)size;
            if (id == 0)
            {
                var nameStart = position;
                var nameLength = ReadVarUInt32(module, ref nameStart);
                if (nameLength <= sectionEnd - nameStart &&
                    module.Slice(nameStart, (int)nameLength).SequenceEqual(Encoding.UTF8.GetBytes(name)))
                {
                    return module[(nameStart + (int)nameLength)..sectionEnd].ToArray();
                }
            }

            position = sectionEnd;
        }

        return null;
    }

    /// <summary>Appends a custom section (custom sections may appear anywhere; tools read the first of a name).</summary>
    public static byte[] AppendCustomSection(ReadOnlySpan<byte> module, string name, ReadOnlySpan<byte> payload)
    {
        if (module.Length < 8 || !module[..4].SequenceEqual(WasmMagic))
        {
            throw new AbiException("not a WebAssembly module");
        }

        var nameBytes = Encoding.UTF8.GetBytes(name);
        var content = new List<byte>();
        WriteVarUInt32(content, (uint)nameBytes.Length);
        content.AddRange(nameBytes);
        content.AddRange(payload);
        var result = new List<byte>(module.Length + content.Count + 6);
        result.AddRange(module);
        result.Add(0);
        WriteVarUInt32(result, (uint)content.Count);
        result.AddRange(content);
        return result.ToArray();
    }

    /// <summary>
    /// The module inside deploy data: the data itself, or the module of a deploy envelope (whose format
    /// <see cref="DeployData"/> defines).
    /// </summary>
    public static ReadOnlySpan<byte> ModuleOf(ReadOnlySpan<byte> code)
    {
        if (!DeployData.IsEnvelope(code))
        {
            return code;
        }

        try
        {
            return code[DeployData.EnvelopeModule(code)];
        }
        catch (DeploymentException e)
        {
            throw new AbiException(e.Message);
        }
    }

    private static uint ReadVarUInt32(ReadOnlySpan<byte> bytes, ref int position)
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new AbiException("the module ends inside a LEB128 number");
            }

            var b = bytes[position++];
            result |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new AbiException($"LEB128 number too long at byte {position}");
    }

    private static void WriteVarUInt32(List<byte> output, uint value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            output.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
    }
}
