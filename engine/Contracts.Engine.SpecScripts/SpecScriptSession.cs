using System.Text.Json;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.SpecScripts;

/// <summary>
/// The state of one script run: one engine, store and linker (with a fresh <c>spectest</c> module), the named and the
/// current instance, and the tallies. Commands run in order; each is isolated so one failure never stops the run.
/// </summary>
internal sealed class SpecScriptSession
{
    private readonly string _scriptPath;
    private readonly string _folder;
    private readonly Engine _engine;
    private readonly SpecScriptOptions _options;
    private readonly Store _store;
    private readonly Linker _linker = new() { AllowShadowing = true };
    private readonly Dictionary<string, Instance> _namedInstances = new(StringComparer.Ordinal);
    private readonly List<SpecScriptFailure> _failures = [];
    private Instance? _current;
    /// <summary>Why there is no current instance (the last top-level module failed), for clearer failures.</summary>
    private string? _currentMissingReason = "no module has been instantiated yet";
    /// <summary>Source line of the command being run.</summary>
    private int _line;
    private int _passed;
    private int _skipped;

    public SpecScriptSession(string scriptPath, SpecScriptOptions options)
    {
        _scriptPath = scriptPath;
        _folder = Path.GetDirectoryName(Path.GetFullPath(scriptPath)) ?? ".";
        _options = options;
        _engine = new Engine(options.Config);
        _store = new Store(_engine);
        SpecTestHost.Define(_linker, _store);
        options.ConfigureLinker?.Invoke(_linker, _store);
    }

    public SpecScriptResult Run()
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(_scriptPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            _failures.Add(new SpecScriptFailure(0, "script", $"cannot read the script: {e.Message}"));
            return Result();
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("commands", out var commands) || commands.ValueKind != JsonValueKind.Array)
            {
                _failures.Add(new SpecScriptFailure(0, "script", "the script has no \"commands\" array"));
                return Result();
            }
            foreach (var command in commands.EnumerateArray()) RunCommand(command);
        }
        return Result();
    }

    private SpecScriptResult Result() => new(_scriptPath, _passed, _failures.Count, _skipped, _failures.ToArray());

    private void RunCommand(JsonElement command)
    {
        string type = "?";
        int line = 0;
        try
        {
            type = command.GetProperty("type").GetString() ?? "?";
            line = command.TryGetProperty("line", out var l) && l.TryGetInt32(out var n) ? n : 0;
            _line = line;
            var outcome = type switch
            {
                "module" => RunModule(command),
                "register" => RunRegister(command),
                "action" => RunAction(command),
                "assert_return" => RunAssertReturn(command),
                "assert_trap" => RunAssertTrap(command),
                "assert_exhaustion" => RunAssertExhaustion(command),
                "assert_invalid" or "assert_malformed" => RunAssertLoadFailure(command),
                "assert_unlinkable" => RunAssertUnlinkable(command),
                "assert_uninstantiable" => RunAssertUninstantiable(command),
                _ => Outcome.Fail($"unknown command type \"{type}\""),
            };
            Record(line, type, outcome);
        }
        catch (SpecScriptException e)
        {
            Record(line, type, Outcome.Fail(e.Message));
        }
        catch (Exception e)
        {
            // Engine bugs (an exception where a typed error or a trap was due) must not stop the run: they are failures.
            Record(line, type, Outcome.Fail($"unexpected {e.GetType().Name}: {e.Message}"));
        }
    }

    private void Record(int line, string type, Outcome outcome)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Passed: _passed++; break;
            case OutcomeKind.Skipped: _skipped++; break;
            default: _failures.Add(new SpecScriptFailure(line, type, outcome.Reason ?? "failed")); break;
        }
    }

    private Outcome RunModule(JsonElement command)
    {
        string? name = OptionalString(command, "name");
        _current = null;
        if (name is not null) _namedInstances.Remove(name);
        _currentMissingReason = $"the module at line {_line} failed";

        var module = Module.Compile(_engine, ReadModuleFile(command));
        var instance = _linker.Instantiate(_store, module);
        _current = instance;
        _currentMissingReason = null;
        if (name is not null) _namedInstances[name] = instance;
        return Outcome.Pass;
    }

    private Outcome RunRegister(JsonElement command)
    {
        var instance = Target(OptionalString(command, "name"));
        _linker.DefineInstance(RequiredString(command, "as"), instance);
        return Outcome.Pass;
    }

    private Outcome RunAction(JsonElement command)
    {
        var (trap, _) = Perform(command.GetProperty("action"));
        return trap is null ? Outcome.Pass : Outcome.Fail($"trapped: {trap}");
    }

    private Outcome RunAssertReturn(JsonElement command)
    {
        var (trap, results) = Perform(command.GetProperty("action"));
        if (trap is not null) return Outcome.Fail($"trapped: {trap}");
        var expected = command.GetProperty("expected");
        int expectedCount = expected.GetArrayLength();
        if (expectedCount != results.Length)
            return Outcome.Fail($"expected {expectedCount} results, got {results.Length}: {SpecValues.Describe(results)}");
        int i = 0;
        foreach (var value in expected.EnumerateArray())
        {
            var mismatch = SpecValues.Mismatch(value, results[i]);
            if (mismatch is not null) return Outcome.Fail(results.Length == 1 ? mismatch : $"result {i}: {mismatch}");
            i++;
        }
        return Outcome.Pass;
    }

    private Outcome RunAssertTrap(JsonElement command)
    {
        var text = RequiredString(command, "text");
        var (trap, results) = Perform(command.GetProperty("action"));
        if (trap is null) return Outcome.Fail($"returned {SpecValues.Describe(results)}, expected a trap \"{text}\"");
        return TrapMatches(trap, text) ? Outcome.Pass : Outcome.Fail($"trapped with \"{trap}\" ({trap.Kind}), expected \"{text}\"");
    }

    private Outcome RunAssertExhaustion(JsonElement command)
    {
        var (trap, results) = Perform(command.GetProperty("action"));
        if (trap is null) return Outcome.Fail($"returned {SpecValues.Describe(results)}, expected call stack exhaustion");
        // A stack-height limiter (gas metering) exhausts the stack before the engine's call-depth limit does.
        return trap.Kind is TrapKind.CallStackExhausted or TrapKind.StackHeightExhausted
            ? Outcome.Pass
            : Outcome.Fail($"trapped with \"{trap}\" ({trap.Kind}), expected call stack exhaustion");
    }

    /// <summary>assert_invalid and binary assert_malformed: any load error will do (a decoder may reject what a
    /// validator would). Text modules are skipped: this engine reads only binaries.</summary>
    private Outcome RunAssertLoadFailure(JsonElement command)
    {
        if (OptionalString(command, "module_type") == "text") return Outcome.Skip;
        var text = OptionalString(command, "text");
        try
        {
            Module.Compile(_engine, ReadModuleFile(command));
        }
        catch (WasmLoadException)
        {
            return Outcome.Pass;
        }
        return Outcome.Fail($"the module loaded, expected it to be rejected: \"{text}\"");
    }

    private Outcome RunAssertUnlinkable(JsonElement command)
    {
        var text = RequiredString(command, "text");
        var module = Module.Compile(_engine, ReadModuleFile(command));
        try
        {
            _linker.Instantiate(_store, module);
        }
        catch (LinkException e)
        {
            return e.Message.Contains(text, StringComparison.Ordinal)
                ? Outcome.Pass
                : Outcome.Fail($"link error \"{e.Message}\" does not say \"{text}\"");
        }
        catch (InstantiationException e)
        {
            return Outcome.Fail($"expected a link error \"{text}\", got {e.GetType().Name}: {e.Message}");
        }
        return Outcome.Fail($"the module linked and instantiated, expected \"{text}\"");
    }

    private Outcome RunAssertUninstantiable(JsonElement command)
    {
        var text = RequiredString(command, "text");
        var module = Module.Compile(_engine, ReadModuleFile(command));
        try
        {
            _linker.Instantiate(_store, module);
        }
        catch (InstantiationTrapException e)
        {
            return TrapMatches(e.Trap, text) ? Outcome.Pass : Outcome.Fail($"instantiation trapped with \"{e.Trap}\" ({e.Kind}), expected \"{text}\"");
        }
        catch (InstantiationException e)
        {
            return Outcome.Fail($"expected instantiation to trap with \"{text}\", got {e.GetType().Name}: {e.Message}");
        }
        return Outcome.Fail($"the module instantiated, expected a trap \"{text}\"");
    }

    /// <summary>Runs an invoke or get action; a missing module or export throws <see cref="SpecScriptException"/>.</summary>
    private (Trap? Trap, Value[] Results) Perform(JsonElement action)
    {
        var instance = Target(OptionalString(action, "module"));
        var field = RequiredString(action, "field");
        switch (RequiredString(action, "type"))
        {
            case "invoke":
            {
                var function = instance.GetFunction(field) ?? throw new SpecScriptException($"no exported function \"{field}\"");
                var arguments = new List<Value>();
                if (action.TryGetProperty("args", out var args))
                    foreach (var arg in args.EnumerateArray()) arguments.Add(SpecValues.Parse(arg));
                var results = new Value[function.Type.Results.Length];
                _options.BeforeInvoke?.Invoke(instance);
                var trap = function.Invoke(arguments.ToArray(), results);
                return (trap, trap is null ? results : []);
            }
            case "get":
            {
                var global = instance.GetGlobal(field) ?? throw new SpecScriptException($"no exported global \"{field}\"");
                return (null, [global.Get()]);
            }
            default:
                throw new SpecScriptException($"unknown action type \"{RequiredString(action, "type")}\"");
        }
    }

    private Instance Target(string? moduleName)
    {
        if (moduleName is null)
            return _current ?? throw new SpecScriptException($"no current module: {_currentMissingReason}");
        return _namedInstances.TryGetValue(moduleName, out var instance)
            ? instance
            : throw new SpecScriptException($"no module named {moduleName} (it was never instantiated or failed)");
    }

    private byte[] ReadModuleFile(JsonElement command)
    {
        var fileName = RequiredString(command, "filename");
        if (Path.IsPathRooted(fileName) || fileName.Contains("..", StringComparison.Ordinal))
            throw new SpecScriptException($"module file name \"{fileName}\" must stay in the script's folder");
        var bytes = File.ReadAllBytes(Path.Combine(_folder, fileName));
        return _options.TransformModule is { } transform ? transform(bytes) : bytes;
    }

    /// <summary>
    /// The reference interpreter's trap text is a hint: ours matches when it contains that text, or when the text
    /// starts with the spec message of our trap kind (e.g. "uninitialized element 2").
    /// </summary>
    private static bool TrapMatches(Trap trap, string expected)
    {
        if (trap.Message.Contains(expected, StringComparison.Ordinal)) return true;
        var kindMessage = trap.Kind.Message();
        return trap.Kind != TrapKind.None && expected.StartsWith(kindMessage, StringComparison.Ordinal);
    }

    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string RequiredString(JsonElement element, string property) =>
        OptionalString(element, property) ?? throw new SpecScriptException($"the command has no \"{property}\" string");

    private enum OutcomeKind : byte
    {
        Passed,
        Failed,
        Skipped,
    }

    private readonly record struct Outcome(OutcomeKind Kind, string? Reason)
    {
        public static readonly Outcome Pass = new(OutcomeKind.Passed, null);
        public static readonly Outcome Skip = new(OutcomeKind.Skipped, null);
        public static Outcome Fail(string reason) => new(OutcomeKind.Failed, reason);
    }
}
