using Contracts.Abi;

namespace Contracts.Cli.Client;

/// <summary>
/// The ABIs of the contracts a command meets, read once each from their code (<c>eth_getCode</c> at the latest
/// block) and remembered for the rest of the command: enough to decode a receipt's logs from several contracts.
/// </summary>
internal sealed class ContractAbis(JsonRpcClient client)
{
    private readonly Dictionary<string, DeployedCode> _byAddress = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The ABI embedded in the code at <paramref name="address"/>, or null when it has none or no code.</summary>
    public ContractAbi? For(string address) => Code(address).Abi;

    /// <summary>What is deployed at <paramref name="address"/>: whether there is code, and its embedded ABI.</summary>
    public DeployedCode Code(string address)
    {
        if (_byAddress.TryGetValue(address, out var known)) return known;
        DeployedCode deployed;
        try
        {
            var code = RpcHex.DecodeData(client.Call("eth_getCode", address, "latest").GetString(), "the code");
            deployed = new DeployedCode(code.Length, code.Length == 0 ? null : AbiFiles.FromCode(code));
        }
        catch (JsonRpcErrorException)
        {
            // The ABI only adds decoding; a node that will not give the code leaves the command working without it.
            deployed = new DeployedCode(-1, null);
        }
        _byAddress[address] = deployed;
        return deployed;
    }
}

/// <summary>
/// The code at an address, as far as the client cares: its size (0 for an account without code, −1 when the node
/// refused to tell) and its embedded ABI.
/// </summary>
internal readonly record struct DeployedCode(int Size, ContractAbi? Abi);
