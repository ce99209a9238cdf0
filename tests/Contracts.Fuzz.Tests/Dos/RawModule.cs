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
        w.U32((uint)types.Length);
        foreach (var (parameters, results) in types)
        {
            w.Byte(0x60);
            w.U32((uint)parameters.Length);
            w.Bytes(parameters);
            w.U32((uint)results.Length);
            w.Bytes(results);
        }
    });

    public RawModule Functions(int count, uint typeIndex = 0) => Section(3, w =>
    {
        w.U32((uint)count);
        for (int i = 0; i < count; i++) w.U32(typeIndex);
    });

    public RawModule Memory(uint min, uint? max = null) => Section(5, w =>
    {
        w.U32(1);
        if (max is { } m) { w.Byte(1); w.U32(min); w.U32(m); }
        else { w.Byte(0); w.U32(min); }
    });

    public RawModule ExportFunction(string name, uint index) => Section(7, w =>
    {
        w.U32(1);
        w.Name(name);
        w.Byte(0);
        w.U32(index);
    });

    /// <summary>Code section with the given bodies (each: local declarations and instructions, without the final end).</summary>
    public RawModule Code(params Action<WasmWriter>[] bodies) => Section(10, w =>
    {
        w.U32((uint)bodies.Length);
        foreach (var body in bodies)
        {
            var b = new WasmWriter();
            body(b);
            b.Byte(0x0B);
            w.U32((uint)b.Length);
            w.Bytes(b.AsSpan());
        }
    });

    public byte[] Build()
    {
        var w = new WasmWriter();
        w.Bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
        foreach (var (id, content) in _sections)
        {
            w.Byte(id);
            w.U32((uint)content.Length);
            w.Bytes(content);
        }
        return w.ToArray();
    }

    /// <summary>One function of type 0 with <paramref name="body"/> (locals and code).</summary>
    public static byte[] SingleFunction(byte[] parameters, byte[] results, Action<WasmWriter> body, string? export = "run") =>
        new RawModule().Types((parameters, results)).Functions(1)
            .Section(7, w =>
            {
                w.U32(export is null ? 0u : 1u);
                if (export is not null) { w.Name(export); w.Byte(0); w.U32(0); }
            })
            .Code(body).Build();
}
