namespace Contracts.Abi;

/// <summary>A contract function: its selector, how to encode a call and decode the result.</summary>
public sealed class AbiFunction
{
    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter> outputs,
        string stateMutability = "nonpayable")
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        StateMutability = stateMutability;
        Signature = AbiSelector.Signature(name, inputs);
        Selector = AbiSelector.Selector(Signature);
        InputTypes = inputs.Select(p => p.Type).ToArray();
        OutputTypes = outputs.Select(p => p.Type).ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary><c>pure</c>, <c>view</c>, <c>nonpayable</c> or <c>payable</c>.</summary>
    public string StateMutability { get; }

    /// <summary>Whether the function promises not to change state (a call, not a transaction, is enough).</summary>
    public bool IsReadOnly => StateMutability is "view" or "pure";

    /// <summary>The canonical signature, e.g. <c>transfer(address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>The first 4 bytes of <c>keccak256(Signature)</c>.</summary>
    public byte[] Selector { get; }

    public IReadOnlyList<AbiType> InputTypes { get; }

    public IReadOnlyList<AbiType> OutputTypes { get; }

    /// <summary>
    /// Parses a human-readable signature as cast writes it: <c>balanceOf(address)(uint256)</c>,
    /// <c>transfer(address,uint256)</c>, or with <c>returns</c>: <c>balanceOf(address) returns (uint256)</c>.
    /// </summary>
    public static AbiFunction Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("function ", StringComparison.Ordinal))
        {
            trimmed = trimmed["function ".Length..].TrimStart();
        }

        var open = trimmed.IndexOf('(');
        if (open <= 0)
        {
            throw new AbiException($"'{text}': expected name(types)");
        }

        var name = trimmed[..open].Trim();
        if (!IsIdentifier(name))
        {
            throw new AbiException($"'{text}': '{name}' is not a function name");
        }

        var inputsEnd = MatchingParenthesis(trimmed, open, text);
        var inputs = ParseParameters(trimmed[(open + 1)..inputsEnd]);
        var rest = trimmed[(inputsEnd + 1)..].Trim();
        var mutability = "nonpayable";
        foreach (var word in new[] { "view", "pure", "payable", "nonpayable", "external", "public" })
        {
            if (rest.StartsWith(word + " ", StringComparison.Ordinal) || rest == word)
            {
                if (word is "view" or "pure" or "payable" or "nonpayable")
                {
                    mutability = word;
                }

                rest = rest[word.Length..].TrimStart();
            }
        }

        if (rest.StartsWith("returns", StringComparison.Ordinal))
        {
            rest = rest["returns".Length..].TrimStart();
        }

        IReadOnlyList<AbiParameter> outputs = [];
        if (rest.Length > 0)
        {
            if (rest[0] != '(' || MatchingParenthesis(rest, 0, text) != rest.Length - 1)
            {
                throw new AbiException($"'{text}': unexpected '{rest}' after the inputs");
            }

            outputs = ParseParameters(rest[1..^1]);
        }

        return new AbiFunction(name, inputs, outputs, mutability);
    }

    /// <summary>Calldata: the selector then the ABI-encoded arguments.</summary>
    public byte[] EncodeCall(params object?[] arguments) => AbiEncoder.EncodeCall(Selector, InputTypes, arguments);

    /// <summary>Decodes calldata that starts with this function's selector.</summary>
    public object?[] DecodeCall(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(Selector))
        {
            throw new AbiException($"calldata does not start with the selector of {Signature}");
        }

        return AbiDecoder.Decode(InputTypes, calldata[4..]);
    }

    /// <summary>The ABI encoding of return values (what the contract writes with <c>output_set</c>).</summary>
    public byte[] EncodeOutput(params object?[] values) => AbiEncoder.Encode(OutputTypes, values);

    /// <summary>Decodes what the call returned.</summary>
    public object?[] DecodeOutput(ReadOnlySpan<byte> output) => AbiDecoder.Decode(OutputTypes, output);

    public override string ToString() => Signature;

    internal static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$') &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    /// <summary>Parses <c>address to, uint256 amount</c> or <c>address,uint256</c>; names are optional.</summary>
    internal static IReadOnlyList<AbiParameter> ParseParameters(string text)
    {
        var parameters = new List<AbiParameter>();
        foreach (var part in AbiValueParser.SplitTopLevel(text, ','))
        {
            var item = part.Trim();
            if (item.Length == 0)
            {
                throw new AbiException($"'{text}': empty parameter");
            }

            // The type ends at the first space outside parentheses; words after it are modifiers and a name.
            var depth = 0;
            var typeEnd = item.Length;
            for (var i = 0; i < item.Length; i++)
            {
                depth += item[i] == '(' ? 1 : item[i] == ')' ? -1 : 0;
                if (depth == 0 && item[i] == ' ')
                {
                    typeEnd = i;
                    break;
                }
            }

            var type = AbiType.Parse(item[..typeEnd]);
            var words = item[typeEnd..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var indexed = false;
            var name = string.Empty;
            foreach (var word in words)
            {
                if (word == "indexed")
                {
                    indexed = true;
                }
                else if (word is "memory" or "calldata" or "storage")
                {
                }
                else if (name.Length == 0 && IsIdentifier(word))
                {
                    name = word;
                }
                else
                {
                    throw new AbiException($"'{item}': unexpected '{word}'");
                }
            }

            parameters.Add(new AbiParameter(name, type, indexed));
        }

        return parameters;
    }

    internal static int MatchingParenthesis(string text, int open, string context)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        throw new AbiException($"'{context}': unbalanced parentheses");
    }
}
