using System.Numerics;
using Contracts.Abi;
using Contracts.Execution.Deployment;
using Contracts.Execution.Results;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Nethereum.Signer;
using static Contracts.Samples.Tests.SampleChain;

namespace Contracts.Samples.Tests;

/// <summary>
/// The multisig sample: a 2-of-3 wallet whose owners sign with <c>personal_sign</c>; the signatures are made by
/// Nethereum (an independent implementation) and checked in the contract by the host's secp256k1 recovery.
/// </summary>
public sealed class MultisigTests
{
    // anvil's dev keys for Alice, Bob, Carol, and a fourth account that owns nothing.
    private static readonly EthECKey AliceKey = new("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly EthECKey BobKey = new("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly EthECKey CarolKey = new("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    private static readonly EthECKey MalloryKey = new("7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");

    private static readonly Address Dave = Address.FromHex("000000000000000000000000000000000000da7e");

    private static readonly IReadOnlyList<AbiType> HashedFields = AbiType.ParseList("address,uint256,uint256,address,uint256,bytes32");

    private static (SampleChain Chain, SampleContract Wallet) Setup()
    {
        var chain = new SampleChain();
        var wallet = chain.Deploy("multisig", Alice, new List<object> { Carol, Alice, Bob }, 2);
        Assert.True(wallet.SendWith(Alice, "deposit", Ether(3), null).Succeeded);
        return (chain, wallet);
    }

    /// <summary><c>keccak256(abi.encode(wallet, chainId, nonce, to, value, keccak256(data)))</c>, computed here.</summary>
    private static byte[] TransactionHash(SampleChain chain, SampleContract wallet, Address to, UInt256 value, byte[] data, ulong nonce) =>
        Keccak256.Compute(AbiEncoder.Encode(HashedFields,
            [wallet.Address, chain.Spec.ChainId, nonce, to, value, Keccak256.Compute(data).ToArray()])).ToArray();

    /// <summary>The owners' <c>personal_sign</c> signatures (r ‖ s ‖ v), concatenated in the given order.</summary>
    private static byte[] Sign(byte[] hash, params EthECKey[] signers) =>
        signers.SelectMany(key => Convert.FromHexString(new EthereumMessageSigner().Sign(hash, key)[2..])).ToArray();

    /// <summary>Signers in ascending address order, as the wallet requires.</summary>
    private static EthECKey[] Ascending(params EthECKey[] keys) =>
        keys.OrderBy(k => Address.FromHex(k.GetPublicAddress()[2..])).ToArray();

    [Fact]
    public void The_constructor_records_owners_and_threshold()
    {
        var (chain, wallet) = Setup();
        Assert.Equal([new object?[] { Carol, Alice, Bob }], wallet.Read("owners"));
        Assert.Equal(new BigInteger(2), wallet.ReadInteger("threshold"));
        Assert.Equal([true], wallet.Read("isOwner", Bob));
        Assert.Equal([false], wallet.Read("isOwner", Dave));
        Assert.Equal(Ether(3), chain.State.GetBalance(wallet.Address));
        Assert.Equal(Address.FromHex(AliceKey.GetPublicAddress()[2..]), Alice);
    }

    [Fact]
    public void Invalid_owner_sets_are_refused_at_deployment()
    {
        var chain = new SampleChain();
        var abi = SampleChain.Abi("multisig");
        foreach (var (owners, threshold, reason) in new[]
                 {
                     (new List<object> { Alice, Bob }, 3, "invalid threshold"),
                     (new List<object> { Alice, Bob }, 0, "invalid threshold"),
                     (new List<object> { Alice, Alice }, 1, "duplicate owner"),
                     (new List<object>(), 1, "no owners"),
                 })
        {
            var data = DeployData.Envelope(Module("multisig"), abi.EncodeConstructorArguments(owners, threshold));
            var result = chain.Send(Alice, null, data);
            Assert.Equal(ExecutionFailure.Reverted, result.Failure);
            Assert.Equal(reason, RevertReason.TryDecode(result.ReturnData.Span));
        }
    }

    [Fact]
    public void Two_owners_signatures_send_ether_once()
    {
        var (chain, wallet) = Setup();
        var hash = TransactionHash(chain, wallet, Dave, Ether(1), [], 0);
        Assert.Equal([hash], wallet.Read("transactionHash", Dave, Ether(1), Array.Empty<byte>(), 0));

        var signatures = Sign(hash, Ascending(BobKey, CarolKey));
        // Anyone may submit the owners' approval; Carol does here.
        var result = wallet.Send(Carol, "execute", Dave, Ether(1), Array.Empty<byte>(), signatures);
        Assert.True(result.Succeeded, $"{result.Failure} {result.Message} {wallet.RevertReasonOf(result)}");
        Assert.Equal(Ether(1), chain.State.GetBalance(Dave));
        Assert.Equal(Ether(2), chain.State.GetBalance(wallet.Address));
        Assert.Equal(BigInteger.One, wallet.ReadInteger("nonce"));
        var (name, values) = wallet.DecodeEvent(Assert.Single(result.Logs));
        Assert.Equal("Executed", name);
        Assert.Equal([hash, Dave, Ether(1).ToBigInteger(), true], values);

        // The same approval again: the nonce moved, so the signatures recover to strangers.
        var replay = wallet.Send(Carol, "execute", Dave, Ether(1), Array.Empty<byte>(), signatures);
        Assert.Equal(ExecutionFailure.Reverted, replay.Failure);
        Assert.Equal("signer is not an owner", wallet.RevertReasonOf(replay));
        Assert.Equal(Ether(1), chain.State.GetBalance(Dave));
    }

    [Fact]
    public void Bad_approvals_revert_with_reasons()
    {
        var (chain, wallet) = Setup();
        var hash = TransactionHash(chain, wallet, Dave, Ether(1), [], 0);
        string? Attempt(byte[] signatures) =>
            wallet.RevertReasonOf(wallet.Send(Alice, "execute", Dave, Ether(1), Array.Empty<byte>(), signatures));

        Assert.Equal("wrong number of signatures", Attempt(Sign(hash, AliceKey)));
        Assert.Equal("wrong number of signatures", Attempt(Sign(hash, AliceKey, BobKey, CarolKey)));
        Assert.Equal("signers not in ascending order", Attempt(Sign(hash, AliceKey, AliceKey)));
        Assert.Equal("signers not in ascending order", Attempt(Sign(hash, Ascending(AliceKey, BobKey).Reverse().ToArray())));
        Assert.Equal("signer is not an owner", Attempt(Sign(hash, Ascending(AliceKey, MalloryKey))));
        var corrupt = Sign(hash, Ascending(AliceKey, BobKey));
        corrupt[64] = 29; // v must be 27 or 28
        Assert.Equal("invalid signature", Attempt(corrupt));
        Assert.Equal(BigInteger.Zero, wallet.ReadInteger("nonce"));
        Assert.Equal(Ether(3), chain.State.GetBalance(wallet.Address));
    }

    [Fact]
    public void The_wallet_calls_a_token_and_returns_its_output()
    {
        var (chain, wallet) = Setup();
        var token = chain.Deploy("token", Alice);
        token.Invoke(Alice, "transfer", wallet.Address, 1000);

        var call = token.Abi.GetFunction("transfer").EncodeCall(Dave, 400);
        var signatures = Sign(TransactionHash(chain, wallet, token.Address, 0, call, 0), Ascending(AliceKey, CarolKey));
        var result = wallet.Send(Bob, "execute", token.Address, 0, call, signatures);
        Assert.True(result.Succeeded, $"{result.Failure} {result.Message} {wallet.RevertReasonOf(result)}");

        var output = (byte[])wallet.Abi.GetFunction("execute").DecodeOutput(result.ReturnData.Span)[0]!;
        Assert.Equal([true], token.Abi.GetFunction("transfer").DecodeOutput(output));
        Assert.Equal(new BigInteger(400), token.ReadInteger("balanceOf", Dave));
        Assert.Equal(new BigInteger(600), token.ReadInteger("balanceOf", wallet.Address));
        var transfer = token.DecodeEvent(result.Logs[0]);
        Assert.Equal([wallet.Address, Dave, new BigInteger(400)], transfer.Values);

        // A call that reverts passes its reason through, and the nonce stays (the whole execute reverted).
        var tooMuch = token.Abi.GetFunction("transfer").EncodeCall(Dave, 601);
        var failing = wallet.Send(Bob, "execute", token.Address, 0, tooMuch,
            Sign(TransactionHash(chain, wallet, token.Address, 0, tooMuch, 1), Ascending(AliceKey, BobKey)));
        Assert.Equal("insufficient balance", wallet.RevertReasonOf(failing));
        Assert.Equal(BigInteger.One, wallet.ReadInteger("nonce"));
    }
}
