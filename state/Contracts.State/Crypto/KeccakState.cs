using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Contracts.State.Crypto;

/// <summary>The 25 lanes of one Keccak-f[1600] state, lane (x, y) at index x + 5y.</summary>
[InlineArray(25)]
internal struct KeccakState
{
    private ulong _lane;
}

/// <summary>Four Keccak states side by side: element i of every vector belongs to state i.</summary>
[InlineArray(25)]
internal struct KeccakState4
{
    private Vector256<ulong> _lane;
}

/// <summary>Eight Keccak states side by side: element i of every vector belongs to state i.</summary>
[InlineArray(25)]
internal struct KeccakState8
{
    private Vector512<ulong> _lane;
}
