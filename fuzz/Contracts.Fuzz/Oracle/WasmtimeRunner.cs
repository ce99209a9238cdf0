using Contracts.Fuzz.Generation;
using Wasmtime;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Oracle;

/// <summary>
/// Runs cases on Wasmtime 50 (Cranelift, NaN canonicalization on, which makes its arithmetic NaNs the canonical
/// ones our engine produces). Wasmtime's own fuel is only a termination backstop; the fuel intrinsic gas.charge is
/// a host function here that mirrors our engine's semantics exactly (charge, or consume all and trap).
/// </summary>
public sealed class WasmtimeRunner : IEngineRunner
{
    /// <summary>
    /// Wasmtime fuel per call: far above what the generated guards allow, so it only stops runaway bugs. (At
    /// 200 million, one case in ~86,000 ran out while the fuel guard still had 22 of 5,000 units left and our engine
    /// finished the same call in 0.1 s with the same memory: Wasmtime's per-operator fuel is not the guard's unit.)
    /// </summary>
    public const ulong BackstopFuel = 5_000_000_000;

    private const string OutOfFuelMessage = "fuzz-oracle: out of fuel";
    private const string StackHeightMessage = "fuzz-oracle: stack height exhausted";

    private readonly Wasmtime.Engine _engine;

    public WasmtimeRunner(bool optimize = false)
    {
        using var config = new Config()
            .WithCraneliftNaNCanonicalization(true)
            .WithFuelConsumption(true)
            .WithOptimizationLevel(optimize ? OptimizationLevel.Speed : OptimizationLevel.None);
        _engine = new Wasmtime.Engine(config);
    }

    public string Name => "wasmtime";

    public CaseOutcome Run(byte[] wasm, IReadOnlyList<Invocation> calls, RunSettings settings)
    {
        var outcome = new CaseOutcome();
        Wasmtime.Module module;
        try
        {
            module = Wasmtime.Module.FromBytes(_engine, "case", wasm);
        }
        catch (WasmtimeException e)
        {
            outcome.LoadError = e.Message;
            return outcome;
        }

        using (module)
        using (var store = new Store(_engine))
        using (var linker = new Linker(_engine))
        {
            long fuel = 0;
            bool outOfFuel = false;
            bool stackHeightTrap = false;
            foreach (var import in module.Imports)
            {
                if (import.ModuleName == HostFunctions.Module && import.Name == HostFunctions.MixName)
                    linker.DefineFunction(HostFunctions.Module, HostFunctions.MixName, (long a, int b) => HostFunctions.Mix(a, b));
                if (import.ModuleName != "gas") continue;
                if (import.Name == "charge")
                {
                    linker.DefineFunction("gas", "charge", (long amount) =>
                    {
                        // Our engine's rule: amounts are unsigned; running out consumes what was left.
                        ulong available = fuel <= 0 ? 0 : (ulong)fuel;
                        if ((ulong)amount > available)
                        {
                            fuel = 0;
                            outOfFuel = true;
                            throw new WasmtimeException(OutOfFuelMessage);
                        }
                        fuel = (long)(available - (ulong)amount);
                    });
                }
                else if (import.Name == "stack_exhausted")
                {
                    linker.DefineFunction("gas", "stack_exhausted", () =>
                    {
                        stackHeightTrap = true;
                        throw new WasmtimeException(StackHeightMessage);
                    });
                }
            }

            Instance instance;
            try
            {
                store.Fuel = BackstopFuel;
                fuel = settings.IntrinsicFuelPerCall; // a start function gets one call's gas
                instance = linker.Instantiate(store, module);
            }
            catch (WasmtimeException e)
            {
                outcome.InstantiationError = e.Message;
                return outcome;
            }

            var globals = instance.GetGlobals().ToDictionary(g => g.Item1, g => g.Item2, StringComparer.Ordinal);
            foreach (var call in calls)
            {
                var function = instance.GetFunction(call.Export)
                    ?? throw new ArgumentException($"the module exports no function \"{call.Export}\"");
                if (globals.TryGetValue(ModuleShape.FuelGlobalExport, out var fuelGlobal)) fuelGlobal.SetValue(settings.GuardFuelPerCall);
                if (globals.TryGetValue(ModuleShape.DepthGlobalExport, out var depthGlobal)) depthGlobal.SetValue(0);
                if (globals.TryGetValue(ModuleShape.FlagGlobalExport, out var flagGlobal)) flagGlobal.SetValue(0);
                if (globals.TryGetValue(GasMetering.GasImports.StackHeightExport, out var stackHeight)) stackHeight.SetValue(0);
                fuel = settings.IntrinsicFuelPerCall;
                outOfFuel = false;
                stackHeightTrap = false;
                store.Fuel = BackstopFuel;

                var arguments = new ValueBox[call.Arguments.Length];
                for (int i = 0; i < arguments.Length; i++) arguments[i] = Box(call.ParameterTypes[i], call.Arguments[i]);
                var resultTypes = function.Results.Select(ToValueType).ToArray();
                var trapClass = TrapClass.None;
                string detail = "";
                UInt128[] results = [];
                try
                {
                    var returned = function.Invoke(arguments);
                    results = Unbox(resultTypes, returned);
                }
                catch (TrapException e)
                {
                    trapClass = outOfFuel ? TrapClass.OutOfFuel : stackHeightTrap ? TrapClass.StackHeightExhausted : Classify(e.Type);
                    detail = FirstLine(e.Message);
                }
                catch (WasmtimeException e)
                {
                    trapClass = outOfFuel ? TrapClass.OutOfFuel : stackHeightTrap ? TrapClass.StackHeightExhausted : TrapClass.Other;
                    detail = FirstLine(e.Message);
                }

                int flag = flagGlobal is null ? 0 : (int)flagGlobal.GetValue()!;
                outcome.Calls.Add(new CallOutcome(call, trapClass, detail, resultTypes, results, flag, fuel, Snapshot(instance)));
            }
        }
        return outcome;
    }

    private static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n');
        return newline < 0 ? message : message[..newline];
    }

    public static TrapClass Classify(TrapCode code) => code switch
    {
        TrapCode.Unreachable => TrapClass.Unreachable,
        TrapCode.IntegerDivisionByZero => TrapClass.IntegerDivideByZero,
        TrapCode.IntegerOverflow => TrapClass.IntegerOverflow,
        TrapCode.BadConversionToInteger => TrapClass.InvalidConversionToInteger,
        TrapCode.MemoryOutOfBounds => TrapClass.MemoryOutOfBounds,
        TrapCode.TableOutOfBounds => TrapClass.TableOutOfBounds,
        TrapCode.IndirectCallToNull => TrapClass.IndirectCallToNull,
        TrapCode.BadSignature => TrapClass.IndirectCallTypeMismatch,
        TrapCode.StackOverflow => TrapClass.StackExhausted,
        TrapCode.OutOfFuel => TrapClass.BackstopFuel,
        _ => TrapClass.Other,
    };

    private static ValueBox Box(ValueType type, UInt128 value)
    {
        ulong bits = (ulong)value;
        return type switch
    {
        // Each arm converts on its own: a switch of int/long/float/double arms would otherwise widen all to double.
        ValueType.I32 => (ValueBox)(int)(uint)bits,
        ValueType.I64 => (ValueBox)(long)bits,
        ValueType.F32 => (ValueBox)BitConverter.UInt32BitsToSingle((uint)bits),
        ValueType.F64 => (ValueBox)BitConverter.UInt64BitsToDouble(bits),
        ValueType.V128 => (ValueBox)V128Of(value),
        _ => throw new ArgumentException($"the oracle passes only numeric arguments, not {type}"),
    };
    }

    /// <summary>A v128 from 128 bits, lane bytes little-endian (byte 0 is the low byte).</summary>
    private static V128 V128Of(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return new V128(bytes);
    }

    private static UInt128 BitsOf(V128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.CopyTo(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }

    private static UInt128[] Unbox(ValueType[] types, object? returned)
    {
        if (types.Length == 0) return [];
        var values = types.Length == 1 ? [returned] : (object?[])returned!;
        var bits = new UInt128[types.Length];
        for (int i = 0; i < types.Length; i++) bits[i] = ToBits(values[i]);
        return bits;
    }

    private static UInt128 ToBits(object? value) => value switch
    {
        V128 v => BitsOf(v),
        int i => (uint)i,
        long l => (ulong)l,
        float f => BitConverter.SingleToUInt32Bits(f),
        double d => BitConverter.DoubleToUInt64Bits(d),
        Function function => function.IsNull ? 0ul : 1ul,
        null => 0,
        _ => 1,
    };

    private static ValueType ToValueType(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => ValueType.I32,
        ValueKind.Int64 => ValueType.I64,
        ValueKind.Float32 => ValueType.F32,
        ValueKind.Float64 => ValueType.F64,
        ValueKind.FuncRef => ValueType.FuncRef,
        ValueKind.ExternRef => ValueType.ExternRef,
        ValueKind.V128 => ValueType.V128,
        _ => throw new ArgumentException($"no such value kind {kind}"),
    };

    private static StateSnapshot Snapshot(Instance instance)
    {
        var globals = new List<(string, ValueType, UInt128)>();
        foreach (var (name, global) in instance.GetGlobals().OrderBy(g => g.Item1, StringComparer.Ordinal))
            globals.Add((name, ToValueType(global.Kind), ToBits(global.GetValue())));

        long pages = -1;
        ulong memoryHash = 0;
        var memory = instance.GetMemories().OrderBy(m => m.Item1, StringComparer.Ordinal).Select(m => m.Item2).FirstOrDefault();
        if (memory is not null)
        {
            pages = memory.GetSize();
            memoryHash = StateSnapshot.Hash(memory.GetSpan(0, checked((int)memory.GetLength())));
        }

        var tables = new List<(string, ulong, ulong)>();
        foreach (var (name, table) in instance.GetTables().OrderBy(t => t.Item1, StringComparer.Ordinal))
        {
            ulong size = table.GetSize();
            tables.Add((name, size, StateSnapshot.NullPattern(size, i => ToBits(table.GetElement(i)) == 0)));
        }
        return new StateSnapshot(globals.ToArray(), pages, memoryHash, tables.ToArray());
    }

    public void Dispose() => _engine.Dispose();
}
