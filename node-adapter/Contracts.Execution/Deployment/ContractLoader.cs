using Contracts.Engine;
using Contracts.Engine.Binary;
using Contracts.Engine.Model;
using Contracts.Engine.Loading;
using Contracts.Engine.Validation;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Host;
using Contracts.GasMetering;

namespace Contracts.Execution.Deployment;

/// <summary>
/// The deploy pipeline after charging (node-adapter/docs/host-abi.md, "Deployment"): size limits, decode and
/// validate under the contract profile, the deploy policy on the module as deployed, instrumentation, translation.
/// Every refusal is a <see cref="DeploymentException"/> naming what and where.
/// </summary>
internal static class ContractLoader
{
    public const string ReentrantSection = "contracts.reentrant";

    public static ContractModule Load(Contracts.Engine.Engine engine, RuleSet rules, ReadOnlyMemory<byte> code)
    {
        var data = DeployData.Parse(code);
        var limits = rules.Limits;
        if (data.Module.Length > limits.MaxModuleBytes)
            throw new DeploymentException($"module of {data.Module.Length} bytes is above the limit of {limits.MaxModuleBytes} bytes (MaxModuleBytes)");
        if (data.ConstructorArguments.Length > limits.MaxConstructorArgumentBytes)
            throw new DeploymentException($"constructor arguments of {data.ConstructorArguments.Length} bytes are above the limit of {limits.MaxConstructorArgumentBytes} bytes");

        byte[] bytes = data.Module.ToArray();
        ModuleInfo info;
        try
        {
            info = ModuleDecoder.Decode(bytes, rules.ValidationLimits);
            ModuleValidator.Validate(info, rules.ValidationLimits);
        }
        catch (WasmLoadException e)
        {
            throw new DeploymentException($"invalid module: {e.Message}", e);
        }
        CheckPolicy(info, rules);

        InstrumentedModule instrumented;
        Module module;
        try
        {
            // The module was decoded and validated above: the instrumenter works on that decoding.
            instrumented = GasInstrumenter.Instrument(info, rules.Instrumentation);
            module = Module.Compile(engine, instrumented.Bytes);
        }
        catch (Exception e) when (e is WasmLoadException or GasInstrumentationException or ArgumentException)
        {
            throw new DeploymentException($"module cannot be instrumented: {e.Message}", e);
        }
        return new ContractModule(
            module,
            instrumented.Functions,
            instrumented.DefinedFunctions,
            info.Memories[0].Limits.Min,
            info.Exports.Any(e => e.Name == "deploy" && e.Kind == ExternalKind.Function),
            info.CustomSections.Any(s => s.Name == ReentrantSection),
            NameSection.FunctionNames(info));
    }

    private static void CheckPolicy(ModuleInfo info, RuleSet rules)
    {
        foreach (var import in info.Imports)
        {
            string what = $"import \"{import.Module}\".\"{import.Name}\"";
            if (import.Kind != ExternalKind.Function || import.Module != HostFunctions.ModuleName || HostFunctions.Find(import.Name) is not { } host)
                throw new DeploymentException($"{what} is not part of host ABI version {rules.HostAbiVersion}");
            if (!SameType(info.Types[import.FunctionTypeIndex], host.Type))
                throw new DeploymentException($"{what} has type {info.Types[import.FunctionTypeIndex]}, but host ABI version {rules.HostAbiVersion} defines it as {host.Type}");
            if (import.Name == HostFunctions.DebugLogName && !rules.DebugLogAllowed)
                throw new DeploymentException($"{what} is allowed only where the rule set enables the debug log (devnets); rule set \"{rules.Name}\" does not");
        }
        if (info.StartFunction is { } start)
            throw new DeploymentException($"the module has a start function (function {start}); contracts run only through their exports");
        if (info.Memories.Length != 1)
            throw new DeploymentException("a contract defines exactly one memory (imported memories are not part of the host ABI)");
        var memory = info.Memories[0].Limits;
        if (memory.Min > rules.Limits.MaxInstancePages || memory.Max is { } max && max > rules.Limits.MaxInstancePages)
            throw new DeploymentException($"memory of {memory.Min}..{memory.Max?.ToString() ?? "unbounded"} pages is above the limit of {rules.Limits.MaxInstancePages} pages (MaxInstancePages)");
        foreach (var table in info.Tables)
        {
            if (table.Limits.Min > rules.Limits.MaxTableElements || table.Limits.Max is { } tmax && tmax > rules.Limits.MaxTableElements)
                throw new DeploymentException($"a table of {table.Limits.Min}..{table.Limits.Max?.ToString() ?? "unbounded"} elements is above the limit of {rules.Limits.MaxTableElements} (MaxTableElements)");
        }
        RequireExport(info, "memory", ExternalKind.Memory, null);
        RequireExport(info, "call", ExternalKind.Function, FunctionType.Empty);
        var deploy = info.Exports.FirstOrDefault(e => e.Name == "deploy");
        if (deploy is not null) RequireExport(info, "deploy", ExternalKind.Function, FunctionType.Empty);
    }

    private static void RequireExport(ModuleInfo info, string name, ExternalKind kind, FunctionType? type)
    {
        var export = info.Exports.FirstOrDefault(e => e.Name == name)
            ?? throw new DeploymentException($"the module does not export \"{name}\" (a {kind.ToString().ToLowerInvariant()})");
        if (export.Kind != kind)
            throw new DeploymentException($"export \"{name}\" is a {export.Kind.ToString().ToLowerInvariant()}, not a {kind.ToString().ToLowerInvariant()}");
        if (type is not null && !SameType(info.GetFunctionType(export.Index), type))
            throw new DeploymentException($"export \"{name}\" has type {info.GetFunctionType(export.Index)}, not {type}");
    }

    private static bool SameType(FunctionType a, FunctionType b) =>
        a.Parameters.AsSpan().SequenceEqual(b.Parameters) && a.Results.AsSpan().SequenceEqual(b.Results);
}
