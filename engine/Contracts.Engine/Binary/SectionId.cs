namespace Contracts.Engine.Binary;

/// <summary>Section ids of the WebAssembly 2.0 binary format.</summary>
public enum SectionId : byte
{
    Custom = 0,
    Type = 1,
    Import = 2,
    Function = 3,
    Table = 4,
    Memory = 5,
    Global = 6,
    Export = 7,
    Start = 8,
    Element = 9,
    Code = 10,
    Data = 11,
    DataCount = 12,
}

internal static class SectionIdExtensions
{
    public const byte MaxId = (byte)SectionId.DataCount;

    /// <summary>
    /// Position of a non-custom section in the required order. Ids are not in order: the data count section (12)
    /// was added later but must sit between the element (9) and code (10) sections.
    /// </summary>
    public static int OrderRank(this SectionId id) => id switch
    {
        SectionId.DataCount => 10,
        SectionId.Code => 11,
        SectionId.Data => 12,
        _ => (int)id,
    };

    public static string Name(this SectionId id) => id switch
    {
        SectionId.Custom => "custom",
        SectionId.Type => "type",
        SectionId.Import => "import",
        SectionId.Function => "function",
        SectionId.Table => "table",
        SectionId.Memory => "memory",
        SectionId.Global => "global",
        SectionId.Export => "export",
        SectionId.Start => "start",
        SectionId.Element => "element",
        SectionId.Code => "code",
        SectionId.Data => "data",
        SectionId.DataCount => "data count",
        _ => $"0x{(byte)id:x2}",
    };
}
