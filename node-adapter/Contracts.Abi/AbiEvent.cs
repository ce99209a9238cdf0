using Contracts.State.Crypto;

namespace Contracts.Abi;

/// <summary>A contract event: its topic 0, and how its logs decode into named values.</summary>
public sealed class AbiEvent
{
    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous = false)
    {
        var indexedCount = inputs.Count(p => p.Indexed);
        if (indexedCount > (anonymous ? 4 : 3))
        {
            throw new AbiException($"event {name}: {indexedCount} indexed parameters, at most {(anonymous ? 4 : 3)}");
        }

        Name = name;
        Inputs = inputs;
        Anonymous = anonymous;
        Signature = AbiSelector.Signature(name, inputs);
        Topic = AbiSelector.Hash(Signature);
        _dataTypes = inputs.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
    }

    private readonly AbiType[] _dataTypes;

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>An anonymous event has no topic 0: its topics are only the indexed values.</summary>
    public bool Anonymous { get; }

    /// <summary>The canonical signature, e.g. <c>Transfer(address,address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary><c>keccak256(Signature)</c>: topic 0 of its logs unless anonymous.</summary>
    public byte[] Topic { get; }

    /// <summary>Parses <c>Transfer(address indexed from, address indexed to, uint256 value)</c>.</summary>
    public static AbiEvent Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("event ", StringComparison.Ordinal))
        {
            trimmed = trimmed["event ".Length..].TrimStart();
        }

        var open = trimmed.IndexOf('(');
        if (open <= 0)
        {
            throw new AbiException($"'{text}': expected Name(parameters)");
        }

        var close = AbiFunction.MatchingParenthesis(trimmed, open, text);
        var rest = trimmed[(close + 1)..].Trim();
        if (rest.Length > 0 && rest != "anonymous")
        {
            throw new AbiException($"'{text}': unexpected '{rest}'");
        }

        return new AbiEvent(trimmed[..open].Trim(), AbiFunction.ParseParameters(trimmed[(open + 1)..close]),
            rest == "anonymous");
    }

    /// <summary>
    /// The topic an indexed value produces: its word for a static type, <c>keccak256</c> of the bytes of a
    /// <c>string</c>/<c>bytes</c> (what a log filter matches).
    /// </summary>
    public static byte[] EncodeTopic(AbiType type, object? value)
    {
        return type.Kind switch
        {
            AbiTypeKind.String when value is string s =>
                Keccak256.Compute(System.Text.Encoding.UTF8.GetBytes(s)).ToArray(),
            AbiTypeKind.Bytes when value is byte[] b => Keccak256.Compute(b).ToArray(),
            _ when !type.IsDynamic && type.HeadSize == AbiType.WordSize => AbiEncoder.EncodeWord(type, value),
            _ => throw new AbiException($"{type}: topics of arrays and tuples are not supported"),
        };
    }

    /// <summary>The topics of a log of this event for the given argument values (all of them, in order).</summary>
    public byte[][] EncodeTopics(params object?[] arguments)
    {
        if (arguments.Length != Inputs.Count)
        {
            throw new AbiException($"event {Signature}: expected {Inputs.Count} values, got {arguments.Length}");
        }

        var topics = new List<byte[]>();
        if (!Anonymous)
        {
            topics.Add(Topic);
        }

        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Indexed)
            {
                topics.Add(EncodeTopic(Inputs[i].Type, arguments[i]));
            }
        }

        return topics.ToArray();
    }

    /// <summary>The data of a log of this event: the ABI encoding of the values that are not indexed.</summary>
    public byte[] EncodeData(params object?[] arguments)
    {
        if (arguments.Length != Inputs.Count)
        {
            throw new AbiException($"event {Signature}: expected {Inputs.Count} values, got {arguments.Length}");
        }

        return AbiEncoder.Encode(_dataTypes, arguments.Where((_, i) => !Inputs[i].Indexed).ToArray());
    }

    /// <summary>Whether a log's topic 0 is this event's (never true for an anonymous event).</summary>
    public bool Matches(IReadOnlyList<byte[]> topics) =>
        !Anonymous && topics.Count == 1 + Inputs.Count(p => p.Indexed) && topics[0].AsSpan().SequenceEqual(Topic);

    /// <summary>
    /// Decodes a log into one value per input, in declaration order. An indexed <c>string</c>, <c>bytes</c>, array or
    /// tuple comes back as the 32-byte hash the topic holds.
    /// </summary>
    public object?[] DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var first = Anonymous ? 0 : 1;
        var indexedCount = Inputs.Count(p => p.Indexed);
        if (topics.Count != first + indexedCount)
        {
            throw new AbiException($"event {Signature}: expected {first + indexedCount} topics, got {topics.Count}");
        }

        if (!Anonymous && !topics[0].AsSpan().SequenceEqual(Topic))
        {
            throw new AbiException($"event {Signature}: topic 0 is not this event's");
        }

        var dataValues = AbiDecoder.Decode(_dataTypes, data);
        var values = new object?[Inputs.Count];
        var topic = first;
        var dataIndex = 0;
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (!Inputs[i].Indexed)
            {
                values[i] = dataValues[dataIndex++];
                continue;
            }

            var word = topics[topic++];
            if (word.Length != AbiType.WordSize)
            {
                throw new AbiException($"event {Signature}: topic {topic - 1} is {word.Length} bytes, not 32");
            }

            var type = Inputs[i].Type;
            values[i] = type.IsDynamic || type.HeadSize != AbiType.WordSize
                ? word.ToArray()
                : AbiDecoder.DecodeWord(type, word);
        }

        return values;
    }

    public override string ToString() => Signature;
}
