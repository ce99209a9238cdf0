using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// The host function generated modules may import, <c>env.mix</c> : [i64 i32] -> [i64], defined identically for
/// both engines by the oracle's runners. It exercises the engines' host-call paths (direct calls, call_indirect
/// through tables, calls of funcrefs) with a result that depends on both arguments.
/// </summary>
public static class HostFunctions
{
    public const string Module = "env";
    public const string MixName = "mix";

    public static readonly Signature MixSignature = new([ValueType.I64, ValueType.I32], [ValueType.I64]);

    public static long Mix(long a, int b) =>
        (long)((ulong.RotateLeft((ulong)a, 7) ^ (uint)b) * 0x9E37_79B9_7F4A_7C15ul);
}
