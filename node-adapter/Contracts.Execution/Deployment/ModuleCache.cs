using Contracts.Engine;

namespace Contracts.Execution.Deployment;

/// <summary>
/// A thread-safe, bounded, least-recently-used cache of loaded contracts keyed by code hash and rule-set key. A
/// module that failed to load is cached as its error, so a hostile module costs the node its load once.
/// </summary>
public sealed class ModuleCache
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, object Entry)>> _entries = [];
    private readonly LinkedList<(string Key, object Entry)> _order = new();

    // Modules are compiled for one engine; the engines (one per rule set) live with the cache so every executor
    // sharing this cache shares its modules too.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ContractRuntime> _runtimes = new();

    /// <param name="capacity">Loaded contracts kept (least recently used ones are evicted, compiled code with them).</param>
    /// <param name="tier">Which engine tier runs contracts: a node-local choice that never changes results or gas (the
    /// compiled tier is bit-identical to the interpreter). Tiered (the default) compiles a contract once it has been
    /// called <paramref name="tierUpThreshold"/> times.</param>
    /// <param name="tierUpThreshold">Calls of a contract before the tiered mode compiles it.</param>
    public ModuleCache(int capacity = 1024, ExecutionTier tier = ExecutionTier.Tiered, int tierUpThreshold = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tierUpThreshold, 1);
        Capacity = capacity;
        Tier = tier;
        TierUpThreshold = tierUpThreshold;
    }

    public int Capacity { get; }

    public ExecutionTier Tier { get; }

    public int TierUpThreshold { get; }

    internal ContractRuntime RuntimeFor(ChainSpecs.RuleSet rules) => _runtimes.GetOrAdd(ContractRuntime.KeyOf(rules), _ => new ContractRuntime(rules, this));

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>The contract under <paramref name="key"/>, loading it with <paramref name="load"/> on a miss; a cached failure is rethrown.</summary>
    public ContractModule GetOrLoad(string key, Func<ContractModule> load)
    {
        object? entry = null;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                entry = node.Value.Entry;
            }
        }
        if (entry is null)
        {
            // Loading happens outside the lock: two threads may load the same module once each; both results are equal.
            try
            {
                entry = load();
            }
            catch (DeploymentException e)
            {
                entry = e;
            }
            lock (_lock)
            {
                if (!_entries.ContainsKey(key))
                {
                    _entries[key] = _order.AddFirst((key, entry));
                    while (_entries.Count > Capacity)
                    {
                        var last = _order.Last!;
                        _order.RemoveLast();
                        _entries.Remove(last.Value.Key);
                    }
                }
            }
        }
        return entry switch
        {
            ContractModule module => module,
            DeploymentException error => throw new DeploymentException(error.Message, error),
            _ => throw new InvalidOperationException("corrupt module cache entry"),
        };
    }
}
