namespace Contracts.Engine.SpecScripts;

/// <summary>One command of a spec script that did not behave as the script expects.</summary>
/// <param name="Line">Line of the command in the original <c>.wast</c> source (0 when the script itself failed to load).</param>
/// <param name="CommandType">The JSON command type, e.g. <c>assert_return</c>.</param>
/// <param name="Reason">What went wrong, with the expected and the actual outcome.</param>
public sealed record SpecScriptFailure(int Line, string CommandType, string Reason)
{
    public override string ToString() => $"line {Line} {CommandType}: {Reason}";
}
