using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Contracts.GasMetering.Tests;

/// <summary>
/// Gas is portable: generated programs, instrumented, give identical results, traps and gas used on our engine and on
/// Wasmtime (gas imports in C#), both with ample gas and with limits across the whole range, where out of gas must
/// stop both at the same point with gas used = the limit.
/// </summary>
public sealed class CrossEngineProperties
{
    [Property(MaxTest = 100, Replay = "(20251101,7)")]
    public Property Generated_programs_meter_identically_on_both_engines(int seed, byte limitSeed)
    {
        var wasm = Wat.ToWasm(ProgramGenerator.Generate(seed));
        var instrumented = GasInstrumenter.Instrument(wasm, InstrumentationOptions.Default with { VerifyOutput = true }).Bytes;

        // Enough for every terminating program; endless loops run out of it quickly.
        const long ample = 1L << 26;
        var ours = OurEngine.Run(instrumented, "main", ample);
        var theirs = WasmtimeEngine.Run(instrumented, "main", ample);
        if (ours != theirs) return false.Label($"ample gas: ours {ours}, Wasmtime {theirs}\n{ProgramGenerator.Generate(seed)}");

        // Limits across the whole range of the gas this call needs: 0, 1, fractions, one short, exact, more.
        ulong needed = ours.GasUsed;
        var random = new Random(limitSeed);
        var limits = new List<long> { 0, 1, (long)needed - 1, (long)needed, (long)needed + 1 };
        for (int i = 0; i < 3; i++) limits.Add((long)(needed * (ulong)random.Next(1, 100) / 100));
        foreach (long limit in limits.Where(l => l >= 0).Distinct())
        {
            var atLimitOurs = OurEngine.Run(instrumented, "main", limit);
            var atLimitTheirs = WasmtimeEngine.Run(instrumented, "main", limit);
            if (atLimitOurs != atLimitTheirs) return false.Label($"limit {limit}: ours {atLimitOurs}, Wasmtime {atLimitTheirs}");
            bool enough = (ulong)limit >= needed;
            var expected = enough ? ours : new Outcome("trap OutOfFuel", (ulong)limit);
            if (atLimitOurs != expected) return false.Label($"limit {limit} of {needed} needed: got {atLimitOurs}, expected {expected}");
        }
        return true.Collect(ours.What.StartsWith("trap", StringComparison.Ordinal) ? ours.What : "returned");
    }
}
