using Contracts.Engine.Execution;

namespace Contracts.Engine.Translation;

/// <summary>A growable int stream for emitting register code, with the module offset of every instruction.</summary>
internal sealed class CodeBuffer
{
    private int[] _code = new int[256];
    private int _length;
    private int[] _mapCode = new int[64];
    private int[] _mapOffset = new int[64];
    private int _mapLength;

    public int Length => _length;

    public ref int this[int index] => ref _code[index];

    /// <summary>Starts an instruction: records its source offset and writes the opcode. Returns its position.</summary>
    public int Begin(Op op, int sourceOffset) => BeginRaw((int)op, sourceOffset);

    /// <summary>Starts an instruction whose first word is not an <see cref="Op"/> (a fuel prefix).</summary>
    public int BeginRaw(int word, int sourceOffset)
    {
        if (_mapLength == _mapCode.Length)
        {
            Array.Resize(ref _mapCode, _mapLength * 2);
            Array.Resize(ref _mapOffset, _mapLength * 2);
        }
        _mapCode[_mapLength] = _length;
        _mapOffset[_mapLength] = sourceOffset;
        _mapLength++;
        int at = _length;
        Add(word);
        return at;
    }

    public void Add(int value)
    {
        if (_length == _code.Length) Array.Resize(ref _code, _length * 2);
        _code[_length++] = value;
    }

    /// <summary>Removes everything from <paramref name="position"/> on (used when fusing into a previous instruction).</summary>
    public void Truncate(int position)
    {
        _length = position;
        while (_mapLength > 0 && _mapCode[_mapLength - 1] >= position) _mapLength--;
    }

    public int[] ToArray() => _code.AsSpan(0, _length).ToArray();

    /// <summary>The code written so far, for a rewrite in place.</summary>
    public Span<int> Written => _code.AsSpan(0, _length);

    /// <summary>Code positions of the instructions emitted so far, in order.</summary>
    public ReadOnlySpan<int> InstructionStarts => _mapCode.AsSpan(0, _mapLength);

    /// <summary>Pairs (code position, module offset) flattened: even indices positions, odd indices offsets.</summary>
    public int[] OffsetMap()
    {
        var map = new int[_mapLength * 2];
        for (int i = 0; i < _mapLength; i++)
        {
            map[2 * i] = _mapCode[i];
            map[2 * i + 1] = _mapOffset[i];
        }
        return map;
    }
}
