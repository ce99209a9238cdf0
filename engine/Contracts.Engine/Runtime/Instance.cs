using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>
/// A module instance: a nanoprocess that owns its memories, tables and globals and sees only what its imports
/// granted. Index spaces are imports first, as in the module.
/// </summary>
public sealed partial class Instance
{
    internal Function[] Functions = [];
    internal Table[] Tables = [];
    internal Memory[] Memories = [];
    internal Global[] Globals = [];
    /// <summary>Element segments resolved to slot encodings; a dropped segment is an empty array.</summary>
    internal ulong[][] ElementSegments = [];
    /// <summary>Data segments; a dropped segment is empty.</summary>
    internal ReadOnlyMemory<byte>[] DataSegments = [];
    /// <summary>The compiled tier's per-instance state, or null while interpreted.</summary>
    internal object? TierState;

    internal Instance(Module module, Store store)
    {
        Module = module;
        Store = store;
    }

    public Module Module { get; }
    public Store Store { get; }
}
