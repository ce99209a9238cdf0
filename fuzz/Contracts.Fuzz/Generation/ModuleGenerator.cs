using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// Generates a random valid module and the calls to make on it from a seed. Deterministic: the same seed and
/// options give the same bytes on every machine.
/// </summary>
public static class ModuleGenerator
{
    private static readonly ValueType[] NumericTypes = [ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64];
    private static readonly ValueType[] AllTypes = [.. NumericTypes, ValueType.FuncRef, ValueType.ExternRef];
    /// <summary>The value types of a module with SIMD: v128 twice, so vectors are as common as the numbers together.</summary>
    internal static readonly ValueType[] SimdValueTypes = [.. NumericTypes, ValueType.V128, ValueType.V128];
    internal static readonly ValueType[] SimdAllTypes = [.. SimdValueTypes, ValueType.FuncRef, ValueType.ExternRef];

    /// <summary>Whether function <paramref name="functionIndex"/> of case <paramref name="seed"/> is drawn in the kernel
    /// style (<see cref="GeneratorOptions.KernelFunctionPercent"/>; a module with SIMD, an arithmetic-style or a strided
    /// function is not one).</summary>
    public static bool DrawsKernel(ulong seed, int functionIndex, GeneratorOptions options) =>
        DrawsStyle(seed, functionIndex, 0x6B65_726E_656C_7321ul, options.KernelFunctionPercent);

    /// <summary>Whether function <paramref name="functionIndex"/> of seed <paramref name="seed"/>'s module draws strided
    /// loops (<see cref="GeneratorOptions.StridedLoopFunctionPercent"/>; a module with SIMD and an arithmetic-style
    /// function have none whatever this says).</summary>
    public static bool DrawsStridedLoops(ulong seed, int functionIndex, GeneratorOptions options) =>
        DrawsStyle(seed, functionIndex, 0x7374_7269_6465_6421ul, options.StridedLoopFunctionPercent);

    /// <summary>A function's style, drawn apart from the main stream (from the seed, the function and the style's
    /// <paramref name="salt"/>): a module none of whose functions draws the style is the same whatever its percentage.</summary>
    private static bool DrawsStyle(ulong seed, int functionIndex, ulong salt, int percent) =>
        percent > 0 && new FuzzRandom(seed ^ salt ^ ((ulong)functionIndex * 0x9E37_79B9_7F4A_7C15ul)).Chance(percent);

    public static FuzzCase Generate(ulong seed, GeneratorOptions? options = null)
    {
        options ??= GeneratorOptions.Default;
        var random = new FuzzRandom(seed);
        var module = new ModuleShape { ImportsFuel = random.Chance(options.FuelIntrinsicPercent), ImportsHost = random.Chance(options.HostImportPercent) };
        // Drawn apart from the main stream: a module without SIMD is the same whatever SimdPercent is.
        module.UsesSimd = options.SimdPercent > 0 && new FuzzRandom(seed ^ 0x7369_6D64_7631_3238ul).Chance(options.SimdPercent);
        if (module.ImportsFuel)
        {
            var signature = new Signature([ValueType.I64], []);
            module.ImportedFunctions.Add(new FunctionShape { Index = 0, TypeIndex = module.TypeIndex(signature), Signature = signature, ImportName = ("gas", "charge") });
        }
        if (module.ImportsHost)
        {
            var signature = HostFunctions.MixSignature;
            module.ImportedFunctions.Add(new FunctionShape
            {
                Index = module.ImportedFunctions.Count,
                TypeIndex = module.TypeIndex(signature),
                Signature = signature,
                ImportName = (HostFunctions.Module, HostFunctions.MixName),
            });
        }

        DeclareGlobals(random, module, options.FuelPerCall, module.UsesSimd);
        DeclareMemoryAndTables(random, module);

        int functionCount = random.Range(1, options.MaxFunctions);
        // Sometimes the last function is the start function: it runs at instantiation, where a trap fails it.
        bool hasStart = functionCount > 1 && random.Chance(15);
        for (int i = 0; i < functionCount; i++)
        {
            bool isStart = hasStart && i == functionCount - 1;
            bool exported = !isStart && (i == 0 || random.Chance(50));
            var signature = isStart ? new Signature([], []) : RandomSignature(random, numericOnly: exported, module.UsesSimd);
            var function = new FunctionShape
            {
                Index = module.ImportedFunctionCount + i,
                TypeIndex = module.TypeIndex(signature),
                Signature = signature,
                ExportName = exported ? $"f{i}" : null,
            };
            module.Functions.Add(function);
            if (isStart) module.StartFunction = function.Index;
        }

        DeclareSegments(random, module);

        foreach (var function in module.Functions)
        {
            // Mostly few locals (so reads and writes alias), now and then a large frame.
            int locals = random.Chance(5) ? random.Range(30, 200) : random.Range(0, 6);
            // Each style is drawn apart from the main stream (DrawsStyle), and none with SIMD: the compiled tier
            // interprets functions with v128 values.
            bool arithmetic = !module.UsesSimd && DrawsStyle(seed, function.Index, 0x6172_6974_686D_6574ul, options.ArithmeticFunctionPercent);
            bool strided = !module.UsesSimd && !arithmetic && DrawsStridedLoops(seed, function.Index, options);
            // And the kernel style (KernelFunctionPercent), for functions of neither style above.
            bool kernel = !module.UsesSimd && !arithmetic && !strided && DrawsKernel(seed, function.Index, options);
            var generator = new FunctionBodyGenerator(random.Fork(), module, options, function, locals, arithmetic, strided, kernel);
            function.Body = generator.Generate();
        }

        var invocations = new List<Invocation>();
        var argumentRandom = random.Fork();
        int rounds = random.Range(2, options.MaxInvocationsPerExport);
        for (int round = 0; round < rounds; round++)
        {
            foreach (var function in module.Functions)
            {
                if (function.ExportName is null) continue;
                var parameters = function.Signature.Parameters;
                var arguments = parameters.Select(t => InterestingValues.NextBits(argumentRandom, t)).ToArray();
                invocations.Add(new Invocation(function.ExportName, parameters, arguments));
            }
        }
        return new FuzzCase { Seed = seed, Module = module, Invocations = invocations };
    }

    private static Signature RandomSignature(FuzzRandom random, bool numericOnly, bool simd)
    {
        var values = simd ? SimdValueTypes : NumericTypes;
        var pool = numericOnly ? values : simd ? SimdAllTypes : AllTypes;
        ValueType Pick() => random.Chance(85) ? random.Pick(values) : random.Pick(pool);
        if (random.Chance(4))
        {
            // Wide signatures: argument and result passing beyond the host API's stack buffer, long multi-value.
            return new Signature(
                Enumerable.Range(0, random.Range(8, 40)).Select(_ => Pick()).ToArray(),
                Enumerable.Range(0, random.Range(4, 20)).Select(_ => Pick()).ToArray());
        }
        var parameters = Enumerable.Range(0, random.Range(0, 3)).Select(_ => Pick()).ToArray();
        int resultCount = random.Next(10) switch { < 2 => 0, < 8 => 1, _ => random.Range(2, 3) };
        var results = Enumerable.Range(0, resultCount).Select(_ => Pick()).ToArray();
        return new Signature(parameters, results);
    }

    private static void DeclareGlobals(FuzzRandom random, ModuleShape module, int fuelPerCall, bool simd)
    {
        // The fuel guard starts full so a start function can run; the host refills it before every call.
        module.Globals.Add(new GlobalShape(ValueType.I32, true, (uint)fuelPerCall, -1, GlobalRole.Fuel));
        module.Globals.Add(new GlobalShape(ValueType.I32, true, 0, -1, GlobalRole.Depth));
        module.Globals.Add(new GlobalShape(ValueType.I32, true, 0, -1, GlobalRole.Flag));
        module.Globals.Add(new GlobalShape(ValueType.I64, true, 0, -1, GlobalRole.Sink));
        int count = random.Range(0, 6);
        for (int i = 0; i < count; i++)
        {
            var type = random.Chance(85) ? random.Pick(simd ? SimdValueTypes : NumericTypes) : random.Pick(simd ? SimdAllTypes : AllTypes);
            // A funcref global initialised with ref.func is fixed up once the functions exist (see DeclareSegments).
            module.Globals.Add(new GlobalShape(type, random.Chance(70), InterestingValues.NextBits(random, type), -1, GlobalRole.Program));
        }
    }

    private static void DeclareMemoryAndTables(FuzzRandom random, ModuleShape module)
    {
        if (random.Chance(90))
        {
            uint min = (uint)random.Pick(new[] { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2 });
            module.Memory = new MemoryShape(min, min + (uint)random.Range(0, 3));
        }
        uint tableMin = (uint)random.Range(random.Chance(90) ? 1 : 0, 8);
        module.Tables.Add(new TableShape(ValueType.FuncRef, tableMin, tableMin + (uint)random.Range(0, 6)));
        if (random.Chance(50))
        {
            uint min = (uint)random.Range(1, 4);
            module.Tables.Add(new TableShape(ValueType.ExternRef, min, min + (uint)random.Range(0, 4)));
        }
        if (random.Chance(30))
        {
            uint min = (uint)random.Range(1, 4);
            module.Tables.Add(new TableShape(ValueType.FuncRef, min, min + (uint)random.Range(0, 4)));
        }
    }

    private static void DeclareSegments(FuzzRandom random, ModuleShape module)
    {
        int functions = module.Functions.Count;
        // Mostly defined functions; imported ones (the host function, the fuel intrinsic) now and then, so tables and
        // funcrefs also reach the engines' host-call paths.
        int FunctionIndex() => module.ImportedFunctionCount > 0 && random.Chance(15)
            ? random.Next(module.ImportedFunctionCount)
            : module.ImportedFunctionCount + random.Next(functions);

        for (int i = 0; i < module.Globals.Count; i++)
        {
            var g = module.Globals[i];
            if (g.Role == GlobalRole.Program && g.Type == ValueType.FuncRef && random.Chance(60))
                module.Globals[i] = g with { InitFunction = FunctionIndex() };
        }

        // Active segment filling part of table 0 (within its minimum so instantiation succeeds).
        var table0 = module.Tables[0];
        if (table0.Min > 0)
        {
            uint offset = random.Chance(70) ? 0 : (uint)random.Range(0, (int)table0.Min - 1);
            int count = random.Chance(70) ? (int)(table0.Min - offset) : random.Range(0, (int)(table0.Min - offset));
            var items = Enumerable.Range(0, count).Select(_ => random.Chance(85) ? FunctionIndex() : -1).ToArray();
            module.Elements.Add(new ElementShape(SegmentKind.Active, 0, offset, ValueType.FuncRef, items, random.Chance(30)));
        }
        for (int t = 1; t < module.Tables.Count; t++)
        {
            var table = module.Tables[t];
            if (table.Min == 0 || random.Chance(50)) continue;
            int count = random.Range(0, (int)table.Min);
            var items = Enumerable.Range(0, count).Select(_ => table.ElementType == ValueType.FuncRef && random.Chance(70) ? FunctionIndex() : -1).ToArray();
            module.Elements.Add(new ElementShape(SegmentKind.Active, t, (uint)random.Range(0, (int)table.Min - count), table.ElementType, items, true));
        }
        int passive = random.Range(0, 2);
        for (int i = 0; i < passive; i++)
        {
            int count = random.Range(0, 6);
            var items = Enumerable.Range(0, count).Select(_ => random.Chance(80) ? FunctionIndex() : -1).ToArray();
            module.Elements.Add(new ElementShape(SegmentKind.Passive, 0, 0, ValueType.FuncRef, items, random.Chance(50)));
        }
        if (module.Tables.Any(t => t.ElementType == ValueType.ExternRef) && random.Chance(60))
            module.Elements.Add(new ElementShape(SegmentKind.Passive, 0, 0, ValueType.ExternRef, Enumerable.Repeat(-1, random.Range(0, 4)).ToArray(), true));
        // Declares every function for ref.func.
        var all = Enumerable.Range(0, module.ImportedFunctionCount + functions).ToArray();
        module.Elements.Add(new ElementShape(SegmentKind.Declarative, 0, 0, ValueType.FuncRef, all, random.Chance(50)));

        if (module.Memory is { } memory)
        {
            if (memory.Min > 0)
            {
                // Random bytes where most loads land (addresses are often masked to the first 256 bytes or 4 KiB),
                // so loads do not just read zeros.
                module.Data.Add(new DataShape(SegmentKind.Active, 0, RandomBytes(random, random.Chance(50) ? 256 : 4096)));
                if (random.Chance(50))
                {
                    var bytes = RandomBytes(random, random.Range(0, 64));
                    module.Data.Add(new DataShape(SegmentKind.Active, (uint)random.Range(0, 65536 - bytes.Length), bytes));
                }
            }
            int passiveData = random.Range(0, 2);
            for (int i = 0; i < passiveData; i++) module.Data.Add(new DataShape(SegmentKind.Passive, 0, RandomBytes(random, random.Range(0, 32))));
        }
    }

    private static byte[] RandomBytes(FuzzRandom random, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)random.NextUInt32();
        return bytes;
    }
}
