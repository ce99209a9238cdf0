using Contracts.Engine;
using Contracts.State.Primitives;

namespace Contracts.Execution.Deployment;

/// <summary>
/// A thread-safe, bounded, least-recently-used cache of loaded contracts keyed by code hash and rule-set key. A
/// module that failed to load is cached as its error, so a hostile module costs the node its load once.
/// </summary>
/// <remarks>
/// A hit takes no lock (every call of every transaction is one, on every thread): it reads a concurrent dictionary
/// and stamps the entry with a use counter. Inserting, rare, takes the lock and evicts the entries with the oldest
/// stamps past the capacity.
/// </remarks>
public sealed class ModuleCache
{
    private readonly object _insertLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ModuleKey, CacheEntry> _entries = new();
    private long _uses;

    // Modules are compiled for one engine; the engines (one per rule set) live with the cache so every executor
    // sharing this cache shares its modules too.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ContractRuntime> _runtimes = new();

    /// <param name="capacity">Loaded contracts kept (least recently used ones are evicted, compiled code with them).</param>
    /// <param name="tier">Which engine tier runs contracts: a node-local choice that must never change results or gas.
    /// Tiered (the default) compiles a contract once its calls have consumed <paramref name="tierUpFuel"/> gas; a node
    /// whose tiers diverged would split from the others, so the default follows the differential fuzzer's parity runs
    /// (fuzz/README.md: 0 compiled-tier divergences since the rotation fix of 2026-12-07).</param>
    /// <param name="tierUpThreshold">Calls of an unmetered module before the tiered mode compiles it (contracts are metered:
    /// see <paramref name="tierUpFuel"/>).</param>
    /// <param name="tierUpFuel">Gas a contract's interpreted calls consume before the tiered mode compiles it
    /// (<see cref="EngineConfig.TierUpFuel"/>: the work compiling would speed up, against its milliseconds of JIT); null
    /// for the engine's default.</param>
    public ModuleCache(int capacity = 1024, ExecutionTier tier = ExecutionTier.Tiered, int tierUpThreshold = 64, long? tierUpFuel = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tierUpThreshold, 1);
        Capacity = capacity;
        Tier = tier;
        TierUpThreshold = tierUpThreshold;
        TierUpFuel = tierUpFuel ?? EngineConfig.Default.TierUpFuel;
        ArgumentOutOfRangeException.ThrowIfLessThan(TierUpFuel, 1);
    }

    public int Capacity { get; }

    public ExecutionTier Tier { get; }

    public int TierUpThreshold { get; }

    public long TierUpFuel { get; }

    // The last rule set asked for and its runtime: every transaction asks, and a rule set's key is long text to build.
    private RuntimeOfRules? _lastRuntime;

    internal ContractRuntime RuntimeFor(ChainSpecs.RuleSet rules)
    {
        if (Volatile.Read(ref _lastRuntime) is { } last && ReferenceEquals(last.Rules, rules)) return last.Runtime;
        var runtime = _runtimes.GetOrAdd(ContractRuntime.KeyOf(rules), _ => new ContractRuntime(rules, this));
        Volatile.Write(ref _lastRuntime, new RuntimeOfRules(rules, runtime));
        return runtime;
    }

    private sealed record RuntimeOfRules(ChainSpecs.RuleSet Rules, ContractRuntime Runtime);

    public int Count => _entries.Count;

    /// <summary>The contract under <paramref name="key"/>, loading it with <paramref name="load"/> on a miss; a cached failure is rethrown.</summary>
    public ContractModule GetOrLoad(string key, Func<ContractModule> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return GetOrLoad(new ModuleKey(Hash256.Zero, key), load, static load => load());
    }

    /// <summary>
    /// The contract with <paramref name="codeHash"/> under the rule-set key <paramref name="ruleKey"/>, loading it with
    /// <paramref name="load"/>(<paramref name="state"/>) on a miss (so a hit reads no code and allocates nothing).
    /// </summary>
    internal ContractModule GetOrLoad<TState>(Hash256 codeHash, string ruleKey, TState state, Func<TState, ContractModule> load) =>
        GetOrLoad(new ModuleKey(codeHash, ruleKey), state, load);

    /// <summary>The cached contract with <paramref name="codeHash"/> under <paramref name="ruleKey"/>, or null; a cached failure is rethrown.</summary>
    internal ContractModule? TryGet(Hash256 codeHash, string ruleKey) =>
        _entries.TryGetValue(new ModuleKey(codeHash, ruleKey), out var entry) ? Unwrap(Use(entry)) : null;

    private ContractModule GetOrLoad<TState>(ModuleKey key, TState state, Func<TState, ContractModule> load)
    {
        if (_entries.TryGetValue(key, out var cached)) return Unwrap(Use(cached));
        // Loading happens outside the lock: two threads may load the same module once each; both results are equal.
        object loaded;
        try
        {
            loaded = load(state);
        }
        catch (DeploymentException e)
        {
            loaded = e;
        }
        lock (_insertLock)
        {
            if (_entries.TryGetValue(key, out var entry)) return Unwrap(Use(entry));
            // Stamped before the eviction, so the newest entry is never the one evicted.
            entry = new CacheEntry(loaded);
            Use(entry);
            _entries[key] = entry;
            if (_entries.Count > Capacity) EvictLeastRecentlyUsed();
            return Unwrap(entry.Value);
        }
    }

    private object Use(CacheEntry entry)
    {
        Volatile.Write(ref entry.LastUse, Interlocked.Increment(ref _uses));
        return entry.Value;
    }

    private void EvictLeastRecentlyUsed()
    {
        var byAge = _entries.ToArray();
        Array.Sort(byAge, static (a, b) => Volatile.Read(ref a.Value.LastUse).CompareTo(Volatile.Read(ref b.Value.LastUse)));
        for (int i = 0; i < byAge.Length - Capacity; i++) _entries.TryRemove(byAge[i]);
    }

    private static ContractModule Unwrap(object entry) =>
        entry switch
        {
            ContractModule module => module,
            DeploymentException error => throw new DeploymentException(error.Message, error),
            _ => throw new InvalidOperationException("corrupt module cache entry"),
        };
}

/// <summary>A cache entry's identity: the code's hash and the rule-set key it was loaded under.</summary>
internal readonly record struct ModuleKey(Hash256 CodeHash, string RuleKey);

/// <summary>A loaded contract (or its load error) and when it was last used (the cache's use counter).</summary>
internal sealed class CacheEntry(object value)
{
    public object Value { get; } = value;

    public long LastUse;
}
