using System.Numerics;
using Contracts.State.Primitives;

namespace Contracts.Abi.Tests;

public sealed class ContractAbiTests
{
    // An ERC-20 ABI as solc writes it (abbreviated to the entries the tests use) plus a custom error and a tuple.
    private const string Erc20Json = """
    [
      {"inputs":[{"internalType":"uint256","name":"supply","type":"uint256"}],"stateMutability":"nonpayable","type":"constructor"},
      {"anonymous":false,"inputs":[{"indexed":true,"internalType":"address","name":"owner","type":"address"},{"indexed":true,"internalType":"address","name":"spender","type":"address"},{"indexed":false,"internalType":"uint256","name":"value","type":"uint256"}],"name":"Approval","type":"event"},
      {"anonymous":false,"inputs":[{"indexed":true,"internalType":"address","name":"from","type":"address"},{"indexed":true,"internalType":"address","name":"to","type":"address"},{"indexed":false,"internalType":"uint256","name":"value","type":"uint256"}],"name":"Transfer","type":"event"},
      {"inputs":[{"name":"have","type":"uint256"},{"name":"want","type":"uint256"}],"name":"InsufficientBalance","type":"error"},
      {"inputs":[{"internalType":"address","name":"account","type":"address"}],"name":"balanceOf","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],"stateMutability":"view","type":"function"},
      {"inputs":[{"internalType":"address","name":"to","type":"address"},{"internalType":"uint256","name":"value","type":"uint256"}],"name":"transfer","outputs":[{"internalType":"bool","name":"","type":"bool"}],"stateMutability":"nonpayable","type":"function"},
      {"inputs":[],"name":"name","outputs":[{"internalType":"string","name":"","type":"string"}],"stateMutability":"view","type":"function"},
      {"inputs":[{"components":[{"name":"to","type":"address"},{"name":"amounts","type":"uint256[]"}],"name":"batches","type":"tuple[]"}],"name":"batch","outputs":[],"stateMutability":"nonpayable","type":"function"},
      {"stateMutability":"payable","type":"receive"}
    ]
    """;

    private static readonly Address Alice = Address.FromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    private static readonly Address Bob = Address.FromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

    [Fact]
    public void Solc_json_parses_into_functions_events_errors_and_the_constructor()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        Assert.Equal(["balanceOf", "transfer", "name", "batch"], abi.Functions.Select(f => f.Name));
        Assert.Equal("batch((address,uint256[])[])", abi.GetFunction("batch").Signature);
        Assert.True(abi.GetFunction("balanceOf").IsReadOnly);
        Assert.Equal("uint256", Assert.Single(abi.ConstructorInputs).Type.CanonicalName);
        Assert.Same(abi.GetFunction("transfer"), abi.FindFunction(HexText.Bytes("a9059cbb00")));
        Assert.Null(abi.FindFunction(HexText.Bytes("00000000")));
    }

    [Fact]
    public void The_json_form_round_trips_with_tuple_components_and_names()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        var again = ContractAbi.Parse(abi.ToJson());
        Assert.Equal(abi.Functions.Select(f => f.Signature), again.Functions.Select(f => f.Signature));
        Assert.Equal(abi.Events.Select(e => e.Signature), again.Events.Select(e => e.Signature));
        Assert.Equal(["to", "amounts"], again.GetFunction("batch").InputTypes[0].Element!.ComponentNames);
        Assert.Equal(abi.ToJson(), again.ToJson());
    }

    [Fact]
    public void A_transfer_log_decodes_into_named_values()
    {
        var transfer = ContractAbi.Parse(Erc20Json).GetEvent("Transfer");
        var topics = transfer.EncodeTopics(Alice, Bob, new BigInteger(1000));
        Assert.Equal(3, topics.Length);
        Assert.Equal("0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266", HexText.Of(topics[1]));
        var data = transfer.EncodeData(Alice, Bob, new BigInteger(1000));
        Assert.True(transfer.Matches(topics));

        var values = transfer.DecodeLog(topics, data);
        Assert.Equal(Alice, values[0]);
        Assert.Equal(Bob, values[1]);
        Assert.Equal(new BigInteger(1000), values[2]);
    }

    [Fact]
    public void An_indexed_string_is_its_keccak_topic()
    {
        var named = AbiEvent.Parse("event Named(string indexed name, uint256 value)");
        var topic = AbiEvent.EncodeTopic(AbiType.String, "hello");
        Assert.Equal("0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8", HexText.Of(topic));
        var values = named.DecodeLog(named.EncodeTopics("hello", 5), named.EncodeData("hello", 5));
        Assert.Equal(topic, (byte[])values[0]!);
    }

    [Fact]
    public void Revert_data_decodes_to_a_reason_a_panic_or_a_custom_error()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        var reason = RevertReason.Encode("insufficient balance");
        Assert.Equal("0x08c379a0", HexText.Of(reason.AsSpan(0, 4)));
        Assert.Equal("insufficient balance", RevertReason.TryDecode(reason));
        Assert.Equal("Panic(0x11)", RevertReason.TryDecode(AbiError.Panic.Encode(0x11)));
        Assert.Equal("InsufficientBalance(3, 5)",
            RevertReason.TryDecode(abi.Errors[0].Encode(3, 5), abi));
        Assert.Null(RevertReason.TryDecode([]));
        Assert.Null(RevertReason.TryDecode(HexText.Bytes("08c379a0")));
    }

    [Fact]
    public void Overloads_need_a_signature_and_missing_names_are_reported()
    {
        var abi = ContractAbi.ParseHumanReadable([
            "function f(uint256)",
            "function f(address) returns (bool)",
            "event E(uint256 indexed a)",
            "error Bad(string why)",
            "constructor(string name, uint8 decimals)",
        ]);
        Assert.Contains("overloaded", Assert.Throws<AbiException>(() => abi.GetFunction("f")).Message);
        Assert.Equal("f(address)", abi.GetFunction("f(address)").Signature);
        Assert.Throws<AbiException>(() => abi.GetFunction("g"));
        Assert.Equal(2, abi.ConstructorInputs.Count);
        Assert.Equal(HexText.Of(AbiEncoder.Encode([AbiType.String, AbiType.UInt(8)], ["T", 18])),
            HexText.Of(abi.EncodeConstructorArguments("T", 18)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("[{\"type\":\"function\"}]")]
    [InlineData("[{\"type\":\"function\",\"name\":\"f\",\"inputs\":[{\"type\":\"uint7\"}]}]")]
    [InlineData("[{\"type\":\"magic\",\"name\":\"f\"}]")]
    [InlineData("not json")]
    public void Malformed_abi_json_is_refused(string json) => Assert.Throws<AbiException>(() => ContractAbi.Parse(json));
}
