using System.Buffers.Binary;

namespace Contracts.Execution.Deployment;

/// <summary>
/// Deploy data split into the module and the constructor arguments (node-adapter/docs/host-abi.md, "Deployment"): a
/// bare module (<c>\0asm…</c>) is all module; a deploy envelope is <c>\0cxe</c>, version 1, the module's length as a
/// 4-byte big-endian integer, the module, then the arguments.
/// </summary>
public readonly record struct DeployData(ReadOnlyMemory<byte> Module, ReadOnlyMemory<byte> ConstructorArguments)
{
    public const int EnvelopeHeaderLength = 9;
    public const byte EnvelopeVersion = 1;

    private static ReadOnlySpan<byte> WasmMagic => [0x00, 0x61, 0x73, 0x6D];

    private static ReadOnlySpan<byte> EnvelopeMagic => [0x00, 0x63, 0x78, 0x65];

    /// <summary>Splits <paramref name="data"/>; throws <see cref="DeploymentException"/> when it is neither form.</summary>
    public static DeployData Parse(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        if (span.StartsWith(WasmMagic)) return new DeployData(data, ReadOnlyMemory<byte>.Empty);
        if (!IsEnvelope(span))
            throw new DeploymentException("deploy data is neither a Wasm module (\\0asm) nor a deploy envelope (\\0cxe)");
        var module = EnvelopeModule(span);
        return new DeployData(data[module], data[module.End..]);
    }

    /// <summary>Whether <paramref name="data"/> starts as a deploy envelope does (<c>\0cxe</c>).</summary>
    public static bool IsEnvelope(ReadOnlySpan<byte> data) => data.StartsWith(EnvelopeMagic);

    /// <summary>Where the module lies inside deploy envelope <paramref name="envelope"/>; throws <see cref="DeploymentException"/> for a malformed header.</summary>
    public static Range EnvelopeModule(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < EnvelopeHeaderLength)
            throw new DeploymentException($"deploy envelope header is {envelope.Length} bytes, not {EnvelopeHeaderLength}");
        if (envelope[4] != EnvelopeVersion)
            throw new DeploymentException($"deploy envelope version {envelope[4]} is unknown (this node knows version {EnvelopeVersion})");
        uint moduleLength = BinaryPrimitives.ReadUInt32BigEndian(envelope[5..9]);
        if (moduleLength > (uint)(envelope.Length - EnvelopeHeaderLength))
            throw new DeploymentException($"deploy envelope says the module is {moduleLength} bytes but only {envelope.Length - EnvelopeHeaderLength} follow");
        return new Range(EnvelopeHeaderLength, EnvelopeHeaderLength + (int)moduleLength);
    }

    /// <summary>Builds an envelope around <paramref name="module"/> with <paramref name="arguments"/> after it.</summary>
    public static byte[] Envelope(ReadOnlySpan<byte> module, ReadOnlySpan<byte> arguments)
    {
        var result = new byte[EnvelopeHeaderLength + module.Length + arguments.Length];
        EnvelopeMagic.CopyTo(result);
        result[4] = EnvelopeVersion;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(5), (uint)module.Length);
        module.CopyTo(result.AsSpan(EnvelopeHeaderLength));
        arguments.CopyTo(result.AsSpan(EnvelopeHeaderLength + module.Length));
        return result;
    }
}
