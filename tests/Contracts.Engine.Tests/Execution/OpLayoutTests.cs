using System.Text.RegularExpressions;
using Contracts.Engine.Binary;
using Contracts.Engine.Execution;
using Contracts.Engine.Loading;
using Contracts.Engine.SpecScripts;
using Contracts.Engine.Validation;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Engine.Tests.Execution;

/// <summary>
/// The register ops' [Operands] layouts agree with the two sides that use them: the executor (its ip advances and
/// where it reads slots, immediates and offsets, read from its source) and the translator (every spec module's
/// translated code walks cleanly and keeps slots in the frame).
/// </summary>
public sealed partial class OpLayoutTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_op_has_a_layout_of_known_operand_kinds()
    {
        foreach (var op in Enum.GetValues<Op>())
        {
            var layout = OpLayout.Of(op);
            Assert.Matches("^[sfixbn]*\\*?$", layout);
            if (OpLayout.IsVariable(op)) Assert.Contains('n', layout);
        }
    }

    [Fact]
    public void Executor_cases_advance_ip_by_the_layout_width_and_read_operands_of_the_right_kind()
    {
        var source = File.ReadAllText(ExecutorSource());
        int switchStart = source.IndexOf("switch ((Op)word)", StringComparison.Ordinal);
        int switchEnd = source.IndexOf("return InvalidOpcode(", switchStart, StringComparison.Ordinal);
        Assert.True(switchStart > 0 && switchEnd > switchStart, "the executor's dispatch switch was not found");
        var body = source[switchStart..switchEnd];

        var handled = new HashSet<Op>();
        var problems = new List<string>();
        var labels = CaseLabel().Matches(body);
        for (int i = 0; i < labels.Count; i++)
        {
            int end = i + 1 < labels.Count ? labels[i + 1].Index : body.Length;
            var block = body[labels[i].Index..end];
            var ops = OpName().Matches(labels[i].Value).Select(m => Enum.Parse<Op>(m.Groups[1].Value)).ToList();
            foreach (var op in ops)
            {
                Assert.True(handled.Add(op), $"{op} has two cases");
                Check(op, block, problems);
            }
        }
        // The SIMD ops run in their own switch (Executor.Simd.cs), each case returning its width.
        var simdSource = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ExecutorSource())!, "Executor.Simd.cs"));
        int simdStart = simdSource.IndexOf("switch (op)", StringComparison.Ordinal);
        int simdEnd = simdSource.IndexOf("default:", simdStart, StringComparison.Ordinal);
        Assert.True(simdStart > 0 && simdEnd > simdStart, "the SIMD switch was not found");
        var simdBody = simdSource[simdStart..simdEnd];
        var simdLabels = CaseLabel().Matches(simdBody);
        for (int i = 0; i < simdLabels.Count; i++)
        {
            int end = i + 1 < simdLabels.Count ? simdLabels[i + 1].Index : simdBody.Length;
            var block = simdBody[simdLabels[i].Index..end];
            foreach (var op in OpName().Matches(simdLabels[i].Value).Select(m => Enum.Parse<Op>(m.Groups[1].Value)))
            {
                Assert.True(handled.Add(op), $"{op} has two cases");
                Assert.True(op >= Op.V128Load, $"{op} is in the SIMD switch but below V128Load, so the main loop never sends it there");
                var widths = SimdWidth().Matches(block).Select(m => int.Parse(m.Groups[1].Value)).Where(n => n != 0).Distinct().ToList();
                if (widths.Count != 1 || widths[0] != OpLayout.FixedWidth(op))
                    problems.Add($"{op}: returns widths [{string.Join(", ", widths)}], its layout '{OpLayout.Of(op)}' is {OpLayout.FixedWidth(op)} words");
                Check(op, block, problems);
            }
        }
        var missing = Enum.GetValues<Op>().Where(op => !handled.Contains(op)).ToList();
        Assert.True(missing.Count == 0, "ops without an executor case: " + string.Join(", ", missing));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        output.WriteLine($"{handled.Count} executor cases agree with their layouts");
    }

    private static void Check(Op op, string block, List<string> problems)
    {
        var layout = OpLayout.Of(op);
        int width = OpLayout.FixedWidth(op);
        foreach (Match advance in Advance().Matches(block))
        {
            int n = int.Parse(advance.Groups[1].Value);
            if (n != width) problems.Add($"{op}: advances ip by {n}, its layout '{layout}' is {width} words");
        }
        foreach (Match fallThrough in FallThrough().Matches(block))
        {
            int n = int.Parse(fallThrough.Groups[1].Value);
            if (n != width) problems.Add($"{op}: falls through by {n}, its layout '{layout}' is {width} words");
        }
        foreach (Match call in CallLength().Matches(block))
        {
            int n = int.Parse(call.Groups[1].Value);
            if (n != width) problems.Add($"{op}: returns {n} words on, its layout '{layout}' is {width} words");
        }
        var slotReads = SlotRead().Matches(block).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        foreach (int k in slotReads)
        {
            if (k < 1 || k > layout.TrimEnd('*').Length || layout[k - 1] != 's')
                problems.Add($"{op}: reads operand {k} as a slot, its layout is '{layout}'");
        }
        // Raw operand reads, minus the advances (whose literal is a width, not an operand).
        var raw = RawRead().Matches(block).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        foreach (Match advance in Advance().Matches(block)) raw.Remove(int.Parse(advance.Groups[1].Value));
        foreach (int k in raw)
        {
            if (k < 1 || k > layout.TrimEnd('*').Length || layout[k - 1] == 's')
                problems.Add($"{op}: reads operand {k} raw, its layout is '{layout}'");
        }
    }

    [Fact]
    public void Translated_spec_modules_satisfy_the_layouts__returns_early_without_the_testsuite()
    {
        var all = SpecTestCorpus.RequireOrSkip();
        if (all is null) return;
        var engine = new Engine(new EngineConfig { Limits = ValidationLimits.Permissive });
        int modules = 0, functions = 0;
        foreach (var command in all.Where(c => c.Type == "module" && c.FilePath.EndsWith(".wasm", StringComparison.Ordinal)
            && c.Script.StartsWith(SpecTestCorpus.Core, StringComparison.Ordinal)))
        {
            var module = Module.Compile(engine, File.ReadAllBytes(command.FilePath));
            foreach (var function in module.Functions)
            {
                OpLayout.Verify(function);
                functions++;
            }
            modules++;
        }
        output.WriteLine($"{functions} functions of {modules} modules verified");
        Assert.True(functions > 1_000, $"only {functions} functions translated");
    }

    [Fact]
    public void The_verifier_rejects_a_slot_outside_the_frame()
    {
        var function = new CompiledFunction
        {
            FunctionIndex = 0, DefinedIndex = 0, Type = Model.FunctionType.Empty, ParameterCount = 0, LocalCount = 0,
            FrameSize = 2, Code = [(int)Op.Copy, 0, 2, (int)Op.ReturnVoid],
        };
        var error = Assert.Throws<InvalidOperationException>(() => OpLayout.Verify(function));
        Assert.Contains("slot 2", error.Message);
    }

    [Fact]
    public void The_verifier_rejects_a_branch_into_the_middle_of_an_instruction()
    {
        var function = new CompiledFunction
        {
            FunctionIndex = 0, DefinedIndex = 0, Type = Model.FunctionType.Empty, ParameterCount = 0, LocalCount = 0,
            FrameSize = 4, Code = [(int)Op.Br, 3, (int)Op.Copy, 0, 2, (int)Op.ReturnVoid],
        };
        var error = Assert.Throws<InvalidOperationException>(() => OpLayout.Verify(function));
        Assert.Contains("branches to 3", error.Message);
    }

    [Fact]
    public void The_verifier_rejects_a_slot_inside_a_cell()
    {
        // Slots are word offsets of 16-byte cells: word 1 is the second half of cell 0, never an operand.
        var function = new CompiledFunction
        {
            FunctionIndex = 0, DefinedIndex = 0, Type = Model.FunctionType.Empty, ParameterCount = 0, LocalCount = 0,
            FrameSize = 4, Code = [(int)Op.Copy, 0, 1, (int)Op.ReturnVoid],
        };
        var error = Assert.Throws<InvalidOperationException>(() => OpLayout.Verify(function));
        Assert.Contains("slot 1", error.Message);
    }

    private static string ExecutorSource()
    {
        var root = SharedFolder.RepositoryRoot() ?? throw new InvalidOperationException("repository root not found");
        return Path.Combine(root, "engine", "Contracts.Engine", "Execution", "Executor.cs");
    }

    [GeneratedRegex(@"case Op\.\w+(?: or Op\.\w+)*:")]
    private static partial Regex CaseLabel();

    [GeneratedRegex(@"Op\.(\w+)")]
    private static partial Regex OpName();

    [GeneratedRegex(@"ip = ref Unsafe\.Add\(ref ip, (\d+)\);")]
    private static partial Regex Advance();

    [GeneratedRegex(@"\) : (\d+)\);")]
    private static partial Regex FallThrough();

    [GeneratedRegex(@"callLength = (\d+);")]
    private static partial Regex CallLength();

    [GeneratedRegex(@"\b(?:S|V|Cell)\(ref fp, ref ip, (\d+)\)")]
    private static partial Regex SlotRead();

    [GeneratedRegex(@"return (\d+);")]
    private static partial Regex SimdWidth();

    [GeneratedRegex(@"(?<!(?:S|V|Cell)\(ref fp, )Unsafe\.Add\(ref ip, (\d+)\)")]
    private static partial Regex RawRead();
}
