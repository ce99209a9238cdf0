using System.Buffers.Binary;
using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>Bounds-checked host access to a memory.</summary>
public sealed partial class Memory
{
    /// <summary>
    /// The store this memory lives in: set when an instance creates it, when it is created through
    /// <see cref="Create"/>, or when a host-made memory is first linked. A memory is never shared between stores.
    /// </summary>
    internal Store? OwnerStore;

    /// <summary>
    /// Creates a memory in <paramref name="store"/>, bounded by the engine's <see cref="EngineConfig.MaxMemoryPages"/>.
    /// Throws <see cref="ArgumentException"/> when the minimum exceeds that bound.
    /// </summary>
    public static Memory Create(Store store, MemoryType type)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new Memory(type, store.Engine.Config.MaxMemoryPages) { OwnerStore = store };
    }

    /// <summary>Copies <c>destination.Length</c> bytes at <paramref name="address"/> into <paramref name="destination"/>.</summary>
    public void Read(ulong address, Span<byte> destination) => CheckedRead(address, destination.Length).CopyTo(destination);

    /// <summary>A copy of <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    public byte[] ReadBytes(ulong address, int length) => CheckedRead(address, length).ToArray();

    /// <summary>Copies <paramref name="source"/> to <paramref name="address"/>.</summary>
    public void Write(ulong address, ReadOnlySpan<byte> source) => source.CopyTo(Checked(address, source.Length));

    public uint ReadUInt32(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(CheckedRead(address, 4));
    public ulong ReadUInt64(ulong address) => BinaryPrimitives.ReadUInt64LittleEndian(CheckedRead(address, 8));
    public void WriteUInt32(ulong address, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Checked(address, 4), value);
    public void WriteUInt64(ulong address, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Checked(address, 8), value);

    /// <summary>A writable span (counted as written) or an out-of-range exception.</summary>
    private Span<byte> Checked(ulong address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!TryGetSpan(address, (ulong)length, out var span)) ThrowOutside(address, length);
        return span;
    }

    /// <summary>A read-only span (not counted as written) or an out-of-range exception.</summary>
    private ReadOnlySpan<byte> CheckedRead(ulong address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!TryGetReadOnlySpan(address, (ulong)length, out var span)) ThrowOutside(address, length);
        return span;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOutside(ulong address, int length) =>
        throw new ArgumentOutOfRangeException(nameof(address), $"{length} bytes at address {address} are outside the memory's {Length} bytes");

    public override string ToString() => $"memory {new Limits(Pages, Type.Limits.Max)}";
}
