using Contracts.Engine.Runtime;
using Contracts.State.Primitives;

namespace Contracts.Execution.Host;

internal static partial class HostFunctions
{
    private static Trap? WriteAddress(Caller caller, uint pointer, Address address)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, Address.Length))) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, pointer, Address.Length, out var output)) return HostTraps.OutOfBounds();
        address.CopyTo(output);
        return null;
    }

    private static Trap? WriteWord(Caller caller, uint pointer, UInt256 word)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 32))) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, pointer, 32, out var output)) return HostTraps.OutOfBounds();
        word.WriteBigEndian(output);
        return null;
    }

    private static Trap? WriteI64(Caller caller, Span<Value> results, ulong value)
    {
        if (!TryCharge(caller.Store, Fixed(FrameOf(caller), 0))) return HostTraps.OutOfGas(caller.Store);
        results[0] = Value.I64((long)value);
        return null;
    }

    private static Trap? CallerAddress(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteAddress(caller, U(args[0]), FrameOf(caller).Caller);

    private static Trap? OwnAddress(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteAddress(caller, U(args[0]), FrameOf(caller).Address);

    private static Trap? Origin(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteAddress(caller, U(args[0]), FrameOf(caller).Session.Transaction.Sender);

    private static Trap? CallValue(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteWord(caller, U(args[0]), FrameOf(caller).Value);

    private static Trap? BlockCoinbase(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteAddress(caller, U(args[0]), FrameOf(caller).Session.Block.Coinbase);

    private static Trap? BlockBaseFee(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteWord(caller, U(args[0]), FrameOf(caller).Session.Block.BaseFee);

    private static Trap? TxGasPrice(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteWord(caller, U(args[0]), FrameOf(caller).Session.GasPrice);

    private static Trap? BlockPrevRandao(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 32))) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), 32, out var output)) return HostTraps.OutOfBounds();
        frame.Session.Block.PrevRandao.CopyTo(output);
        return null;
    }

    private static Trap? BlockNumber(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteI64(caller, results, FrameOf(caller).Session.Block.Number);

    private static Trap? BlockTimestamp(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteI64(caller, results, FrameOf(caller).Session.Block.Timestamp);

    private static Trap? ChainId(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteI64(caller, results, FrameOf(caller).Session.Block.ChainId);

    private static Trap? BlockGasLimit(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) => WriteI64(caller, results, FrameOf(caller).Session.Block.GasLimit);

    private static Trap? GasLeft(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        if (!TryCharge(caller.Store, Fixed(FrameOf(caller), 0))) return HostTraps.OutOfGas(caller.Store);
        results[0] = Value.I64(caller.Store.Fuel);
        return null;
    }

    private static Trap? Balance(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 52) + Prices(frame).AccountQuery)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), Address.Length, out var address) || !TryRange(frame, U(args[1]), 32, out var output)) return HostTraps.OutOfBounds();
        frame.Session.State.GetBalance(ReadAddress(address)).WriteBigEndian(output);
        return null;
    }

    private static Trap? CodeSize(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, Address.Length) + Prices(frame).AccountQuery)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), Address.Length, out var address)) return HostTraps.OutOfBounds();
        results[0] = Value.I32(frame.Session.State.GetCode(ReadAddress(address))?.Length ?? 0);
        return null;
    }

    private static Trap? CodeHash(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 52) + Prices(frame).AccountQuery)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), Address.Length, out var address) || !TryRange(frame, U(args[1]), 32, out var output)) return HostTraps.OutOfBounds();
        // EIP-1052: zero for an absent account, keccak256("") for one without code.
        frame.Session.State.GetCodeHash(ReadAddress(address)).CopyTo(output);
        return null;
    }

    private static Trap? BlockHash(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 32))) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[1]), 32, out var output)) return HostTraps.OutOfBounds();
        var hash = frame.Session.Block.RecentBlockHash((ulong)args[0].Bits);
        (hash ?? Hash256.Zero).CopyTo(output);
        results[0] = Value.I32(hash is null ? 0 : 1);
        return null;
    }
}
