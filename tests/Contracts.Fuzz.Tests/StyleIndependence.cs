using Contracts.Fuzz.Generation;
using Xunit;

namespace Contracts.Fuzz.Tests;

/// <summary>A generator style drawn per function apart from the main stream leaves every module none of whose functions
/// drew it as it was without the style.</summary>
internal static class StyleIndependence
{
    /// <summary>For seeds 1..40: each default module none of whose functions <paramref name="draws"/> encodes as it does
    /// under <paramref name="without"/> (the style's percentage 0); between 5 and 39 such modules are compared. Not
    /// function by function: a function's blocks register their types in the module's one type section, so a drawn
    /// function's changed body can move a later function's type indices.</summary>
    public static void AssertModulesWithoutTheStyleUnchanged(Func<ulong, int, GeneratorOptions, bool> draws, GeneratorOptions without)
    {
        int compared = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var withStyle = ModuleGenerator.Generate(seed);
            if (withStyle.Module.Functions.Any(f => draws(seed, f.Index, GeneratorOptions.Default))) continue;
            Assert.Equal(ModuleGenerator.Generate(seed, without).Encode(), withStyle.Encode());
            compared++;
        }
        Assert.InRange(compared, 5, 39);
    }
}
