using Contracts.State.Primitives;

namespace Contracts.State.Rlp;

/// <summary>
/// Reads canonical RLP from a span without copying: strings come back as slices of the input. Non-canonical
/// forms (a long header for a short payload, a leading zero in a length, a single byte below 0x80 wrapped in a
/// header) are rejected, so every value has exactly one accepted encoding.
/// </summary>
internal ref struct RlpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    public RlpReader(ReadOnlySpan<byte> data)
        : this(data, 0)
    {
    }

    private RlpReader(ReadOnlySpan<byte> data, int baseOffset)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Offset of the cursor in the outermost input, for error messages.</summary>
    public readonly int Offset => _baseOffset + _position;

    public readonly bool NextIsList
    {
        get
        {
            RequireMore();
            return _data[_position] >= 0xc0;
        }
    }

    public ReadOnlySpan<byte> ReadString()
    {
        var start = _position;
        var (isList, headerLength, payloadLength) = ReadHeader();
        if (isList)
        {
            throw new RlpException("expected a string, found a list", _baseOffset + start);
        }

        var payload = _data.Slice(start + headerLength, payloadLength);
        if (headerLength == 1 && payloadLength == 1 && payload[0] < 0x80)
        {
            throw new RlpException("a single byte below 0x80 must encode as itself", _baseOffset + start);
        }

        _position = start + headerLength + payloadLength;
        return payload;
    }

    /// <summary>Enters the next item, which must be a list, and returns a reader over its payload.</summary>
    public RlpReader ReadList()
    {
        var start = _position;
        var (isList, headerLength, payloadLength) = ReadHeader();
        if (!isList)
        {
            throw new RlpException("expected a list, found a string", _baseOffset + start);
        }

        _position = start + headerLength + payloadLength;
        return new RlpReader(_data.Slice(start + headerLength, payloadLength), _baseOffset + start + headerLength);
    }

    /// <summary>Returns the next item whole, header included, and steps over it.</summary>
    public ReadOnlySpan<byte> ReadRawItem()
    {
        var start = _position;
        var (_, headerLength, payloadLength) = ReadHeader();
        if (headerLength == 1 && payloadLength == 1 && _data[start] == 0x81 && _data[start + 1] < 0x80)
        {
            throw new RlpException("a single byte below 0x80 must encode as itself", _baseOffset + start);
        }

        _position = start + headerLength + payloadLength;
        return _data.Slice(start, headerLength + payloadLength);
    }

    public ulong ReadUInt64()
    {
        var offset = Offset;
        var bytes = ReadString();
        if (bytes.Length > 8)
        {
            throw new RlpException($"integer of {bytes.Length} bytes does not fit 64 bits", offset);
        }

        RequireMinimalInteger(bytes, offset);
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public UInt256 ReadUInt256()
    {
        var offset = Offset;
        var bytes = ReadString();
        if (bytes.Length > UInt256.Length)
        {
            throw new RlpException($"integer of {bytes.Length} bytes does not fit 256 bits", offset);
        }

        RequireMinimalInteger(bytes, offset);
        return UInt256.FromBigEndian(bytes);
    }

    public Hash256 ReadHash()
    {
        var offset = Offset;
        var bytes = ReadString();
        if (bytes.Length != Hash256.Length)
        {
            throw new RlpException($"expected a 32-byte hash, found {bytes.Length} bytes", offset);
        }

        return new Hash256(bytes);
    }

    public readonly void RequireEnd()
    {
        if (!AtEnd)
        {
            throw new RlpException($"{_data.Length - _position} unexpected trailing bytes", Offset);
        }
    }

    private static void RequireMinimalInteger(ReadOnlySpan<byte> bytes, int offset)
    {
        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new RlpException("integer has a leading zero byte", offset);
        }
    }

    private (bool IsList, int HeaderLength, int PayloadLength) ReadHeader()
    {
        RequireMore();
        var prefix = _data[_position];
        var remaining = _data.Length - _position;
        bool isList;
        int headerLength, payloadLength;
        if (prefix < 0x80)
        {
            return (false, 0, 1);
        }

        if (prefix <= 0xb7 || (prefix >= 0xc0 && prefix <= 0xf7))
        {
            isList = prefix >= 0xc0;
            headerLength = 1;
            payloadLength = prefix - (isList ? 0xc0 : 0x80);
        }
        else
        {
            isList = prefix >= 0xc0;
            var lengthOfLength = prefix - (isList ? 0xf7 : 0xb7);
            if (lengthOfLength > 4 || remaining < 1 + lengthOfLength)
            {
                throw new RlpException("length of length is truncated or larger than 4 bytes", Offset);
            }

            if (_data[_position + 1] == 0)
            {
                throw new RlpException("length has a leading zero byte", Offset);
            }

            long length = 0;
            for (var i = 0; i < lengthOfLength; i++)
            {
                length = (length << 8) | _data[_position + 1 + i];
            }

            if (length <= 55)
            {
                throw new RlpException("long form used for a payload of 55 bytes or fewer", Offset);
            }

            if (length > int.MaxValue)
            {
                throw new RlpException("payload length exceeds 2 GiB", Offset);
            }

            headerLength = 1 + lengthOfLength;
            payloadLength = (int)length;
        }

        if ((long)headerLength + payloadLength > remaining)
        {
            throw new RlpException($"item of {headerLength + payloadLength} bytes runs past the end ({remaining} left)", Offset);
        }

        return (isList, headerLength, payloadLength);
    }

    private readonly void RequireMore()
    {
        if (AtEnd)
        {
            throw new RlpException("unexpected end of input", Offset);
        }
    }
}
