using System.Buffers.Binary;
using Contracts.State.Primitives;

namespace Contracts.State.Storage;

/// <summary>
/// Names something derived from a contract's code (an instrumented module, translated code): the same code
/// under another gas schedule or engine version derives something else, so both versions are part of the key.
/// </summary>
public readonly record struct ArtifactKey(Hash256 CodeHash, uint GasScheduleVersion, uint EngineVersion)
{
    public const int Length = Hash256.Length + 8;

    public void WriteTo(Span<byte> destination)
    {
        CodeHash.CopyTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Hash256.Length..], GasScheduleVersion);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(Hash256.Length + 4)..], EngineVersion);
    }
}
