using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Validation;

namespace Contracts.GasMetering.Tests;

public sealed class InstrumenterTests
{
    private const string Sample = """
        (module
          (import "env" "log" (func $log (param i32)))
          (table 2 funcref)
          (elem (i32.const 0) $a $b)
          (global $fn funcref (ref.func $b))
          (func $a (export "a") (result i32) (call $b))
          (func $b (result i32) (i32.const 42))
          (func $init (call $log (i32.const 1)))
          (start $init)
          (export "b" (func $b)))
        """;

    private static ModuleInfo Decode(byte[] bytes)
    {
        var info = ModuleDecoder.Decode(bytes, ValidationLimits.Permissive);
        ModuleValidator.Validate(info, ValidationLimits.Permissive);
        return info;
    }

    [Fact]
    public void Output_is_identical_byte_for_byte_on_every_run()
    {
        var wasm = Wat.ToWasm(Sample);
        Assert.Equal(GasInstrumenter.Instrument(wasm).Bytes, GasInstrumenter.Instrument(wasm).Bytes);
    }

    [Fact]
    public void Gas_imports_follow_the_modules_own_imports_and_defined_functions_move_up_by_two()
    {
        var result = GasInstrumenter.Instrument(Wat.ToWasm(Sample));
        var info = Decode(result.Bytes);

        Assert.Equal(["env.log", "gas.charge", "gas.stack_exhausted"], info.Imports.Select(i => $"{i.Module}.{i.Name}"));
        Assert.Equal(1u, result.Functions.ChargeFunction);
        Assert.Equal(0u, result.Functions.ToInstrumented(0));
        Assert.Equal(3u, result.Functions.ToInstrumented(1));
        Assert.Equal(1u, result.Functions.ToOriginal(3));
        Assert.Null(result.Functions.ToOriginal(2));
        // $a is 1, $b 2, $init 3 in the original: exports, elements, start and ref.func follow.
        Assert.Equal(3u, info.Exports.Single(e => e.Name == "a").Index);
        Assert.Equal(4u, info.Exports.Single(e => e.Name == "b").Index);
        Assert.Equal([3u, 4u], info.Elements[0].Items.Select(i => i.Index));
        Assert.Equal(4u, info.Globals[0].Initializer.Index);
        Assert.Equal(5u, info.StartFunction);
        Assert.Equal(GasImports.StackHeightExport, info.Exports[^1].Name);
        Assert.Equal(new GlobalType(Engine.Model.ValueType.I32, true), info.AllGlobals[(int)result.StackHeightGlobal]);
        Assert.True(GasInstrumenter.IsInstrumented(info));
    }

    [Fact]
    public void An_instrumented_module_is_refused()
    {
        var once = GasInstrumenter.Instrument(Wat.ToWasm(Sample)).Bytes;
        var e = Assert.Throws<GasInstrumentationException>(() => GasInstrumenter.Instrument(once));
        Assert.Contains("already instrumented", e.Message);
    }

    [Theory]
    [InlineData("(module (import \"gas\" \"charge\" (func (param i64))))")]
    [InlineData("(module (import \"gas\" \"stack_exhausted\" (func)))")]
    [InlineData("(module (import \"gas\" \"anything\" (global i32)))")]
    [InlineData("(module (global (export \"__gas_stack_height\") i32 (i32.const 0)))")]
    public void A_module_using_the_reserved_names_is_refused(string wat)
    {
        Assert.Throws<GasInstrumentationException>(() => GasInstrumenter.Instrument(Wat.ToWasm(wat)));
    }

    [Fact]
    public void An_invalid_module_is_a_load_error_not_an_instrumentation_error()
    {
        // A body whose type is wrong: (func (result i32) (i64.const 1)).
        var invalid = Wat.ToWasm("(module (func (result i32) (i32.const 1)))");
        int at = Array.LastIndexOf(invalid, (byte)Opcode.I32Const);
        invalid[at] = (byte)Opcode.I64Const;
        Assert.Throws<WasmValidationException>(() => GasInstrumenter.Instrument(invalid));
        Assert.ThrowsAny<WasmLoadException>(() => GasInstrumenter.Instrument([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]));
    }

    [Fact]
    public void Function_names_are_renumbered_and_the_gas_imports_are_named()
    {
        var result = GasInstrumenter.Instrument(Wat.ToWasm(Sample));
        var info = Decode(result.Bytes);
        var names = info.CustomSections.Single(s => s.Name == "name").Content.ToArray();

        var text = System.Text.Encoding.UTF8.GetString(names);
        Assert.Contains("gas.charge", text);
        Assert.Contains("gas.stack_exhausted", text);
        // Subsection 1 lists (index, name) pairs in index order: log 0, gas 1 and 2, a 3, b 4, init 5.
        var reader = new WasmReader(names);
        Assert.Equal(1, reader.ReadByte());
        reader.ReadVarUInt32();
        uint count = reader.ReadVarUInt32();
        var entries = new List<(uint, string)>();
        for (uint i = 0; i < count; i++) entries.Add((reader.ReadVarUInt32(), reader.ReadName()));
        Assert.Equal([(0u, "log"), (1u, "gas.charge"), (2u, "gas.stack_exhausted"), (3u, "a"), (4u, "b"), (5u, "init")], entries);
    }

    [Fact]
    public void Without_the_stack_limiter_only_gas_is_metered()
    {
        var options = InstrumentationOptions.Default with { StackHeightLimit = null, VerifyOutput = true };
        var instance = Metered.Instantiate(Wat.ToWasm("(module (func $f (export \"f\") (call $f)))"), options,
            GasEngineConfig.Default with { MaxCallDepth = 500 });
        Assert.Equal(Engine.Runtime.TrapKind.CallStackExhausted, instance.Call("f", 1L << 40).Trap?.Kind);
        Assert.NotEqual(InstrumentationOptions.Default.CacheKey, options.CacheKey);
    }
}
