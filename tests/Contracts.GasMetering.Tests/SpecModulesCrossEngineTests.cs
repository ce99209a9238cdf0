using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Engine.Validation;

namespace Contracts.GasMetering.Tests;

/// <summary>
/// Every spec-suite module without imports, instrumented, and each of its exported parameterless functions called on a
/// fresh instance on both engines: same results, traps and gas, with ample gas and with half of what it needs. Every
/// other module is taken (a fixed sample) to keep the test near 15 s on two shared cores: Wasmtime's compile dominates.
/// </summary>
public sealed class SpecModulesCrossEngineTests
{
    private const long Ample = 10_000_000;

    [SkippableFact]
    public void Parameterless_exports_of_spec_modules_meter_identically_on_both_engines()
    {
        int calls = 0;
        var failures = new List<string>();
        int index = 0;
        foreach (var path in EncoderRoundTripTests.SpecModules().Distinct())
        {
            if (index++ % 2 != 0) continue;
            var original = File.ReadAllBytes(path);
            ModuleInfo info;
            try
            {
                info = ModuleDecoder.Decode(original, ValidationLimits.Permissive);
                ModuleValidator.Validate(info, ValidationLimits.Permissive);
            }
            catch (WasmLoadException)
            {
                continue;
            }
            if (info.Imports.Length != 0) continue;
            var exports = info.Exports
                .Where(e => e.Kind == ExternalKind.Function && info.GetFunctionType(e.Index).Parameters.Length == 0
                    && info.GetFunctionType(e.Index).Results.All(r => r.IsNumeric()))
                .Select(e => e.Name).ToArray();
            if (exports.Length == 0) continue;

            var instrumented = GasInstrumenter.Instrument(original).Bytes;
            using var compiled = WasmtimeEngine.Compile(instrumented);
            foreach (var export in exports)
            {
                Outcome ours;
                try
                {
                    ours = OurEngine.Run(instrumented, export, Ample);
                }
                catch (InstantiationTrapException)
                {
                    break;
                }
                foreach (long limit in new[] { Ample, (long)ours.GasUsed / 2 })
                {
                    var atLimit = limit == Ample ? ours : OurEngine.Run(instrumented, export, limit);
                    using var wasmtime = new WasmtimeEngine(compiled);
                    var theirs = wasmtime.Call(export, limit);
                    calls++;
                    if (atLimit != theirs) failures.Add($"{Path.GetFileName(path)} {export} limit {limit}: ours {atLimit}, Wasmtime {theirs}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.True(calls > 500, $"only {calls} calls compared");
    }
}
