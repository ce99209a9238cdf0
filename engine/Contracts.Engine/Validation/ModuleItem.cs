namespace Contracts.Engine.Validation;

/// <summary>
/// Names a module item (or a part of one) for error messages. Formatted only when an error is thrown, so the
/// success path builds no strings.
/// </summary>
internal readonly record struct ModuleItem(string Kind, long Index, string? Part = null, long PartIndex = -1)
{
    public ModuleItem WithPart(string part, long partIndex = -1) => this with { Part = part, PartIndex = partIndex };

    public override string ToString() => Part switch
    {
        null => $"{Kind} {Index}",
        _ when PartIndex >= 0 => $"{Part} {PartIndex} of {Kind} {Index}",
        _ => $"the {Part} of {Kind} {Index}",
    };
}
