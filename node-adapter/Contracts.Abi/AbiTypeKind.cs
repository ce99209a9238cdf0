namespace Contracts.Abi;

/// <summary>The families of Solidity ABI types the codec understands.</summary>
public enum AbiTypeKind
{
    /// <summary><c>uint8</c> … <c>uint256</c>.</summary>
    UInt,

    /// <summary><c>int8</c> … <c>int256</c>, two's complement.</summary>
    Int,

    /// <summary><c>address</c>: 20 bytes, left-padded.</summary>
    Address,

    /// <summary><c>bool</c>: a word that is 0 or 1.</summary>
    Bool,

    /// <summary><c>bytes1</c> … <c>bytes32</c>, right-padded.</summary>
    FixedBytes,

    /// <summary><c>bytes</c>: dynamic.</summary>
    Bytes,

    /// <summary><c>string</c>: dynamic UTF-8.</summary>
    String,

    /// <summary><c>T[]</c>: dynamic length.</summary>
    Array,

    /// <summary><c>T[k]</c>: fixed length.</summary>
    FixedArray,

    /// <summary><c>(T1,T2,…)</c>: a struct.</summary>
    Tuple,
}
