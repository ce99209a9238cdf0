namespace Contracts.Engine.Runtime;

/// <summary>
/// A trap as the embedding API reports it: what happened, and where when known (function index in the module's
/// function index space and the byte offset of the instruction in the module).
/// </summary>
public sealed class Trap
{
    public Trap(TrapKind kind, string? message = null, int functionIndex = -1, int offset = -1)
    {
        Kind = kind;
        Message = message ?? kind.Message();
        FunctionIndex = functionIndex;
        Offset = offset;
    }

    public TrapKind Kind { get; }
    public string Message { get; }
    /// <summary>Function index in its module, or -1 when unknown.</summary>
    public int FunctionIndex { get; }
    /// <summary>Byte offset in the module of the trapping instruction, or -1 when unknown.</summary>
    public int Offset { get; }

    public override string ToString()
    {
        var where = FunctionIndex >= 0 ? $" in function {FunctionIndex}" : "";
        if (Offset >= 0) where += $" at offset 0x{Offset:x}";
        return Message + where;
    }
}

/// <summary>Thrown by the convenience APIs (e.g. <c>Function.Invoke</c>) when execution traps.</summary>
public sealed class TrapException(Trap trap) : Exception(trap.ToString())
{
    public Trap Trap { get; } = trap;
    public TrapKind Kind => Trap.Kind;
}
