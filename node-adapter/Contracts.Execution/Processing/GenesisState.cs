using Contracts.Execution.ChainSpecs;
using Contracts.Execution.State;
using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Execution.Processing;

/// <summary>Writes a chain's genesis allocation into a state (in address order, so every node builds the same state).</summary>
public static class GenesisState
{
    /// <summary>Applies <paramref name="genesis"/>'s accounts to <paramref name="state"/>; the caller commits.</summary>
    public static void Apply(WorldState state, GenesisSpec genesis)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(genesis);
        var contracts = new ContractState(state);
        Span<byte> slot = stackalloc byte[32];
        Span<byte> value = stackalloc byte[32];
        foreach (var (address, account) in genesis.Alloc.OrderBy(a => a.Key))
        {
            state.CreateAccount(address);
            state.SetBalance(address, account.Balance);
            if (account.Nonce != 0) state.SetNonce(address, account.Nonce);
            if (!account.Code.IsEmpty) state.SetCode(address, account.Code.Span);
            foreach (var (key, word) in account.Storage.OrderBy(s => s.Key))
            {
                key.WriteBigEndian(slot);
                word.WriteBigEndian(value);
                contracts.SetSlot(address, slot, value);
            }
        }
    }

    /// <summary>A 32-byte slot of a contract as <c>eth_getStorageAt</c> reads it.</summary>
    public static UInt256 ReadSlot(WorldState state, Address address, UInt256 slot)
    {
        Span<byte> key = stackalloc byte[32];
        Span<byte> value = stackalloc byte[32];
        slot.WriteBigEndian(key);
        new ContractState(state).GetSlot(address, key, value);
        return UInt256.FromBigEndian(value);
    }
}
