using Contracts.Engine.Binary;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Validation;

/// <summary>
/// The operand types of every operator whose typing is a fixed signature without immediates that matter for
/// typing: numeric, comparison, conversion, sign-extension and saturating-truncation operators, and the
/// load/store families (with their natural alignment). Written once as data; the validator only looks them up.
/// </summary>
internal static class OperatorTypes
{
    /// <summary>
    /// [First Second] -> [Result]; <see cref="Second"/> is the top of the stack. Unused operands are 0.
    /// <see cref="Result"/> is never 0 for a defined entry.
    /// </summary>
    public readonly record struct Signature(ValueType First, ValueType Second, ValueType Result)
    {
        public bool IsDefined => Result != 0;
    }

    /// <summary>A load or store: the value type moved and log2 of the bytes accessed.</summary>
    public readonly record struct MemoryAccess(ValueType Type, byte NaturalAlignment, bool IsStore)
    {
        public bool IsDefined => Type != 0;
    }

    /// <summary>Indexed by single-byte opcode.</summary>
    public static readonly Signature[] Simple = BuildSimple();

    /// <summary>Indexed by 0xFC sub-opcode 0..7 (the saturating truncations).</summary>
    public static readonly Signature[] SaturatingTruncation = BuildSaturatingTruncation();

    /// <summary>Indexed by single-byte opcode (0x28..0x3E defined).</summary>
    public static readonly MemoryAccess[] Memory = BuildMemory();

    private const ValueType I32 = ValueType.I32;
    private const ValueType I64 = ValueType.I64;
    private const ValueType F32 = ValueType.F32;
    private const ValueType F64 = ValueType.F64;

    private static Signature[] BuildSimple()
    {
        var table = new Signature[256];
        void Unary(Opcode first, Opcode last, ValueType input, ValueType result)
        {
            for (int op = (int)first; op <= (int)last; op++) table[op] = new Signature(input, 0, result);
        }
        void Binary(Opcode first, Opcode last, ValueType input, ValueType result)
        {
            for (int op = (int)first; op <= (int)last; op++) table[op] = new Signature(input, input, result);
        }

        Unary(Opcode.I32Eqz, Opcode.I32Eqz, I32, I32);
        Binary(Opcode.I32Eq, Opcode.I32GeU, I32, I32);
        Unary(Opcode.I64Eqz, Opcode.I64Eqz, I64, I32);
        Binary(Opcode.I64Eq, Opcode.I64GeU, I64, I32);
        Binary(Opcode.F32Eq, Opcode.F32Ge, F32, I32);
        Binary(Opcode.F64Eq, Opcode.F64Ge, F64, I32);

        Unary(Opcode.I32Clz, Opcode.I32Popcnt, I32, I32);
        Binary(Opcode.I32Add, Opcode.I32Rotr, I32, I32);
        Unary(Opcode.I64Clz, Opcode.I64Popcnt, I64, I64);
        Binary(Opcode.I64Add, Opcode.I64Rotr, I64, I64);
        Unary(Opcode.F32Abs, Opcode.F32Sqrt, F32, F32);
        Binary(Opcode.F32Add, Opcode.F32Copysign, F32, F32);
        Unary(Opcode.F64Abs, Opcode.F64Sqrt, F64, F64);
        Binary(Opcode.F64Add, Opcode.F64Copysign, F64, F64);

        Unary(Opcode.I32WrapI64, Opcode.I32WrapI64, I64, I32);
        Unary(Opcode.I32TruncF32S, Opcode.I32TruncF32U, F32, I32);
        Unary(Opcode.I32TruncF64S, Opcode.I32TruncF64U, F64, I32);
        Unary(Opcode.I64ExtendI32S, Opcode.I64ExtendI32U, I32, I64);
        Unary(Opcode.I64TruncF32S, Opcode.I64TruncF32U, F32, I64);
        Unary(Opcode.I64TruncF64S, Opcode.I64TruncF64U, F64, I64);
        Unary(Opcode.F32ConvertI32S, Opcode.F32ConvertI32U, I32, F32);
        Unary(Opcode.F32ConvertI64S, Opcode.F32ConvertI64U, I64, F32);
        Unary(Opcode.F32DemoteF64, Opcode.F32DemoteF64, F64, F32);
        Unary(Opcode.F64ConvertI32S, Opcode.F64ConvertI32U, I32, F64);
        Unary(Opcode.F64ConvertI64S, Opcode.F64ConvertI64U, I64, F64);
        Unary(Opcode.F64PromoteF32, Opcode.F64PromoteF32, F32, F64);
        Unary(Opcode.I32ReinterpretF32, Opcode.I32ReinterpretF32, F32, I32);
        Unary(Opcode.I64ReinterpretF64, Opcode.I64ReinterpretF64, F64, I64);
        Unary(Opcode.F32ReinterpretI32, Opcode.F32ReinterpretI32, I32, F32);
        Unary(Opcode.F64ReinterpretI64, Opcode.F64ReinterpretI64, I64, F64);

        Unary(Opcode.I32Extend8S, Opcode.I32Extend16S, I32, I32);
        Unary(Opcode.I64Extend8S, Opcode.I64Extend32S, I64, I64);
        return table;
    }

    private static Signature[] BuildSaturatingTruncation() =>
    [
        new(F32, 0, I32), // i32.trunc_sat_f32_s
        new(F32, 0, I32), // i32.trunc_sat_f32_u
        new(F64, 0, I32), // i32.trunc_sat_f64_s
        new(F64, 0, I32), // i32.trunc_sat_f64_u
        new(F32, 0, I64), // i64.trunc_sat_f32_s
        new(F32, 0, I64), // i64.trunc_sat_f32_u
        new(F64, 0, I64), // i64.trunc_sat_f64_s
        new(F64, 0, I64), // i64.trunc_sat_f64_u
    ];

    private static MemoryAccess[] BuildMemory()
    {
        var table = new MemoryAccess[256];
        void Load(Opcode op, ValueType type, byte alignment) => table[(int)op] = new MemoryAccess(type, alignment, false);
        void Store(Opcode op, ValueType type, byte alignment) => table[(int)op] = new MemoryAccess(type, alignment, true);

        Load(Opcode.I32Load, I32, 2);
        Load(Opcode.I64Load, I64, 3);
        Load(Opcode.F32Load, F32, 2);
        Load(Opcode.F64Load, F64, 3);
        Load(Opcode.I32Load8S, I32, 0);
        Load(Opcode.I32Load8U, I32, 0);
        Load(Opcode.I32Load16S, I32, 1);
        Load(Opcode.I32Load16U, I32, 1);
        Load(Opcode.I64Load8S, I64, 0);
        Load(Opcode.I64Load8U, I64, 0);
        Load(Opcode.I64Load16S, I64, 1);
        Load(Opcode.I64Load16U, I64, 1);
        Load(Opcode.I64Load32S, I64, 2);
        Load(Opcode.I64Load32U, I64, 2);
        Store(Opcode.I32Store, I32, 2);
        Store(Opcode.I64Store, I64, 3);
        Store(Opcode.F32Store, F32, 2);
        Store(Opcode.F64Store, F64, 3);
        Store(Opcode.I32Store8, I32, 0);
        Store(Opcode.I32Store16, I32, 1);
        Store(Opcode.I64Store8, I64, 0);
        Store(Opcode.I64Store16, I64, 1);
        Store(Opcode.I64Store32, I64, 2);
        return table;
    }
}
