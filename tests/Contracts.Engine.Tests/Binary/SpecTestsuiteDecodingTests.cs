using Contracts.Engine.Loading;
using Xunit;
using Contracts.Engine.Binary;
using Contracts.Engine.SpecScripts;
using Contracts.Engine.Validation;

namespace Contracts.Engine.Tests.Binary;

/// <summary>
/// Decodes the spec testsuite's binaries. When the testsuite is absent these tests return early (they fail under
/// CI=true instead); the test names say so.
/// </summary>
public sealed class SpecTestsuiteDecodingTests
{
    /// <summary>
    /// Binary assert_malformed modules whose malformation lies inside a function body's instructions. The decoder
    /// records bodies as byte ranges without decoding their instructions, so these decode fine and are rejected by
    /// the validator, which decodes every instruction. Each entry says what the malformation is.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> MalformedInsideInstructions = new Dictionary<string, string>
    {
        // memarg alignment or offset LEB128 too long / too large (i32.load / i32.store immediates).
        ["binary.80.wasm"] = "i32.load offset LEB128 too long",
        ["binary.81.wasm"] = "i32.load alignment LEB128 too long",
        ["binary.82.wasm"] = "i32.store alignment LEB128 too long",
        ["binary.83.wasm"] = "i32.store offset LEB128 too long",
        ["binary.90.wasm"] = "i32.load offset LEB128 too large",
        ["binary.91.wasm"] = "i32.load offset LEB128 too large",
        ["binary.92.wasm"] = "i32.load alignment LEB128 too large",
        ["binary.93.wasm"] = "i32.load alignment LEB128 too large",
        ["binary.94.wasm"] = "i32.store alignment LEB128 too large",
        ["binary.95.wasm"] = "i32.store alignment LEB128 too large",
        ["binary.96.wasm"] = "i32.store offset LEB128 too large",
        ["binary.97.wasm"] = "i32.store offset LEB128 too large",
        ["binary-leb128.40.wasm"] = "i32.load offset LEB128 too long",
        ["binary-leb128.41.wasm"] = "i32.load alignment LEB128 too long",
        ["binary-leb128.42.wasm"] = "i32.store alignment LEB128 too long",
        ["binary-leb128.43.wasm"] = "i32.store offset LEB128 too long",
        ["binary-leb128.65.wasm"] = "i32.load offset LEB128 too large",
        ["binary-leb128.66.wasm"] = "i32.load offset LEB128 too large",
        ["binary-leb128.67.wasm"] = "i32.load alignment LEB128 too large",
        ["binary-leb128.68.wasm"] = "i32.load alignment LEB128 too large",
        ["binary-leb128.69.wasm"] = "i32.store alignment LEB128 too large",
        ["binary-leb128.70.wasm"] = "i32.store alignment LEB128 too large",
        ["binary-leb128.71.wasm"] = "i32.store offset LEB128 too large",
        ["binary-leb128.72.wasm"] = "i32.store offset LEB128 too large",
        ["binary-leb128.82.wasm"] = "0xFC sub-opcode LEB128 too long",
        // memory.grow / memory.size reserved byte not a plain 0x00.
        ["binary.106.wasm"] = "memory.grow reserved byte is 0x01",
        ["binary.107.wasm"] = "memory.grow reserved byte is a 2-byte LEB128 zero",
        ["binary.108.wasm"] = "memory.grow reserved byte is a 3-byte LEB128 zero",
        ["binary.109.wasm"] = "memory.grow reserved byte is a 4-byte LEB128 zero",
        ["binary.110.wasm"] = "memory.grow reserved byte is a 5-byte LEB128 zero",
        ["binary.111.wasm"] = "memory.size reserved byte is 0x01",
        ["binary.112.wasm"] = "memory.size reserved byte is a 2-byte LEB128 zero",
        ["binary.113.wasm"] = "memory.size reserved byte is a 3-byte LEB128 zero",
        ["binary.114.wasm"] = "memory.size reserved byte is a 4-byte LEB128 zero",
        ["binary.115.wasm"] = "memory.size reserved byte is a 5-byte LEB128 zero",
        // memory.init / data.drop without a data count section: found by looking at the instructions.
        ["binary.129.wasm"] = "memory.init without a data count section",
        ["binary.130.wasm"] = "data.drop without a data count section",
        // Body ends in 0x0b, but that byte is br_table's operand; the instruction sequence runs out before its end.
        ["binary.174.wasm"] = "nested blocks lack their end opcodes",
    };

    /// <summary>
    /// Malformed modules the decoder rejects with a message other than the reference interpreter's, and why.
    /// Only the wording differs; the module is rejected either way.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DifferentWording = new Dictionary<string, string>
    {
        // A body whose last byte is not `end`: the decoder says "END opcode expected" for all of these; the
        // reference decodes on into the next bytes and reports what it finds there.
        ["binary.77.wasm"] = "reference: unexpected end of section or function (body at module end)",
        ["binary.78.wasm"] = "reference: section size mismatch (body's missing end borrowed from the next section)",
    };

    /// <summary>
    /// binary.174's body declares a block of type index 11 (byte 0x0b read as a block type) and then runs out of
    /// bytes. The validator decodes and validates in one pass, so it reports the unknown type before the missing
    /// ends; the reference interpreter decodes the whole body first.
    /// </summary>
    private const string ValidatorFindsAnotherErrorFirst = "binary.174.wasm";

    private static readonly ValidationLimits Limits = ValidationLimits.Permissive;

    [Fact]
    public void Every_core_module_command_decodes__returns_early_without_the_testsuite()
    {
        var commands = SpecTestCorpus.RequireOrSkip();
        if (commands is null) return;
        var modules = commands.Where(c => c.Type == "module" && c.Script.StartsWith(SpecTestCorpus.Core, StringComparison.Ordinal)).ToList();
        Assert.True(modules.Count >= 1000, $"expected the ~1125 core module commands, found {modules.Count}");
        var failures = new List<string>();
        foreach (var command in modules)
        {
            try
            {
                ModuleDecoder.Decode(File.ReadAllBytes(command.FilePath), Limits);
            }
            catch (WasmLoadException e)
            {
                failures.Add($"{command}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_binary_malformed_module_is_rejected__returns_early_without_the_testsuite()
    {
        var commands = SpecTestCorpus.RequireOrSkip();
        if (commands is null) return;
        var malformed = commands.Where(c => c.Type == "assert_malformed" && c.ModuleType == "binary").ToList();
        Assert.True(malformed.Count >= 700, $"expected the 736 binary assert_malformed commands, found {malformed.Count}");
        var failures = new List<string>();
        var seenExceptions = new HashSet<string>();
        foreach (var command in malformed)
        {
            var bytes = File.ReadAllBytes(command.FilePath);
            bool excepted = MalformedInsideInstructions.ContainsKey(command.FileName);
            if (excepted) seenExceptions.Add(command.FileName);
            try
            {
                ModuleDecoder.Decode(bytes, Limits);
                if (!excepted) failures.Add($"{command}: decoded, expected \"{command.Text}\"");
            }
            catch (WasmLoadException e)
            {
                bool sameWording = e.Detail.StartsWith(command.Text!, StringComparison.Ordinal);
                if (excepted) failures.Add($"{command}: listed as malformed inside instructions but Decode threw {e.Message}; remove it from the list");
                else if (DifferentWording.ContainsKey(command.FileName) == sameWording)
                    failures.Add($"{command}: expected \"{command.Text}\", got \"{e.Detail}\" (listed as different wording: {DifferentWording.ContainsKey(command.FileName)})");
            }
        }
        var stale = MalformedInsideInstructions.Keys.Where(k => !seenExceptions.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "exception list names files that are not binary assert_malformed modules: " + string.Join(", ", stale));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Modules_malformed_inside_instructions_are_rejected_by_the_validator__returns_early_without_the_testsuite()
    {
        var commands = SpecTestCorpus.RequireOrSkip();
        if (commands is null) return;
        var failures = new List<string>();
        foreach (var command in commands.Where(c => c.Type == "assert_malformed" && MalformedInsideInstructions.ContainsKey(c.FileName)))
        {
            var module = ModuleDecoder.Decode(File.ReadAllBytes(command.FilePath), Limits);
            try
            {
                ModuleValidator.Validate(module, Limits);
                failures.Add($"{command}: the validator accepted it ({MalformedInsideInstructions[command.FileName]})");
            }
            catch (WasmLoadException e) when (!e.Detail.StartsWith(command.Text!, StringComparison.Ordinal) && command.FileName != ValidatorFindsAnotherErrorFirst)
            {
                failures.Add($"{command}: expected \"{command.Text}\", got \"{e.Detail}\"");
            }
            catch (WasmLoadException)
            {
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Invalid_unlinkable_and_uninstantiable_modules_decode_or_fail_with_a_load_error__returns_early_without_the_testsuite()
    {
        var commands = SpecTestCorpus.RequireOrSkip();
        if (commands is null) return;
        var failures = new List<string>();
        int count = 0;
        foreach (var command in commands.Where(c => c.Type is "assert_invalid" or "assert_unlinkable" or "assert_uninstantiable"))
        {
            count++;
            try
            {
                ModuleDecoder.Decode(File.ReadAllBytes(command.FilePath), Limits);
            }
            catch (WasmLoadException e)
            {
                // Invalid modules may be rejected while decoding (e.g. a non-constant instruction in a constant
                // expression); modules that must link or instantiate far enough to fail later must decode.
                // SIMD modules may only fail as unsupported.
                bool simd = command.Script.StartsWith(SpecTestCorpus.Simd, StringComparison.Ordinal);
                bool acceptable = simd
                    ? e.Kind == WasmErrorKind.UnsupportedFeature
                    : command.Type == "assert_invalid" && e is WasmValidationException;
                if (!acceptable) failures.Add($"{command}: {e.Message}");
            }
        }
        Assert.True(count > 2000, $"expected over 2000 such commands, found {count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Simd_modules_validate_and_are_refused_as_unsupported_with_the_flag_off__returns_early_without_the_testsuite()
    {
        var commands = SpecTestCorpus.RequireOrSkip();
        if (commands is null) return;
        var failures = new List<string>();
        var off = Limits with { AllowSimd = false };
        int modules = 0, rejected = 0;
        foreach (var command in commands.Where(c => c.Type == "module" && c.Script.StartsWith(SpecTestCorpus.Simd, StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(command.FilePath);
            try
            {
                Contracts.Engine.Validation.ModuleValidator.Validate(ModuleDecoder.Decode(bytes, Limits), Limits);
                modules++;
                Contracts.Engine.Validation.ModuleValidator.Validate(ModuleDecoder.Decode(bytes, off), off);
            }
            catch (WasmLoadException e)
            {
                if (e.Kind == WasmErrorKind.UnsupportedFeature) rejected++;
                else failures.Add($"{command}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // 470 modules, 409 of them using v128 or a 0xFD instruction (the rest test scalar code beside SIMD scripts).
        Assert.True(modules >= 470 && rejected >= 409, $"{modules} SIMD modules validated, {rejected} refused with SIMD off");
    }
}
