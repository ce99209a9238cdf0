using System.Runtime.CompilerServices;

namespace Contracts.Engine.Runtime;

/// <summary>
/// Which bytes were written since the last reset. A pooled instance's reset used to zero its whole memory (two
/// 64 KiB pages for a typical contract, most of a call's time when the memory had left the cache) although a call
/// writes a few hundred bytes around its stack pointer and heap. The memory keeps one range,
/// [<see cref="WrittenLow"/>, <see cref="WrittenHigh"/>), that holds every byte written since the last reset, and
/// <see cref="ResetTo"/> clears that range only.
/// </summary>
/// <remarks>
/// The invariant: a byte outside the range holds what it held right after the last reset (or, before the first
/// reset, right after creation: the range starts as the whole memory, so nothing before the first reset needs
/// tracking). Every path that writes keeps it:
/// <list type="bullet">
/// <item>the interpreter's stores, SIMD stores and bulk memory ops call <see cref="NoteWrite"/> after their bounds
/// check (it reads the array through <see cref="UntrackedBuffer"/>);</item>
/// <item>the host API (<see cref="TryGetSpan"/>, <see cref="Write"/>) notes the range it hands out;</item>
/// <item>anything else that takes the backing array, <see cref="Buffer"/> (the compiled tier, instantiation) or
/// <see cref="Span"/>, counts the whole memory as written: correct for any writer, merely slower to reset.</item>
/// </list>
/// <see cref="Grow"/> writes nothing: grown pages are zero, as they are after a reset.
/// </remarks>
public sealed partial class Memory
{
    /// <summary>Start of the range holding every byte written since the last reset (above <see cref="WrittenHigh"/>: none).</summary>
    internal ulong WrittenLow;

    /// <summary>End (exclusive) of the range holding every byte written since the last reset.</summary>
    internal ulong WrittenHigh = ulong.MaxValue;

    /// <summary>The backing array for a writer that notes what it writes (the interpreter) or only reads.</summary>
    internal byte[] UntrackedBuffer => _bytes;

    /// <summary>The backing array for any writer: taking it counts the whole memory as written.</summary>
    internal byte[] Buffer
    {
        get
        {
            NoteEverythingWritten();
            return _bytes;
        }
    }

    /// <summary>Counts [<paramref name="address"/>, <paramref name="address"/> + <paramref name="length"/>) as written (bounds already checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void NoteWrite(ulong address, ulong length)
    {
        if (address < WrittenLow) WrittenLow = address;
        ulong end = address + length;
        if (end > WrittenHigh) WrittenHigh = end;
    }

    internal void NoteEverythingWritten()
    {
        WrittenLow = 0;
        WrittenHigh = ulong.MaxValue;
    }

    /// <summary>Whether anything was counted as written since the last reset.</summary>
    internal bool HasWrites => WrittenLow < WrittenHigh;
}
