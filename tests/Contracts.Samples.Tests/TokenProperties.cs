using System.Numerics;
using Contracts.Execution.Processing;
using Contracts.Execution.Results;
using Contracts.State.Primitives;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Contracts.Samples.Tests.SampleChain;

namespace Contracts.Samples.Tests;

/// <summary>
/// The token against a model: any sequence of transfers, approvals and spends by three holders keeps the total supply,
/// never lets a balance go negative (wrap below zero), succeeds exactly when the model says it can, and reverts with
/// the reason the model predicts.
/// </summary>
public sealed class TokenProperties
{
    private enum Kind { Transfer, Approve, TransferFrom }

    /// <summary>How an amount is chosen relative to the state when the operation runs.</summary>
    private enum AmountKind { Small, WholeBalance, OneMoreThanBalance, Huge }

    private sealed record Operation(Kind Kind, int Actor, int From, int To, AmountKind AmountKind, ulong Small)
    {
        public override string ToString() => $"{Kind} actor={Actor} from={From} to={To} {AmountKind} {Small}";
    }

    private static readonly Address[] Holders = [Alice, Bob, Carol];

    private static readonly Gen<Operation> Operations =
        from kind in Gen.Elements(Kind.Transfer, Kind.Approve, Kind.TransferFrom)
        from actor in Gen.Choose(0, 2)
        from source in Gen.Choose(0, 2)
        from to in Gen.Frequency((9, Gen.Choose(0, 2)), (1, Gen.Constant(3))) // 3: the zero address
        from amountKind in Gen.Frequency((6, Gen.Constant(AmountKind.Small)), (2, Gen.Constant(AmountKind.WholeBalance)),
            (1, Gen.Constant(AmountKind.OneMoreThanBalance)), (1, Gen.Constant(AmountKind.Huge)))
        from small in Gen.Choose(0, 1_000_000)
        select new Operation(kind, actor, source, to, amountKind, (ulong)small * 1_000_000_000_000UL);

    private static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    [Property(MaxTest = 40, Replay = "(20261206,11)")]
    public Property Transfers_and_approvals_keep_the_supply_and_never_overdraw() =>
        Prop.ForAll(Gen.ListOf(Operations).Select(ops => ops.Take(16).ToList()).ToArbitrary(), operations =>
        {
            var chain = new SampleChain();
            var token = chain.Deploy("token", Alice);
            var balances = new Dictionary<Address, BigInteger> { [Alice] = TokenTests.Supply, [Bob] = 0, [Carol] = 0, [Address.Zero] = 0 };
            var allowances = new Dictionary<(Address, Address), BigInteger>();

            foreach (var op in operations)
            {
                var actor = Holders[op.Actor];
                var from = op.Kind == Kind.TransferFrom ? Holders[op.From] : actor;
                var to = op.To == 3 ? Address.Zero : Holders[op.To];
                var amount = op.AmountKind switch
                {
                    AmountKind.Small => new BigInteger(op.Small),
                    AmountKind.WholeBalance => balances[from],
                    AmountKind.OneMoreThanBalance => balances[from] + 1,
                    _ => MaxUInt256,
                };

                string? expectedRevert;
                ExecutionResult result;
                switch (op.Kind)
                {
                    case Kind.Approve:
                        expectedRevert = to == Address.Zero ? "approve to the zero address" : null;
                        result = token.Send(actor, "approve", to, amount);
                        if (expectedRevert is null) allowances[(actor, to)] = amount;
                        break;
                    case Kind.Transfer:
                        expectedRevert = to == Address.Zero ? "transfer to the zero address"
                            : balances[from] < amount ? "insufficient balance" : null;
                        result = token.Send(actor, "transfer", to, amount);
                        break;
                    default:
                        var allowance = allowances.GetValueOrDefault((from, actor));
                        expectedRevert = allowance < amount ? "insufficient allowance"
                            : to == Address.Zero ? "transfer to the zero address"
                            : balances[from] < amount ? "insufficient balance" : null;
                        result = token.Send(actor, "transferFrom", from, to, amount);
                        if (expectedRevert is null && allowance != MaxUInt256) allowances[(from, actor)] = allowance - amount;
                        break;
                }

                if (op.Kind != Kind.Approve && expectedRevert is null)
                {
                    balances[from] -= amount;
                    balances[to] += amount;
                }

                var outcome = result.Succeeded ? null : token.RevertReasonOf(result);
                if (outcome != expectedRevert || result.Failure is not (ExecutionFailure.None or ExecutionFailure.Reverted))
                    return false.Label($"{op} amount {amount}: expected {expectedRevert ?? "success"}, got {result.Failure} {outcome}");
                if (result.Succeeded && result.Logs.Count != 1)
                    return false.Label($"{op}: {result.Logs.Count} logs");

                // The invariant after every step, read from storage as eth_getStorageAt would.
                BigInteger sum = 0;
                foreach (var holder in Holders)
                {
                    var stored = GenesisState.ReadSlot(chain.State, token.Address, SolidityLayout.MappingSlot(1, holder)).ToBigInteger();
                    if (stored > TokenTests.Supply) return false.Label($"{op}: balance of {holder} wrapped to {stored}");
                    if (stored != balances[holder]) return false.Label($"{op}: balance of {holder} is {stored}, model {balances[holder]}");
                    sum += stored;
                }

                if (sum != TokenTests.Supply) return false.Label($"{op}: balances sum to {sum}");
            }

            foreach (var ((owner, spender), allowance) in allowances)
            {
                if (token.ReadInteger("allowance", owner, spender) != allowance) return false.Label($"allowance {owner}->{spender}");
            }

            return (token.ReadInteger("totalSupply") == TokenTests.Supply).Label("totalSupply")
                .Collect(operations.Count == 0 ? "empty" : operations.Count < 8 ? "short" : "long");
        });
}
