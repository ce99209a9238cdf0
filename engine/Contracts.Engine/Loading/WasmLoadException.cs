namespace Contracts.Engine.Loading;

/// <summary>
/// A module failed to load: it is malformed (decoding), invalid (validation) or exceeds an implementation limit.
/// Always carries a stable <see cref="Kind"/> and the byte offset in the module where the problem was found.
/// </summary>
public class WasmLoadException : Exception
{
    public WasmLoadException(WasmErrorKind kind, long offset, string message)
        : base($"{message} (at byte offset 0x{offset:x})")
    {
        Kind = kind;
        Offset = offset;
        Detail = message;
    }

    public WasmErrorKind Kind { get; }
    public long Offset { get; }
    /// <summary>The message without the offset suffix.</summary>
    public string Detail { get; }

    /// <summary>True for decoding errors (a malformed binary), false for validation and limit errors.</summary>
    public bool IsMalformed => (int)Kind < 100;
}

/// <summary>The module is malformed: its bytes do not follow the binary format.</summary>
public sealed class WasmDecodeException(WasmErrorKind kind, long offset, string message) : WasmLoadException(kind, offset, message);

/// <summary>The module is well-formed but invalid, or exceeds a configured implementation limit.</summary>
public sealed class WasmValidationException(WasmErrorKind kind, long offset, string message) : WasmLoadException(kind, offset, message);
