namespace Contracts.Abi;

/// <summary>A custom error (<c>error InsufficientBalance(uint256 have, uint256 want)</c>) a contract reverts with.</summary>
public sealed class AbiError
{
    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        Name = name;
        Inputs = inputs;
        Signature = AbiSelector.Signature(name, inputs);
        Selector = AbiSelector.Selector(Signature);
        InputTypes = inputs.Select(p => p.Type).ToArray();
    }

    /// <summary><c>Error(string)</c>: the revert reason every language's <c>revert("…")</c> produces.</summary>
    public static AbiError Error { get; } = new("Error", [new AbiParameter("message", AbiType.String)]);

    /// <summary><c>Panic(uint256)</c>: Solidity's assertion failures, by code.</summary>
    public static AbiError Panic { get; } = new("Panic", [new AbiParameter("code", AbiType.UInt256)]);

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public string Signature { get; }

    public byte[] Selector { get; }

    public IReadOnlyList<AbiType> InputTypes { get; }

    /// <summary>The revert data: selector then the encoded values.</summary>
    public byte[] Encode(params object?[] values) => AbiEncoder.EncodeCall(Selector, InputTypes, values);

    /// <summary>Decodes revert data that starts with this error's selector.</summary>
    public object?[] Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || !data[..4].SequenceEqual(Selector))
        {
            throw new AbiException($"revert data does not start with the selector of {Signature}");
        }

        return AbiDecoder.Decode(InputTypes, data[4..]);
    }

    public override string ToString() => Signature;
}
