using Contracts.Engine.Binary;
using System.CommandLine;
using System.Globalization;
using Contracts.GasMetering;
using Contracts.GasMetering.Calibration;

namespace Contracts.Cli.Commands;

/// <summary><c>gas calibrate</c>, <c>gas bench</c>, <c>gas schedule</c>: measuring and publishing the gas schedule.</summary>
public static class GasCommand
{
    public static Command Create()
    {
        var command = new Command("gas", "Gas schedule tools: calibrate it on this machine, measure metering overhead, export it.")
        {
            CreateCalibrate(),
            CreateBench(),
            CreateSchedule(),
        };
        return command;
    }

    private static Command CreateCalibrate()
    {
        var iterations = new Option<int>("--iterations") { Description = "Loop iterations per measurement.", DefaultValueFactory = _ => 1_000_000, HelpName = "N" };
        var repetitions = new Option<int>("--repetitions") { Description = "Measurements per class (the best counts).", DefaultValueFactory = _ => 5, HelpName = "N" };
        var command = new Command("calibrate", $"""
            Measure ns per gas for each cost class with micro-modules (a loop of 16 units dominated by the class;
            thread CPU time of the uninstrumented module, the empty loop subtracted; gas from a metered run) and print
            the ratio to the schedule's target of {GasSchedule.TargetNanosecondsPerGas} ns per gas. Classes off by more
            than 2x are flagged '!'; 'suggested' is the price that would match.
            """)
        {
            iterations,
            repetitions,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, _) =>
        {
            int n = parseResult.GetValue(iterations), r = parseResult.GetValue(repetitions);
            if (n < 1000 || r < 1) throw new CliException(ExitCodes.UsageOrLoadError, "error: --iterations must be at least 1000 and --repetitions at least 1");
            return Calibrate(n, r, output);
        }));
        return command;
    }

    public static int Calibrate(int iterations, int repetitions, TextWriter output)
    {
        var schedule = GasSchedule.Default;
        var rows = GasCalibrator.Measure(schedule, iterations, repetitions);
        output.WriteLine($"schedule version {schedule.Version}; target {GasSchedule.TargetNanosecondsPerGas.ToString(CultureInfo.InvariantCulture)} ns per gas");
        output.WriteLine("class               price  gas/unit   ns/unit   ns/gas   ratio  suggested");
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Class,-18} {row.Price,6} {row.GasPerUnit,9:F1} {row.NanosecondsPerUnit,9:F2} {row.NanosecondsPerGas,8:F3} {row.Ratio,7:F2}{(row.OffByMoreThanTwice ? "!" : " ")} {row.SuggestedPrice,9}"));
        }
        int flagged = rows.Count(r => r.OffByMoreThanTwice);
        output.WriteLine($"{flagged} of {rows.Count} classes off by more than 2x");
        return ExitCodes.Success;
    }

    private static Command CreateBench()
    {
        var folder = new Argument<string>("folder") { Description = "Folder of benchmark modules exporting run : [] -> [...].", HelpName = "DIR" };
        var repetitions = new Option<int>("--repetitions") { Description = "Timings per module and variant (the best counts).", DefaultValueFactory = _ => 3, HelpName = "N" };
        var noStackLimit = new Option<bool>("--no-stack-limit") { Description = "Instrument for gas only, to tell the two costs apart." };
        var command = new Command("bench", """
            Metering overhead: time each module's run uninstrumented and instrumented (gas and stack height) on this
            engine, in thread CPU time, and print the ratio per module and the geometric mean.
            """)
        {
            folder,
            repetitions,
            noStackLimit,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, _) =>
            Bench(parseResult.GetRequiredValue(folder), Math.Max(1, parseResult.GetValue(repetitions)), parseResult.GetValue(noStackLimit), output)));
        return command;
    }

    public static int Bench(string folder, int repetitions, bool noStackLimit, TextWriter output)
    {
        if (!Directory.Exists(folder)) throw new CliException(ExitCodes.UsageOrLoadError, $"error: folder not found: {folder}");
        var options = InstrumentationOptions.Default with { StackHeightLimit = noStackLimit ? null : InstrumentationOptions.DefaultStackHeightLimit };
        output.WriteLine($"metering: gas{(noStackLimit ? " only" : " and stack height")}; thread CPU time per run, best of {repetitions}");
        output.WriteLine("module          plain µs    metered µs   ratio          gas  same result");
        var rows = OverheadBenchmark.Run(folder, repetitions, options, row => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Module,-14} {row.PlainMicroseconds,10:F1} {row.MeteredMicroseconds,12:F1} {row.Ratio,7:F3} {row.GasUsed,12}  {(row.SameResult ? "yes" : "NO")}")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"geometric mean ratio: {OverheadBenchmark.GeometricMean(rows):F3}"));
        return rows.All(r => r.SameResult) ? ExitCodes.Success : ExitCodes.TrapOrTestFailure;
    }

    private static Command CreateSchedule()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the default schedule as MessagePack to FILE.", HelpName = "FILE" };
        var command = new Command("schedule", "Print the default gas schedule (and optionally write it as MessagePack).") { output };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (stdout, _) =>
        {
            var schedule = GasSchedule.Default;
            stdout.WriteLine($"version {schedule.Version}");
            foreach (var costClass in Enum.GetValues<CostClass>()) stdout.WriteLine($"{costClass,-30} {schedule.CostOf(costClass)}");
            stdout.WriteLine($"{nameof(GasSchedule.BranchTablePerTarget),-30} {schedule.BranchTablePerTarget}");
            stdout.WriteLine($"{nameof(GasSchedule.CallIndirectPerParameter),-30} {schedule.CallIndirectPerParameter}");
            stdout.WriteLine($"{nameof(GasSchedule.MemoryGrowPerPage),-30} {schedule.MemoryGrowPerPage}");
            stdout.WriteLine($"{nameof(GasSchedule.MemoryGrowRampPerPageSquared),-30} {schedule.MemoryGrowRampPerPageSquared}");
            stdout.WriteLine($"{nameof(GasSchedule.BulkMemoryPerByte),-30} {schedule.BulkMemoryPerByte}");
            stdout.WriteLine($"{nameof(GasSchedule.BulkTablePerElement),-30} {schedule.BulkTablePerElement}");
            stdout.WriteLine($"{nameof(GasSchedule.HostCall),-30} {schedule.HostCall}");
            stdout.WriteLine($"{nameof(GasSchedule.HostCallPerByte),-30} {schedule.HostCallPerByte}");
            stdout.WriteLine($"{nameof(GasSchedule.Deploy),-30} {schedule.Deploy}");
            stdout.WriteLine($"{nameof(GasSchedule.DeployPerByte),-30} {schedule.DeployPerByte}");
            if (parseResult.GetValue(output) is { } path) File.WriteAllBytes(path, GasScheduleSerializer.Serialize(schedule));
            return ExitCodes.Success;
        }));
        return command;
    }
}
