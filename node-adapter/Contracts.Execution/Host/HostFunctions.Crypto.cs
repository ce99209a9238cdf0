using Contracts.Engine.Runtime;
using Contracts.Execution.Calls;
using Contracts.Execution.Crypto;
using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Execution.Host;

internal static partial class HostFunctions
{
    private delegate void HashFunction(ReadOnlySpan<byte> data, Span<byte> hash);

    private static Trap? EmitLog(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        var prices = Prices(frame);
        uint topicCount = U(args[1]), dataLength = U(args[3]);
        ulong topicBytes = 32UL * topicCount;
        ulong price = Fixed(frame, topicBytes + dataLength) + prices.Log + prices.LogPerTopic * (ulong)topicCount + prices.LogPerByte * (ulong)dataLength;
        if (!TryCharge(caller.Store, price)) return HostTraps.OutOfGas(caller.Store);
        if (topicCount > Log.MaxTopics) return HostTraps.LimitExceeded(frame, $"{topicCount} topics (at most {Log.MaxTopics})");
        if (dataLength > frame.Session.Limits.MaxLogDataBytes) return HostTraps.LimitExceeded(frame, $"log data of {dataLength} bytes is above {frame.Session.Limits.MaxLogDataBytes}");
        if (!TryRange(frame, U(args[0]), (uint)topicBytes, out var topicSpan) || !TryRange(frame, U(args[2]), dataLength, out var data)) return HostTraps.OutOfBounds();
        if (frame.IsStatic) return HostTraps.StaticViolation(frame, "emit_log");
        var topics = new Hash256[topicCount];
        for (int i = 0; i < topics.Length; i++) topics[i] = new Hash256(topicSpan.Slice(32 * i, 32));
        frame.Session.AddLog(frame, new Log(frame.Address, topics, data.ToArray()));
        return null;
    }

    private static Trap? Digest(Caller caller, ReadOnlySpan<Value> args, ulong basePrice, ulong perByte, uint outputLength, HashFunction hash)
    {
        var frame = FrameOf(caller);
        uint length = U(args[1]);
        if (!TryCharge(caller.Store, Fixed(frame, (ulong)length + outputLength) + basePrice + perByte * length)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), length, out var data) || !TryRange(frame, U(args[2]), outputLength, out var output)) return HostTraps.OutOfBounds();
        Span<byte> digest = stackalloc byte[32];
        hash(data, digest[..(int)outputLength]);
        digest[..(int)outputLength].CopyTo(output);
        return null;
    }

    private static Trap? Keccak(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) =>
        Digest(caller, args, Prices(FrameOf(caller)).Keccak256, Prices(FrameOf(caller)).Keccak256PerByte, 32,
            static (data, hash) => Contracts.State.Crypto.Keccak256.Compute(data).CopyTo(hash));

    private static Trap? Sha(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) =>
        Digest(caller, args, Prices(FrameOf(caller)).Sha256, Prices(FrameOf(caller)).Sha256PerByte, Sha256.HashLength, Sha256.Compute);

    private static Trap? Ripemd(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) =>
        Digest(caller, args, Prices(FrameOf(caller)).Ripemd160, Prices(FrameOf(caller)).Ripemd160PerByte, Ripemd160.HashLength, Ripemd160.Compute);

    private static Trap? Blake2b(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) =>
        Digest(caller, args, Prices(FrameOf(caller)).Blake2b256, Prices(FrameOf(caller)).Blake2b256PerByte, Blake2b256.HashLength, Blake2b256.Compute);

    private static Trap? Secp256k1Recover(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 116) + Prices(frame).Secp256k1Recover)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), 32, out var hash) || !TryRange(frame, U(args[2]), 64, out var signature)
            || !TryRange(frame, U(args[3]), Address.Length, out var output)) return HostTraps.OutOfBounds();
        var signer = Secp256k1.EcRecover(hash, args[1].AsI32(), signature);
        signer.CopyTo(output);
        results[0] = Value.I32(signer == Address.Zero ? 0 : 1);
        return null;
    }

    private static Trap? Secp256k1Verify(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint keyLength = U(args[3]);
        if (!TryCharge(caller.Store, Fixed(frame, 96UL + keyLength) + Prices(frame).Secp256k1Verify)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), 32, out var hash) || !TryRange(frame, U(args[1]), 64, out var signature)
            || !TryRange(frame, U(args[2]), keyLength, out var key)) return HostTraps.OutOfBounds();
        results[0] = Value.I32(Secp256k1.Verify(hash, signature, key) ? 1 : 0);
        return null;
    }

    private static Trap? Ed25519Verify(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        var prices = Prices(frame);
        uint length = U(args[3]);
        if (!TryCharge(caller.Store, Fixed(frame, 96UL + length) + prices.Ed25519Verify + prices.Ed25519VerifyPerByte * (ulong)length)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), 64, out var signature) || !TryRange(frame, U(args[1]), 32, out var key)
            || !TryRange(frame, U(args[2]), length, out var message)) return HostTraps.OutOfBounds();
        results[0] = Value.I32(Ed25519.Verify(signature, key, message) ? 1 : 0);
        return null;
    }

    private static Trap? DebugLog(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint length = U(args[1]);
        if (!TryCharge(caller.Store, Fixed(frame, length) + Prices(frame).DebugLog)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), length, out var message)) return HostTraps.OutOfBounds();
        frame.Session.Tracer?.OnDebugLog(frame.Depth, frame.Address, System.Text.Encoding.UTF8.GetString(message));
        return null;
    }

    private static Trap? Call(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) =>
        CallCommon(caller, results, U(args[0]), U(args[1]), U(args[2]), U(args[3]), args[4].Bits, isStatic: false);

    private static Trap? StaticCall(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) =>
        CallCommon(caller, results, U(args[0]), null, U(args[1]), U(args[2]), args[3].Bits, isStatic: true);

    private static Trap? CallCommon(Caller caller, Span<Value> results, uint addressPointer, uint? valuePointer, uint dataPointer, uint dataLength, ulong requestedGas, bool isStatic)
    {
        var frame = FrameOf(caller);
        var prices = Prices(frame);
        var session = frame.Session;
        ulong price = Fixed(frame, (valuePointer is null ? 20UL : 72UL) + dataLength) + prices.CallBase;
        if (!TryCharge(caller.Store, price)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, addressPointer, Address.Length, out var addressSpan) || !TryRange(frame, dataPointer, dataLength, out var data)) return HostTraps.OutOfBounds();
        UInt256 value = UInt256.Zero;
        if (valuePointer is { } vp)
        {
            if (!TryRange(frame, vp, 32, out var valueSpan)) return HostTraps.OutOfBounds();
            value = UInt256.FromBigEndian(valueSpan);
        }
        var target = ReadAddress(addressSpan);
        if (!value.IsZero)
        {
            if (frame.IsStatic) return HostTraps.StaticViolation(frame, "call with value");
            ulong transfer = prices.CallValueTransfer + (session.State.Exists(target) ? 0 : prices.CallNewAccount);
            if (!TryCharge(caller.Store, transfer)) return HostTraps.OutOfGas(caller.Store);
        }
        long forwarded = Forwardable(caller.Store, requestedGas);
        caller.Store.Fuel -= forwarded;
        var kind = isStatic ? CallKind.StaticCall : CallKind.Call;
        var result = session.Call(kind, frame.Address, target, value, data.ToArray(), forwarded, isStatic || frame.IsStatic, frame.Depth + 1);
        caller.Store.Fuel += result.GasLeft;
        frame.ReturnData = result.Output;
        results[0] = Value.I32((int)result.Status);
        return null;
    }

    private static Trap? Create(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) =>
        CreateCommon(caller, results, U(args[0]), U(args[1]), U(args[2]), null, U(args[3]));

    private static Trap? Create2(Caller caller, ReadOnlySpan<Value> args, Span<Value> results) =>
        CreateCommon(caller, results, U(args[0]), U(args[1]), U(args[2]), U(args[3]), U(args[4]));

    private static Trap? CreateCommon(Caller caller, Span<Value> results, uint codePointer, uint codeLength, uint valuePointer, uint? saltPointer, uint outPointer)
    {
        var frame = FrameOf(caller);
        var prices = Prices(frame);
        var session = frame.Session;
        ulong price = Fixed(frame, 52UL + codeLength) + prices.Create + session.DeployCharge(codeLength)
            + (saltPointer is null ? 0 : prices.Keccak256PerByte * (ulong)codeLength);
        if (!TryCharge(caller.Store, price)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, codePointer, codeLength, out var code) || !TryRange(frame, valuePointer, 32, out var valueSpan)
            || !TryRange(frame, outPointer, Address.Length, out var output)) return HostTraps.OutOfBounds();
        Span<byte> salt = stackalloc byte[32];
        if (saltPointer is { } sp)
        {
            if (!TryRange(frame, sp, 32, out var saltSpan)) return HostTraps.OutOfBounds();
            saltSpan.CopyTo(salt);
        }
        if (frame.IsStatic) return HostTraps.StaticViolation(frame, saltPointer is null ? "create" : "create2");
        var value = UInt256.FromBigEndian(valueSpan);
        if (!value.IsZero && !TryCharge(caller.Store, prices.CallValueTransfer)) return HostTraps.OutOfGas(caller.Store);
        byte[] deployData = code.ToArray();
        long forwarded = Forwardable(caller.Store, ulong.MaxValue);
        caller.Store.Fuel -= forwarded;
        var result = saltPointer is null
            ? session.CreateFromContract(frame, deployData, value, forwarded, salt: null)
            : session.CreateFromContract(frame, deployData, value, forwarded, salt.ToArray());
        caller.Store.Fuel += result.GasLeft;
        frame.ReturnData = result.Status == CallStatus.Success ? [] : result.Output;
        (result.Created ?? Address.Zero).CopyTo(output);
        results[0] = Value.I32((int)result.Status);
        return null;
    }

    /// <summary>At most all but 1/64 of the gas left (EIP-150), and no more than asked.</summary>
    private static long Forwardable(Store store, ulong requested)
    {
        long left = store.Fuel;
        long cap = left - left / 64;
        return requested < (ulong)cap ? (long)requested : cap;
    }
}
