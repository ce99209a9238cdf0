namespace Contracts.Engine.Model;

public enum ConstantExpressionKind : byte
{
    I32Const,
    I64Const,
    F32Const,
    F64Const,
    RefNull,
    RefFunc,
    GlobalGet,
    V128Const,
}

/// <summary>
/// A WebAssembly 2.0 constant expression: exactly one constant instruction followed by <c>end</c>.
/// <see cref="Bits"/> holds the raw value of a numeric constant (floats as raw IEEE bits, so NaN payloads survive);
/// <see cref="Index"/> the function index of <c>ref.func</c> or the global index of <c>global.get</c>;
/// <see cref="ReferenceType"/> the type of <c>ref.null</c>. A <c>v128.const</c> keeps its low 8 bytes in <see cref="Bits"/>
/// and its high 8 bytes in <see cref="HighBits"/>.
/// </summary>
public readonly record struct ConstantExpression(ConstantExpressionKind Kind, ulong Bits, uint Index, ValueType ReferenceType)
{
    public ulong HighBits { get; init; }
    public static ConstantExpression V128(ulong low, ulong high) => new(ConstantExpressionKind.V128Const, low, 0, default) { HighBits = high };
    public static ConstantExpression I32(int value) => new(ConstantExpressionKind.I32Const, (uint)value, 0, default);
    public static ConstantExpression I64(long value) => new(ConstantExpressionKind.I64Const, (ulong)value, 0, default);
    public static ConstantExpression F32Bits(uint bits) => new(ConstantExpressionKind.F32Const, bits, 0, default);
    public static ConstantExpression F64Bits(ulong bits) => new(ConstantExpressionKind.F64Const, bits, 0, default);
    public static ConstantExpression RefNull(ValueType type) => new(ConstantExpressionKind.RefNull, 0, 0, type);
    public static ConstantExpression RefFunc(uint functionIndex) => new(ConstantExpressionKind.RefFunc, 0, functionIndex, ValueType.FuncRef);
    public static ConstantExpression GlobalGet(uint globalIndex) => new(ConstantExpressionKind.GlobalGet, 0, globalIndex, default);
}
