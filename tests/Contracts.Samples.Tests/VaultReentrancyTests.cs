using System.Numerics;
using Contracts.Abi;
using Contracts.Execution.Results;
using Contracts.Execution.Tracing;
using static Contracts.Samples.Tests.SampleChain;

namespace Contracts.Samples.Tests;

/// <summary>
/// The reentrancy samples: a vault with The DAO's bug (it pays before it clears the balance) and a contract that
/// attacks it. The vault does not opt in to reentrancy, so the host refuses the attacker's reentrant withdraw and the
/// attack gets back only its own stake; the same module with the <c>contracts.reentrant</c> section added is drained,
/// which shows the bug is real and the refusal is what stops it.
/// </summary>
public sealed class VaultReentrancyTests
{
    private static (SampleChain Chain, SampleContract Vault, SampleContract Attacker) Setup(bool vaultOptsIn)
    {
        var chain = new SampleChain();
        var abi = SampleChain.Abi("vault");
        var module = Module("vault");
        if (vaultOptsIn) module = ContractAbiSection.AppendCustomSection(module, "contracts.reentrant", [1]);
        var vault = chain.DeployCode("vault", abi, module, Alice);
        Assert.True(vault.SendWith(Bob, "deposit", Ether(5), null).Succeeded);
        Assert.True(vault.SendWith(Carol, "deposit", Ether(5), null).Succeeded);
        var attacker = chain.Deploy("attacker", Alice);
        return (chain, vault, attacker);
    }

    [Fact]
    public void Deposits_and_withdrawals_work_for_honest_users()
    {
        var (chain, vault, _) = Setup(vaultOptsIn: false);
        Assert.Equal(Ether(10), chain.State.GetBalance(vault.Address));
        Assert.Equal(Ether(5).ToBigInteger(), vault.ReadInteger("balanceOf", Bob));

        var bobBefore = chain.State.GetBalance(Bob);
        var result = vault.Send(Bob, "withdraw");
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([Ether(5).ToBigInteger()], vault.Abi.GetFunction("withdraw").DecodeOutput(result.ReturnData.Span));
        Assert.Equal(bobBefore + Ether(5) - Fee(result.GasUsed), chain.State.GetBalance(Bob));
        Assert.Equal(BigInteger.Zero, vault.ReadInteger("balanceOf", Bob));
        var (name, values) = vault.DecodeEvent(Assert.Single(result.Logs));
        Assert.Equal("Withdrawn", name);
        Assert.Equal([Bob, Ether(5).ToBigInteger()], values);

        Assert.Equal("nothing to withdraw", vault.RevertReasonOf(vault.Send(Bob, "withdraw")));
        Assert.Equal("nothing deposited", vault.RevertReasonOf(vault.Send(Bob, "deposit")));
    }

    [Fact]
    public void The_attack_fails_because_the_vault_does_not_opt_in_to_reentrancy()
    {
        var (chain, vault, attacker) = Setup(vaultOptsIn: false);
        var tracer = new CallTreeTracer();
        var result = attacker.SendWith(Alice, "attack", Ether(1), tracer, vault.Address, 10);
        Assert.True(result.Succeeded, $"{result.Failure} {result.Message} {attacker.RevertReasonOf(result)}");

        // The attacker got its stake back and nothing more; the depositors' money is all there.
        Assert.Equal([Ether(1).ToBigInteger()], attacker.Abi.GetFunction("attack").DecodeOutput(result.ReturnData.Span));
        Assert.Equal(Ether(1), chain.State.GetBalance(attacker.Address));
        Assert.Equal(Ether(10), chain.State.GetBalance(vault.Address));
        Assert.Equal(Ether(5).ToBigInteger(), vault.ReadInteger("balanceOf", Bob));
        Assert.Equal(BigInteger.Zero, vault.ReadInteger("balanceOf", attacker.Address));

        // It tried once; the host refused the reentrant call with status 2 (failed) and the vault never ran again.
        Assert.Equal(BigInteger.One, attacker.ReadInteger("attempts"));
        Assert.Equal(new BigInteger(2), attacker.ReadInteger("lastStatus"));
        var reentered = result.Logs.Where(l => l.Address == attacker.Address).Select(attacker.DecodeEvent).ToList();
        Assert.Equal([("Reentered", new object?[] { BigInteger.One, new BigInteger(2) })],
            reentered.Select(e => (e.Name, e.Values)), new EventComparer());

        // The call tree: attack → vault.deposit, attack → vault.withdraw → attacker (payout) → vault.withdraw, refused.
        var withdraw = tracer.Root!.Children[1];
        Assert.Equal(vault.Address, withdraw.To);
        var payout = Assert.Single(withdraw.Children);
        Assert.Equal(attacker.Address, payout.To);
        Assert.Equal(Ether(1), payout.Value);
        var refused = Assert.Single(Frames(tracer.Root), f => f.Failure != ExecutionFailure.None);
        Assert.Equal(ExecutionFailure.ReentrancyRefused, refused.Failure);
        Assert.Equal((attacker.Address, vault.Address), (refused.From, refused.To));
        Assert.Equal(payout, Assert.Single(Frames(tracer.Root), f => f.Children.Contains(refused)));
    }

    [Fact]
    public void The_same_vault_opted_in_to_reentrancy_is_drained()
    {
        var (chain, vault, attacker) = Setup(vaultOptsIn: true);
        var result = attacker.SendWith(Alice, "attack", Ether(1), null, vault.Address, 10);
        Assert.True(result.Succeeded, $"{result.Failure} {result.Message} {attacker.RevertReasonOf(result)}");

        // Eleven payouts of one ether: the stake and all ten of the depositors'.
        Assert.Equal(Ether(11), chain.State.GetBalance(attacker.Address));
        Assert.Equal(Ether(0), chain.State.GetBalance(vault.Address));
        Assert.Equal(new BigInteger(10), attacker.ReadInteger("attempts"));
        Assert.Equal(BigInteger.Zero, attacker.ReadInteger("lastStatus"));
        // The books still owe Bob and Carol what the vault no longer has.
        Assert.Equal(Ether(5).ToBigInteger(), vault.ReadInteger("balanceOf", Bob));
    }

    private static IEnumerable<TracedFrame> Frames(TracedFrame frame) => new[] { frame }.Concat(frame.Children.SelectMany(Frames));

    private sealed class EventComparer : IEqualityComparer<(string, object?[])>
    {
        public bool Equals((string, object?[]) x, (string, object?[]) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);

        public int GetHashCode((string, object?[]) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }
}
