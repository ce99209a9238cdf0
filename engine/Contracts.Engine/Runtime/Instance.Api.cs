namespace Contracts.Engine.Runtime;

/// <summary>Looking up an instance's exports.</summary>
public sealed partial class Instance
{
    private InstanceExport[] _exports = [];
    private Dictionary<string, Extern> _exportsByName = new(StringComparer.Ordinal);

    /// <summary>Every export, in the module's export order.</summary>
    public IReadOnlyList<InstanceExport> Exports => _exports;

    /// <summary>The export named <paramref name="name"/> (exact, ordinal match), or null.</summary>
    public Extern? GetExport(string name) => _exportsByName.GetValueOrDefault(name);

    /// <summary>The exported function named <paramref name="name"/>, or null when absent or of another kind.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    public Table? GetTable(string name) => GetExport(name) as Table;

    public Global? GetGlobal(string name) => GetExport(name) as Global;

    internal void SetExports(InstanceExport[] exports)
    {
        var byName = new Dictionary<string, Extern>(exports.Length, StringComparer.Ordinal);
        // Validation rejects duplicate export names; TryAdd keeps a bad module from turning into a host exception.
        foreach (var export in exports) byName.TryAdd(export.Name, export.Item);
        _exports = exports;
        _exportsByName = byName;
    }
}
