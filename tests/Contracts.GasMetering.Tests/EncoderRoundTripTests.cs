using System.Text.Json;
using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Loading;
using Contracts.Engine.Validation;

namespace Contracts.GasMetering.Tests;

/// <summary>The module encoder (engine/Binary/Writing) writes back what the decoder read: for every valid spec module.</summary>
public sealed class EncoderRoundTripTests
{
    [SkippableFact]
    public void Every_valid_spec_module_re_encodes_to_an_equivalent_module_and_encoding_is_a_fixed_point()
    {
        int checkedModules = 0;
        foreach (var path in SpecModules())
        {
            var original = File.ReadAllBytes(path);
            Engine.Model.ModuleInfo info;
            try
            {
                info = ModuleDecoder.Decode(original, ValidationLimits.Permissive);
                ModuleValidator.Validate(info, ValidationLimits.Permissive);
            }
            catch (WasmLoadException)
            {
                continue;
            }
            var once = ModuleEncoder.Encode(info);
            var decoded = ModuleDecoder.Decode(once, ValidationLimits.Permissive);
            ModuleValidator.Validate(decoded, ValidationLimits.Permissive);
            Assert.Equal(once, ModuleEncoder.Encode(decoded));
            Assert.Equal(info.Types, decoded.Types);
            Assert.Equal(info.Imports, decoded.Imports);
            Assert.Equal(info.Exports, decoded.Exports);
            Assert.Equal(info.FunctionTypeIndices, decoded.FunctionTypeIndices);
            Assert.Equal(info.Globals, decoded.Globals);
            Assert.Equal(info.Elements.Length, decoded.Elements.Length);
            for (int i = 0; i < info.Bodies.Length; i++)
            {
                Assert.Equal(original.AsSpan(info.Bodies[i].CodeOffset, info.Bodies[i].CodeLength).ToArray(),
                    once.AsSpan(decoded.Bodies[i].CodeOffset, decoded.Bodies[i].CodeLength).ToArray());
            }
            checkedModules++;
        }
        Assert.True(checkedModules > 500, $"only {checkedModules} modules were checked");
    }

    internal static IEnumerable<string> SpecModules()
    {
        var core = Path.Combine(SpecScriptNames.Folder(), "core");
        foreach (var name in SpecScriptNames.Core)
        {
            var folder = Path.Combine(core, name);
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, name + ".json")));
            foreach (var command in document.RootElement.GetProperty("commands").EnumerateArray())
            {
                if (command.GetProperty("type").GetString() != "module") continue;
                if (command.TryGetProperty("filename", out var file) && file.GetString() is { } fileName && fileName.EndsWith(".wasm", StringComparison.Ordinal))
                    yield return Path.Combine(folder, fileName);
            }
        }
    }
}
