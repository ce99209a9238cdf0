using System.Text;
using Contracts.Engine.Model;

namespace Contracts.Execution.Deployment;

/// <summary>
/// Reads function names from a module's <c>name</c> custom section (subsection 1), for traps and traces. A malformed
/// name section is ignored (it is debug information; the spec says it must not make a module invalid).
/// </summary>
internal static class NameSection
{
    public static IReadOnlyDictionary<uint, string> FunctionNames(ModuleInfo info)
    {
        var names = new Dictionary<uint, string>();
        var section = info.CustomSections.FirstOrDefault(s => s.Name == "name");
        if (section is null) return names;
        var bytes = section.Content.Span;
        int position = 0;
        try
        {
            while (position < bytes.Length)
            {
                byte id = bytes[position++];
                int size = (int)ReadU32(bytes, ref position);
                int end = checked(position + size);
                if (end > bytes.Length) return names;
                if (id == 1)
                {
                    uint count = ReadU32(bytes, ref position);
                    for (uint i = 0; i < count; i++)
                    {
                        uint index = ReadU32(bytes, ref position);
                        int length = (int)ReadU32(bytes, ref position);
                        if (length < 0 || position + length > end) return names;
                        names[index] = Encoding.UTF8.GetString(bytes.Slice(position, length));
                        position += length;
                    }
                }
                position = end;
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or OverflowException or ArgumentException)
        {
            // Ignored by design (see the summary).
        }
        return names;
    }

    private static uint ReadU32(ReadOnlySpan<byte> bytes, ref int position)
    {
        uint result = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = bytes[position++];
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new OverflowException("LEB128 too long");
    }
}
