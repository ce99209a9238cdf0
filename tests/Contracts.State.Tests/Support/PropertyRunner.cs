using FsCheck;
using FsCheck.Fluent;

namespace Contracts.State.Tests.Support;

/// <summary>Runs FsCheck properties with a fixed seed so every run (and CI) checks the same cases.</summary>
internal static class PropertyRunner
{
    // SplitMix's gamma must be odd.
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public static void Check<T>(Gen<T> generator, Func<T, bool> property, int maxTest, ulong seed)
    {
        var config = Config.QuickThrowOnFailure
            .WithReplay(seed, Gamma)
            .WithMaxTest(maxTest)
            .WithQuietOnSuccess(true);
        Prop.ForAll(generator.ToArbitrary(), property).Check(config);
    }
}
