using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Binary;

/// <summary>Reads the element, data count and data sections.</summary>
internal static class SegmentSectionReader
{
    // Element segment flag bits (spec 5.5.12): bit 0 = passive or declarative, bit 1 = explicit table index (when
    // active) or declarative (when not), bit 2 = items are expressions rather than function indices.
    private const uint ElementNotActive = 1;
    private const uint ElementExplicitTableOrDeclarative = 2;
    private const uint ElementExpressions = 4;
    private const byte ElementKindFuncRef = 0x00;

    public static void ReadElementSection(ref WasmReader reader, int end, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        DecodeErrors.CheckLimit(count, limits.MaxElementSegments, "element segment count", limits, offset);
        var segments = DecodedSections.NewArray<ElementSegment>(count);
        for (int i = 0; i < segments.Length; i++) segments[i] = ReadElementSegment(ref reader, end);
        module.Elements = segments;
    }

    private static ElementSegment ReadElementSegment(ref WasmReader reader, int end)
    {
        int flagsOffset = reader.Offset;
        uint flags = reader.ReadVarUInt32();
        if (flags > 7)
            DecodeErrors.Malformed(WasmErrorKind.MalformedElementSegment, flagsOffset, $"malformed elements segment kind {flags}");

        bool active = (flags & ElementNotActive) == 0;
        var mode = active ? SegmentMode.Active
            : (flags & ElementExplicitTableOrDeclarative) != 0 ? SegmentMode.Declarative : SegmentMode.Passive;
        uint tableIndex = 0;
        ConstantExpression offsetExpression = default;
        if (active)
        {
            if ((flags & ElementExplicitTableOrDeclarative) != 0) tableIndex = reader.ReadVarUInt32();
            offsetExpression = ConstantExpressionReader.Read(ref reader);
        }

        bool expressions = (flags & ElementExpressions) != 0;
        // Forms 0 and 4 (active, table 0) have no type field and mean funcref.
        var elementType = ValueType.FuncRef;
        if ((flags & (ElementNotActive | ElementExplicitTableOrDeclarative)) != 0)
        {
            if (expressions)
            {
                elementType = TypeReader.ReadReferenceType(ref reader);
            }
            else
            {
                int kindOffset = reader.Offset;
                byte kind = reader.ReadByte();
                if (kind != ElementKindFuncRef)
                    DecodeErrors.Malformed(WasmErrorKind.MalformedElementKind, kindOffset, $"malformed element kind 0x{kind:x2}");
            }
        }

        uint itemCount = TypeReader.ReadCount(ref reader, end);
        var items = DecodedSections.NewArray<ConstantExpression>(itemCount);
        if (expressions)
        {
            for (int i = 0; i < items.Length; i++) items[i] = ConstantExpressionReader.Read(ref reader);
        }
        else
        {
            for (int i = 0; i < items.Length; i++) items[i] = ConstantExpression.RefFunc(reader.ReadVarUInt32());
        }
        return new ElementSegment(mode, elementType, items) { TableIndex = tableIndex, Offset = offsetExpression };
    }

    public static void ReadDataCountSection(ref WasmReader reader, DecodedSections module) =>
        module.DataCount = reader.ReadVarUInt32();

    public static void ReadDataSection(ref WasmReader reader, int end, byte[] bytes, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        if (module.DataCount is { } declared && declared != count)
        {
            DecodeErrors.Malformed(WasmErrorKind.DataCountMismatch, offset,
                $"data count and data section have inconsistent lengths: data count section says {declared}, data section has {count}");
        }
        DecodeErrors.CheckLimit(count, limits.MaxDataSegments, "data segment count", limits, offset);
        var segments = DecodedSections.NewArray<DataSegment>(count);
        for (int i = 0; i < segments.Length; i++) segments[i] = ReadDataSegment(ref reader, bytes);
        module.Data = segments;
    }

    private static DataSegment ReadDataSegment(ref WasmReader reader, byte[] bytes)
    {
        int flagsOffset = reader.Offset;
        uint flags = reader.ReadVarUInt32();
        uint memoryIndex = 0;
        ConstantExpression offsetExpression = default;
        SegmentMode mode;
        switch (flags)
        {
            case 0:
                mode = SegmentMode.Active;
                offsetExpression = ConstantExpressionReader.Read(ref reader);
                break;
            case 1:
                mode = SegmentMode.Passive;
                break;
            case 2:
                mode = SegmentMode.Active;
                memoryIndex = reader.ReadVarUInt32();
                offsetExpression = ConstantExpressionReader.Read(ref reader);
                break;
            default:
                DecodeErrors.Malformed(WasmErrorKind.MalformedDataSegment, flagsOffset, $"malformed data segment kind {flags}");
                return null;
        }

        int lengthOffset = reader.Offset;
        uint length = reader.ReadVarUInt32();
        if (length > (uint)reader.Remaining)
        {
            DecodeErrors.Malformed(WasmErrorKind.UnexpectedEnd, lengthOffset,
                $"unexpected end of section or function: data segment of {length} bytes exceeds the {reader.Remaining} remaining bytes");
        }
        var data = new ReadOnlyMemory<byte>(bytes, reader.Position, (int)length);
        reader.Skip((int)length);
        return new DataSegment(mode, data) { MemoryIndex = memoryIndex, Offset = offsetExpression };
    }
}
