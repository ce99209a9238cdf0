using Contracts.Engine;
using Contracts.Engine.Compiler;
using Contracts.Engine.Runtime;
using Contracts.Engine.Loading;
using Contracts.Engine.Validation;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Host;
using Contracts.GasMetering;
using Contracts.GasMetering.Hosting;
using Contracts.State.Primitives;

namespace Contracts.Execution.Deployment;

/// <summary>
/// Everything needed to run contracts under one rule set: the engine configured with its limits, the linker that
/// offers exactly the host ABI, and the loaded-module cache. One per rule set, shared by all threads.
/// </summary>
internal sealed class ContractRuntime
{
    public ContractRuntime(RuleSet rules, ModuleCache cache)
    {
        Rules = rules;
        Cache = cache;
        // The tier is the node's own choice (the cache's): it changes neither results nor gas, so it is not in RuleKey.
        Engine = new Contracts.Engine.Engine(IlTier.Configure(new EngineConfig
        {
            Limits = rules.ValidationLimits,
            MaxMemoryPages = rules.Limits.MaxInstancePages,
            MaxTableElements = rules.Limits.MaxTableElements,
            TierUpThreshold = cache.TierUpThreshold,
            TierUpFuel = cache.TierUpFuel,
            // gas.charge (once per metered block) folds into the interpreter's fuel prefix instead of a host call
            // through the generic marshalling path: the same rule (Store.ConsumeFuel), the same gas, no call.
            FuelImport = (Contracts.GasMetering.GasImports.Module, Contracts.GasMetering.GasImports.Charge),
        }, cache.Tier));
        Linker = new Linker().DefineGasImports(Engine);
        foreach (var import in HostFunctions.All) Linker.DefineFunction(HostFunctions.ModuleName, import.Name, import.Type, Traced(import));
        RuleKey = KeyOf(rules);
    }

    public RuleSet Rules { get; }

    public Contracts.Engine.Engine Engine { get; }

    public Linker Linker { get; }

    public ModuleCache Cache { get; }

    /// <summary>What, besides the code hash, decides how a module loads: schedule, instrumenter, engine and limits.</summary>
    public string RuleKey { get; }

    /// <summary>
    /// The rule-set part of a cache key: gas schedule and instrumenter versions, stack limit, engine version, host ABI
    /// version, debug log and SIMD permissions, and the limits (a record: equal limits give equal text).
    /// </summary>
    public static string KeyOf(RuleSet rules) =>
        $"{rules.Instrumentation.CacheKey}-e{Contracts.Engine.Engine.Version}-abi{rules.HostAbiVersion}-dbg{(rules.DebugLogAllowed ? 1 : 0)}-simd{(rules.SimdAllowed ? 1 : 0)}-{rules.Limits}";

    public ContractModule Load(Hash256 codeHash, ReadOnlyMemory<byte> code) =>
        Cache.GetOrLoad(codeHash, RuleKey, (Runtime: this, Code: code), static s => ContractLoader.Load(s.Runtime.Engine, s.Runtime.Rules, s.Code));

    /// <summary>The cached module with <paramref name="codeHash"/>, or null when it is not loaded; a cached load failure is rethrown.</summary>
    public ContractModule? TryGetLoaded(Hash256 codeHash) => Cache.TryGet(codeHash, RuleKey);

    /// <summary>Wraps a host function so a tracer (when there is one) sees its gas and result; costs one check otherwise.</summary>
    private static HostFunctionCallback Traced(HostImport import) => (caller, arguments, results) =>
    {
        var frame = (Calls.CallFrame)caller.Data!;
        var tracer = frame.Session.Tracer;
        if (tracer is null) return import.Callback(caller, arguments, results);
        long before = caller.Store.Fuel;
        var trap = import.Callback(caller, arguments, results);
        string result = trap is not null ? $"trap: {trap.Message}" : results.Length > 0 ? results[0].AsI64String() : "";
        tracer.OnHostCall(frame.Depth, import.Name, before, caller.Store.Fuel, result);
        return trap;
    };
}

internal static class ValueText
{
    public static string AsI64String(this Value value) =>
        value.Type == Contracts.Engine.Model.ValueType.I32 ? value.AsI32().ToString(System.Globalization.CultureInfo.InvariantCulture)
        : ((long)value.Bits).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
