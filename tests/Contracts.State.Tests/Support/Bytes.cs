namespace Contracts.State.Tests.Support;

internal static class Bytes
{
    /// <summary>Deterministic pseudo-random bytes for fixed test inputs.</summary>
    public static byte[] Pseudorandom(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
