using System.Text.Json;
using System.Text.Json.Nodes;

namespace Contracts.Abi;

/// <summary>
/// A contract's Ethereum ABI as solc, ethers and cast write it (the JSON array of functions, events, errors and the
/// constructor), the form the SDK's build step embeds in the <c>contracts.abi</c> custom section.
/// </summary>
public sealed class ContractAbi
{
    private readonly Dictionary<string, AbiFunction> _functionsBySignature;
    private readonly Dictionary<uint, AbiFunction> _functionsBySelector;
    private readonly Dictionary<uint, AbiError> _errorsBySelector;

    public ContractAbi(IReadOnlyList<AbiFunction> functions, IReadOnlyList<AbiEvent> events,
        IReadOnlyList<AbiError> errors, IReadOnlyList<AbiParameter>? constructorInputs = null)
    {
        Functions = functions;
        Events = events;
        Errors = errors;
        ConstructorInputs = constructorInputs ?? [];
        _functionsBySignature = new Dictionary<string, AbiFunction>(StringComparer.Ordinal);
        _functionsBySelector = [];
        foreach (var function in functions)
        {
            if (!_functionsBySignature.TryAdd(function.Signature, function))
            {
                throw new AbiException($"function {function.Signature} is declared twice");
            }

            if (!_functionsBySelector.TryAdd(Key(function.Selector), function))
            {
                throw new AbiException(
                    $"functions {_functionsBySelector[Key(function.Selector)].Signature} and {function.Signature} have the same selector");
            }
        }

        _errorsBySelector = [];
        foreach (var error in errors)
        {
            _errorsBySelector.TryAdd(Key(error.Selector), error);
        }
    }

    public IReadOnlyList<AbiFunction> Functions { get; }

    public IReadOnlyList<AbiEvent> Events { get; }

    public IReadOnlyList<AbiError> Errors { get; }

    /// <summary>The constructor's parameters (empty when it takes none or the ABI declares no constructor).</summary>
    public IReadOnlyList<AbiParameter> ConstructorInputs { get; }

    /// <summary>Parses the JSON array form. Unknown entry kinds (<c>fallback</c>, <c>receive</c>) are skipped.</summary>
    public static ContractAbi Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new AbiException($"ABI JSON: {e.Message}");
        }

        if (root is not JsonArray entries)
        {
            throw new AbiException("ABI JSON: expected an array of entries");
        }

        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiError>();
        IReadOnlyList<AbiParameter>? constructorInputs = null;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry)
            {
                throw new AbiException($"ABI JSON: entry {i} is not an object");
            }

            var kind = GetString(entry, "type", i) ?? "function";
            switch (kind)
            {
                case "function":
                    functions.Add(new AbiFunction(RequireName(entry, i), Parameters(entry["inputs"], i),
                        Parameters(entry["outputs"], i), Mutability(entry, i)));
                    break;
                case "event":
                    events.Add(new AbiEvent(RequireName(entry, i), Parameters(entry["inputs"], i),
                        entry["anonymous"] is JsonValue anonymous && anonymous.GetValueKind() == JsonValueKind.True));
                    break;
                case "error":
                    errors.Add(new AbiError(RequireName(entry, i), Parameters(entry["inputs"], i)));
                    break;
                case "constructor":
                    constructorInputs = Parameters(entry["inputs"], i);
                    break;
                case "fallback" or "receive":
                    break;
                default:
                    throw new AbiException($"ABI JSON: entry {i} has unknown type '{kind}'");
            }
        }

        return new ContractAbi(functions, events, errors, constructorInputs);
    }

    /// <summary>A human-readable ABI, one declaration a line, as ethers accepts it:
    /// <c>function transfer(address to, uint256 amount) returns (bool)</c>, <c>event …</c>, <c>error …</c>.</summary>
    public static ContractAbi ParseHumanReadable(IEnumerable<string> declarations)
    {
        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiError>();
        IReadOnlyList<AbiParameter>? constructorInputs = null;
        foreach (var line in declarations.Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.StartsWith("event ", StringComparison.Ordinal))
            {
                events.Add(AbiEvent.Parse(line));
            }
            else if (line.StartsWith("error ", StringComparison.Ordinal))
            {
                var parsed = AbiFunction.Parse(line["error ".Length..]);
                errors.Add(new AbiError(parsed.Name, parsed.Inputs));
            }
            else if (line.StartsWith("constructor", StringComparison.Ordinal))
            {
                var open = line.IndexOf('(');
                var close = open < 0 ? -1 : AbiFunction.MatchingParenthesis(line, open, line);
                constructorInputs = close < 0
                    ? throw new AbiException($"'{line}': expected constructor(parameters)")
                    : AbiFunction.ParseParameters(line[(open + 1)..close]);
            }
            else
            {
                functions.Add(AbiFunction.Parse(line));
            }
        }

        return new ContractAbi(functions, events, errors, constructorInputs);
    }

    /// <summary>The JSON array form (what <see cref="Parse"/> reads), entries in declaration order.</summary>
    public string ToJson(bool indented = false)
    {
        var entries = new JsonArray();
        if (ConstructorInputs.Count > 0)
        {
            entries.Add(new JsonObject
            {
                ["type"] = "constructor",
                ["inputs"] = ParametersJson(ConstructorInputs, withIndexed: false),
                ["stateMutability"] = "nonpayable",
            });
        }

        foreach (var function in Functions)
        {
            entries.Add(new JsonObject
            {
                ["type"] = "function",
                ["name"] = function.Name,
                ["inputs"] = ParametersJson(function.Inputs, withIndexed: false),
                ["outputs"] = ParametersJson(function.Outputs, withIndexed: false),
                ["stateMutability"] = function.StateMutability,
            });
        }

        foreach (var abiEvent in Events)
        {
            entries.Add(new JsonObject
            {
                ["type"] = "event",
                ["name"] = abiEvent.Name,
                ["inputs"] = ParametersJson(abiEvent.Inputs, withIndexed: true),
                ["anonymous"] = abiEvent.Anonymous,
            });
        }

        foreach (var error in Errors)
        {
            entries.Add(new JsonObject
            {
                ["type"] = "error",
                ["name"] = error.Name,
                ["inputs"] = ParametersJson(error.Inputs, withIndexed: false),
            });
        }

        return entries.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
    }

    /// <summary>The function with this name; an overloaded name must be given as a full signature.</summary>
    public AbiFunction GetFunction(string nameOrSignature)
    {
        if (nameOrSignature.Contains('('))
        {
            var signature = AbiFunction.Parse(nameOrSignature).Signature;
            return _functionsBySignature.TryGetValue(signature, out var exact)
                ? exact
                : throw new AbiException($"the ABI has no function {signature}");
        }

        var matches = Functions.Where(f => f.Name == nameOrSignature).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new AbiException($"the ABI has no function named {nameOrSignature}"),
            _ => throw new AbiException(
                $"{nameOrSignature} is overloaded ({string.Join(", ", matches.Select(m => m.Signature))}): give the signature"),
        };
    }

    /// <summary>The function whose selector starts this calldata, or null.</summary>
    public AbiFunction? FindFunction(ReadOnlySpan<byte> selector) =>
        selector.Length >= 4 && _functionsBySelector.TryGetValue(Key(selector), out var function) ? function : null;

    /// <summary>The event with this name.</summary>
    public AbiEvent GetEvent(string name) =>
        Events.FirstOrDefault(e => e.Name == name) ?? throw new AbiException($"the ABI has no event named {name}");

    /// <summary>The (non-anonymous) event whose topic 0 this is, or null.</summary>
    public AbiEvent? FindEvent(ReadOnlySpan<byte> topic0)
    {
        foreach (var abiEvent in Events)
        {
            if (!abiEvent.Anonymous && topic0.SequenceEqual(abiEvent.Topic))
            {
                return abiEvent;
            }
        }

        return null;
    }

    /// <summary>The custom error whose selector starts this revert data, or null.</summary>
    public AbiError? FindError(ReadOnlySpan<byte> selector) =>
        selector.Length >= 4 && _errorsBySelector.TryGetValue(Key(selector), out var error) ? error : null;

    /// <summary>ABI-encoded constructor arguments (what follows the module in a deploy envelope).</summary>
    public byte[] EncodeConstructorArguments(params object?[] arguments) =>
        AbiEncoder.Encode(ConstructorInputs.Select(p => p.Type).ToArray(), arguments);

    private static uint Key(ReadOnlySpan<byte> selector) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(selector);

    private static string? GetString(JsonObject entry, string property, int index)
    {
        var node = entry[property];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new AbiException($"ABI JSON: entry {index}: '{property}' is not a string");
    }

    private static string RequireName(JsonObject entry, int index)
    {
        var name = GetString(entry, "name", index);
        return name is not null && AbiFunction.IsIdentifier(name)
            ? name
            : throw new AbiException($"ABI JSON: entry {index} has no valid name");
    }

    private static string Mutability(JsonObject entry, int index)
    {
        var mutability = GetString(entry, "stateMutability", index);
        if (mutability is not null)
        {
            return mutability is "pure" or "view" or "nonpayable" or "payable"
                ? mutability
                : throw new AbiException($"ABI JSON: entry {index}: unknown stateMutability '{mutability}'");
        }

        // Pre-0.4.16 ABIs say constant/payable instead.
        var constant = entry["constant"] is JsonValue c && c.GetValueKind() == JsonValueKind.True;
        var payable = entry["payable"] is JsonValue p && p.GetValueKind() == JsonValueKind.True;
        return constant ? "view" : payable ? "payable" : "nonpayable";
    }

    private static IReadOnlyList<AbiParameter> Parameters(JsonNode? node, int index)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            throw new AbiException($"ABI JSON: entry {index}: parameters are not an array");
        }

        var parameters = new AbiParameter[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject parameter)
            {
                throw new AbiException($"ABI JSON: entry {index}: parameter {i} is not an object");
            }

            parameters[i] = new AbiParameter(GetString(parameter, "name", index) ?? string.Empty,
                ParameterType(parameter, index),
                parameter["indexed"] is JsonValue indexed && indexed.GetValueKind() == JsonValueKind.True);
        }

        return parameters;
    }

    private static AbiType ParameterType(JsonObject parameter, int index)
    {
        var type = GetString(parameter, "type", index)
            ?? throw new AbiException($"ABI JSON: entry {index}: a parameter has no type");
        if (!type.StartsWith("tuple", StringComparison.Ordinal))
        {
            return AbiType.Parse(type);
        }

        var components = Parameters(parameter["components"], index);
        var tuple = AbiType.Tuple(components.Select(c => c.Type).ToArray(), components.Select(c => c.Name).ToArray());
        return AbiType.WithArraySuffixes(tuple, type["tuple".Length..], type);
    }

    private static JsonArray ParametersJson(IReadOnlyList<AbiParameter> parameters, bool withIndexed)
    {
        var array = new JsonArray();
        foreach (var parameter in parameters)
        {
            var json = TypeJson(parameter.Name, parameter.Type);
            if (withIndexed)
            {
                json["indexed"] = parameter.Indexed;
            }

            array.Add(json);
        }

        return array;
    }

    private static JsonObject TypeJson(string name, AbiType type)
    {
        // A tuple is written "tuple" plus the array suffixes around it, with its components listed.
        var suffix = string.Empty;
        var inner = type;
        while (inner.Kind is AbiTypeKind.Array or AbiTypeKind.FixedArray)
        {
            suffix = (inner.Kind == AbiTypeKind.Array ? "[]" : $"[{inner.Length}]") + suffix;
            inner = inner.Element!;
        }

        if (inner.Kind != AbiTypeKind.Tuple)
        {
            return new JsonObject { ["name"] = name, ["type"] = type.CanonicalName };
        }

        var components = new JsonArray();
        for (var i = 0; i < inner.Components.Count; i++)
        {
            components.Add(TypeJson(inner.ComponentNames[i], inner.Components[i]));
        }

        return new JsonObject { ["name"] = name, ["type"] = "tuple" + suffix, ["components"] = components };
    }
}
