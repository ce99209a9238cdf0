using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>
/// Resolves a module's imports by module name, field name and exact type, then instantiates it. Definitions are
/// either items of a store (<see cref="Define"/>, <see cref="DefineInstance"/>) or store-independent host functions
/// (<see cref="DefineFunction"/>) that each store materialises once. A module importing the engine's fuel intrinsic
/// (<see cref="EngineConfig.FuelImport"/>, type [i64] -> []) needs no definition for it. A linker holds no
/// store state and can serve many stores, one at a time.
/// </summary>
public sealed class Linker
{
    /// <summary>Each value is an <see cref="Extern"/> or a <see cref="HostFunctionDefinition"/>.</summary>
    private readonly Dictionary<(string Module, string Name), object> _definitions = new();

    /// <summary>When true a definition may replace an earlier one under the same names; otherwise that throws.</summary>
    public bool AllowShadowing { get; set; }

    /// <summary>Defines <paramref name="item"/> (of some store) as <paramref name="module"/>.<paramref name="name"/>.</summary>
    public Linker Define(string module, string name, Extern item)
    {
        ArgumentNullException.ThrowIfNull(item);
        CheckFree(module, name);
        _definitions[(module, name)] = item;
        return this;
    }

    /// <summary>
    /// Defines a host function usable in any store: at instantiation each store gets one <see cref="Function"/> for
    /// it (cached, so two instances importing it share one funcref identity).
    /// </summary>
    public Linker DefineFunction(string module, string name, FunctionType type, HostFunctionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callback);
        CheckFree(module, name);
        _definitions[(module, name)] = new HostFunctionDefinition(type, callback);
        return this;
    }

    /// <summary>Defines every export of <paramref name="instance"/> under the module name <paramref name="moduleName"/>.</summary>
    public Linker DefineInstance(string moduleName, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var export in instance.Exports) CheckFree(moduleName, export.Name);
        foreach (var export in instance.Exports) _definitions[(moduleName, export.Name)] = export.Item;
        return this;
    }

    /// <summary>What is defined as <paramref name="module"/>.<paramref name="name"/> in <paramref name="store"/>, or null.</summary>
    public Extern? Get(Store store, string module, string name) => _definitions.GetValueOrDefault((module, name)) switch
    {
        Extern item => item,
        HostFunctionDefinition host => store.MaterializeHostFunction(host),
        _ => null,
    };

    /// <summary>
    /// Resolves the imports of <paramref name="module"/> and instantiates it in <paramref name="store"/>. Throws
    /// <see cref="LinkException"/> when an import cannot be resolved (nothing is created then),
    /// <see cref="InstantiationException"/> when a memory or table exceeds the engine's limits, and
    /// <see cref="InstantiationTrapException"/> when a segment does not fit or the start function traps.
    /// </summary>
    public Instance Instantiate(Store store, Module module)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        if (!ReferenceEquals(module.Engine, store.Engine))
            throw new ArgumentException("the module was compiled by a different engine than the store's", nameof(module));
        return Instance.Instantiate(store, module, ResolveImports(store, module));
    }

    private void CheckFree(string module, string name)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        if (!AllowShadowing && _definitions.ContainsKey((module, name)))
            throw new ArgumentException($"\"{module}\".\"{name}\" is already defined (set AllowShadowing to replace definitions)");
    }

    /// <summary>
    /// Finds and type-checks every import first, and only then materialises host functions and binds host-made
    /// items to the store, so a failed link leaves the store untouched.
    /// </summary>
    private Extern[] ResolveImports(Store store, Module module)
    {
        var info = module.Info;
        var imports = info.Imports;
        var found = new object[imports.Length];
        for (int i = 0; i < imports.Length; i++) found[i] = Find(store, info, imports[i]);

        var resolved = new Extern[imports.Length];
        for (int i = 0; i < imports.Length; i++)
        {
            resolved[i] = found[i] switch
            {
                HostFunctionDefinition host => store.MaterializeHostFunction(host),
                FuelIntrinsic => store.FuelFunction,
                Extern item => BindToStore(item, store),
                _ => throw new InvalidOperationException("unreachable: Find returns a definition"),
            };
        }
        return resolved;
    }

    private object Find(Store store, ModuleInfo info, Import import)
    {
        bool isFuelImport = import.Kind == ExternalKind.Function
            && store.Engine.Config.FuelImport is { } fuel && fuel.Module == import.Module && fuel.Name == import.Name;
        if (isFuelImport && info.Types[import.FunctionTypeIndex].Equals(Store.FuelIntrinsicType)) return FuelIntrinsic.Instance;

        if (!_definitions.TryGetValue((import.Module, import.Name), out var definition))
        {
            if (isFuelImport)
                throw Incompatible(info, import, $"the fuel intrinsic func {Store.FuelIntrinsicType}");
            throw new LinkException(import.Module, import.Name,
                $"unknown import \"{import.Module}\".\"{import.Name}\": nothing is defined under that name (the module imports {Describe(info, import)})",
                Describe(info, import));
        }

        string? mismatch = definition switch
        {
            HostFunctionDefinition host => Matches(info, import, host) ? null : $"func {host.Type}",
            Extern item => Matches(info, import, item) ? null : Describe(item),
            _ => "nothing",
        };
        if (mismatch is not null) throw Incompatible(info, import, mismatch);

        if (definition is Extern e && OwnerOf(e) is { } owner && !ReferenceEquals(owner, store))
        {
            throw new LinkException(import.Module, import.Name,
                $"incompatible import type for \"{import.Module}\".\"{import.Name}\": the {Describe(e)} belongs to a different store",
                Describe(info, import), Describe(e));
        }
        return definition;
    }

    private static bool Matches(ModuleInfo info, Import import, HostFunctionDefinition host) =>
        import.Kind == ExternalKind.Function && host.Type.Equals(info.Types[import.FunctionTypeIndex]);

    private static bool Matches(ModuleInfo info, Import import, Extern item) => (import.Kind, item) switch
    {
        (ExternalKind.Function, Function f) => f.Type.Equals(info.Types[import.FunctionTypeIndex]),
        (ExternalKind.Table, Table t) => t.ElementType == import.Table.ElementType
            && LimitsMatch(t.Size, t.Type.Limits.Max, import.Table.Limits),
        (ExternalKind.Memory, Memory m) => LimitsMatch(m.Pages, m.Type.Limits.Max, import.Memory.Limits),
        (ExternalKind.Global, Global g) => g.Type == import.Global,
        _ => false,
    };

    /// <summary>
    /// Spec limits matching against the provided item's current size: it must be at least the imported minimum, and
    /// if the import declares a maximum the item must declare one no larger.
    /// </summary>
    private static bool LimitsMatch(uint currentSize, uint? providedMax, Limits imported) =>
        currentSize >= imported.Min && (imported.Max is not { } max || (providedMax is { } pmax && pmax <= max));

    private static Store? OwnerOf(Extern item) => item switch
    {
        Function f => f.Store,
        Table t => t.OwnerStore,
        Memory m => m.OwnerStore,
        Global g => g.OwnerStore,
        _ => null,
    };

    /// <summary>A host-made table, memory or global belongs to the first store that links it.</summary>
    private static Extern BindToStore(Extern item, Store store)
    {
        switch (item)
        {
            case Table t: t.OwnerStore ??= store; break;
            case Memory m: m.OwnerStore ??= store; break;
            case Global g: g.OwnerStore ??= store; break;
        }
        return item;
    }

    private static LinkException Incompatible(ModuleInfo info, Import import, string actual)
    {
        var expected = Describe(info, import);
        return new LinkException(import.Module, import.Name,
            $"incompatible import type for \"{import.Module}\".\"{import.Name}\": expected {expected}, found {actual}", expected, actual);
    }

    private static string Describe(ModuleInfo info, Import import) => import.Kind switch
    {
        ExternalKind.Function => $"func {info.Types[import.FunctionTypeIndex]}",
        ExternalKind.Table => $"table {import.Table.ElementType.ToWatName()} {import.Table.Limits}",
        ExternalKind.Memory => $"memory {import.Memory.Limits}",
        ExternalKind.Global => $"global {(import.Global.Mutable ? "mut" : "const")} {import.Global.ValueType.ToWatName()}",
        _ => import.Kind.ToString(),
    };

    /// <summary>An item's type as the import matching sees it (tables and memories with their current size).</summary>
    private static string Describe(Extern item) => item switch
    {
        Function f => $"func {f.Type}",
        _ => item.ToString() ?? item.Kind.ToString(),
    };

    /// <summary>Marks an import bound to the engine's fuel intrinsic.</summary>
    private sealed class FuelIntrinsic
    {
        public static readonly FuelIntrinsic Instance = new();
    }
}
