namespace Contracts.Execution.ChainSpecs;

/// <summary>
/// Transaction-level prices in chain gas: the units wallets and tools expect, as Ethereum sets them (intrinsic
/// 21,000, creation 32,000, calldata 4/16 per zero/non-zero byte, EIP-2930 access lists). Everything that happens
/// inside Wasm is priced by the rule set's gas schedule in Wasm gas and converted at
/// <see cref="RuleSet.WasmGasPerChainGas"/>.
/// </summary>
public sealed record TransactionPrices
{
    public static readonly TransactionPrices Default = new();

    /// <summary>Every transaction.</summary>
    public ulong Base { get; init; } = 21_000;

    /// <summary>Added for a transaction without <c>to</c> (EIP-2).</summary>
    public ulong Create { get; init; } = 32_000;

    public ulong DataZeroByte { get; init; } = 4;

    public ulong DataNonZeroByte { get; init; } = 16;

    public ulong AccessListAddress { get; init; } = 2_400;

    public ulong AccessListStorageKey { get; init; } = 1_900;

    /// <summary>The refund is at most the gas used divided by this (EIP-3529).</summary>
    public ulong MaxRefundQuotient { get; init; } = 5;

    /// <summary>The intrinsic gas of a transaction: paid before any execution, whatever happens.</summary>
    public ulong IntrinsicGas(bool isCreate, ReadOnlySpan<byte> data, int accessListAddresses, int accessListStorageKeys)
    {
        ulong gas = Base + (isCreate ? Create : 0);
        int zeros = data.Count((byte)0);
        gas += (ulong)zeros * DataZeroByte + (ulong)(data.Length - zeros) * DataNonZeroByte;
        gas += (ulong)accessListAddresses * AccessListAddress + (ulong)accessListStorageKeys * AccessListStorageKey;
        return gas;
    }
}
