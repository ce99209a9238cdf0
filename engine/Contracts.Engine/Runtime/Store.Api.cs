using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Runtime;

/// <summary>
/// The store's part of the embedding API: host functions materialised from linker definitions (one Function per
/// definition and store, so every instance importing it sees the same funcref), the fuel intrinsic, and the
/// conversions between API <see cref="Value"/>s and the interpreter's slot encoding.
/// </summary>
public sealed partial class Store
{
    /// <summary>Shared internally only: FunctionType exposes its arrays, so the public property hands out copies.</summary>
    internal static readonly FunctionType FuelIntrinsicType = new([ValueType.I64], []);

    private Dictionary<HostFunctionDefinition, Function>? _hostFunctions;
    private Function? _fuelFunction;

    /// <summary>The type the fuel intrinsic import must have: [i64] -> [].</summary>
    public static FunctionType FuelImportType => new([ValueType.I64], []);

    internal Function MaterializeHostFunction(HostFunctionDefinition definition)
    {
        _hostFunctions ??= new Dictionary<HostFunctionDefinition, Function>(ReferenceEqualityComparer.Instance);
        if (!_hostFunctions.TryGetValue(definition, out var function))
        {
            function = new Function(this, definition.Type, definition.Callback);
            _hostFunctions.Add(definition, function);
        }
        return function;
    }

    /// <summary>
    /// The function bound to the fuel intrinsic import. The translator folds direct calls of it into the code; this
    /// function serves the other uses (call_indirect through a table, re-export, host invocation).
    /// </summary>
    internal Function FuelFunction => _fuelFunction ??= new Function(this, FuelIntrinsicType, FuelCallback);

    /// <summary>
    /// Consumes <paramref name="amount"/> fuel: the one definition of the rule, shared by the fuel intrinsic's host
    /// paths and gas-metering's <c>GasLinking</c> (the interpreter's folded charge is its inlined copy). Returns null,
    /// or an <see cref="TrapKind.OutOfFuel"/> trap after consuming what was left, so gas used equals the limit.
    /// </summary>
    public Trap? ConsumeFuel(ulong amount)
    {
        // Fuel is a long so a host can hand out "unlimited" as long.MaxValue; a negative balance buys nothing.
        ulong available = Fuel <= 0 ? 0 : (ulong)Fuel;
        if (amount > available)
        {
            Fuel = 0;
            return new Trap(TrapKind.OutOfFuel);
        }
        Fuel = (long)(available - amount);
        return null;
    }

    /// <summary>
    /// The fuel intrinsic as a host function of type <see cref="FuelImportType"/>: consumes its argument through
    /// <see cref="ConsumeFuel"/>. For linkers binding a fuel import the engine does not fold.
    /// </summary>
    public static HostFunctionCallback FuelCallback { get; } =
        static (caller, arguments, _) => caller.Store.ConsumeFuel(arguments[0].Bits);

    /// <summary>
    /// Slot encoding of an API value: the raw bits for numbers and externrefs, handle + 1 for a funcref of this
    /// store. Throws <see cref="ArgumentException"/> for a function of another store.
    /// </summary>
    internal ulong ToSlot(in Value value)
    {
        if (value.Type != ValueType.FuncRef) return value.Bits;
        var function = value.Reference;
        if (function is null) return 0;
        if (!ReferenceEquals(function.Store, this))
            throw new ArgumentException("the funcref belongs to a different store");
        return EncodeFuncRef(function);
    }

    /// <summary>Cell encoding of an API value (<see cref="Execution.CompiledFunction.WordsPerCell"/> words): a v128's
    /// two halves, or <see cref="ToSlot"/> in the first word and 0 in the second.</summary>
    internal void ToCell(in Value value, Span<ulong> cell)
    {
        cell[0] = ToSlot(value);
        cell[1] = value.Type == ValueType.V128 ? value.HighBits : 0;
    }

    /// <summary>The API value of a cell of type <paramref name="type"/> (see <see cref="FromSlot"/>).</summary>
    internal Value FromCell(ValueType type, ReadOnlySpan<ulong> cell) =>
        type == ValueType.V128 ? Value.V128(cell[0], cell[1]) : FromSlot(type, cell[0]);

    /// <summary>
    /// The API value of a slot of type <paramref name="type"/>. 32-bit values keep only their low 32 bits, so API
    /// values compare equal whatever the interpreter left in a slot's upper half.
    /// </summary>
    internal Value FromSlot(ValueType type, ulong bits) => type switch
    {
        ValueType.FuncRef => Value.FuncRef(DecodeFuncRef(bits)),
        ValueType.I32 or ValueType.F32 => new Value(type, (uint)bits),
        _ => new Value(type, bits),
    };
}
