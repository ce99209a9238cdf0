using Contracts.Abi;

namespace Contracts.Cli.Client;

/// <summary>
/// The calldata for <c>call</c> and <c>send</c>, from METHOD and ARGS as typed: raw <c>0x</c> calldata as it is; a
/// signature such as <c>balanceOf(address)(uint256)</c> (cast's form, no ABI needed); or a bare name looked up in
/// the contract's ABI (<c>--abi FILE</c>, else the ABI embedded in its code). Arguments are parsed by type through
/// the shared codec (<see cref="AbiValueParser"/>).
/// </summary>
/// <param name="Data">The calldata.</param>
/// <param name="Function">The function called, when known: its outputs decode the result.</param>
/// <param name="Abi">The contract's ABI, when known: its errors decode a revert, its events the logs.</param>
internal sealed record ContractCall(byte[] Data, AbiFunction? Function, ContractAbi? Abi)
{
    public static ContractCall Resolve(string address, string method, IReadOnlyList<string> arguments, ContractAbi? abiFile, ContractAbis abis)
    {
        if (method.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (arguments.Count > 0)
                throw Usage($"raw 0x calldata takes no further arguments (got {arguments.Count}); give a method name or signature to encode arguments");
            var data = ClientInput.Data(method, "calldata");
            var abi = abiFile ?? abis.For(address);
            return new ContractCall(data, abi?.FindFunction(data), abi);
        }

        ContractAbi? contractAbi = abiFile ?? abis.For(address);
        AbiFunction function;
        if (method.Contains('('))
        {
            AbiFunction parsed;
            try
            {
                parsed = AbiFunction.Parse(method);
            }
            catch (AbiException e)
            {
                throw Usage($"'{method}' is not a function signature: {e.Message}");
            }
            // The contract's own declaration, when it has one, also knows the outputs and their names.
            function = contractAbi?.Functions.FirstOrDefault(f => f.Signature == parsed.Signature && parsed.Outputs.Count == 0) ?? parsed;
        }
        else
        {
            if (contractAbi is null) throw MissingAbi(address, method, abis);
            try
            {
                function = contractAbi.GetFunction(method);
            }
            catch (AbiException e)
            {
                var known = contractAbi.Functions.Count == 0 ? "none" : string.Join(", ", contractAbi.Functions.Select(f => f.Signature));
                throw Usage($"unknown method '{method}' on {address}: {e.Message} (its functions: {known})");
            }
        }
        return new ContractCall(Encode(function, arguments), function, contractAbi);
    }

    /// <summary>Calldata for <paramref name="function"/> with arguments parsed from text by their types.</summary>
    public static byte[] Encode(AbiFunction function, IReadOnlyList<string> arguments) =>
        function.EncodeCall(ParseArguments(function.Signature, function.Inputs, arguments));

    /// <summary>Parses one argument per parameter; a wrong count or value names the parameter and what it expects.</summary>
    public static object?[] ParseArguments(string what, IReadOnlyList<AbiParameter> parameters, IReadOnlyList<string> arguments)
    {
        if (arguments.Count != parameters.Count)
        {
            var expected = parameters.Count == 0 ? "no arguments"
                : $"{parameters.Count} argument(s): " + string.Join(", ", parameters.Select(p => p.Name.Length > 0 ? $"{p.Name} ({p.Type})" : p.Type.ToString()));
            throw Usage($"{what} takes {expected}; got {arguments.Count}");
        }
        var values = new object?[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            try
            {
                values[i] = AbiValueParser.Parse(parameters[i].Type, arguments[i]);
            }
            catch (AbiException e)
            {
                var name = parameters[i].Name.Length > 0 ? $" {parameters[i].Name}" : "";
                throw Usage($"argument {i + 1}{name} of {what} is not a {parameters[i].Type}: {e.Message}");
            }
        }
        return values;
    }

    private static CliException MissingAbi(string address, string method, ContractAbis abis)
    {
        var code = abis.Code(address);
        var why = code.Size switch
        {
            0 => $"there is no contract at {address} (no code)",
            < 0 => $"no ABI for {address}: the node refused eth_getCode",
            _ => $"no ABI for {address}: its code has no {ContractAbiSection.Name} section",
        };
        return Usage($"{why}; to call '{method}' pass --abi FILE, or the method as a signature such as '{method}(uint256)(uint256)', or raw 0x calldata");
    }

    private static CliException Usage(string message) => new(ExitCodes.UsageOrLoadError, "error: " + message);
}
