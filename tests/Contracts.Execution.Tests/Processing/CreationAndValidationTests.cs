using Contracts.Execution.Calls;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Deployment;
using Contracts.Execution.Processing;
using Contracts.Execution.Results;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.Execution.Tests.Processing;

public sealed class CreationAndValidationTests
{
    [Theory]
    // Widely published CREATE vectors for sender 0x6ac7ea33…dbf0 (nonces 0 and 1).
    [InlineData("6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0", 0UL, "cd234a471b72ba2f1ccf0a70fcaba648a5eecd8d")]
    [InlineData("6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0", 1UL, "343c43a37d37dff08ae8c4a11544c718abb4fcf8")]
    public void Create_addresses_match_Ethereum(string sender, ulong nonce, string expected)
    {
        Assert.Equal(Address.FromHex(expected), ContractAddress.From(Address.FromHex(sender), nonce));
    }

    [Fact]
    public void Create2_addresses_match_EIP1014_example_0()
    {
        Assert.Equal(Address.FromHex("4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38"), ContractAddress.From2(Address.Zero, new byte[32], [0x00]));
    }

    [Fact]
    public void A_contract_creates_contracts_with_create_and_create2()
    {
        var chain = new TestChain();
        var factory = chain.Deploy("factory");
        byte[] counter = DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(41));

        var created = chain.Send(factory, [0, .. counter]);
        Assert.True(created.Succeeded, created.Message);
        Assert.Equal(0, created.ReturnData.Span[20]);
        var first = new Address(created.ReturnData.Span[..20]);
        Assert.Equal(ContractAddress.From(factory, 1), first);
        Assert.Equal((UInt256)41, chain.Slot(first, 0));
        Assert.Equal(2UL, chain.State.GetNonce(factory));

        var created2 = chain.Send(factory, [1, .. counter]);
        Assert.True(created2.Succeeded, created2.Message);
        var second = new Address(created2.ReturnData.Span[..20]);
        Assert.Equal(ContractAddress.From2(factory, new byte[32], counter), second);
        Assert.Equal(counter, chain.State.GetCode(second));

        // The same CREATE2 again collides: status 2, zero address, nothing changed.
        var again = chain.Send(factory, [1, .. counter]);
        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(2, again.ReturnData.Span[20]);
        Assert.Equal(Address.Zero, new Address(again.ReturnData.Span[..20]));

        // Invalid deploy data fails the creation only.
        var invalid = chain.Send(factory, [0, 0, 0x61, 0x73, 0x6D, 9]);
        Assert.True(invalid.Succeeded, invalid.Message);
        Assert.Equal(2, invalid.ReturnData.Span[20]);
    }

    [Fact]
    public void Invalid_transactions_are_refused_with_geths_wording_and_change_nothing()
    {
        var chain = new TestChain();
        var to = Address.FromHex("3000000000000000000000000000000000000003");
        var lowNonce = chain.Transaction(to, []) with { Nonce = 0 };
        chain.State.SetNonce(TestChain.Sender, 3);
        Assert.StartsWith($"nonce too low: address {TestChain.Sender}, tx: 0 state: 3", Refusal(chain, lowNonce));
        Assert.StartsWith("nonce too high", Refusal(chain, lowNonce with { Nonce = 9 }));
        Assert.StartsWith("intrinsic gas too low: have 20999, want 21000", Refusal(chain, chain.Transaction(to, [], gas: 20_999)));
        Assert.StartsWith("intrinsic gas too low: have 21000, want 21064", Refusal(chain, chain.Transaction(to, [1, 2, 3, 4], gas: 21_000)));
        Assert.StartsWith("max fee per gas less than block base fee", Refusal(chain, chain.Transaction(to, []) with { MaxFeePerGas = 1, MaxPriorityFeePerGas = 1 }));
        Assert.StartsWith("max priority fee per gas higher than max fee per gas", Refusal(chain, chain.Transaction(to, []) with { MaxPriorityFeePerGas = TestChain.BaseFee + TestChain.BaseFee + TestChain.BaseFee }));
        Assert.StartsWith($"insufficient funds for gas * price + value: address {TestChain.Sender} have", Refusal(chain, chain.Transaction(to, [], value: TestChain.StartBalance)));
        // gas × fee cap + value past 2^256 - 1: refused, with the whole sum as geth's big.Int prints it.
        var overflowing = chain.Transaction(to, [], value: UInt256.MaxValue);
        var want = (System.Numerics.BigInteger)overflowing.FeeCap * overflowing.GasLimit + UInt256.MaxValue.ToBigInteger();
        Assert.EndsWith($" want {want}", Refusal(chain, overflowing));
        Assert.StartsWith("insufficient funds for gas * price + value", Refusal(chain, chain.Transaction(to, [], value: TestChain.StartBalance) with { MaxFeePerGas = UInt256.MaxValue, MaxPriorityFeePerGas = 0 }));
        Assert.StartsWith("gas limit reached", Refusal(chain, chain.Transaction(to, [], gas: 30_000_001)));
        Assert.StartsWith("invalid chain id", Refusal(chain, chain.Transaction(to, []) with { ChainId = 1 }));
        Assert.Equal(3UL, chain.State.GetNonce(TestChain.Sender));
        Assert.Equal(TestChain.StartBalance, chain.State.GetBalance(TestChain.Sender));
    }

    [Fact]
    public void A_read_only_call_changes_nothing_and_returns_the_result()
    {
        var chain = new TestChain();
        var counter = chain.Deploy(DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(5)));
        var balance = chain.State.GetBalance(TestChain.Sender);
        var result = chain.Executor.Call(chain.State, chain.Block, chain.Transaction(counter, [], gas: 0));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(TestChain.Word(6), result.ReturnData.ToArray());
        Assert.Equal((UInt256)5, chain.Slot(counter, 0));
        Assert.Equal(balance, chain.State.GetBalance(TestChain.Sender));
        Assert.Equal(1UL, chain.State.GetNonce(TestChain.Sender));
    }

    [Fact]
    public void Genesis_state_holds_the_devnet_allocation()
    {
        var spec = ChainSpec.Devnet();
        var state = WorldState.OpenHead(new MemoryStateStore());
        GenesisState.Apply(state, spec.Genesis);
        Assert.NotEmpty(spec.Genesis.Alloc);
        foreach (var (address, account) in spec.Genesis.Alloc)
        {
            Assert.Equal(account.Balance, state.GetBalance(address));
            Assert.Equal(account.Nonce, state.GetNonce(address));
        }
        var again = WorldState.OpenHead(new MemoryStateStore());
        GenesisState.Apply(again, spec.Genesis);
        Assert.Equal(state.Commit(), again.Commit());
    }

    private static string Refusal(TestChain chain, Contracts.Execution.Transactions.Transaction transaction) =>
        Assert.Throws<InvalidTransactionException>(() => chain.Executor.Execute(chain.State, chain.Block, transaction)).Message;
}
