using Contracts.Execution.ChainSpecs;
using Contracts.GasMetering;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tests.ChainSpecs;

public sealed class ChainSpecTests
{
    private const string TwoRuleSets = """
        {
          "name": "test",
          "chainId": "0x539",
          "genesis": {
            "gasLimit": 15000000,
            "baseFeePerGas": "0x3b9aca00",
            "alloc": {
              "0x00000000000000000000000000000000000000bb": { "balance": "5", "nonce": 3, "code": "0x0061736d01000000", "storage": { "0x01": "0x2a" } },
              "0x00000000000000000000000000000000000000aa": { "balance": 7 }
            }
          },
          "rules": [
            { "name": "genesis", "fromBlock": 0, "gasSchedule": 2 },
            { "name": "cheaper calls", "fromBlock": 100, "gasSchedule": 3, "simd": true, "limits": { "maxCallDepth": 64 }, "prices": { "dataNonZeroByte": 8 } }
          ]
        }
        """;

    [Fact]
    public void The_rule_set_in_force_is_the_last_one_activated_at_or_below_the_block()
    {
        var spec = ChainSpecReader.Parse(TwoRuleSets);
        Assert.Equal(1337UL, spec.ChainId);
        Assert.Equal("genesis", spec.RulesAt(0).Name);
        Assert.Equal("genesis", spec.RulesAt(99).Name);
        Assert.Equal("cheaper calls", spec.RulesAt(100).Name);
        Assert.Equal("cheaper calls", spec.RulesAt(ulong.MaxValue).Name);
        Assert.False(spec.RulesAt(99).SimdAllowed);
        Assert.True(spec.RulesAt(100).SimdAllowed);
        Assert.Equal(128, spec.RulesAt(99).Limits.MaxCallDepth);
        Assert.Equal(64, spec.RulesAt(100).Limits.MaxCallDepth);
        Assert.Equal(16UL, spec.RulesAt(0).Prices.DataNonZeroByte);
        Assert.Equal(8UL, spec.RulesAt(100).Prices.DataNonZeroByte);
        Assert.Same(GasSchedule.Version2, spec.GasSchedules.ForBlock(99));
        Assert.Same(GasSchedule.Version3, spec.GasSchedules.ForBlock(500));
    }

    [Fact]
    public void Limits_of_every_integer_type_can_be_set()
    {
        var spec = ChainSpecReader.Parse("""
            { "name": "limits", "chainId": "0x539", "genesis": { "gasLimit": 30000000, "baseFeePerGas": "0x3b9aca00", "alloc": {} },
              "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 3, "limits": { "maxCallDepth": 1024, "maxTotalPages": 4096, "maxInstancePages": 512, "stackHeightLimit": 16384 } } ] }
            """);
        var limits = spec.RulesAt(0).Limits;
        Assert.Equal((1024, 4096u, 512u, 16384u), (limits.MaxCallDepth, limits.MaxTotalPages, limits.MaxInstancePages, limits.StackHeightLimit));
        var tooLarge = Assert.Throws<ChainSpecException>(() => ChainSpecReader.Parse("""
            { "name": "limits", "chainId": "0x539", "genesis": { "gasLimit": 30000000, "baseFeePerGas": "0x3b9aca00", "alloc": {} },
              "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 3, "limits": { "maxTotalPages": 4294967296 } } ] }
            """));
        Assert.Contains("too large", tooLarge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overriding_a_limit_leaves_the_defaults_untouched()
    {
        ChainSpecReader.Parse(TwoRuleSets);
        Assert.Equal(128, ExecutionLimits.Default.MaxCallDepth);
        Assert.Equal(16UL, TransactionPrices.Default.DataNonZeroByte);
    }

    [Fact]
    public void Genesis_accounts_are_read_and_sorted_by_address()
    {
        var genesis = ChainSpecReader.Parse(TwoRuleSets).Genesis;
        Assert.Equal(15_000_000UL, genesis.GasLimit);
        Assert.Equal((UInt256)1_000_000_000UL, genesis.BaseFeePerGas);
        Assert.Equal(2, genesis.Alloc.Count);
        Assert.Equal(Address.FromHex("0x00000000000000000000000000000000000000aa"), genesis.Alloc[0].Key);
        var bb = genesis.Alloc[1].Value;
        Assert.Equal((UInt256)5UL, bb.Balance);
        Assert.Equal(3UL, bb.Nonce);
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0 }, bb.Code.ToArray());
        Assert.Equal((UInt256)42UL, bb.Storage[1UL]);
    }

    [Fact]
    public void A_schedule_defined_in_the_spec_must_price_everything()
    {
        var prices = GasScheduleSerializer.ToPrices(GasSchedule.Default with { Version = 7, Call = 99 });
        string Schedule(IEnumerable<KeyValuePair<string, uint>> p) =>
            "{" + string.Join(",", p.Select(kv => $"\"{char.ToLowerInvariant(kv.Key[0])}{kv.Key[1..]}\": {kv.Value}")) + "}";
        string Spec(string schedule) => $$"""
            { "name": "t", "chainId": 5, "genesis": {}, "gasSchedules": [{{schedule}}],
              "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2 }, { "name": "v7", "fromBlock": 10, "gasSchedule": 7 } ] }
            """;

        var spec = ChainSpecReader.Parse(Spec(Schedule(prices)));
        Assert.Equal(99U, spec.RulesAt(10).Schedule.Call);
        Assert.Equal(7U, spec.GasSchedules.ForBlock(10).Version);

        var error = Assert.Throws<ChainSpecException>(() => ChainSpecReader.Parse(Spec(Schedule(prices.Where(kv => kv.Key != "Sha256")))));
        Assert.Contains("Sha256", error.Message);
    }

    [Theory]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [] }""", "block 0")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 1, "gasSchedule": 2 } ] }""", "block 0")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 1 } ] }""", "gasSchedule")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2, "limits": { "maxCallDepht": 3 } } ] }""", "maxCallDepht")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2, "limits": { "maxModuleBytes": 1000 } } ] }""", "MaxModuleBytes")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2, "simd": 1 } ] }""", "true or false")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": { "alloc": { "0x12": {} } }, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2 } ] }""", "20-byte")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": { "timestamp": -1 }, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2 } ] }""", "$.genesis.timestamp")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2 } ], "extra": 1 }""", "$.extra")]
    [InlineData("""{ "name": "t", "chainId": 0, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2 } ] }""", "chain id 0")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2, "hostAbiVersion": 9 } ] }""", "host ABI version 9")]
    [InlineData("""{ "name": "t", "chainId": 5, "genesis": {}, "rules": [ { "name": "g", "fromBlock": 0, "gasSchedule": 2, "simd": true } ] }""", "no SIMD prices")]
    [InlineData("""not json""", "not valid JSON")]
    public void A_broken_spec_is_refused_with_a_message_that_says_where(string json, string expected)
    {
        var error = Assert.Throws<ChainSpecException>(() => ChainSpecReader.Parse(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_built_in_devnet_prefunds_the_ten_test_mnemonic_accounts()
    {
        var spec = ChainSpec.Devnet();
        Assert.Equal(31337UL, spec.ChainId);
        Assert.Equal(10, spec.Genesis.Alloc.Count);
        Assert.Contains(spec.Genesis.Alloc, a => a.Key == Address.FromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
        Assert.All(spec.Genesis.Alloc, a => Assert.Equal(UInt256.FromBigEndian(System.Numerics.BigInteger.Parse("10000000000000000000000").ToByteArray(isUnsigned: true, isBigEndian: true)), a.Value.Balance));
        Assert.True(spec.RulesAt(0).DebugLogAllowed);
        Assert.Equal(1000UL, spec.RulesAt(0).WasmGasPerChainGas);
        Assert.Equal(1337UL, ChainSpec.Devnet(1337).ChainId);
    }
}
