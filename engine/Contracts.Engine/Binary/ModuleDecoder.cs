using Contracts.Engine.Loading;
using Contracts.Engine.Model;

namespace Contracts.Engine.Binary;

/// <summary>
/// Decodes a WebAssembly 2.0 binary (MVP, sign extension, saturating truncation, multi-value, bulk memory,
/// reference types; no SIMD) into a <see cref="ModuleInfo"/>. Checks the binary format and the count and size
/// limits; type and index checks and the function bodies' instructions are the validator's.
/// </summary>
/// <remarks>
/// One <see cref="WasmReader"/> runs over the whole module, so every offset is absolute. A section reader may read
/// past its section's end, as the reference interpreter does; the size check after the section reports it.
/// Vector counts are checked against the section's remaining bytes before anything is allocated from them.
/// Data segments and custom section contents are slices of <c>bytes</c>, which the module keeps.
/// </remarks>
public static class ModuleDecoder
{
    private const uint Magic = 0x6D736100; // "\0asm" read little-endian
    private const uint Version = 1;

    /// <summary>Decodes <paramref name="bytes"/>. Throws only <see cref="WasmLoadException"/> subclasses for bad input.</summary>
    public static ModuleInfo Decode(byte[] bytes, ValidationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(limits);
        DecodeErrors.CheckLimit((ulong)bytes.Length, limits.MaxModuleSize, "module size", limits, 0);

        var reader = new WasmReader(bytes);
        ReadHeader(ref reader);
        var module = new DecodedSections();
        int lastRank = 0;
        var lastId = SectionId.Custom;
        while (!reader.IsAtEnd)
        {
            int sectionOffset = reader.Offset;
            byte idByte = reader.ReadByte();
            if (idByte > SectionIdExtensions.MaxId)
                DecodeErrors.Malformed(WasmErrorKind.MalformedSectionId, sectionOffset, $"malformed section id {idByte}");
            var id = (SectionId)idByte;
            if (id != SectionId.Custom)
            {
                int rank = id.OrderRank();
                if (rank <= lastRank)
                {
                    DecodeErrors.Malformed(WasmErrorKind.SectionOutOfOrder, sectionOffset,
                        $"unexpected content after last section: {id.Name()} section after {lastId.Name()} section");
                }
                lastRank = rank;
                lastId = id;
            }

            int sizeOffset = reader.Offset;
            uint size = reader.ReadVarUInt32();
            if (size > (uint)reader.Remaining)
            {
                DecodeErrors.Malformed(WasmErrorKind.LengthOutOfBounds, sizeOffset,
                    $"length out of bounds: {id.Name()} section size {size} exceeds the {reader.Remaining} remaining bytes");
            }
            int start = reader.Position;
            int end = start + (int)size;
            ReadSection(ref reader, id, end, bytes, module, limits);
            if (reader.Position != end)
            {
                DecodeErrors.Malformed(WasmErrorKind.SectionSizeMismatch, start,
                    $"section size mismatch: {id.Name()} section declares {size} bytes, its contents take {reader.Position - start}");
            }
        }

        if (!module.HasCodeSection && module.FunctionTypeIndices.Length != 0)
        {
            DecodeErrors.Malformed(WasmErrorKind.FunctionAndCodeCountMismatch, bytes.Length,
                $"function and code section have inconsistent lengths: {module.FunctionTypeIndices.Length} functions, no code section");
        }
        if (!module.HasDataSection && module.DataCount is { } declared && declared != 0)
        {
            DecodeErrors.Malformed(WasmErrorKind.DataCountMismatch, bytes.Length,
                $"data count and data section have inconsistent lengths: data count section says {declared}, no data section");
        }
        return module.ToModuleInfo(bytes);
    }

    private static void ReadHeader(ref WasmReader reader)
    {
        if (reader.Remaining < 4) DecodeErrors.Malformed(WasmErrorKind.UnexpectedEnd, reader.Length, "unexpected end: no magic header");
        if (reader.ReadUInt32LittleEndian() != Magic) DecodeErrors.Malformed(WasmErrorKind.BadMagic, 0, "magic header not detected");
        if (reader.Remaining < 4) DecodeErrors.Malformed(WasmErrorKind.UnexpectedEnd, reader.Length, "unexpected end: no binary version");
        uint version = reader.ReadUInt32LittleEndian();
        if (version != Version) DecodeErrors.Malformed(WasmErrorKind.UnsupportedVersion, 4, $"unknown binary version {version}");
    }

    private static void ReadSection(ref WasmReader reader, SectionId id, int end, byte[] bytes, DecodedSections module, ValidationLimits limits)
    {
        switch (id)
        {
            case SectionId.Custom: ReadCustomSection(ref reader, end, bytes, module); break;
            case SectionId.Type: DeclarationSectionReader.ReadTypeSection(ref reader, end, module, limits); break;
            case SectionId.Import: DeclarationSectionReader.ReadImportSection(ref reader, end, module, limits); break;
            case SectionId.Function: DeclarationSectionReader.ReadFunctionSection(ref reader, end, module, limits); break;
            case SectionId.Table: DeclarationSectionReader.ReadTableSection(ref reader, end, module, limits); break;
            case SectionId.Memory: DeclarationSectionReader.ReadMemorySection(ref reader, end, module); break;
            case SectionId.Global: DeclarationSectionReader.ReadGlobalSection(ref reader, end, module, limits); break;
            case SectionId.Export: DeclarationSectionReader.ReadExportSection(ref reader, end, module, limits); break;
            case SectionId.Start: DeclarationSectionReader.ReadStartSection(ref reader, module); break;
            case SectionId.Element: SegmentSectionReader.ReadElementSection(ref reader, end, module, limits); break;
            case SectionId.DataCount: SegmentSectionReader.ReadDataCountSection(ref reader, module); break;
            case SectionId.Code:
                module.HasCodeSection = true;
                CodeSectionReader.ReadCodeSection(ref reader, end, bytes, module, limits);
                break;
            case SectionId.Data:
                module.HasDataSection = true;
                SegmentSectionReader.ReadDataSection(ref reader, end, bytes, module, limits);
                break;
        }
    }

    /// <summary>A custom section: a UTF-8 name, then opaque content (kept as a slice; <see cref="CustomSection.Offset"/>
    /// is the content's offset in the module).</summary>
    private static void ReadCustomSection(ref WasmReader reader, int end, byte[] bytes, DecodedSections module)
    {
        string name = reader.ReadName();
        if (reader.Position > end)
        {
            DecodeErrors.Malformed(WasmErrorKind.UnexpectedEndOfSection, end,
                "unexpected end of section or function: custom section name runs past the section's end");
        }
        int contentOffset = reader.Position;
        var content = new ReadOnlyMemory<byte>(bytes, contentOffset, end - contentOffset);
        reader.Position = end;
        (module.CustomSections ??= []).Add(new CustomSection(name, contentOffset, content));
    }
}
