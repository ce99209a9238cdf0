namespace Contracts.Engine.Runtime;

/// <summary>Why execution trapped. Stable numbering: traces and receipts record it.</summary>
public enum TrapKind : byte
{
    None = 0,
    Unreachable = 1,
    IntegerDivideByZero = 2,
    IntegerOverflow = 3,
    InvalidConversionToInteger = 4,
    MemoryOutOfBounds = 5,
    TableOutOfBounds = 6,
    UndefinedElement = 7,
    UninitializedElement = 8,
    IndirectCallTypeMismatch = 9,
    CallStackExhausted = 10,
    OutOfFuel = 11,
    /// <summary>A host function reported an error.</summary>
    HostError = 12,
    /// <summary>The gas-metering stack-height limiter tripped (reported by the embedder's binding).</summary>
    StackHeightExhausted = 13,
    /// <summary>A data or element segment did not fit during instantiation.</summary>
    SegmentOutOfBounds = 14,
}

public static class TrapKindExtensions
{
    /// <summary>The message the WebAssembly spec testsuite uses for this trap.</summary>
    public static string Message(this TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.IntegerDivideByZero => "integer divide by zero",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.InvalidConversionToInteger => "invalid conversion to integer",
        TrapKind.MemoryOutOfBounds => "out of bounds memory access",
        TrapKind.TableOutOfBounds => "out of bounds table access",
        TrapKind.UndefinedElement => "undefined element",
        TrapKind.UninitializedElement => "uninitialized element",
        TrapKind.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapKind.CallStackExhausted => "call stack exhausted",
        TrapKind.OutOfFuel => "out of fuel",
        TrapKind.HostError => "host error",
        TrapKind.StackHeightExhausted => "stack height exhausted",
        TrapKind.SegmentOutOfBounds => "out of bounds segment access",
        _ => "no trap",
    };
}
