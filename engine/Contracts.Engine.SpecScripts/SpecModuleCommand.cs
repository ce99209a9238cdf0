namespace Contracts.Engine.SpecScripts;

/// <summary>
/// One command of a spec testsuite JSON script that refers to a module file: its script (relative to the suite's
/// folder), command type, line in the original .wast, the module file's full path, and the expected error text and
/// module type where the command has them.
/// </summary>
public sealed record SpecModuleCommand(string Script, string Type, int Line, string FilePath, string? Text, string? ModuleType)
{
    public string FileName => Path.GetFileName(FilePath);
    public override string ToString() => $"{FileName} ({Type}, {Script}:{Line})";
}
