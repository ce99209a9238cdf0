using System.Text;
using Contracts.Engine.Tests.Support;

namespace Contracts.Engine.Tests.Binary;

/// <summary>
/// Spells WebAssembly binaries byte by byte for decoder tests, which need sections out of order, bad flags, wrong
/// sizes and every segment form exactly as written. Modules that only need to be well formed are built with
/// <see cref="WasmModuleBuilder"/> instead.
/// </summary>
public static class WasmBinary
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public const byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B, FuncRef = 0x70, ExternRef = 0x6F;
    public const byte End = 0x0B;

    public static byte[] Module(params byte[][] sections) => [.. Header, .. Concat(sections)];

    public static byte[] Section(byte id, params byte[] content) => [id, .. U32((uint)content.Length), .. content];

    public static byte[] Section(byte id, params byte[][] parts) => Section(id, Concat(parts));

    /// <summary>A vector: the count, then the items back to back.</summary>
    public static byte[] Vec(params byte[][] items) => [.. U32((uint)items.Length), .. Concat(items)];

    public static byte[] Name(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        return [.. U32((uint)utf8.Length), .. utf8];
    }

    public static byte[] FuncType(byte[] parameters, byte[] results) =>
        [0x60, .. U32((uint)parameters.Length), .. parameters, .. U32((uint)results.Length), .. results];

    public static byte[] TypeSection(params byte[][] types) => Section(1, Vec(types));

    /// <summary>A type section with the single type [] -> [].</summary>
    public static byte[] EmptyTypeSection() => TypeSection(FuncType([], []));

    public static byte[] FunctionSection(params uint[] typeIndices) => Section(3, Vec(typeIndices.Select(U32).ToArray()));

    /// <summary>A body: local groups (count, type) then the instruction bytes, which must include the final end.</summary>
    public static byte[] Body(byte[] instructions, params (uint Count, byte Type)[] locals)
    {
        byte[] content = [.. Vec(locals.Select(l => (byte[])[.. U32(l.Count), l.Type]).ToArray()), .. instructions];
        return [.. U32((uint)content.Length), .. content];
    }

    public static byte[] CodeSection(params byte[][] bodies) => Section(10, Vec(bodies));

    public static byte[] I32Const(int value) => [0x41, .. S32(value)];

    /// <summary>A constant expression: the instructions, then end.</summary>
    public static byte[] Expr(params byte[] instructions) => [.. instructions, End];

    public static byte[] U32(uint value) => Leb128.Unsigned(value);

    public static byte[] S32(int value) => Leb128.Signed(value);

    public static byte[] S64(long value) => Leb128.Signed(value);

    public static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        int offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }
        return result;
    }
}
