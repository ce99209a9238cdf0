using Contracts.Engine.Loading;
using Contracts.Engine.Model;

namespace Contracts.Engine.Binary;

/// <summary>
/// Reads the code section: each body's size and local declarations. The instructions are not decoded here; their
/// byte range is recorded for the validator, which decodes them once.
/// </summary>
internal static class CodeSectionReader
{
    public static void ReadCodeSection(ref WasmReader reader, int end, byte[] bytes, DecodedSections module, ValidationLimits limits)
    {
        int offset = reader.Offset;
        uint count = TypeReader.ReadCount(ref reader, end);
        if (count != (uint)module.FunctionTypeIndices.Length)
        {
            // The function section (if any) came before, so the mismatch is already certain.
            DecodeErrors.Malformed(WasmErrorKind.FunctionAndCodeCountMismatch, offset,
                $"function and code section have inconsistent lengths: {module.FunctionTypeIndices.Length} functions, {count} bodies");
        }
        var bodies = DecodedSections.NewArray<FunctionBody>(count);
        for (int i = 0; i < bodies.Length; i++) bodies[i] = ReadBody(ref reader, end, bytes, i, limits);
        module.Bodies = bodies;
    }

    private static FunctionBody ReadBody(ref WasmReader reader, int sectionEnd, byte[] bytes, int index, ValidationLimits limits)
    {
        int bodyOffset = reader.Offset;
        uint size = reader.ReadVarUInt32();
        if (size > (uint)reader.Remaining)
        {
            DecodeErrors.Malformed(WasmErrorKind.LengthOutOfBounds, bodyOffset,
                $"length out of bounds: function body {index} of {size} bytes exceeds the {reader.Remaining} remaining bytes");
        }
        if (size > (uint)Math.Max(0, sectionEnd - reader.Position))
        {
            DecodeErrors.Malformed(WasmErrorKind.SectionSizeMismatch, bodyOffset,
                $"section size mismatch: function body {index} of {size} bytes extends past the end of the code section");
        }
        DecodeErrors.CheckLimit(size, limits.MaxFunctionBodySize, $"function body {index} size", limits, bodyOffset);
        int bodyEnd = reader.Position + (int)size;

        int localsOffset = reader.Offset;
        uint groupCount = TypeReader.ReadCount(ref reader, bodyEnd);
        var groups = groupCount == 0 ? [] : new LocalGroup[groupCount];
        ulong localCount = 0;
        for (int i = 0; i < groups.Length; i++)
        {
            uint n = reader.ReadVarUInt32();
            groups[i] = new LocalGroup(n, TypeReader.ReadValueType(ref reader));
            localCount += n;
        }
        if (reader.Position > bodyEnd)
        {
            DecodeErrors.Malformed(WasmErrorKind.UnexpectedEndOfSection, bodyEnd,
                $"unexpected end of section or function: local declarations run past the end of function body {index}");
        }
        if (localCount > uint.MaxValue)
        {
            DecodeErrors.Malformed(WasmErrorKind.TooManyLocals, localsOffset,
                $"too many locals: function body {index} declares {localCount}");
        }
        DecodeErrors.CheckLimit(localCount, limits.MaxLocals, $"declared local count of function body {index}", limits, localsOffset);

        int codeOffset = reader.Position;
        int codeLength = bodyEnd - codeOffset;
        // Every body ends with the `end` opcode, so a different last byte is certain malformation; the converse is
        // not true (0x0b can be an immediate) and is the validator's to check.
        if (codeLength == 0 || bytes[bodyEnd - 1] != (byte)Opcode.End)
        {
            DecodeErrors.Malformed(WasmErrorKind.EndOpcodeExpected, Math.Max(codeOffset, bodyEnd - 1),
                $"END opcode expected: function body {index} does not end with end (0x0b)");
        }
        reader.Position = bodyEnd;
        return new FunctionBody(groups, (uint)localCount, codeOffset, codeLength) { BodyOffset = bodyOffset };
    }
}
