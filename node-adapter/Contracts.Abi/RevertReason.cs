using System.Numerics;

namespace Contracts.Abi;

/// <summary>Turns revert data into something a person can read.</summary>
public static class RevertReason
{
    /// <summary>The ABI encoding of <c>Error(message)</c>: what a contract passes to <c>revert</c>.</summary>
    public static byte[] Encode(string message) => AbiError.Error.Encode(message);

    /// <summary>
    /// Decodes revert data: the message of <c>Error(string)</c>; <c>Panic(0x11)</c> for a panic code; a custom error of
    /// the contract's ABI as <c>Name(value, …)</c>; null for empty data or data none of these decode.
    /// </summary>
    public static string? TryDecode(ReadOnlySpan<byte> data, ContractAbi? abi = null)
    {
        if (data.Length < 4)
        {
            return null;
        }

        try
        {
            if (data[..4].SequenceEqual(AbiError.Error.Selector))
            {
                return (string)AbiError.Error.Decode(data)[0]!;
            }

            if (data[..4].SequenceEqual(AbiError.Panic.Selector))
            {
                return "Panic(0x" + Convert.ToHexStringLower(((BigInteger)AbiError.Panic.Decode(data)[0]!)
                    .ToByteArray(isUnsigned: true, isBigEndian: true)) + ")";
            }

            if (abi?.FindError(data[..4]) is { } error)
            {
                var values = error.Decode(data);
                return error.Name + "(" + string.Join(", ",
                    values.Select((v, i) => AbiValueFormatter.Format(error.InputTypes[i], v, quoteStrings: true))) + ")";
            }
        }
        catch (AbiException)
        {
        }

        return null;
    }
}
