using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Binary.Writing;

/// <summary>
/// Writes a <see cref="ModuleInfo"/> back to the WebAssembly binary format. Deterministic: equal models give equal
/// bytes. Sections are written in the spec's order, each only when it has content (the data count section when
/// <see cref="ModuleInfo.DataCount"/> is set); custom sections go last, in their original order. Integers use their
/// shortest LEB128 form and element segments the most compact of the spec's eight forms, so decoding and re-encoding
/// a module may change its bytes but never its meaning.
/// </summary>
public static class ModuleEncoder
{
    private const uint Magic = 0x6D736100;
    private const uint Version = 1;
    private const byte FunctionTypeForm = 0x60;

    /// <summary>Encodes <paramref name="module"/>, taking each function body's code from its bytes.</summary>
    public static byte[] Encode(ModuleInfo module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var bodies = new EncodedFunctionBody[module.Bodies.Length];
        for (int i = 0; i < bodies.Length; i++)
        {
            var body = module.Bodies[i];
            bodies[i] = new EncodedFunctionBody(body.Locals, new ReadOnlyMemory<byte>(module.Bytes, body.CodeOffset, body.CodeLength));
        }
        return Encode(module, bodies);
    }

    /// <summary>
    /// Encodes <paramref name="module"/> with <paramref name="bodies"/> in place of its own function bodies (one per
    /// defined function), which is how a transformation writes rewritten code.
    /// </summary>
    public static byte[] Encode(ModuleInfo module, IReadOnlyList<EncodedFunctionBody> bodies) => Encode(module, bodies, out _);

    /// <summary>
    /// Encodes like <see cref="Encode(ModuleInfo, IReadOnlyList{EncodedFunctionBody})"/> and says where each function
    /// body and data segment's bytes landed: what a decoder would record, for tools that build models of their own.
    /// </summary>
    public static byte[] Encode(ModuleInfo module, IReadOnlyList<EncodedFunctionBody> bodies, out ModuleLayout layout)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(bodies);
        if (bodies.Count != module.FunctionTypeIndices.Length)
            throw new ArgumentException($"{module.FunctionTypeIndices.Length} functions are defined, {bodies.Count} bodies were given", nameof(bodies));

        var output = new WasmWriter(module.Bytes.Length + 64);
        output.WriteFloat32Bits(Magic);
        output.WriteFloat32Bits(Version);
        var section = new WasmWriter();

        if (module.Types.Length > 0) WriteSection(output, section, SectionId.Type, WriteTypes(section, module));
        if (module.Imports.Length > 0) WriteSection(output, section, SectionId.Import, WriteImports(section, module));
        if (module.FunctionTypeIndices.Length > 0) WriteSection(output, section, SectionId.Function, WriteFunctions(section, module));
        if (module.Tables.Length > 0) WriteSection(output, section, SectionId.Table, WriteTables(section, module));
        if (module.Memories.Length > 0) WriteSection(output, section, SectionId.Memory, WriteMemories(section, module));
        if (module.Globals.Length > 0) WriteSection(output, section, SectionId.Global, WriteGlobals(section, module));
        if (module.Exports.Length > 0) WriteSection(output, section, SectionId.Export, WriteExports(section, module));
        if (module.StartFunction is { } start)
        {
            section.Clear();
            section.WriteVarUInt32(start);
            WriteSection(output, section, SectionId.Start, true);
        }
        if (module.Elements.Length > 0) WriteSection(output, section, SectionId.Element, WriteElements(section, module));
        if (module.DataCount is { } dataCount)
        {
            section.Clear();
            section.WriteVarUInt32(dataCount);
            WriteSection(output, section, SectionId.DataCount, true);
        }
        var bodyOffsets = new (int BodyOffset, int CodeOffset)[bodies.Count];
        var dataOffsets = new int[module.Data.Length];
        if (bodies.Count > 0)
        {
            WriteSection(output, section, SectionId.Code, WriteCode(section, bodies, bodyOffsets));
            int contentStart = output.Length - section.Length;
            for (int i = 0; i < bodyOffsets.Length; i++)
                bodyOffsets[i] = (bodyOffsets[i].BodyOffset + contentStart, bodyOffsets[i].CodeOffset + contentStart);
        }
        if (module.Data.Length > 0)
        {
            WriteSection(output, section, SectionId.Data, WriteData(section, module, dataOffsets));
            int contentStart = output.Length - section.Length;
            for (int i = 0; i < dataOffsets.Length; i++) dataOffsets[i] += contentStart;
        }
        layout = new ModuleLayout(bodyOffsets, dataOffsets);
        foreach (var custom in module.CustomSections)
        {
            section.Clear();
            section.WriteName(custom.Name);
            section.WriteBytes(custom.Content.Span);
            WriteSection(output, section, SectionId.Custom, true);
        }
        return output.ToArray();
    }

    private static void WriteSection(WasmWriter output, WasmWriter content, SectionId id, bool written)
    {
        if (!written) return;
        output.WriteByte((byte)id);
        output.WriteSized(content);
    }

    private static bool WriteTypes(WasmWriter w, ModuleInfo module)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.Types.Length);
        foreach (var type in module.Types)
        {
            w.WriteByte(FunctionTypeForm);
            WriteValueTypes(w, type.Parameters);
            WriteValueTypes(w, type.Results);
        }
        return true;
    }

    private static void WriteValueTypes(WasmWriter w, ValueType[] types)
    {
        w.WriteVarUInt32((uint)types.Length);
        foreach (var type in types) w.WriteByte((byte)type);
    }

    private static bool WriteImports(WasmWriter w, ModuleInfo module)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.Imports.Length);
        foreach (var import in module.Imports)
        {
            w.WriteName(import.Module);
            w.WriteName(import.Name);
            w.WriteByte((byte)import.Kind);
            switch (import.Kind)
            {
                case ExternalKind.Function: w.WriteVarUInt32(import.FunctionTypeIndex); break;
                case ExternalKind.Table: WriteTableType(w, import.Table); break;
                case ExternalKind.Memory: WriteLimits(w, import.Memory.Limits); break;
                case ExternalKind.Global: WriteGlobalType(w, import.Global); break;
            }
        }
        return true;
    }

    private static bool WriteFunctions(WasmWriter w, ModuleInfo module)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.FunctionTypeIndices.Length);
        foreach (var typeIndex in module.FunctionTypeIndices) w.WriteVarUInt32(typeIndex);
        return true;
    }

    private static bool WriteTables(WasmWriter w, ModuleInfo module)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.Tables.Length);
        foreach (var table in module.Tables) WriteTableType(w, table);
        return true;
    }

    private static bool WriteMemories(WasmWriter w, ModuleInfo module)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.Memories.Length);
        foreach (var memory in module.Memories) WriteLimits(w, memory.Limits);
        return true;
    }

    private static bool WriteGlobals(WasmWriter w, ModuleInfo module)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.Globals.Length);
        foreach (var global in module.Globals)
        {
            WriteGlobalType(w, global.Type);
            WriteConstantExpression(w, global.Initializer);
        }
        return true;
    }

    private static bool WriteExports(WasmWriter w, ModuleInfo module)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.Exports.Length);
        foreach (var export in module.Exports)
        {
            w.WriteName(export.Name);
            w.WriteByte((byte)export.Kind);
            w.WriteVarUInt32(export.Index);
        }
        return true;
    }

    /// <summary>
    /// Element segments take the compact function-index forms (0 to 3) when every item is a <c>ref.func</c> of a
    /// funcref segment, and the expression forms (4 to 7) otherwise; forms 0 and 4 when active on table 0 with funcref.
    /// </summary>
    private static bool WriteElements(WasmWriter w, ModuleInfo module)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.Elements.Length);
        foreach (var segment in module.Elements)
        {
            bool functionIndices = segment.ElementType == ValueType.FuncRef
                && Array.TrueForAll(segment.Items, item => item.Kind == ConstantExpressionKind.RefFunc);
            uint flags = segment.Mode switch
            {
                SegmentMode.Passive => 1u,
                SegmentMode.Declarative => 3u,
                // Forms 0 and 4 (active, table 0) imply funcref: any other type needs the explicit form.
                _ => segment.TableIndex == 0 && segment.ElementType == ValueType.FuncRef ? 0u : 2u,
            };
            if (!functionIndices) flags |= 4;
            w.WriteVarUInt32(flags);
            if (segment.Mode == SegmentMode.Active)
            {
                if ((flags & 2) != 0) w.WriteVarUInt32(segment.TableIndex);
                WriteConstantExpression(w, segment.Offset);
            }
            // Forms 0 and 4 imply funcref; the others name the element kind (0x00) or reference type.
            if ((flags & 3) != 0)
            {
                if (functionIndices) w.WriteByte(0x00);
                else w.WriteByte((byte)segment.ElementType);
            }
            w.WriteVarUInt32((uint)segment.Items.Length);
            foreach (var item in segment.Items)
            {
                if (functionIndices) w.WriteVarUInt32(item.Index);
                else WriteConstantExpression(w, item);
            }
        }
        return true;
    }

    private static bool WriteCode(WasmWriter w, IReadOnlyList<EncodedFunctionBody> bodies, (int BodyOffset, int CodeOffset)[] offsets)
    {
        w.Clear();
        w.WriteVarUInt32((uint)bodies.Count);
        var body = new WasmWriter();
        for (int i = 0; i < bodies.Count; i++)
        {
            var function = bodies[i];
            body.Clear();
            body.WriteVarUInt32((uint)function.Locals.Length);
            foreach (var group in function.Locals)
            {
                body.WriteVarUInt32(group.Count);
                body.WriteByte((byte)group.Type);
            }
            int codeStart = body.Length;
            body.WriteBytes(function.Code.Span);
            int bodyOffset = w.Length;
            w.WriteSized(body);
            offsets[i] = (bodyOffset, w.Length - body.Length + codeStart);
        }
        return true;
    }

    private static bool WriteData(WasmWriter w, ModuleInfo module, int[] offsets)
    {
        w.Clear();
        w.WriteVarUInt32((uint)module.Data.Length);
        for (int i = 0; i < module.Data.Length; i++)
        {
            var segment = module.Data[i];
            if (segment.Mode == SegmentMode.Passive)
            {
                w.WriteVarUInt32(1);
            }
            else if (segment.MemoryIndex == 0)
            {
                w.WriteVarUInt32(0);
                WriteConstantExpression(w, segment.Offset);
            }
            else
            {
                w.WriteVarUInt32(2);
                w.WriteVarUInt32(segment.MemoryIndex);
                WriteConstantExpression(w, segment.Offset);
            }
            w.WriteVarUInt32((uint)segment.Data.Length);
            offsets[i] = w.Length;
            w.WriteBytes(segment.Data.Span);
        }
        return true;
    }

    private static void WriteTableType(WasmWriter w, TableType table)
    {
        w.WriteByte((byte)table.ElementType);
        WriteLimits(w, table.Limits);
    }

    private static void WriteLimits(WasmWriter w, Limits limits)
    {
        if (limits.Max is { } max)
        {
            w.WriteByte(0x01);
            w.WriteVarUInt32(limits.Min);
            w.WriteVarUInt32(max);
        }
        else
        {
            w.WriteByte(0x00);
            w.WriteVarUInt32(limits.Min);
        }
    }

    private static void WriteGlobalType(WasmWriter w, GlobalType type)
    {
        w.WriteByte((byte)type.ValueType);
        w.WriteByte(type.Mutable ? (byte)1 : (byte)0);
    }

    /// <summary>Writes a constant expression: its one instruction, then <c>end</c>.</summary>
    public static void WriteConstantExpression(WasmWriter w, ConstantExpression expression)
    {
        ArgumentNullException.ThrowIfNull(w);
        switch (expression.Kind)
        {
            case ConstantExpressionKind.I32Const:
                w.WriteByte((byte)Opcode.I32Const);
                w.WriteVarInt32((int)(uint)expression.Bits);
                break;
            case ConstantExpressionKind.I64Const:
                w.WriteByte((byte)Opcode.I64Const);
                w.WriteVarInt64((long)expression.Bits);
                break;
            case ConstantExpressionKind.F32Const:
                w.WriteByte((byte)Opcode.F32Const);
                w.WriteFloat32Bits((uint)expression.Bits);
                break;
            case ConstantExpressionKind.F64Const:
                w.WriteByte((byte)Opcode.F64Const);
                w.WriteFloat64Bits(expression.Bits);
                break;
            case ConstantExpressionKind.RefNull:
                w.WriteByte((byte)Opcode.RefNull);
                w.WriteByte((byte)expression.ReferenceType);
                break;
            case ConstantExpressionKind.RefFunc:
                w.WriteByte((byte)Opcode.RefFunc);
                w.WriteVarUInt32(expression.Index);
                break;
            case ConstantExpressionKind.GlobalGet:
                w.WriteByte((byte)Opcode.GlobalGet);
                w.WriteVarUInt32(expression.Index);
                break;
            case ConstantExpressionKind.V128Const:
                w.WriteByte((byte)Opcode.PrefixSimd);
                w.WriteVarUInt32(0x0C);
                w.WriteFloat64Bits(expression.Bits);
                w.WriteFloat64Bits(expression.HighBits);
                break;
        }
        w.WriteByte((byte)Opcode.End);
    }
}

/// <summary>
/// Where <see cref="ModuleEncoder"/> put each defined function's body (its size prefix, and its instructions after
/// the local declarations) and each data segment's bytes, as byte offsets in the module.
/// </summary>
public sealed record ModuleLayout((int BodyOffset, int CodeOffset)[] Bodies, int[] DataOffsets);
