using Contracts.State.Crypto;

namespace Contracts.Abi;

/// <summary>Selectors and topics: the first 4 bytes, or all 32, of <c>keccak256</c> of a canonical signature.</summary>
public static class AbiSelector
{
    /// <summary>The canonical signature: <c>name(type1,type2)</c> with tuples written as <c>(t1,t2)</c>.</summary>
    public static string Signature(string name, IEnumerable<AbiParameter> inputs) =>
        name + "(" + string.Join(",", inputs.Select(p => p.Type.CanonicalName)) + ")";

    /// <summary>The 4-byte function or error selector of a canonical signature.</summary>
    public static byte[] Selector(string signature) => Hash(signature)[..4];

    /// <summary>The 32-byte hash of a canonical signature: an event's topic 0.</summary>
    public static byte[] Hash(string signature) =>
        Keccak256.Compute(System.Text.Encoding.UTF8.GetBytes(signature)).ToArray();
}
