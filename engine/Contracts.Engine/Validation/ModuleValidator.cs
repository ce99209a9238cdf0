using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Validation;

/// <summary>
/// Validates a decoded module per the WebAssembly 2.0 spec (section 3, "Validation"; function bodies with the
/// algorithm of its appendix) and checks the <see cref="ValidationLimits"/> profile. Throws
/// <see cref="WasmValidationException"/> for an invalid module or an exceeded limit, and
/// <see cref="WasmDecodeException"/> for encoding errors only visible while reading instructions.
/// Deterministic: the first error in a fixed order (module items, then bodies in index order) is reported.
/// </summary>
/// <remarks>
/// The model carries no byte offsets for module-level items, so errors outside function bodies report offset 0
/// and name the item instead (e.g. "element segment 3").
/// </remarks>
public static class ModuleValidator
{
    /// <summary>The spec's upper bound of a 32-bit memory: 2^16 pages of 64 KiB.</summary>
    private const uint MaxSpecMemoryPages = 65_536;

    public static void Validate(ModuleInfo module, ValidationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(limits);

        CheckCounts(module, limits);
        CheckTypes(module, limits);
        CheckImports(module, limits);
        CheckFunctions(module, limits);
        CheckTables(module, limits);
        CheckMemories(module, limits);
        CheckGlobals(module, limits);
        CheckElements(module);
        CheckData(module);
        CheckStart(module);
        var declared = DeclaredFunctionReferences(module);
        CheckExports(module);
        CheckBodies(module, limits, declared);
    }

    private static void CheckCounts(ModuleInfo module, ValidationLimits limits)
    {
        CheckCount(limits, nameof(ValidationLimits.MaxModuleSize), (ulong)module.Bytes.Length, limits.MaxModuleSize, "module size in bytes");
        CheckCount(limits, nameof(ValidationLimits.MaxTypes), (ulong)module.Types.Length, limits.MaxTypes, "types");
        CheckCount(limits, nameof(ValidationLimits.MaxImports), (ulong)module.Imports.Length, limits.MaxImports, "imports");
        CheckCount(limits, nameof(ValidationLimits.MaxFunctions), (ulong)module.TotalFunctionCount, limits.MaxFunctions, "functions (imported and defined)");
        // "multiple memories" is a spec rule, reported as such before the profile's memory count.
        if (module.TotalMemoryCount > 1)
        {
            ValidationError.Invalid(WasmErrorKind.MultipleMemories, 0,
                $"multiple memories: the module has {module.TotalMemoryCount} memories (imported and defined), WebAssembly 2.0 allows one");
        }
        CheckCount(limits, nameof(ValidationLimits.MaxMemories), (ulong)module.TotalMemoryCount, limits.MaxMemories, "memories");
        CheckCount(limits, nameof(ValidationLimits.MaxTables), (ulong)module.TotalTableCount, limits.MaxTables, "tables (imported and defined)");
        CheckCount(limits, nameof(ValidationLimits.MaxGlobals), (ulong)module.TotalGlobalCount, limits.MaxGlobals, "globals (imported and defined)");
        CheckCount(limits, nameof(ValidationLimits.MaxExports), (ulong)module.Exports.Length, limits.MaxExports, "exports");
        CheckCount(limits, nameof(ValidationLimits.MaxElementSegments), (ulong)module.Elements.Length, limits.MaxElementSegments, "element segments");
        CheckCount(limits, nameof(ValidationLimits.MaxDataSegments), (ulong)module.Data.Length, limits.MaxDataSegments, "data segments");

        if (module.Bodies.Length != module.FunctionTypeIndices.Length)
        {
            ValidationError.Malformed(WasmErrorKind.FunctionAndCodeCountMismatch, 0,
                $"function and code section have inconsistent lengths: {module.FunctionTypeIndices.Length} functions, {module.Bodies.Length} bodies");
        }
        if (module.DataCount is { } dataCount && dataCount != (uint)module.Data.Length)
        {
            ValidationError.Malformed(WasmErrorKind.DataCountMismatch, 0,
                $"data count and data section have inconsistent lengths: data count {dataCount}, {module.Data.Length} segments");
        }
        if (module.AllFunctionTypeIndices.Length != module.TotalFunctionCount || module.AllTables.Length != module.TotalTableCount
            || module.AllMemories.Length != module.TotalMemoryCount || module.AllGlobals.Length != module.TotalGlobalCount)
        {
            throw new ArgumentException("The module's index spaces (All* arrays) disagree with its imports and definitions.", nameof(module));
        }
    }

    private static void CheckCount(ValidationLimits limits, string limitName, ulong actual, ulong limit, string what)
    {
        if (actual > limit) ValidationError.Limit(limits, limitName, actual, limit, 0, $"the module's {what}");
    }

    private static void CheckTypes(ModuleInfo module, ValidationLimits limits)
    {
        var types = module.Types;
        for (int i = 0; i < types.Length; i++)
        {
            var type = types[i];
            if ((ulong)type.Parameters.Length > limits.MaxParameters)
            {
                ValidationError.Limit(limits, nameof(ValidationLimits.MaxParameters), (ulong)type.Parameters.Length, limits.MaxParameters, 0, $"type {i}");
            }
            if ((ulong)type.Results.Length > limits.MaxResults)
            {
                ValidationError.Limit(limits, nameof(ValidationLimits.MaxResults), (ulong)type.Results.Length, limits.MaxResults, 0, $"type {i}");
            }
            if (!limits.AllowSimd && (type.Parameters.AsSpan().Contains(ValueType.V128) || type.Results.AsSpan().Contains(ValueType.V128)))
            {
                ValidationError.UnsupportedSimd(0, $"v128 in type {i}");
            }
        }
    }

    private static void CheckImports(ModuleInfo module, ValidationLimits limits)
    {
        var imports = module.Imports;
        for (int i = 0; i < imports.Length; i++)
        {
            var import = imports[i];
            var where = new ModuleItem("import", i);
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    CheckTypeIndex(module, import.FunctionTypeIndex, where);
                    break;
                case ExternalKind.Table:
                    CheckTableType(import.Table, limits, where);
                    break;
                case ExternalKind.Memory:
                    CheckMemoryType(import.Memory, limits, where);
                    break;
                case ExternalKind.Global:
                    CheckValueType(import.Global.ValueType, where, limits);
                    break;
                default:
                    ValidationError.Malformed(WasmErrorKind.MalformedImportKind, 0, $"malformed import kind {(byte)import.Kind} of {where}");
                    break;
            }
        }
    }

    private static void CheckFunctions(ModuleInfo module, ValidationLimits limits)
    {
        var typeIndices = module.FunctionTypeIndices;
        for (int i = 0; i < typeIndices.Length; i++)
        {
            CheckTypeIndex(module, typeIndices[i], new ModuleItem("function", module.ImportedFunctionCount + i));
        }

        ulong totalParameters = 0;
        foreach (uint typeIndex in module.AllFunctionTypeIndices)
        {
            totalParameters += (ulong)module.Types[typeIndex].Parameters.Length;
        }
        if (totalParameters > limits.MaxTotalParameters)
        {
            ValidationError.Limit(limits, nameof(ValidationLimits.MaxTotalParameters), totalParameters, limits.MaxTotalParameters, 0,
                "the module's functions together");
        }

        ulong totalLocals = 0;
        ulong totalBodyBytes = 0;
        var bodies = module.Bodies;
        for (int i = 0; i < bodies.Length; i++)
        {
            var body = bodies[i];
            foreach (var group in body.Locals) totalLocals += group.Count;
            ulong bodySize = BodySize(module, body);
            totalBodyBytes += bodySize;
            if (bodySize > limits.MaxFunctionBodySize)
            {
                ValidationError.Limit(limits, nameof(ValidationLimits.MaxFunctionBodySize), bodySize, limits.MaxFunctionBodySize,
                    body.CodeOffset, $"the body of function {module.ImportedFunctionCount + i}");
            }
        }
        if (totalLocals > limits.MaxTotalLocals)
        {
            ValidationError.Limit(limits, nameof(ValidationLimits.MaxTotalLocals), totalLocals, limits.MaxTotalLocals, 0,
                "the module's declared locals together");
        }
        if (limits.MinAverageBodySize > 0 && bodies.Length > 0 && totalBodyBytes >= limits.MinAverageBodySizeThreshold
            && totalBodyBytes < (ulong)limits.MinAverageBodySize * (ulong)bodies.Length)
        {
            throw new WasmValidationException(WasmErrorKind.ImplementationLimit, 0,
                $"implementation limit exceeded: {nameof(ValidationLimits.MinAverageBodySize)} is {limits.MinAverageBodySize} bytes in profile '{limits.Name}', " +
                $"the module's {bodies.Length} function bodies average {totalBodyBytes / (ulong)bodies.Length}");
        }
    }

    /// <summary>
    /// The body's size as the code section declares it (local declarations included), read from the size field at
    /// <see cref="FunctionBody.BodyOffset"/>; just the instructions when the body carries no such offset.
    /// </summary>
    private static ulong BodySize(ModuleInfo module, FunctionBody body)
    {
        if (body.BodyOffset > 0 && body.BodyOffset < body.CodeOffset && body.CodeOffset <= module.Bytes.Length)
        {
            var reader = new WasmReader(module.Bytes.AsSpan(body.BodyOffset, body.CodeOffset - body.BodyOffset), body.BodyOffset);
            return reader.ReadVarUInt32();
        }
        return (ulong)Math.Max(body.CodeLength, 0);
    }

    private static void CheckTables(ModuleInfo module, ValidationLimits limits)
    {
        var tables = module.Tables;
        for (int i = 0; i < tables.Length; i++)
        {
            CheckTableType(tables[i], limits, new ModuleItem("table", module.ImportedTableCount + i));
        }
    }

    private static void CheckMemories(ModuleInfo module, ValidationLimits limits)
    {
        var memories = module.Memories;
        for (int i = 0; i < memories.Length; i++)
        {
            CheckMemoryType(memories[i], limits, new ModuleItem("memory", module.ImportedMemoryCount + i));
        }
    }

    private static void CheckGlobals(ModuleInfo module, ValidationLimits limits)
    {
        var globals = module.Globals;
        for (int i = 0; i < globals.Length; i++)
        {
            var global = globals[i];
            var where = new ModuleItem("global", module.ImportedGlobalCount + i);
            CheckValueType(global.Type.ValueType, where, limits);
            CheckConstantExpression(module, global.Initializer, global.Type.ValueType, where.WithPart("initializer"));
        }
    }

    private static void CheckElements(ModuleInfo module)
    {
        var elements = module.Elements;
        for (int i = 0; i < elements.Length; i++)
        {
            var segment = elements[i];
            var where = new ModuleItem("element segment", i);
            if (!segment.ElementType.IsReference())
            {
                ValidationError.Malformed(WasmErrorKind.MalformedReferenceType, 0, $"malformed reference type of {where}");
            }
            var items = segment.Items;
            for (int j = 0; j < items.Length; j++)
            {
                CheckConstantExpression(module, items[j], segment.ElementType, where.WithPart("item", j));
            }
            if (segment.Mode != SegmentMode.Active) continue;
            if (segment.TableIndex >= (uint)module.AllTables.Length)
            {
                ValidationError.Invalid(WasmErrorKind.UnknownTable, 0, $"unknown table {segment.TableIndex} in {where}");
            }
            var tableType = module.AllTables[segment.TableIndex].ElementType;
            if (tableType != segment.ElementType)
            {
                ValidationError.Invalid(WasmErrorKind.TypeMismatch, 0,
                    $"type mismatch: {where} of {segment.ElementType.ToWatName()} targets table {segment.TableIndex} of {tableType.ToWatName()}");
            }
            CheckConstantExpression(module, segment.Offset, ValueType.I32, where.WithPart("offset"));
        }
    }

    private static void CheckData(ModuleInfo module)
    {
        var data = module.Data;
        for (int i = 0; i < data.Length; i++)
        {
            var segment = data[i];
            if (segment.Mode != SegmentMode.Active) continue;
            var where = new ModuleItem("data segment", i);
            if (segment.MemoryIndex >= (uint)module.AllMemories.Length)
            {
                ValidationError.Invalid(WasmErrorKind.UnknownMemory, 0, $"unknown memory {segment.MemoryIndex} in {where}");
            }
            CheckConstantExpression(module, segment.Offset, ValueType.I32, where.WithPart("offset"));
        }
    }

    private static void CheckStart(ModuleInfo module)
    {
        if (module.StartFunction is not { } start) return;
        if (start >= (uint)module.TotalFunctionCount)
        {
            ValidationError.Invalid(WasmErrorKind.UnknownFunction, 0, $"unknown function {start} named as the start function");
        }
        var type = module.GetFunctionType(start);
        if (type.Parameters.Length != 0 || type.Results.Length != 0)
        {
            ValidationError.Invalid(WasmErrorKind.InvalidStartFunction, 0,
                $"start function {start} must have type [] -> [], it has {type}");
        }
    }

    private static void CheckExports(ModuleInfo module)
    {
        var exports = module.Exports;
        var names = new HashSet<string>(exports.Length, StringComparer.Ordinal);
        for (int i = 0; i < exports.Length; i++)
        {
            var export = exports[i];
            var (count, what, kind) = export.Kind switch
            {
                ExternalKind.Function => (module.TotalFunctionCount, "function", WasmErrorKind.UnknownFunction),
                ExternalKind.Table => (module.TotalTableCount, "table", WasmErrorKind.UnknownTable),
                ExternalKind.Memory => (module.TotalMemoryCount, "memory", WasmErrorKind.UnknownMemory),
                ExternalKind.Global => (module.TotalGlobalCount, "global", WasmErrorKind.UnknownGlobal),
                _ => (-1, "", WasmErrorKind.MalformedExportKind),
            };
            if (count < 0) ValidationError.Malformed(WasmErrorKind.MalformedExportKind, 0, $"malformed export kind {(byte)export.Kind} of export {i}");
            if (export.Index >= (uint)count)
            {
                ValidationError.Invalid(kind, 0, $"unknown {what} {export.Index} in export {i} (\"{export.Name}\")");
            }
            if (!names.Add(export.Name))
            {
                ValidationError.Invalid(WasmErrorKind.DuplicateExport, 0, $"duplicate export name \"{export.Name}\" (export {i})");
            }
        }
    }

    /// <summary>
    /// The spec's C.refs: every function index occurring in the module outside function bodies and the start
    /// section, i.e. in element segments, global initializers and exports. <c>ref.func</c> in a body may name only these.
    /// </summary>
    private static bool[] DeclaredFunctionReferences(ModuleInfo module)
    {
        var declared = new bool[module.TotalFunctionCount];
        foreach (var segment in module.Elements)
        {
            foreach (var item in segment.Items) MarkDeclared(declared, item);
        }
        foreach (var global in module.Globals) MarkDeclared(declared, global.Initializer);
        foreach (var export in module.Exports)
        {
            // Indices were range-checked with the exports, so any remaining one is in range.
            if (export.Kind == ExternalKind.Function && export.Index < (uint)declared.Length) declared[export.Index] = true;
        }
        return declared;
    }

    private static void MarkDeclared(bool[] declared, ConstantExpression expression)
    {
        if (expression.Kind == ConstantExpressionKind.RefFunc && expression.Index < (uint)declared.Length) declared[expression.Index] = true;
    }

    private static void CheckBodies(ModuleInfo module, ValidationLimits limits, bool[] declared)
    {
        if (module.Bodies.Length == 0) return;
        var validator = new FunctionBodyValidator(module, limits, declared);
        for (int i = 0; i < module.Bodies.Length; i++) validator.Validate(i);
    }

    /// <summary>
    /// Types a constant expression and checks it against <paramref name="expected"/>. As in the 2.0 spec, the
    /// context of constant expressions holds only the imported globals, and <c>global.get</c> must name an immutable one.
    /// </summary>
    private static void CheckConstantExpression(ModuleInfo module, ConstantExpression expression, ValueType expected, ModuleItem where)
    {
        ValueType actual;
        switch (expression.Kind)
        {
            case ConstantExpressionKind.I32Const: actual = ValueType.I32; break;
            case ConstantExpressionKind.I64Const: actual = ValueType.I64; break;
            case ConstantExpressionKind.F32Const: actual = ValueType.F32; break;
            case ConstantExpressionKind.F64Const: actual = ValueType.F64; break;
            case ConstantExpressionKind.V128Const: actual = ValueType.V128; break;
            case ConstantExpressionKind.RefNull:
                actual = expression.ReferenceType;
                if (!actual.IsReference())
                {
                    ValidationError.Malformed(WasmErrorKind.MalformedReferenceType, 0, $"malformed reference type in {where}");
                }
                break;
            case ConstantExpressionKind.RefFunc:
                if (expression.Index >= (uint)module.TotalFunctionCount)
                {
                    ValidationError.Invalid(WasmErrorKind.UnknownFunction, 0, $"unknown function {expression.Index} in {where}");
                }
                actual = ValueType.FuncRef;
                break;
            case ConstantExpressionKind.GlobalGet:
                if (expression.Index >= (uint)module.ImportedGlobalCount)
                {
                    ValidationError.Invalid(WasmErrorKind.UnknownGlobal, 0,
                        $"unknown global {expression.Index} in {where}: constant expressions may only read imported globals");
                }
                var global = module.AllGlobals[expression.Index];
                if (global.Mutable)
                {
                    ValidationError.Invalid(WasmErrorKind.ConstantExpressionRequired, 0,
                        $"constant expression required: {where} reads mutable global {expression.Index}");
                }
                actual = global.ValueType;
                break;
            default:
                ValidationError.Malformed(WasmErrorKind.MalformedConstantExpression, 0, $"constant expression required: unknown kind in {where}");
                return;
        }
        if (actual != expected)
        {
            ValidationError.Invalid(WasmErrorKind.TypeMismatch, 0, $"type mismatch: {where} is {actual.ToWatName()}, expected {expected.ToWatName()}");
        }
    }

    private static void CheckTypeIndex(ModuleInfo module, uint typeIndex, ModuleItem where)
    {
        if (typeIndex >= (uint)module.Types.Length) ValidationError.Invalid(WasmErrorKind.UnknownType, 0, $"unknown type {typeIndex} in {where}");
    }

    private static void CheckValueType(ValueType type, ModuleItem where, ValidationLimits limits)
    {
        if (type == ValueType.V128 && !limits.AllowSimd) ValidationError.UnsupportedSimd(0, $"v128 {where}");
        if (!InstructionReader.IsValueTypeByte((byte)type))
        {
            ValidationError.Malformed(WasmErrorKind.MalformedValueType, 0, $"malformed value type 0x{(byte)type:x2} in {where}");
        }
    }

    private static void CheckTableType(TableType table, ValidationLimits limits, ModuleItem where)
    {
        if (!table.ElementType.IsReference())
        {
            ValidationError.Malformed(WasmErrorKind.MalformedReferenceType, 0, $"malformed reference type of {where}");
        }
        CheckLimitsOrder(table.Limits, where);
        if (table.Limits.Min > limits.MaxTableSize)
        {
            ValidationError.Limit(limits, nameof(ValidationLimits.MaxTableSize), table.Limits.Min, limits.MaxTableSize, 0, $"the initial size of {where}");
        }
    }

    private static void CheckMemoryType(MemoryType memory, ValidationLimits limits, ModuleItem where)
    {
        var memoryLimits = memory.Limits;
        if (memoryLimits.Min > MaxSpecMemoryPages || memoryLimits.Max > MaxSpecMemoryPages)
        {
            ValidationError.Invalid(WasmErrorKind.MemorySizeTooLarge, 0, $"memory size must be at most 65536 pages (4GiB): {where} is {memoryLimits}");
        }
        CheckLimitsOrder(memoryLimits, where);
        if (memoryLimits.Min > limits.MaxMemoryPages)
        {
            ValidationError.Limit(limits, nameof(ValidationLimits.MaxMemoryPages), memoryLimits.Min, limits.MaxMemoryPages, 0, $"the initial size of {where}");
        }
    }

    private static void CheckLimitsOrder(Limits sizeLimits, ModuleItem where)
    {
        if (sizeLimits.Max is { } max && sizeLimits.Min > max)
        {
            ValidationError.Invalid(WasmErrorKind.InvalidLimits, 0, $"size minimum must not be greater than maximum: {where} is {sizeLimits}");
        }
    }
}
