using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.SpecScripts;

/// <summary>
/// The <c>spectest</c> module the scripts import from, with the reference interpreter's contents
/// (spec <c>interpreter/host/spectest.ml</c>): print functions that do nothing, immutable globals of 666 / 666.6,
/// a funcref table 10..20 and a memory 1..2.
/// </summary>
internal static class SpecTestHost
{
    public const string ModuleName = "spectest";

    /// <summary>666.6 as f32 and f64 bit patterns (kept as bits: a float conversion could change them).</summary>
    private const uint Global666F32Bits = 0x4426A666;
    private const ulong Global666F64Bits = 0x4084D4CCCCCCCCCD;

    public static void Define(Linker linker, Store store)
    {
        DefinePrint(linker, "print");
        DefinePrint(linker, "print_i32", ValueType.I32);
        DefinePrint(linker, "print_i64", ValueType.I64);
        DefinePrint(linker, "print_f32", ValueType.F32);
        DefinePrint(linker, "print_f64", ValueType.F64);
        DefinePrint(linker, "print_i32_f32", ValueType.I32, ValueType.F32);
        DefinePrint(linker, "print_f64_f64", ValueType.F64, ValueType.F64);

        linker.Define(ModuleName, "global_i32", Global.Create(store, new GlobalType(ValueType.I32, false), Value.I32(666)));
        linker.Define(ModuleName, "global_i64", Global.Create(store, new GlobalType(ValueType.I64, false), Value.I64(666)));
        linker.Define(ModuleName, "global_f32", Global.Create(store, new GlobalType(ValueType.F32, false), Value.F32FromBits(Global666F32Bits)));
        linker.Define(ModuleName, "global_f64", Global.Create(store, new GlobalType(ValueType.F64, false), Value.F64FromBits(Global666F64Bits)));
        linker.Define(ModuleName, "table",
            Table.Create(store, new TableType(ValueType.FuncRef, new Limits(10, 20)), Value.NullRef(ValueType.FuncRef)));
        linker.Define(ModuleName, "memory", Memory.Create(store, new MemoryType(new Limits(1, 2))));
    }

    private static void DefinePrint(Linker linker, string name, params ValueType[] parameters) =>
        linker.DefineFunction(ModuleName, name, new FunctionType(parameters, []), static (_, _, _) => null);
}
