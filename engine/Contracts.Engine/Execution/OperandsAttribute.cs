namespace Contracts.Engine.Execution;

/// <summary>
/// The operand layout of one register op, one letter per int word after the opcode:
/// <list type="table">
/// <item><term>s</term><description>a frame slot, read or written through the executor's unchecked <c>S(…)</c>: below the frame size</description></item>
/// <item><term>f</term><description>the first slot of a run read by offset from it: a call's arguments and results (the callee's frame starts there), <c>ReturnN</c>'s values</description></item>
/// <item><term>i</term><description>32 bits of an immediate (a constant, a memory offset, a fuel amount, a limit)</description></item>
/// <item><term>x</term><description>an index into the instance (function, type, global, table, data or element segment), bounds-checked where used</description></item>
/// <item><term>b</term><description>a branch offset relative to the op's first word, landing on an instruction of the same function</description></item>
/// <item><term>n</term><description>a count: <c>ReturnN</c>'s values (from the slot that follows), <c>BrTable</c>'s targets before the default</description></item>
/// <item><term>*</term><description>(last) <c>n</c> + 1 branch offsets follow: the op's width varies</description></item>
/// </list>
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class OperandsAttribute(string layout) : Attribute
{
    public string Layout { get; } = layout;
}
