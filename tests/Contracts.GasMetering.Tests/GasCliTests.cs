using Contracts.Cli;

namespace Contracts.GasMetering.Tests;

/// <summary>The gas commands of contract-cli, run in-process as a shell would.</summary>
public sealed class GasCliTests : IDisposable
{
    private const string Count = """
        (module (func (export "count") (param $n i32) (result i32) (local $i i32)
          (loop $l
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
          (local.get $i)))
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("gas-cli-").FullName;
    private readonly string _module;

    public GasCliTests()
    {
        _module = Path.Combine(_folder, "count.wasm");
        File.WriteAllBytes(_module, Wat.ToWasm(Count));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Gas of count(n) under the default schedule, from the library (the CLI must agree).</summary>
    private static ulong ExpectedGas(int n) =>
        Metered.Instantiate(Wat.ToWasm(Count)).Call("count", long.MaxValue, Engine.Runtime.Value.I32(n)).GasUsed;

    [Fact]
    public void Run_with_gas_prints_the_results_and_the_gas_used()
    {
        var (code, output, error) = Cli("run", _module, "--invoke", "count", "25", "--gas", "1000000");

        Assert.Equal(0, code);
        Assert.Equal("25", output.Trim());
        Assert.Equal($"gas used: {ExpectedGas(25)}", error.Trim());
    }

    [Fact]
    public void Running_out_of_gas_exits_1_and_uses_the_whole_limit()
    {
        var (code, output, error) = Cli("run", _module, "--invoke", "count", "25", "--gas", "100");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("trap: out of gas", error);
        Assert.Contains("gas used: 100", error);
    }

    [Fact]
    public void Run_without_gas_is_unchanged()
    {
        var (code, output, error) = Cli("run", _module, "--invoke", "count", "3");
        Assert.Equal(0, code);
        Assert.Equal("3", output.Trim());
        Assert.Equal("", error);
    }

    [Fact]
    public void Instrument_writes_exactly_what_the_library_produces_and_refuses_its_own_output()
    {
        var target = Path.Combine(_folder, "count.gas.wasm");

        var (code, output, _) = Cli("instrument", _module, "-o", target);
        var again = Cli("instrument", target, "-o", Path.Combine(_folder, "twice.wasm"));

        Assert.Equal(0, code);
        Assert.Contains("gas charges", output);
        Assert.Equal(GasInstrumenter.Instrument(File.ReadAllBytes(_module)).Bytes, File.ReadAllBytes(target));
        Assert.Equal(2, again.Code);
        Assert.Contains("already instrumented", again.Error);
    }

    [Fact]
    public void Inspect_instrumented_shows_the_gas_imports_and_the_moved_functions()
    {
        var (code, output, _) = Cli("inspect", _module, "--instrumented");

        Assert.Equal(0, code);
        Assert.Contains("import gas.charge", output);
        Assert.Contains("import gas.stack_exhausted", output);
        Assert.Contains(GasImports.StackHeightExport, output);
        Assert.Matches(@"0\s+->\s+2\s+4\s+leaf\s+\d+\s+count", output);
    }
}
