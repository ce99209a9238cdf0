using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Validation;

internal enum ControlKind : byte
{
    Function,
    Block,
    Loop,
    If,
    Else,
}

/// <summary>
/// One entry of the validator's control stack (the spec appendix's <c>ctrl_frame</c>). The block type is kept as
/// a type index or a single result type instead of two arrays, so pushing a frame allocates nothing.
/// </summary>
internal struct ControlFrame
{
    public ControlKind Kind;
    /// <summary>Whether the rest of the block is unreachable (after br, return, unreachable...).</summary>
    public bool Unreachable;
    /// <summary>The single result type of a <c>blocktype</c> that is a value type; 0 otherwise.</summary>
    public ValueType SingleResult;
    /// <summary>Type index of the block type (or of the function, for the function's own frame); -1 if none.</summary>
    public int TypeIndex;
    /// <summary>Operand stack height when the frame was entered (below its parameters' values).</summary>
    public int Height;
}
