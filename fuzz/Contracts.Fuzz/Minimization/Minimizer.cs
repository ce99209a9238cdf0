using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Minimization;

/// <summary>
/// Shrinks a diverging case while it keeps diverging: drops calls, un-exports uncalled functions, replaces whole
/// bodies and then single nodes (largest first) with constants of their result types. Every step keeps the module
/// valid because every replaceable node takes nothing from the stack and leaves exactly its results.
/// </summary>
public static class Minimizer
{
    public static FuzzCase Minimize(FuzzCase original, Func<FuzzCase, bool> diverges, int maxTrials = 3_000)
    {
        int trials = 0;
        bool Try(FuzzCase candidate)
        {
            trials++;
            return diverges(candidate);
        }

        var current = new FuzzCase { Seed = original.Seed, Module = original.Module, Invocations = [.. original.Invocations] };

        // Calls: drop any whose absence keeps the divergence (later calls first: they are usually not needed).
        for (int i = current.Invocations.Count - 1; i >= 0 && trials < maxTrials; i--)
        {
            if (current.Invocations.Count == 1) break;
            var fewer = new List<Invocation>(current.Invocations);
            fewer.RemoveAt(i);
            var candidate = new FuzzCase { Seed = current.Seed, Module = current.Module, Invocations = fewer };
            if (Try(candidate)) current = candidate;
        }

        // Arguments: zero them where that keeps the divergence.
        for (int i = 0; i < current.Invocations.Count && trials < maxTrials; i++)
        {
            var call = current.Invocations[i];
            for (int a = 0; a < call.Arguments.Length && trials < maxTrials; a++)
            {
                if (call.Arguments[a] == 0) continue;
                var arguments = (UInt128[])call.Arguments.Clone();
                arguments[a] = 0;
                var calls = new List<Invocation>(current.Invocations) { [i] = call with { Arguments = arguments } };
                var candidate = new FuzzCase { Seed = current.Seed, Module = current.Module, Invocations = calls };
                if (Try(candidate))
                {
                    current = candidate;
                    call = calls[i];
                }
            }
        }

        var module = current.Module;
        // Segment contents (the count stays: instructions name segments by index).
        for (int i = 0; i < module.Data.Count && trials < maxTrials; i++)
        {
            var segment = module.Data[i];
            if (segment.Bytes.Length == 0) continue;
            module.Data[i] = segment with { Bytes = [] };
            if (!Try(current)) module.Data[i] = segment;
        }
        for (int i = 0; i < module.Elements.Count && trials < maxTrials; i++)
        {
            var segment = module.Elements[i];
            if (segment.Items.Length == 0 || segment.Kind == SegmentKind.Declarative) continue;
            module.Elements[i] = segment with { Items = [] };
            if (!Try(current)) module.Elements[i] = segment;
        }

        var called = current.Invocations.Select(c => c.Export).ToHashSet(StringComparer.Ordinal);
        foreach (var function in module.Functions)
        {
            if (function.ExportName is null || called.Contains(function.ExportName) || trials >= maxTrials) continue;
            var name = function.ExportName;
            function.ExportName = null;
            if (!Try(current)) function.ExportName = name;
        }

        foreach (var function in module.Functions)
        {
            if (trials >= maxTrials) break;
            var body = function.Body;
            function.Body = [CodeNode.Constants(function.Signature.Results)];
            if (!Try(current)) function.Body = body;
        }

        bool progress = true;
        while (progress && trials < maxTrials)
        {
            progress = false;
            foreach (var function in module.Functions)
            {
                foreach (var list in Lists(function.Body).ToList())
                {
                    for (int i = 0; i < list.Count && trials < maxTrials; i++)
                    {
                        var node = list[i];
                        if (!node.Replaceable) continue;
                        list[i] = CodeNode.Constants(node.Results);
                        if (Try(current)) progress = true;
                        else list[i] = node;
                    }
                }
            }
        }
        return current;
    }

    /// <summary>Every node list of a body (bodies and operand lists), outermost first, so big subtrees go first.</summary>
    private static IEnumerable<List<CodeNode>> Lists(List<CodeNode> body)
    {
        var queue = new Queue<List<CodeNode>>();
        queue.Enqueue(body);
        while (queue.Count > 0)
        {
            var list = queue.Dequeue();
            yield return list;
            foreach (var node in list)
            {
                if (node.Operands.Count > 0) queue.Enqueue(node.Operands);
                if (node.Body is not null) queue.Enqueue(node.Body);
                if (node.ElseBody is not null) queue.Enqueue(node.ElseBody);
            }
        }
    }
}
