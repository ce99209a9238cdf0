using Contracts.Engine.Binary;

namespace Contracts.GasMetering.Instrumentation;

/// <summary>
/// One decoded instruction of a validated body: its opcode, the immediates the instrumenter needs and where its bytes
/// are. <see cref="Index"/> is the first index immediate (function, type, local, global, label depth, table, data or
/// element segment), <see cref="BlockType"/> the raw block type of block/loop/if, <see cref="TargetCount"/> the number
/// of <c>br_table</c> labels (default excluded).
/// </summary>
internal readonly record struct Instruction(Opcode Opcode, OpcodeFC Prefixed, int Start, int End, uint Index, long BlockType, uint TargetCount)
{
    public bool IsPrefixed => Opcode == Opcode.PrefixFC;
}
