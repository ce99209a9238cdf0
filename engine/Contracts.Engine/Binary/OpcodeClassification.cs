namespace Contracts.Engine.Binary;

/// <summary>Which opcodes exist in WebAssembly 2.0 (without SIMD), for telling "illegal" from "not allowed here".</summary>
internal static class OpcodeClassification
{
    /// <summary>True when <paramref name="opcode"/> is a complete single-byte 2.0 opcode (not a prefix).</summary>
    public static bool IsSingleByteOpcode(byte opcode) => opcode switch
    {
        <= 0x05 => true,                 // unreachable .. else
        >= 0x0B and <= 0x11 => true,     // end .. call_indirect
        >= 0x1A and <= 0x1C => true,     // drop, select, select t
        >= 0x20 and <= 0x26 => true,     // local.get .. table.set
        >= 0x28 and <= 0xC4 => true,     // loads, stores, memory.size/grow, numeric, sign extension
        >= 0xD0 and <= 0xD2 => true,     // ref.null, ref.is_null, ref.func
        _ => false,
    };

    /// <summary>True when <paramref name="subOpcode"/> follows the 0xFC prefix in 2.0 (saturating truncation, bulk memory, tables).</summary>
    public static bool IsPrefixFCOpcode(uint subOpcode) => subOpcode <= (uint)OpcodeFC.TableFill;
}
