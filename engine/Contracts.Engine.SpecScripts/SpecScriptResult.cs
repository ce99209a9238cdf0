using System.Text;

namespace Contracts.Engine.SpecScripts;

/// <summary>The outcome of running one spec script: counts per outcome and every failure in script order.</summary>
public sealed class SpecScriptResult(string script, int passed, int failed, int skipped, IReadOnlyList<SpecScriptFailure> failures)
{
    /// <summary>Path of the JSON script.</summary>
    public string Script { get; } = script;
    public int Passed { get; } = passed;
    public int Failed { get; } = failed;
    /// <summary>Commands not run, e.g. <c>assert_malformed</c> on text modules (this engine reads only binaries).</summary>
    public int Skipped { get; } = skipped;
    public IReadOnlyList<SpecScriptFailure> Failures { get; } = failures;
    public int Total => Passed + Failed + Skipped;
    public bool Succeeded => Failed == 0;

    public override string ToString() =>
        $"{Path.GetFileNameWithoutExtension(Script)}: {Passed} passed, {Failed} failed, {Skipped} skipped";

    /// <summary>The summary line followed by at most <paramref name="maxFailures"/> failures, one per line.</summary>
    public string Describe(int maxFailures = 50)
    {
        var text = new StringBuilder(ToString());
        foreach (var failure in Failures.Take(maxFailures)) text.Append('\n').Append("  ").Append(failure);
        if (Failures.Count > maxFailures) text.Append('\n').Append($"  ... and {Failures.Count - maxFailures} more");
        return text.ToString();
    }
}
