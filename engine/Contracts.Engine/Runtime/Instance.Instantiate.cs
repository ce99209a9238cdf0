using Contracts.Engine.Execution;
using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>Module instantiation with WebAssembly 2.0 semantics.</summary>
public sealed partial class Instance
{
    /// <summary>
    /// Instantiates <paramref name="module"/> with <paramref name="imports"/> (resolved and type-checked, in import
    /// order): allocates functions, globals, tables and memories, resolves segments, applies the active element
    /// segments then the active data segments in order, and runs the start function. A segment that does not fit
    /// writes nothing and traps; the segments before it stay written.
    /// </summary>
    internal static Instance Instantiate(Store store, Module module, Extern[] imports)
    {
        var info = module.Info;
        var config = store.Engine.Config;
        CheckResourceLimits(info, config);

        var instance = new Instance(module, store);
        AllocateImportsAndFunctions(instance, imports);
        instance.Globals = AllocateGlobals(instance);
        instance.Tables = AllocateTables(instance, config);
        instance.Memories = AllocateMemories(instance, config);
        instance.ElementSegments = ResolveElementSegments(instance);
        var resolvedElementSegments = (ulong[][])instance.ElementSegments.Clone();
        instance.DataSegments = Array.ConvertAll(info.Data, segment => segment.Data);
        instance.SetExports(ResolveExports(instance));
        if (config.StackHeightCounterExport is { } counterName
            && instance.GetExport(counterName) is Global { Type: { ValueType: Model.ValueType.I32, Mutable: true } } counter)
        {
            store.RegisterStackHeightCounter(counter);
        }

        ApplyElementSegments(instance);
        uint[] activeDataOffsets = ApplyDataSegments(instance);

        if (info.StartFunction is { } start)
        {
            var trap = Executor.Invoke(store, instance.Functions[start], [], []);
            if (trap is not null) throw new InstantiationTrapException(trap);
        }
        instance.CaptureResetPoint(resolvedElementSegments, activeDataOffsets);
        return instance;
    }

    /// <summary>Checked before anything is created, so a refused module leaves the store untouched.</summary>
    private static void CheckResourceLimits(ModuleInfo info, EngineConfig config)
    {
        uint maxPages = Math.Min(config.MaxMemoryPages, Memory.ImplementationMaxPages);
        for (int i = 0; i < info.Memories.Length; i++)
        {
            if (info.Memories[i].Limits.Min > maxPages)
                throw new InstantiationException(
                    $"memory {info.ImportedMemoryCount + i} needs {info.Memories[i].Limits.Min} pages, more than the engine's limit of {maxPages} pages");
        }
        for (int i = 0; i < info.Tables.Length; i++)
        {
            if (info.Tables[i].Limits.Min > config.MaxTableElements)
                throw new InstantiationException(
                    $"table {info.ImportedTableCount + i} needs {info.Tables[i].Limits.Min} elements, more than the engine's limit of {config.MaxTableElements}");
        }
    }

    private static void AllocateImportsAndFunctions(Instance instance, Extern[] imports)
    {
        var info = instance.Module.Info;
        var functions = new Function[info.TotalFunctionCount];
        var tables = new Table[info.TotalTableCount];
        var memories = new Memory[info.TotalMemoryCount];
        var globals = new Global[info.TotalGlobalCount];
        int functionCount = 0, tableCount = 0, memoryCount = 0, globalCount = 0;
        foreach (var import in imports)
        {
            switch (import)
            {
                case Function f: functions[functionCount++] = f; break;
                case Table t: tables[tableCount++] = t; break;
                case Memory m: memories[memoryCount++] = m; break;
                case Global g: globals[globalCount++] = g; break;
            }
        }

        // Functions exist before any constant expression runs: ref.func may name any of them.
        var compiled = instance.Module.Functions;
        for (int i = 0; i < info.FunctionTypeIndices.Length; i++)
            functions[functionCount + i] = new Function(instance.Store, info.Types[info.FunctionTypeIndices[i]], compiled[i], instance);

        instance.Functions = functions;
        instance.Tables = tables;
        instance.Memories = memories;
        instance.Globals = globals;
    }

    private static Global[] AllocateGlobals(Instance instance)
    {
        var info = instance.Module.Info;
        var globals = instance.Globals;
        for (int i = 0; i < info.Globals.Length; i++)
        {
            var definition = info.Globals[i];
            globals[info.ImportedGlobalCount + i] = new Global(definition.Type, instance.Evaluate(definition.Initializer))
            {
                OwnerStore = instance.Store,
                HighBits = instance.EvaluateHigh(definition.Initializer),
            };
        }
        return globals;
    }

    private static Table[] AllocateTables(Instance instance, EngineConfig config)
    {
        var info = instance.Module.Info;
        var tables = instance.Tables;
        for (int i = 0; i < info.Tables.Length; i++)
            tables[info.ImportedTableCount + i] = new Table(info.Tables[i], config.MaxTableElements) { OwnerStore = instance.Store };
        return tables;
    }

    private static Memory[] AllocateMemories(Instance instance, EngineConfig config)
    {
        var info = instance.Module.Info;
        var memories = instance.Memories;
        for (int i = 0; i < info.Memories.Length; i++)
            memories[info.ImportedMemoryCount + i] = new Memory(info.Memories[i], config.MaxMemoryPages) { OwnerStore = instance.Store };
        return memories;
    }

    private static ulong[][] ResolveElementSegments(Instance instance)
    {
        var segments = instance.Module.Info.Elements;
        var resolved = new ulong[segments.Length][];
        for (int i = 0; i < segments.Length; i++)
        {
            var items = segments[i].Items;
            var bits = items.Length == 0 ? [] : new ulong[items.Length];
            for (int j = 0; j < items.Length; j++) bits[j] = instance.Evaluate(items[j]);
            resolved[i] = bits;
        }
        return resolved;
    }

    private static InstanceExport[] ResolveExports(Instance instance)
    {
        var exports = instance.Module.Info.Exports;
        var resolved = new InstanceExport[exports.Length];
        for (int i = 0; i < exports.Length; i++)
        {
            var export = exports[i];
            Extern item = export.Kind switch
            {
                ExternalKind.Function => instance.Functions[export.Index],
                ExternalKind.Table => instance.Tables[export.Index],
                ExternalKind.Memory => instance.Memories[export.Index],
                ExternalKind.Global => instance.Globals[export.Index],
                _ => throw new InstantiationException($"export \"{export.Name}\" has unknown kind {export.Kind}"),
            };
            resolved[i] = new InstanceExport(export.Name, item);
        }
        return resolved;
    }

    /// <summary>Each active segment is a table.init then elem.drop; a declarative one is only dropped.</summary>
    private static void ApplyElementSegments(Instance instance)
    {
        var segments = instance.Module.Info.Elements;
        for (int i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var table = instance.Tables[segment.TableIndex];
                uint offset = (uint)instance.Evaluate(segment.Offset);
                var items = instance.ElementSegments[i];
                if ((ulong)offset + (ulong)items.Length > table.Count)
                {
                    throw new InstantiationTrapException(new Trap(TrapKind.TableOutOfBounds,
                        $"{TrapKind.TableOutOfBounds.Message()}: element segment {i} ({items.Length} elements at offset {offset}) does not fit table {segment.TableIndex} of size {table.Count}"));
                }
                items.CopyTo(table.Elements.AsSpan((int)offset));
            }
            if (segment.Mode != SegmentMode.Passive) instance.ElementSegments[i] = [];
        }
    }

    /// <summary>Each active segment is a memory.init then data.drop. Returns each active segment's offset.</summary>
    private static uint[] ApplyDataSegments(Instance instance)
    {
        var segments = instance.Module.Info.Data;
        var offsets = new uint[segments.Length];
        for (int i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Mode != SegmentMode.Active) continue;
            var memory = instance.Memories[segment.MemoryIndex];
            uint offset = (uint)instance.Evaluate(segment.Offset);
            offsets[i] = offset;
            var data = segment.Data.Span;
            if ((ulong)offset + (ulong)data.Length > memory.Length)
            {
                throw new InstantiationTrapException(new Trap(TrapKind.MemoryOutOfBounds,
                    $"{TrapKind.MemoryOutOfBounds.Message()}: data segment {i} ({data.Length} bytes at offset {offset}) does not fit memory {segment.MemoryIndex} of {memory.Length} bytes"));
            }
            data.CopyTo(memory.Buffer.AsSpan((int)offset));
            instance.DataSegments[i] = ReadOnlyMemory<byte>.Empty;
        }
        return offsets;
    }

    /// <summary>The slot encoding of a validated constant expression's value.</summary>
    private ulong Evaluate(in ConstantExpression expression) => expression.Kind switch
    {
        ConstantExpressionKind.I32Const or ConstantExpressionKind.I64Const
            or ConstantExpressionKind.F32Const or ConstantExpressionKind.F64Const or ConstantExpressionKind.V128Const => expression.Bits,
        ConstantExpressionKind.RefNull => 0,
        ConstantExpressionKind.RefFunc => Store.EncodeFuncRef(Functions[expression.Index]),
        ConstantExpressionKind.GlobalGet => Globals[expression.Index]?.Bits
            ?? throw new InstantiationException($"constant expression reads global {expression.Index} before it is initialised"),
        _ => throw new InstantiationException($"unknown constant expression {expression.Kind}"),
    };

    /// <summary>The high 8 bytes of a v128 constant expression's value (0 for every other type).</summary>
    private ulong EvaluateHigh(in ConstantExpression expression) => expression.Kind switch
    {
        ConstantExpressionKind.V128Const => expression.HighBits,
        ConstantExpressionKind.GlobalGet => Globals[expression.Index]?.HighBits ?? 0,
        _ => 0,
    };
}
