using Contracts.Engine;
using Contracts.Engine.Binary;
using Contracts.Engine.Execution;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Fuzz.Generation;
using Contracts.GasMetering;
using Contracts.GasMetering.Hosting;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Oracle;

/// <summary>
/// Runs cases on our engine through its public embedding API only, configured and linked for gas as a node does it
/// (<see cref="GasEngineConfig"/>, <see cref="GasLinking"/>): <c>gas.charge</c> is the engine's folded fuel intrinsic.
/// </summary>
public sealed class ContractsEngineRunner(EngineConfig? config = null, string name = "contracts") : IEngineRunner
{
    private readonly Engine.Engine _engine = new(config ?? GasEngineConfig.Default);

    public string Name => name;

    /// <summary>Our engine as a node configures it, on the interpreter only.</summary>
    public static ContractsEngineRunner Interpreter() =>
        new(GasEngineConfig.Default with { Tier = ExecutionTier.Interpreter }, "contracts-interpreter");

    /// <summary>Our engine on the compiled tier (IL), every module compiled on its first call.</summary>
    public static ContractsEngineRunner Compiled() =>
        new(Engine.Compiler.IlTier.Configure(GasEngineConfig.Default, ExecutionTier.Compiled), "contracts-compiled");

    /// <summary>Observes every call made (for executed-function counts); null by default.</summary>
    public IExecutionTracer? Tracer { get; set; }

    public CaseOutcome Run(byte[] wasm, IReadOnlyList<Invocation> calls, RunSettings settings)
    {
        var outcome = new CaseOutcome();
        Module module;
        try
        {
            module = Module.Compile(_engine, wasm);
        }
        catch (WasmLoadException e)
        {
            outcome.LoadError = e.Message;
            return outcome;
        }
        catch (Exception e)
        {
            outcome.LoadError = $"ENGINE EXCEPTION {e.GetType().Name}: {e.Message}";
            return outcome;
        }

        // A start function gets one call's gas, as on Wasmtime.
        var store = new Store(_engine) { Tracer = Tracer, Fuel = settings.IntrinsicFuelPerCall };
        var linker = new Linker().DefineGasImports(_engine);
        foreach (var import in module.Info.Imports)
        {
            if (import.Module == HostFunctions.Module && import.Name == HostFunctions.MixName && import.Kind == ExternalKind.Function)
            {
                linker.DefineFunction(HostFunctions.Module, HostFunctions.MixName, new FunctionType([ValueType.I64, ValueType.I32], [ValueType.I64]), (_, arguments, results) =>
                {
                    results[0] = Value.I64(HostFunctions.Mix(arguments[0].AsI64(), arguments[1].AsI32()));
                    return null;
                });
            }
        }

        Instance instance;
        try
        {
            instance = linker.Instantiate(store, module);
        }
        catch (InstantiationException e)
        {
            outcome.InstantiationError = e.Message;
            return outcome;
        }
        catch (Exception e)
        {
            outcome.InstantiationError = $"ENGINE EXCEPTION {e.GetType().Name}: {e.Message}";
            return outcome;
        }

        foreach (var call in calls)
        {
            var function = instance.GetFunction(call.Export)
                ?? throw new ArgumentException($"the module exports no function \"{call.Export}\"");
            instance.GetGlobal(ModuleShape.FuelGlobalExport)?.Set(Value.I32(settings.GuardFuelPerCall));
            instance.GetGlobal(ModuleShape.DepthGlobalExport)?.Set(Value.I32(0));
            instance.GetGlobal(ModuleShape.FlagGlobalExport)?.Set(Value.I32(0));
            // Gas-instrumented modules: a trap unwinds without lowering the stack-height counter.
            instance.GetGlobal(GasMetering.GasImports.StackHeightExport)?.Set(Value.I32(0));
            store.Fuel = settings.IntrinsicFuelPerCall;

            var arguments = new Value[call.Arguments.Length];
            for (int i = 0; i < arguments.Length; i++) arguments[i] = ToValue(call.ParameterTypes[i], call.Arguments[i]);
            var resultTypes = function.Type.Results.ToArray();
            var results = new Value[resultTypes.Length];
            var trapClass = TrapClass.None;
            string detail = "";
            try
            {
                var trap = function.Invoke(arguments, results);
                if (trap is not null)
                {
                    trapClass = Classify(trap.Kind);
                    detail = trap.ToString();
                }
            }
            catch (Exception e)
            {
                trapClass = TrapClass.EngineException;
                detail = $"{e.GetType().Name}: {e.Message}";
            }

            var bits = trapClass == TrapClass.None ? results.Select(Bits).ToArray() : [];
            int flag = instance.GetGlobal(ModuleShape.FlagGlobalExport)?.Get().AsI32() ?? 0;
            outcome.Calls.Add(new CallOutcome(call, trapClass, detail, resultTypes, bits, flag, store.Fuel, Snapshot(instance)));
        }
        return outcome;
    }

    private static Value ToValue(ValueType type, UInt128 bits) =>
        type == ValueType.V128 ? Value.V128((ulong)bits, (ulong)(bits >> 64)) : new Value(type, (ulong)bits);

    private static UInt128 Bits(Value value) => value.Type switch
    {
        ValueType.V128 => ((UInt128)value.HighBits << 64) | value.Bits,
        ValueType.FuncRef => value.Reference is null ? 0ul : 1ul,
        ValueType.ExternRef => value.Bits == 0 ? 0ul : 1ul,
        _ => value.Bits,
    };

    public static TrapClass Classify(TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => TrapClass.Unreachable,
        TrapKind.IntegerDivideByZero => TrapClass.IntegerDivideByZero,
        TrapKind.IntegerOverflow => TrapClass.IntegerOverflow,
        TrapKind.InvalidConversionToInteger => TrapClass.InvalidConversionToInteger,
        TrapKind.MemoryOutOfBounds => TrapClass.MemoryOutOfBounds,
        // call_indirect past the table's end: the spec says "undefined element", Wasmtime reports a table bounds trap.
        TrapKind.TableOutOfBounds or TrapKind.UndefinedElement => TrapClass.TableOutOfBounds,
        TrapKind.UninitializedElement => TrapClass.IndirectCallToNull,
        TrapKind.IndirectCallTypeMismatch => TrapClass.IndirectCallTypeMismatch,
        TrapKind.CallStackExhausted => TrapClass.StackExhausted,
        TrapKind.OutOfFuel => TrapClass.OutOfFuel,
        TrapKind.StackHeightExhausted => TrapClass.StackHeightExhausted,
        _ => TrapClass.Other,
    };

    private static StateSnapshot Snapshot(Instance instance)
    {
        var globals = new List<(string, ValueType, UInt128)>();
        var tables = new List<(string, ulong, ulong)>();
        long pages = -1;
        ulong memoryHash = 0;
        foreach (var export in instance.Exports.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            switch (export.Item)
            {
                case Global global:
                    var value = global.Get();
                    globals.Add((export.Name, value.Type, Bits(value)));
                    break;
                case Memory memory when pages < 0:
                    pages = memory.Pages;
                    memoryHash = StateSnapshot.Hash(memory.Span);
                    break;
                case Table table:
                    tables.Add((export.Name, table.Size, StateSnapshot.NullPattern(table.Size, i => table.Get(i).IsNull)));
                    break;
            }
        }
        return new StateSnapshot(globals.ToArray(), pages, memoryHash, tables.ToArray());
    }

    public void Dispose()
    {
    }
}
