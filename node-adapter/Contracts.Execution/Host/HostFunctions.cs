using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Execution.Calls;
using Contracts.Execution.Crypto;
using Contracts.Execution.Results;
using Contracts.GasMetering;
using Contracts.State.Primitives;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Execution.Host;

/// <summary>
/// The host ABI version 1 (node-adapter/docs/host-abi.md): the one list of imports with their types, and their
/// implementations. Every function charges its price before doing the work, bounds-checks every pointer and length
/// (a bad range is a <c>MemoryOutOfBounds</c> trap, never a host exception) and writes nothing when it traps.
/// </summary>
internal static partial class HostFunctions
{
    public const string ModuleName = "contracts_v1";
    public const string DebugLogName = "debug_log";

    private const ValueType I32 = ValueType.I32;
    private const ValueType I64 = ValueType.I64;

    public static readonly IReadOnlyList<HostImport> All =
    [
        new("input_size", new([], [I32]), InputSize),
        new("input_copy", new([I32, I32, I32], []), InputCopy),
        new("output_set", new([I32, I32], []), OutputSet),
        new("revert", new([I32, I32], []), Revert),
        new("return_data_size", new([], [I32]), ReturnDataSize),
        new("return_data_copy", new([I32, I32, I32], []), ReturnDataCopy),
        new("storage_load", new([I32, I32], []), StorageLoad),
        new("storage_store", new([I32, I32], []), StorageStore),
        new("kv_get", new([I32, I32, I32, I32], [I32]), KvGet),
        new("kv_has", new([I32, I32], [I32]), KvHas),
        new("kv_set", new([I32, I32, I32, I32], []), KvSet),
        new("kv_remove", new([I32, I32], [I32]), KvRemove),
        new("kv_next", new([I32, I32, I32, I32, I32, I32, I32, I32], [I64]), KvNext),
        new("caller", new([I32], []), CallerAddress),
        new("address", new([I32], []), OwnAddress),
        new("origin", new([I32], []), Origin),
        new("call_value", new([I32], []), CallValue),
        new("balance", new([I32, I32], []), Balance),
        new("code_size", new([I32], [I32]), CodeSize),
        new("code_hash", new([I32, I32], []), CodeHash),
        new("block_number", new([], [I64]), BlockNumber),
        new("block_timestamp", new([], [I64]), BlockTimestamp),
        new("chain_id", new([], [I64]), ChainId),
        new("block_coinbase", new([I32], []), BlockCoinbase),
        new("block_base_fee", new([I32], []), BlockBaseFee),
        new("block_gas_limit", new([], [I64]), BlockGasLimit),
        new("block_prev_randao", new([I32], []), BlockPrevRandao),
        new("block_hash", new([I64, I32], [I32]), BlockHash),
        new("tx_gas_price", new([I32], []), TxGasPrice),
        new("gas_left", new([], [I64]), GasLeft),
        new("emit_log", new([I32, I32, I32, I32], []), EmitLog),
        new("keccak256", new([I32, I32, I32], []), Keccak),
        new("sha256", new([I32, I32, I32], []), Sha),
        new("ripemd160", new([I32, I32, I32], []), Ripemd),
        new("blake2b256", new([I32, I32, I32], []), Blake2b),
        new("secp256k1_recover", new([I32, I32, I32, I32], [I32]), Secp256k1Recover),
        new("secp256k1_verify", new([I32, I32, I32, I32], [I32]), Secp256k1Verify),
        new("ed25519_verify", new([I32, I32, I32, I32], [I32]), Ed25519Verify),
        new("call", new([I32, I32, I32, I32, I64], [I32]), Call),
        new("static_call", new([I32, I32, I32, I64], [I32]), StaticCall),
        new("create", new([I32, I32, I32, I32], [I32]), Create),
        new("create2", new([I32, I32, I32, I32, I32], [I32]), Create2),
        new(DebugLogName, new([I32, I32], []), DebugLog),
    ];

    private static readonly Dictionary<string, HostImport> ByName = All.ToDictionary(i => i.Name);

    public static HostImport? Find(string name) => ByName.GetValueOrDefault(name);

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static CallFrame FrameOf(Caller caller) => (CallFrame)caller.Data!;

    private static GasSchedule Prices(CallFrame frame) => frame.Session.Schedule;

    /// <summary>Takes <paramref name="amount"/> from the frame's gas; false (and no gas left) when it does not have it.</summary>
    private static bool TryCharge(Store store, ulong amount)
    {
        if ((ulong)store.Fuel < amount)
        {
            store.Fuel = 0;
            return false;
        }
        store.Fuel -= (long)amount;
        return true;
    }

    private static ulong Bytes(CallFrame frame, ulong count) => count * Prices(frame).HostCallPerByte;

    private static ulong Fixed(CallFrame frame, ulong bytes) => Prices(frame).HostCall + Bytes(frame, bytes);

    private static uint U(Value value) => (uint)value.AsI32();

    private static bool TryRange(CallFrame frame, uint pointer, uint length, out Span<byte> span)
    {
        if (frame.Memory is { } memory && memory.TryGetSpan(pointer, length, out span)) return true;
        span = default;
        return false;
    }

    private static Address ReadAddress(Span<byte> span) => new(span[..Address.Length]);

    // ---- input and output ---------------------------------------------------------------------------------------

    private static Trap? InputSize(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 0))) return HostTraps.OutOfGas(caller.Store);
        results[0] = Value.I32(frame.Input.Length);
        return null;
    }

    private static Trap? InputCopy(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint dest = U(args[0]), offset = U(args[1]), length = U(args[2]);
        if (!TryCharge(caller.Store, Fixed(frame, length))) return HostTraps.OutOfGas(caller.Store);
        if (!TryRange(frame, dest, length, out var target)) return HostTraps.OutOfBounds();
        CopyPadded(frame.Input.Span, offset, target);
        return null;
    }

    private static Trap? OutputSet(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint pointer = U(args[0]), length = U(args[1]);
        if (!TryCharge(caller.Store, Fixed(frame, length))) return HostTraps.OutOfGas(caller.Store);
        if (length > frame.Session.Limits.MaxReturnDataBytes) return HostTraps.LimitExceeded(frame, $"output of {length} bytes is above {frame.Session.Limits.MaxReturnDataBytes}");
        if (!TryRange(frame, pointer, length, out var source)) return HostTraps.OutOfBounds();
        frame.Output = source.ToArray();
        return null;
    }

    private static Trap? Revert(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint pointer = U(args[0]), length = U(args[1]);
        if (!TryCharge(caller.Store, Fixed(frame, length))) return HostTraps.OutOfGas(caller.Store);
        if (length > frame.Session.Limits.MaxReturnDataBytes) return HostTraps.LimitExceeded(frame, $"revert data of {length} bytes is above {frame.Session.Limits.MaxReturnDataBytes}");
        if (!TryRange(frame, pointer, length, out var source)) return HostTraps.OutOfBounds();
        frame.Output = source.ToArray();
        return HostTraps.Revert(frame);
    }

    private static Trap? ReturnDataSize(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        if (!TryCharge(caller.Store, Fixed(frame, 0))) return HostTraps.OutOfGas(caller.Store);
        results[0] = Value.I32(frame.ReturnData.Length);
        return null;
    }

    private static Trap? ReturnDataCopy(Caller caller, ReadOnlySpan<Value> args, Span<Value> results)
    {
        var frame = FrameOf(caller);
        uint dest = U(args[0]), offset = U(args[1]), length = U(args[2]);
        if (!TryCharge(caller.Store, Fixed(frame, length))) return HostTraps.OutOfGas(caller.Store);
        if ((ulong)offset + length > (ulong)frame.ReturnData.Length) return HostTraps.ReturnDataOutOfBounds(frame);
        if (!TryRange(frame, dest, length, out var target)) return HostTraps.OutOfBounds();
        frame.ReturnData.AsSpan((int)offset, (int)length).CopyTo(target);
        return null;
    }

    /// <summary>Copies source[offset..] into target, reading past the end of the source as zero (CALLDATACOPY).</summary>
    private static void CopyPadded(ReadOnlySpan<byte> source, uint offset, Span<byte> target)
    {
        target.Clear();
        if (offset >= (uint)source.Length) return;
        var available = source[(int)offset..];
        available[..Math.Min(available.Length, target.Length)].CopyTo(target);
    }
}
