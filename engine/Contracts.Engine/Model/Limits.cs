namespace Contracts.Engine.Model;

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
public readonly record struct Limits(uint Min, uint? Max)
{
    public override string ToString() => Max is { } max ? $"{Min}..{max}" : $"{Min}..";
}

public readonly record struct MemoryType(Limits Limits);

public readonly record struct TableType(ValueType ElementType, Limits Limits);

public readonly record struct GlobalType(ValueType ValueType, bool Mutable);

public enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
}
