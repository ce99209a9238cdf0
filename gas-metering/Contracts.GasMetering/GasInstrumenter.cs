using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Validation;
using Contracts.GasMetering.Instrumentation;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.GasMetering;

/// <summary>
/// Turns a module into one that meters its own gas and stack height through two imports, so the same gas is charged
/// on every engine and an auditor can read exactly what will run. See <see cref="FunctionInstrumenter"/> for where
/// charges go. Module-level changes:
/// <list type="bullet">
/// <item><c>gas.charge</c> [i64] → [] and <c>gas.stack_exhausted</c> [] → [] are imported after the module's own
/// imports: imported functions keep their indices, defined ones move up by two, and every <c>call</c>,
/// <c>ref.func</c>, element segment, export, start function and function name is renumbered
/// (<see cref="FunctionIndexMap"/>).</item>
/// <item>A mutable i32 global, the stack-height counter, is added after the module's globals (no global index moves)
/// and exported as <see cref="GasImports.StackHeightExport"/> so any embedder can reset it.</item>
/// <item>Types the new code needs are appended to the type section (no type index moves).</item>
/// <item>A <see cref="GasImports.CustomSectionName"/> custom section records the instrumenter version, schedule
/// version and stack limit.</item>
/// </list>
/// Deterministic: the output depends only on the input bytes and the options.
/// </summary>
public static class GasInstrumenter
{
    /// <summary>
    /// Instruments <paramref name="wasm"/>. Throws <see cref="WasmLoadException"/> when it does not decode or validate,
    /// <see cref="GasInstrumentationException"/> when it is already instrumented or uses the reserved names.
    /// </summary>
    public static InstrumentedModule Instrument(byte[] wasm, InstrumentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(wasm);
        options ??= InstrumentationOptions.Default;
        var module = ModuleDecoder.Decode(wasm, options.Limits);
        ModuleValidator.Validate(module, options.Limits);
        return Instrument(module, options);
    }

    /// <summary>
    /// Instruments a module the caller has already decoded and validated (under <see cref="InstrumentationOptions.Limits"/>),
    /// so a deploy pipeline that checks its own policy on the decoded module does not decode and validate twice.
    /// </summary>
    public static InstrumentedModule Instrument(ModuleInfo module, InstrumentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        options ??= InstrumentationOptions.Default;
        options.Schedule.Validate();
        if (options.StackHeightLimit is > InstrumentationOptions.MaxStackHeightLimit or 0)
            throw new ArgumentException($"the stack-height limit must be between 1 and {InstrumentationOptions.MaxStackHeightLimit}", nameof(options));
        CheckNotReserved(module);

        var types = new List<FunctionType>(module.Types);
        uint TypeIndexOf(FunctionType type)
        {
            int found = types.IndexOf(type);
            if (found >= 0) return (uint)found;
            types.Add(type);
            return (uint)(types.Count - 1);
        }

        var functions = new FunctionIndexMap((uint)module.ImportedFunctionCount, (uint)module.TotalFunctionCount);
        uint stackGlobal = (uint)module.TotalGlobalCount;

        var imports = new List<Import>(module.Imports)
        {
            new(GasImports.Module, GasImports.Charge, ExternalKind.Function) { FunctionTypeIndex = TypeIndexOf(GasImports.ChargeType) },
            new(GasImports.Module, GasImports.StackExhausted, ExternalKind.Function) { FunctionTypeIndex = TypeIndexOf(GasImports.StackExhaustedType) },
        };

        var instrumenter = new FunctionInstrumenter(module, options.Schedule, functions, options.StackHeightLimit, stackGlobal, TypeIndexOf);
        var bodies = new EncodedFunctionBody[module.Bodies.Length];
        var reports = new InstrumentedFunction[bodies.Length];
        for (int i = 0; i < bodies.Length; i++)
        {
            bodies[i] = instrumenter.Instrument(i);
            uint original = (uint)(module.ImportedFunctionCount + i);
            reports[i] = new InstrumentedFunction(original, functions.ToInstrumented(original), instrumenter.LastFrameCost,
                instrumenter.LastStackLimited, instrumenter.LastChargeCount, instrumenter.LastOffsetRuns);
        }

        var globals = new List<GlobalDefinition>(module.Globals.Length + 1);
        foreach (var global in module.Globals) globals.Add(global with { Initializer = Renumber(global.Initializer, functions) });
        globals.Add(new GlobalDefinition(new GlobalType(ValueType.I32, Mutable: true), ConstantExpression.I32(0)));

        var exports = new List<Export>(module.Exports.Length + 1);
        foreach (var export in module.Exports)
            exports.Add(export.Kind == ExternalKind.Function ? export with { Index = functions.ToInstrumented(export.Index) } : export);
        exports.Add(new Export(GasImports.StackHeightExport, ExternalKind.Global, stackGlobal));

        var elements = Array.ConvertAll(module.Elements,
            segment => segment with { Items = Array.ConvertAll(segment.Items, item => Renumber(item, functions)) });

        var customSections = new List<CustomSection>(module.CustomSections.Length + 1);
        foreach (var section in module.CustomSections)
        {
            if (section.Name != NameSection.Name)
            {
                customSections.Add(section);
                continue;
            }
            // A name section that does not parse is dropped: custom sections never make a module invalid.
            var renamed = NameSection.Renumber(section.Content.Span, functions);
            if (renamed is not null) customSections.Add(section with { Content = renamed });
        }
        customSections.Add(new CustomSection(GasImports.CustomSectionName, 0, DescribeInstrumentation(options, stackGlobal)));

        var output = new ModuleInfo
        {
            Bytes = [],
            Types = types.ToArray(),
            Imports = imports.ToArray(),
            FunctionTypeIndices = module.FunctionTypeIndices,
            Tables = module.Tables,
            Memories = module.Memories,
            Globals = globals.ToArray(),
            Exports = exports.ToArray(),
            StartFunction = module.StartFunction is { } start ? functions.ToInstrumented(start) : null,
            Elements = elements,
            DataCount = module.DataCount,
            Data = module.Data,
            CustomSections = customSections.ToArray(),
        };
        var bytes = ModuleEncoder.Encode(output, bodies);

        if (options.VerifyOutput)
        {
            var decoded = ModuleDecoder.Decode(bytes, ValidationLimits.Permissive);
            ModuleValidator.Validate(decoded, ValidationLimits.Permissive);
        }
        return new InstrumentedModule(bytes, functions, stackGlobal, options, reports);
    }

    /// <summary>True when <paramref name="module"/> carries the mark of an instrumented module.</summary>
    public static bool IsInstrumented(ModuleInfo module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Array.Exists(module.CustomSections, s => s.Name == GasImports.CustomSectionName);
    }

    private static void CheckNotReserved(ModuleInfo module)
    {
        if (IsInstrumented(module))
            throw new GasInstrumentationException($"the module is already instrumented (it has a \"{GasImports.CustomSectionName}\" custom section)");
        foreach (var import in module.Imports)
        {
            if (import.Module == GasImports.Module)
                throw new GasInstrumentationException(
                    $"the module imports \"{import.Module}\".\"{import.Name}\": the import module \"{GasImports.Module}\" is reserved for gas metering (is it already instrumented?)");
        }
        foreach (var export in module.Exports)
        {
            if (export.Name == GasImports.StackHeightExport)
                throw new GasInstrumentationException($"the module exports \"{export.Name}\", a name reserved for gas metering");
        }
    }

    private static ConstantExpression Renumber(ConstantExpression expression, FunctionIndexMap functions) =>
        expression.Kind == ConstantExpressionKind.RefFunc
            ? ConstantExpression.RefFunc(functions.ToInstrumented(expression.Index))
            : expression;

    /// <summary>The custom section's content: format 1, then instrumenter version, schedule version, stack limit (0 = off) and counter global, as LEB128 u32.</summary>
    private static byte[] DescribeInstrumentation(InstrumentationOptions options, uint stackGlobal)
    {
        var w = new WasmWriter(16);
        w.WriteVarUInt32(1);
        w.WriteVarUInt32(InstrumentationOptions.InstrumenterVersion);
        w.WriteVarUInt32(options.Schedule.Version);
        w.WriteVarUInt32(options.StackHeightLimit ?? 0);
        w.WriteVarUInt32(stackGlobal);
        return w.ToArray();
    }
}
