namespace Contracts.Engine.Runtime;

/// <summary>
/// An import could not be resolved: nothing is defined under its module and field name, or what is defined there
/// does not match the imported type. Nothing was created in the store.
/// </summary>
public sealed class LinkException : InstantiationException
{
    public LinkException(string moduleName, string fieldName, string message, string? expected = null, string? actual = null)
        : base(message)
    {
        ModuleName = moduleName;
        FieldName = fieldName;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The import's module name.</summary>
    public string ModuleName { get; }
    /// <summary>The import's field name.</summary>
    public string FieldName { get; }
    /// <summary>The imported type, as text (e.g. <c>func [i32] -> []</c>).</summary>
    public string? Expected { get; }
    /// <summary>The type of what the linker provided, as text; null when nothing was defined.</summary>
    public string? Actual { get; }
}
