namespace Contracts.Engine.Binary;

/// <summary>
/// The grammar of an instruction's immediates: what <see cref="InstructionReader"/> reads after the opcode and where
/// it leaves the values in <see cref="Instruction"/>. One member per distinct grammar of the binary format; a new
/// grammar (SIMD's 16-byte <c>v128.const</c>, lane indices, <c>memarg</c> + lane) is one member here and one case in
/// the reader.
/// </summary>
public enum ImmediateKind : byte
{
    /// <summary>No immediates.</summary>
    None,
    /// <summary><c>block</c>/<c>loop</c>/<c>if</c>: 0x40, a value type byte or a type index (s33) → <see cref="Instruction.BlockType"/>.</summary>
    BlockType,
    /// <summary>A label depth (u32) → <see cref="Instruction.Index"/>.</summary>
    Label,
    /// <summary><c>br_table</c>: a vector of label depths and a default → <see cref="Instruction.TargetCount"/>, read with <see cref="InstructionReader.BranchTargets"/>.</summary>
    BranchTable,
    /// <summary>A function index (u32) → <see cref="Instruction.Index"/>.</summary>
    Function,
    /// <summary><c>call_indirect</c>: type index, table index → <see cref="Instruction.Index"/>, <see cref="Instruction.SecondIndex"/>.</summary>
    TypeAndTable,
    /// <summary>A local index (u32).</summary>
    Local,
    /// <summary>A global index (u32).</summary>
    Global,
    /// <summary>A table index (u32).</summary>
    Table,
    /// <summary>Typed <c>select</c>: a vector of value types → <see cref="Instruction.SelectArity"/>, <see cref="Instruction.SelectType"/> (the first).</summary>
    SelectTypes,
    /// <summary>A <c>memarg</c>: alignment exponent, offset (u32 each) → <see cref="Instruction.Alignment"/>, <see cref="Instruction.MemoryOffset"/>.</summary>
    MemArg,
    /// <summary>A reserved memory index: one 0x00 byte (<c>memory.size</c>, <c>memory.grow</c>, <c>memory.fill</c>).</summary>
    Memory,
    /// <summary><c>memory.copy</c>: two reserved 0x00 bytes.</summary>
    MemoryPair,
    /// <summary><c>memory.init</c>: a data segment index, then a reserved 0x00 byte.</summary>
    DataAndMemory,
    /// <summary>A data segment index (u32).</summary>
    Data,
    /// <summary>An element segment index (u32).</summary>
    Element,
    /// <summary><c>table.init</c>: element segment index, table index.</summary>
    ElementAndTable,
    /// <summary><c>table.copy</c>: destination table, source table.</summary>
    TablePair,
    /// <summary>A signed LEB128 i32 → <see cref="Instruction.I32"/>.</summary>
    I32,
    /// <summary>A signed LEB128 i64 → <see cref="Instruction.I64"/>.</summary>
    I64,
    /// <summary>4 raw little-endian bytes → <see cref="Instruction.F32Bits"/>.</summary>
    F32,
    /// <summary>8 raw little-endian bytes → <see cref="Instruction.F64Bits"/>.</summary>
    F64,
    /// <summary>A reference type byte (funcref, externref) → <see cref="Instruction.ReferenceType"/>.</summary>
    ReferenceType,
    /// <summary><c>v128.const</c>: 16 raw bytes, read with <see cref="InstructionReader.ImmediateBytes"/>.</summary>
    V128,
    /// <summary><c>i8x16.shuffle</c>: 16 lane-index bytes, read with <see cref="InstructionReader.ImmediateBytes"/> (the validator checks each is below 32).</summary>
    LaneIndices,
    /// <summary>A lane index byte → <see cref="Instruction.Lane"/> (the validator checks it against the shape's lane count).</summary>
    Lane,
    /// <summary>A <c>memarg</c> then a lane index byte → <see cref="Instruction.Alignment"/>, <see cref="Instruction.MemoryOffset"/>, <see cref="Instruction.Lane"/>.</summary>
    MemArgLane,
}
