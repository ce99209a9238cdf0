using System.CommandLine;
using Contracts.Engine;
using Contracts.Engine.SpecScripts;

namespace Contracts.Cli.Commands;

/// <summary><c>wast PATH</c>: run spec-test scripts (wast2json output) and report failures and totals.</summary>
public static class WastCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "A spec-test .json script (from WABT's wast2json), or a folder searched recursively for them.",
            HelpName = "PATH",
        };
        var maxFailures = new Option<int>("--max-failures")
        {
            Description = "Failures listed per script (0: all).",
            HelpName = "N",
            DefaultValueFactory = _ => 20,
        };
        maxFailures.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0) result.AddError("--max-failures must not be negative");
        });
        var tier = TierOption.Create();
        var command = new Command("wast", """
            Run WebAssembly spec-test scripts: one .json command file produced by wast2json, or every one found
            under a folder. Prints each failing script with its failures, then a last line
            'N passed, M failed, K skipped'. Exit codes: 0 all passed, 1 some failed, 2 path not found or holding no script.
            """)
        {
            path,
            maxFailures,
            tier,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, _) =>
            Execute(parseResult.GetRequiredValue(path), parseResult.GetValue(maxFailures), TierOption.Parse(parseResult.GetValue(tier)), output)));
        return command;
    }

    public static int Execute(string path, int maxFailures, ExecutionTier tier, TextWriter output)
    {
        var config = TierOption.Configure(EngineConfig.Default, tier);
        IReadOnlyList<SpecScriptResult> results;
        if (Directory.Exists(path)) results = SpecScriptRunner.RunFolder(path, config);
        else if (File.Exists(path)) results = [SpecScriptRunner.RunFile(path, config)];
        else throw new CliException(ExitCodes.UsageOrLoadError, $"error: not found: {path}");
        if (results.Count == 0) throw new CliException(ExitCodes.UsageOrLoadError, $"error: no .json spec scripts under {path}");

        int passed = 0, failed = 0, skipped = 0;
        foreach (var result in results)
        {
            passed += result.Passed;
            failed += result.Failed;
            skipped += result.Skipped;
            if (result.Succeeded) continue;
            // Named as the user named the folder, so the path can be pasted back into `wast`.
            string script = Directory.Exists(path) ? Path.Join(path, Path.GetRelativePath(path, result.Script)) : path;
            output.WriteLine($"FAIL {script}");
            output.WriteLine(result.Describe(maxFailures == 0 ? int.MaxValue : maxFailures));
        }
        output.WriteLine($"{results.Count} script(s)");
        output.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 ? ExitCodes.Success : ExitCodes.TrapOrTestFailure;
    }
}
