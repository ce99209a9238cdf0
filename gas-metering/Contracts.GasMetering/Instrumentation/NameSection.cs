using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Loading;

namespace Contracts.GasMetering.Instrumentation;

/// <summary>
/// Renumbers the function indices of a "name" custom section (function names, subsection 1, and local names,
/// subsection 2) and names the two gas imports, so debuggers and traces of the instrumented module still show the
/// original names. Other subsections are copied as they are (no global, type, table or memory index moves).
/// </summary>
internal static class NameSection
{
    public const string Name = "name";
    private const byte FunctionNames = 1;
    private const byte LocalNames = 2;

    /// <summary>The renumbered content, or null when the section does not parse (it is then dropped).</summary>
    public static byte[]? Renumber(ReadOnlySpan<byte> content, FunctionIndexMap functions)
    {
        try
        {
            var reader = new WasmReader(content);
            var output = new WasmWriter(content.Length + 64);
            var sub = new WasmWriter(content.Length);
            bool wroteFunctionNames = false;
            while (!reader.IsAtEnd)
            {
                byte id = reader.ReadByte();
                uint size = reader.ReadVarUInt32();
                var payload = reader.ReadBytes((int)Math.Min(size, (uint)int.MaxValue));
                sub.Clear();
                switch (id)
                {
                    case FunctionNames:
                        RenumberFunctionNames(payload, functions, sub);
                        wroteFunctionNames = true;
                        break;
                    case LocalNames:
                        if (!wroteFunctionNames) WriteSubsection(output, FunctionNames, ImportNamesOnly(functions, sub));
                        wroteFunctionNames = true;
                        sub.Clear();
                        RenumberLocalNames(payload, functions, sub);
                        break;
                    default:
                        if (!wroteFunctionNames && id > FunctionNames)
                        {
                            WriteSubsection(output, FunctionNames, ImportNamesOnly(functions, sub));
                            wroteFunctionNames = true;
                            sub.Clear();
                        }
                        sub.WriteBytes(payload);
                        break;
                }
                WriteSubsection(output, id, sub);
            }
            if (!wroteFunctionNames)
            {
                sub.Clear();
                WriteSubsection(output, FunctionNames, ImportNamesOnly(functions, sub));
            }
            return output.ToArray();
        }
        catch (WasmLoadException)
        {
            return null;
        }
    }

    private static void WriteSubsection(WasmWriter output, byte id, WasmWriter content)
    {
        output.WriteByte(id);
        output.WriteSized(content);
    }

    private static WasmWriter ImportNamesOnly(FunctionIndexMap functions, WasmWriter sub)
    {
        sub.WriteVarUInt32(2);
        WriteGasNames(functions, sub);
        return sub;
    }

    private static void WriteGasNames(FunctionIndexMap functions, WasmWriter sub)
    {
        sub.WriteVarUInt32(functions.ChargeFunction);
        sub.WriteName($"{GasImports.Module}.{GasImports.Charge}");
        sub.WriteVarUInt32(functions.StackExhaustedFunction);
        sub.WriteName($"{GasImports.Module}.{GasImports.StackExhausted}");
    }

    /// <summary>A name map is sorted by index: the gas imports' names go between the imported and the defined functions.</summary>
    private static void RenumberFunctionNames(ReadOnlySpan<byte> payload, FunctionIndexMap functions, WasmWriter sub)
    {
        var reader = new WasmReader(payload);
        uint count = reader.ReadVarUInt32();
        var entries = new List<(uint Index, byte[] Name)>();
        for (uint i = 0; i < count; i++)
        {
            uint index = reader.ReadVarUInt32();
            var name = reader.ReadNameBytes().ToArray();
            if (index >= functions.OriginalFunctionCount) throw Malformed();
            entries.Add((functions.ToInstrumented(index), name));
        }
        if (!reader.IsAtEnd) throw Malformed();
        sub.WriteVarUInt32(count + 2);
        bool gasWritten = false;
        foreach (var (index, name) in entries)
        {
            if (!gasWritten && index > functions.StackExhaustedFunction)
            {
                WriteGasNames(functions, sub);
                gasWritten = true;
            }
            sub.WriteVarUInt32(index);
            sub.WriteVarUInt32((uint)name.Length);
            sub.WriteBytes(name);
        }
        if (!gasWritten) WriteGasNames(functions, sub);
    }

    private static void RenumberLocalNames(ReadOnlySpan<byte> payload, FunctionIndexMap functions, WasmWriter sub)
    {
        var reader = new WasmReader(payload);
        uint count = reader.ReadVarUInt32();
        sub.WriteVarUInt32(count);
        for (uint i = 0; i < count; i++)
        {
            uint function = reader.ReadVarUInt32();
            if (function >= functions.OriginalFunctionCount) throw Malformed();
            sub.WriteVarUInt32(functions.ToInstrumented(function));
            uint locals = reader.ReadVarUInt32();
            sub.WriteVarUInt32(locals);
            for (uint j = 0; j < locals; j++)
            {
                sub.WriteVarUInt32(reader.ReadVarUInt32());
                var name = reader.ReadNameBytes();
                sub.WriteVarUInt32((uint)name.Length);
                sub.WriteBytes(name);
            }
        }
        if (!reader.IsAtEnd) throw Malformed();
    }

    private static WasmDecodeException Malformed() => new(WasmErrorKind.MalformedSectionId, 0, "malformed name section");
}
