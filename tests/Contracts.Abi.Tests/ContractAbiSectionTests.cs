using Contracts.Execution.Deployment;

namespace Contracts.Abi.Tests;

public sealed class ContractAbiSectionTests
{
    // (module (memory 1)) with a type section omitted: magic, version, and one memory section.
    private static readonly byte[] Module = HexText.Bytes("0061736d 01000000 05030100 01");

    [Fact]
    public void An_appended_section_is_found_in_the_module_and_in_a_deploy_envelope()
    {
        const string json = """[{"type":"function","name":"get","inputs":[],"outputs":[{"name":"","type":"uint256"}],"stateMutability":"view"}]""";
        var withAbi = ContractAbiSection.AppendCustomSection(Module, ContractAbiSection.Name, System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(json, ContractAbiSection.ReadJson(withAbi));
        Assert.Equal("get()", ContractAbiSection.Read(withAbi)!.Functions[0].Signature);

        var envelope = DeployData.Envelope(withAbi, HexText.Bytes("00000000000000000000000000000000000000000000000000000000000000ff"));
        Assert.Equal("0x0063786501", HexText.Of(envelope.AsSpan(0, 5)));
        Assert.Equal(withAbi.Length, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(envelope.AsSpan(5)));
        Assert.Equal(json, ContractAbiSection.ReadJson(envelope));
        Assert.Equal(withAbi, ContractAbiSection.ModuleOf(envelope).ToArray());
    }

    [Fact]
    public void A_module_without_the_section_has_no_abi_and_garbage_is_refused()
    {
        Assert.Null(ContractAbiSection.Read(Module));
        Assert.Throws<AbiException>(() => ContractAbiSection.Read(HexText.Bytes("00112233445566778899")));
        Assert.Throws<AbiException>(() => ContractAbiSection.Read(HexText.Bytes("0061736d01000000 00ff")));
        Assert.Throws<AbiException>(() => ContractAbiSection.ReadJson(HexText.Bytes("0063786501ffffffff00")));
        // The envelope's rules are the execution layer's (DeployData): an unknown version is refused here as there.
        Assert.Contains("version 2", Assert.Throws<AbiException>(() => ContractAbiSection.ReadJson(HexText.Bytes("0063786502000000010061736d"))).Message);
    }
}
