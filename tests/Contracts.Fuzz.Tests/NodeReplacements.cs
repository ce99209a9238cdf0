using Contracts.Engine;
using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Tests;

/// <summary>The minimizer's invariant, checked: every replaceable node takes nothing and leaves exactly its results, so
/// replacing it by constants of its result types keeps the module valid.</summary>
internal static class NodeReplacements
{
    /// <summary>Replaces each replaceable node of <paramref name="lists"/> in turn (putting it back after) and compiles
    /// <paramref name="fuzzCase"/>'s module each time (a validation error throws).</summary>
    public static void CompileWithEachReplaced(Engine.Engine engine, FuzzCase fuzzCase, IEnumerable<List<CodeNode>> lists)
    {
        foreach (var list in lists)
        {
            for (int i = 0; i < list.Count; i++)
            {
                var node = list[i];
                if (!node.Replaceable) continue;
                list[i] = CodeNode.Constants(node.Results);
                Module.Compile(engine, fuzzCase.Encode());
                list[i] = node;
            }
        }
    }
}
