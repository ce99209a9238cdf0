using FsCheck;
using FsCheck.Fluent;

namespace Contracts.State.Tests.Trie;

/// <summary>Keys from a tiny alphabet so they share prefixes and nest, values short enough to make inline nodes.</summary>
internal static class TrieGenerators
{
    private static readonly byte[] Alphabet = [0x00, 0x01, 0x10, 0x11, 0xab, 0xff];

    public static Gen<byte> AnyByte => Gen.Choose(0, 255).Select(b => (byte)b);

    public static Gen<byte[]> Key =>
        Gen.Frequency(
            (4, Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n))),
            (1, Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(AnyByte, n))));

    /// <summary>1..40 bytes: under 32 the whole leaf can be shorter than a hash and is inlined into its parent.</summary>
    public static Gen<byte[]> Value =>
        Gen.Frequency(
            (3, Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(AnyByte, n))),
            (2, Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(AnyByte, n))),
            (1, Gen.Choose(41, 200).SelectMany(n => Gen.ArrayOf(AnyByte, n))));

    /// <summary>A write (value) or a delete (null).</summary>
    public static Gen<(byte[] Key, byte[]? Value)> Operation =>
        Gen.Frequency(
            (3, Key.SelectMany(k => Value.Select(v => (k, (byte[]?)v)))),
            (1, Key.Select(k => (k, (byte[]?)null))));

    public static Gen<(byte[] Key, byte[]? Value)[]> Operations =>
        Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(Operation, n));

    /// <summary>Distinct keys with values, as a model dictionary would hold them.</summary>
    public static Gen<Dictionary<string, byte[]>> Contents =>
        Gen.Choose(0, 50).SelectMany(n => Gen.ArrayOf(Key.SelectMany(k => Value.Select(v => (k, v))), n))
            .Select(pairs =>
            {
                var contents = new Dictionary<string, byte[]>();
                foreach (var (k, v) in pairs)
                {
                    contents[Convert.ToHexString(k)] = v;
                }

                return contents;
            });
}
