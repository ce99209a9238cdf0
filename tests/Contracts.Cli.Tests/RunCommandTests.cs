namespace Contracts.Cli.Tests;

public sealed class RunCommandTests
{
    private static CliRun RunModule(string file, string export, params string[] args) =>
        CliRun.Of(["run", CliRun.Module(file), "--invoke", export, .. args]);

    private static CliRun Invoke(string export, params string[] args) => RunModule("values.wasm", export, args);

    [Fact]
    public void Add_prints_the_sum_and_exits_0()
    {
        var run = Invoke("add", "2", "3");
        Assert.Equal((0, "5\n", ""), (run.ExitCode, run.Output, run.Error));
    }

    [Theory]
    [InlineData("add", "0x7fffffff 1", "-2147483648")]
    [InlineData("add", "-1 -2", "-3")]
    [InlineData("id_i32", "4294967295", "-1")]
    [InlineData("id_i32", "0xFFFFFFFF", "-1")]
    [InlineData("id_i32", "-2147483648", "-2147483648")]
    [InlineData("id_i64", "18446744073709551615", "-1")]
    [InlineData("id_i64", "-9223372036854775808", "-9223372036854775808")]
    [InlineData("id_i64", "0x8000000000000000", "-9223372036854775808")]
    [InlineData("id_f64", "1.5", "1.5")]
    [InlineData("id_f64", "-0", "-0")]
    [InlineData("id_f64", "1e300", "1E+300")]
    [InlineData("id_f32", "0.1", "0.1")]
    [InlineData("id_f32", "-inf", "-inf")]
    [InlineData("id_f64", "nan", "nan")]
    [InlineData("id_f64", "-nan:0x1", "-nan:0x1")]
    [InlineData("f32_bits", "nan:0x200000", "2141192192")]
    [InlineData("f32_bits", "-nan", "-4194304")]
    [InlineData("f64_bits", "-0", "-9223372036854775808")]
    [InlineData("is_null", "null", "1")]
    public void Arguments_are_parsed_per_parameter_type(string export, string args, string expected)
    {
        var run = Invoke(export, args.Split(' '));
        Assert.Equal((0, expected + "\n", ""), (run.ExitCode, run.Output, run.Error));
    }

    [Theory]
    [InlineData("neg_zero", "-0")]
    [InlineData("tenth_sum", "0.30000000000000004")]
    [InlineData("f32_third", "0.33333334")]
    [InlineData("canonical_nan", "nan")]
    [InlineData("neg_canonical_nan", "-nan")]
    [InlineData("payload_nan", "nan:0x200000")]
    [InlineData("neg_payload_nan", "-nan:0x1")]
    [InlineData("null_funcref", "null")]
    [InlineData("some_funcref", "ref")]
    public void Results_are_formatted_exactly(string export, string expected)
    {
        var run = Invoke(export);
        Assert.Equal((0, expected + "\n"), (run.ExitCode, run.Output));
    }

    [Fact]
    public void Each_of_several_results_gets_its_own_line()
    {
        Assert.Equal(["-1", "9223372036854775807"], Invoke("pair").OutputLines);
        Assert.Equal(["inf", "-inf"], Invoke("infinities").OutputLines);
    }

    [Fact]
    public void A_function_without_results_prints_nothing()
    {
        var run = Invoke("nothing");
        Assert.Equal((0, "", ""), (run.ExitCode, run.Output, run.Error));
    }

    [Fact]
    public void Division_by_zero_traps_with_exit_code_1()
    {
        var run = Invoke("div_s", "1", "0");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("trap: integer divide by zero\n", run.Error);
    }

    [Theory]
    [InlineData("div_s", "-2147483648 -1", "integer overflow")]
    [InlineData("crash", "", "unreachable")]
    public void Traps_name_their_cause(string export, string args, string message)
    {
        var run = Invoke(export, args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"trap: {message}\n", run.Error);
    }

    [Fact]
    public void A_trapping_start_function_exits_1()
    {
        var run = RunModule("start_trap.wasm", "run");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("trap: integer divide by zero\n", run.Error);
    }

    [Theory]
    [InlineData("add 1", "takes 2 argument(s)")]
    [InlineData("add 1 2 3", "takes 2 argument(s)")]
    [InlineData("add 1 x", "argument 2 of 'add' (i32)")]
    [InlineData("add 4294967296 0", "does not fit in i32")]
    [InlineData("add -2147483649 0", "does not fit in i32")]
    [InlineData("id_i64 18446744073709551616", "does not fit in i64")]
    [InlineData("id_f64 1e400", "out of range for f64")]
    [InlineData("id_f32 1e39", "out of range for f32")]
    [InlineData("id_f32 NaN", "expected a decimal number")]
    [InlineData("id_f32 nan:0x800000", "NaN payload")]
    [InlineData("id_f64 nan:0x0", "NaN payload")]
    [InlineData("is_null 1", "only the null reference")]
    [InlineData("missing", "no export named 'missing'")]
    [InlineData("memory", "the memory export 'memory' is not a callable function")]
    [InlineData("counter", "the global export 'counter'")]
    public void Bad_arguments_exit_2_with_a_message(string invocation, string message)
    {
        var parts = invocation.Split(' ');
        var run = Invoke(parts[0], parts[1..]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void A_missing_file_exits_2()
    {
        var run = RunModule("no-such-file.wasm", "run");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found", run.Error);
    }

    [Fact]
    public void Missing_invoke_option_is_a_usage_error()
    {
        var run = CliRun.Of("run", CliRun.Module("values.wasm"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--invoke", run.Error);
        Assert.Contains("contract-cli run --help", run.Error);
    }

    [Fact]
    public void Negative_fuel_is_a_usage_error()
    {
        var run = RunModule("fuel.wasm", "spend", "--fuel", "-5", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--fuel must not be negative", run.Error);
    }

    [Theory]
    [InlineData("malformed.wasm", "malformed module")]
    [InlineData("truncated.wasm", "malformed module")]
    [InlineData("invalid.wasm", "invalid module")]
    public void A_module_that_fails_to_load_exits_2_naming_the_offset(string file, string message)
    {
        var run = RunModule(file, "run");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Contains("byte offset 0x", run.Error);
    }

    [Fact]
    public void A_module_needing_imports_fails_to_link_with_exit_2()
    {
        var run = RunModule("needs_import.wasm", "run");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot link", run.Error);
    }

    [Fact]
    public void Fuel_limits_how_much_a_call_may_charge()
    {
        var enough = RunModule("fuel.wasm", "spend", "--fuel", "100", "10");
        Assert.Equal((0, "10\n"), (enough.ExitCode, enough.Output));

        var tooLittle = RunModule("fuel.wasm", "spend", "--fuel", "100", "11");
        Assert.Equal(1, tooLittle.ExitCode);
        Assert.StartsWith("trap: out of fuel\n", tooLittle.Error);
    }
}
