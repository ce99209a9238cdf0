namespace Contracts.Engine.Model;

/// <summary>An import. Exactly one of the type fields is meaningful, chosen by <see cref="Kind"/>.</summary>
public sealed record Import(string Module, string Name, ExternalKind Kind)
{
    /// <summary>For a function import: the index into the module's type section.</summary>
    public uint FunctionTypeIndex { get; init; }
    public TableType Table { get; init; }
    public MemoryType Memory { get; init; }
    public GlobalType Global { get; init; }
}

public sealed record Export(string Name, ExternalKind Kind, uint Index);

public sealed record GlobalDefinition(GlobalType Type, ConstantExpression Initializer);

public enum SegmentMode : byte
{
    Active,
    Passive,
    Declarative,
}

/// <summary>An element segment. Function-index vectors are stored as <c>ref.func</c> items.</summary>
public sealed record ElementSegment(SegmentMode Mode, ValueType ElementType, ConstantExpression[] Items)
{
    public uint TableIndex { get; init; }
    public ConstantExpression Offset { get; init; }
}

/// <summary>A data segment; <see cref="Data"/> is a slice of the module's bytes (no copy).</summary>
public sealed record DataSegment(SegmentMode Mode, ReadOnlyMemory<byte> Data)
{
    public uint MemoryIndex { get; init; }
    public ConstantExpression Offset { get; init; }
}

/// <summary>A run of <see cref="Count"/> locals of one type, as the binary format declares them.</summary>
public readonly record struct LocalGroup(uint Count, ValueType Type);

/// <summary>
/// A function body: its local declarations and the byte range of its instructions (up to and including the final
/// <c>end</c>) within the module's bytes. Offsets are absolute in the module so errors can name them.
/// </summary>
public sealed record FunctionBody(LocalGroup[] Locals, uint LocalCount, int CodeOffset, int CodeLength)
{
    /// <summary>Offset of the body's size field in the module, for error messages.</summary>
    public int BodyOffset { get; init; }
}

public sealed record CustomSection(string Name, int Offset, ReadOnlyMemory<byte> Content);
