using Contracts.Engine.Binary.Writing;
using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Tests.Dos;

/// <summary>
/// Builds the hostile modules of the DoS corpus byte by byte (some are not even well-formed, so no typed builder).
/// Sections are emitted in the order they are added.
/// </summary>
internal sealed class RawModule
{
    private readonly List<(byte Id, byte[] Content)> _sections = [];

    public RawModule Section(byte id, Action<WasmWriter> content)
    {
        var w = new WasmWriter();
        content(w);
        _sections.Add((id, w.ToArray()));
        return this;
    }

    /// <summary>Type 0: [params] -> [results].</summary>
    public RawModule Types(params (byte[] Parameters, byte[] Results)[] types) => Section(1, w =>
    {
        w.WriteVarUInt32((uint)types.Length);
        foreach (var (parameters, results) in types)
        {
            w.WriteByte(0x60);
            w.WriteVarUInt32((uint)parameters.Length);
            w.WriteBytes(parameters);
            w.WriteVarUInt32((uint)results.Length);
            w.WriteBytes(results);
        }
    });

    public RawModule Functions(int count, uint typeIndex = 0) => Section(3, w =>
    {
        w.WriteVarUInt32((uint)count);
        for (int i = 0; i < count; i++) w.WriteVarUInt32(typeIndex);
    });

    public RawModule Memory(uint min, uint? max = null) => Section(5, w =>
    {
        w.WriteVarUInt32(1);
        if (max is { } m) { w.WriteByte(1); w.WriteVarUInt32(min); w.WriteVarUInt32(m); }
        else { w.WriteByte(0); w.WriteVarUInt32(min); }
    });

    public RawModule ExportFunction(string name, uint index) => Section(7, w =>
    {
        w.WriteVarUInt32(1);
        w.WriteName(name);
        w.WriteByte(0);
        w.WriteVarUInt32(index);
    });

    /// <summary>Code section with the given bodies (each: local declarations and instructions, without the final end).</summary>
    public RawModule Code(params Action<WasmWriter>[] bodies) => Section(10, w =>
    {
        w.WriteVarUInt32((uint)bodies.Length);
        foreach (var body in bodies)
        {
            var b = new WasmWriter();
            body(b);
            b.WriteByte(0x0B);
            w.WriteVarUInt32((uint)b.Length);
            w.WriteBytes(b.WrittenSpan);
        }
    });

    public byte[] Build()
    {
        var w = new WasmWriter();
        w.WriteBytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
        foreach (var (id, content) in _sections)
        {
            w.WriteByte(id);
            w.WriteVarUInt32((uint)content.Length);
            w.WriteBytes(content);
        }
        return w.ToArray();
    }

    /// <summary>One function of type 0 with <paramref name="body"/> (locals and code).</summary>
    public static byte[] SingleFunction(byte[] parameters, byte[] results, Action<WasmWriter> body, string? export = "run") =>
        new RawModule().Types((parameters, results)).Functions(1)
            .Section(7, w =>
            {
                w.WriteVarUInt32(export is null ? 0u : 1u);
                if (export is not null) { w.WriteName(export); w.WriteByte(0); w.WriteVarUInt32(0); }
            })
            .Code(body).Build();
}
