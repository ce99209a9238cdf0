using Contracts.Engine.Runtime;

namespace Contracts.Execution.Host;

internal static partial class HostFunctions
{
    private static Trap? StorageLoad(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 64) + Prices(frame).SlotLoad)) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), 32, out var key) || !TryRange(frame, U(args[1]), 32, out var output)) return HostTraps.OutOfBounds();
        Span<byte> value = stackalloc byte[32];
        frame.Session.State.GetSlot(frame.Address, key, value);
        value.CopyTo(output);
        return null;
    }

    private static Trap? StorageStore(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        var prices = Prices(frame);
        if (!TryCharge(caller.Store, Fixed(frame, 64))) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, U(args[0]), 32, out var key) || !TryRange(frame, U(args[1]), 32, out var value)) return HostTraps.OutOfBounds();
        if (frame.IsStatic) return HostTraps.StaticViolation(frame, "storage_store");
        var session = frame.Session;
        Span<byte> current = stackalloc byte[32];
        session.State.GetSlot(frame.Address, key, current);
        bool currentZero = current.IndexOfAnyExcept((byte)0) < 0;
        bool newZero = value.IndexOfAnyExcept((byte)0) < 0;
        ulong price = current.SequenceEqual(value) ? prices.SlotStoreNoop : currentZero ? prices.SlotStoreSet : prices.SlotStoreReset;
        if (!TryCharge(caller.Store, price)) return HostTraps.OutOfGas(caller.Store);
        bool originalNonZero = session.RememberOriginalSlot(frame.Address, key, current);
        // The refund for clearing a slot that was non-zero when the transaction began; taken back if it is set again.
        if (originalNonZero && !currentZero && newZero) session.Refund += prices.SlotClearRefund;
        else if (originalNonZero && currentZero && !newZero) session.Refund -= prices.SlotClearRefund;
        session.State.SetSlot(frame.Address, key, value);
        return null;
    }

    private static Trap? KvGet(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint keyPointer = U(args[0]), keyLength = U(args[1]), outPointer = U(args[2]), capacity = U(args[3]);
        if (!TryCharge(caller.Store, Fixed(frame, keyLength) + Prices(frame).BytesLoad)) return HostTraps.OutOfGas(caller.Store);
        if (CheckKey(frame, keyLength) is { } limit) return limit;
        if (!TryRange(frame, keyPointer, keyLength, out var key) || !TryRange(frame, outPointer, capacity, out var output)) return HostTraps.OutOfBounds();
        if (!frame.Session.State.TryGetBytes(frame.Address, key, out var value))
        {
            results[0] = Value.I32(-1);
            return null;
        }
        int copied = Math.Min(value.Length, (int)Math.Min(capacity, int.MaxValue));
        if (!TryCharge(caller.Store, Bytes(frame, (ulong)copied))) return HostTraps.OutOfGas(caller.Store);
        value.Span[..copied].CopyTo(output);
        results[0] = Value.I32(value.Length);
        return null;
    }

    private static Trap? KvHas(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint keyLength = U(args[1]);
        if (!TryCharge(caller.Store, Fixed(frame, keyLength) + Prices(frame).BytesLoad)) return HostTraps.OutOfGas(caller.Store);
        if (CheckKey(frame, keyLength) is { } limit) return limit;
        if (!TryRange(frame, U(args[0]), keyLength, out var key)) return HostTraps.OutOfBounds();
        results[0] = Value.I32(frame.Session.State.TryGetBytes(frame.Address, key, out _) ? 1 : 0);
        return null;
    }

    private static Trap? KvSet(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        var prices = Prices(frame);
        uint keyLength = U(args[1]), valueLength = U(args[3]);
        ulong moved = (ulong)keyLength + valueLength;
        if (!TryCharge(caller.Store, Fixed(frame, moved) + prices.BytesStoreBase + moved * prices.BytesStorePerByte)) return HostTraps.OutOfGas(caller.Store);
        if (CheckKey(frame, keyLength) is { } limit) return limit;
        if (valueLength > frame.Session.Limits.MaxStorageValueBytes) return HostTraps.LimitExceeded(frame, $"value of {valueLength} bytes is above {frame.Session.Limits.MaxStorageValueBytes}");
        if (!TryRange(frame, U(args[0]), keyLength, out var key) || !TryRange(frame, U(args[2]), valueLength, out var value)) return HostTraps.OutOfBounds();
        if (frame.IsStatic) return HostTraps.StaticViolation(frame, "kv_set");
        frame.Session.State.SetBytes(frame.Address, key, value);
        return null;
    }

    private static Trap? KvRemove(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint keyLength = U(args[1]);
        if (!TryCharge(caller.Store, Fixed(frame, keyLength) + Prices(frame).BytesRemove)) return HostTraps.OutOfGas(caller.Store);
        if (CheckKey(frame, keyLength) is { } limit) return limit;
        if (!TryRange(frame, U(args[0]), keyLength, out var key)) return HostTraps.OutOfBounds();
        if (frame.IsStatic) return HostTraps.StaticViolation(frame, "kv_remove");
        results[0] = Value.I32(frame.Session.State.RemoveBytes(frame.Address, key) ? 1 : 0);
        return null;
    }

    private static Trap? KvNext(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint prefixLength = U(args[1]), afterLength = U(args[3]), keyCapacity = U(args[5]), valueCapacity = U(args[7]);
        if (!TryCharge(caller.Store, Fixed(frame, (ulong)prefixLength + afterLength) + Prices(frame).BytesIterate)) return HostTraps.OutOfGas(caller.Store);
        int maxKey = frame.Session.Limits.MaxStorageKeyBytes;
        if (prefixLength > maxKey || afterLength > maxKey) return HostTraps.LimitExceeded(frame, $"prefix or key above {maxKey} bytes");
        if (!TryRange(frame, U(args[0]), prefixLength, out var prefix) || !TryRange(frame, U(args[2]), afterLength, out var after)
            || !TryRange(frame, U(args[4]), keyCapacity, out var keyOut) || !TryRange(frame, U(args[6]), valueCapacity, out var valueOut))
            return HostTraps.OutOfBounds();
        if (frame.Session.State.NextBytes(frame.Address, prefix, after) is not { } entry)
        {
            results[0] = Value.I64(-1);
            return null;
        }
        int keyCopied = Math.Min(entry.Key.Length, (int)Math.Min(keyCapacity, int.MaxValue));
        int valueCopied = Math.Min(entry.Value.Length, (int)Math.Min(valueCapacity, int.MaxValue));
        if (!TryCharge(caller.Store, Bytes(frame, (ulong)(keyCopied + valueCopied)))) return HostTraps.OutOfGas(caller.Store);
        entry.Key.AsSpan(0, keyCopied).CopyTo(keyOut);
        entry.Value.AsSpan(0, valueCopied).CopyTo(valueOut);
        results[0] = Value.I64(((long)entry.Key.Length << 32) | (uint)entry.Value.Length);
        return null;
    }

    private static Trap? CheckKey(Calls.CallFrame frame, uint keyLength) =>
        keyLength == 0 || keyLength > frame.Session.Limits.MaxStorageKeyBytes
            ? HostTraps.LimitExceeded(frame, $"key of {keyLength} bytes (keys are 1 to {frame.Session.Limits.MaxStorageKeyBytes} bytes)")
            : null;
}
