using Wasmtime;
using Function = Wasmtime.Function;
using Instance = Wasmtime.Instance;
using Linker = Wasmtime.Linker;
using Store = Wasmtime.Store;
using TrapException = Wasmtime.TrapException;
using TrapKind = Contracts.Engine.Runtime.TrapKind;
using Value = Contracts.Engine.Runtime.Value;

namespace Contracts.GasMetering.Tests;

/// <summary>
/// Runs an instrumented module on Wasmtime with the gas imports written in C#: the second engine of the cross-engine
/// properties. <c>gas.charge</c> has our engine's semantics (out of gas empties the tank and traps);
/// <c>gas.stack_exhausted</c> traps. Host traps are told apart by flags, not by messages.
/// </summary>
internal sealed class WasmtimeEngine : IDisposable
{
    private static readonly Wasmtime.Engine SharedEngine = new(new Config());

    private readonly Store _store;
    private readonly Instance _instance;
    private ulong _gasLeft = ulong.MaxValue;
    private TrapKind _hostTrap;

    public WasmtimeEngine(byte[] instrumented)
    {
        using var module = Compile(instrumented);
        (_store, _instance) = Instantiate(module);
    }

    public WasmtimeEngine(Wasmtime.Module module) => (_store, _instance) = Instantiate(module);

    public static Wasmtime.Module Compile(byte[] instrumented) => Wasmtime.Module.FromBytes(SharedEngine, "instrumented", instrumented);

    private (Store, Instance) Instantiate(Wasmtime.Module module)
    {
        var store = new Store(SharedEngine);
        using var linker = new Linker(SharedEngine);
        linker.DefineFunction(GasImports.Module, GasImports.Charge, (long amount) =>
        {
            if ((ulong)amount > _gasLeft)
            {
                _gasLeft = 0;
                _hostTrap = TrapKind.OutOfFuel;
                throw new InvalidOperationException("out of gas");
            }
            _gasLeft -= (ulong)amount;
        });
        linker.DefineFunction(GasImports.Module, GasImports.StackExhausted, () =>
        {
            _hostTrap = TrapKind.StackHeightExhausted;
            throw new InvalidOperationException("stack height exhausted");
        });
        return (store, linker.Instantiate(store, module));
    }

    public static Outcome Run(byte[] instrumented, string export, long gasLimit)
    {
        using var engine = new WasmtimeEngine(instrumented);
        return engine.Call(export, gasLimit);
    }

    public Outcome Call(string export, long gasLimit)
    {
        _instance.GetGlobal(GasImports.StackHeightExport)!.SetValue(0);
        _gasLeft = (ulong)gasLimit;
        _hostTrap = TrapKind.None;
        var function = _instance.GetFunction(export) ?? throw new ArgumentException($"no export {export}");
        try
        {
            var result = function.Invoke();
            var values = result switch
            {
                null => [],
                object[] many => many,
                _ => [result],
            };
            return Outcome.Returned(values.Select(Describe), GasUsed(gasLimit));
        }
        catch (Exception e) when (e is TrapException or WasmtimeException)
        {
            if (_hostTrap != TrapKind.None) return Outcome.Trapped(_hostTrap, GasUsed(gasLimit));
            var kind = e is TrapException { Type: var code } ? Map(code) : TrapKind.HostError;
            return Outcome.Trapped(kind, GasUsed(gasLimit));
        }
    }

    private ulong GasUsed(long gasLimit) => (ulong)gasLimit - _gasLeft;

    private static string Describe(object? value) => value switch
    {
        int i => Outcome.Describe(Value.I32(i)),
        long l => Outcome.Describe(Value.I64(l)),
        float f => Outcome.Describe(Value.F32(f)),
        double d => Outcome.Describe(Value.F64(d)),
        null => "null",
        Function => "funcref",
        _ => value.GetType().Name,
    };

    private static TrapKind Map(TrapCode code) => code switch
    {
        TrapCode.Unreachable => TrapKind.Unreachable,
        TrapCode.MemoryOutOfBounds or TrapCode.HeapMisaligned => TrapKind.MemoryOutOfBounds,
        TrapCode.TableOutOfBounds => TrapKind.TableOutOfBounds,
        TrapCode.IndirectCallToNull => TrapKind.UninitializedElement,
        TrapCode.BadSignature => TrapKind.IndirectCallTypeMismatch,
        TrapCode.IntegerOverflow => TrapKind.IntegerOverflow,
        TrapCode.IntegerDivisionByZero => TrapKind.IntegerDivideByZero,
        TrapCode.BadConversionToInteger => TrapKind.InvalidConversionToInteger,
        TrapCode.StackOverflow => TrapKind.CallStackExhausted,
        _ => TrapKind.HostError,
    };

    public void Dispose()
    {
        _store.Dispose();
    }
}
