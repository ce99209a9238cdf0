// The round body is written out lane by lane so every lane lives in a local and the JIT can keep them in
// registers. It is maintained as source, no generator: each rotation amount is the rho offset and each lane
// move the pi permutation of FIPS 202 section 3.2, and the tests check every width against BouncyCastle.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Contracts.State.Crypto;

/// <summary>Keccak-f[1600] on eight independent states at once, one per 64-bit element of a <see cref="Vector512{T}"/>.</summary>
internal static class KeccakPermutation8
{
    [SkipLocalsInit]
    public static void Permute(ref KeccakState8 state)
    {
        var a00 = state[0];
        var a01 = state[1];
        var a02 = state[2];
        var a03 = state[3];
        var a04 = state[4];
        var a05 = state[5];
        var a06 = state[6];
        var a07 = state[7];
        var a08 = state[8];
        var a09 = state[9];
        var a10 = state[10];
        var a11 = state[11];
        var a12 = state[12];
        var a13 = state[13];
        var a14 = state[14];
        var a15 = state[15];
        var a16 = state[16];
        var a17 = state[17];
        var a18 = state[18];
        var a19 = state[19];
        var a20 = state[20];
        var a21 = state[21];
        var a22 = state[22];
        var a23 = state[23];
        var a24 = state[24];
        var roundConstants = KeccakPermutation.RoundConstants;
        for (var round = 0; round < KeccakPermutation.Rounds; round++)
        {
            var c0 = Xor5(a00, a05, a10, a15, a20);
            var c1 = Xor5(a01, a06, a11, a16, a21);
            var c2 = Xor5(a02, a07, a12, a17, a22);
            var c3 = Xor5(a03, a08, a13, a18, a23);
            var c4 = Xor5(a04, a09, a14, a19, a24);
            var d0 = c4 ^ Rotl(c1, 1);
            var d1 = c0 ^ Rotl(c2, 1);
            var d2 = c1 ^ Rotl(c3, 1);
            var d3 = c2 ^ Rotl(c4, 1);
            var d4 = c3 ^ Rotl(c0, 1);
            var b00 = a00 ^ d0;
            var b16 = Rotl(a05 ^ d0, 36);
            var b07 = Rotl(a10 ^ d0, 3);
            var b23 = Rotl(a15 ^ d0, 41);
            var b14 = Rotl(a20 ^ d0, 18);
            var b10 = Rotl(a01 ^ d1, 1);
            var b01 = Rotl(a06 ^ d1, 44);
            var b17 = Rotl(a11 ^ d1, 10);
            var b08 = Rotl(a16 ^ d1, 45);
            var b24 = Rotl(a21 ^ d1, 2);
            var b20 = Rotl(a02 ^ d2, 62);
            var b11 = Rotl(a07 ^ d2, 6);
            var b02 = Rotl(a12 ^ d2, 43);
            var b18 = Rotl(a17 ^ d2, 15);
            var b09 = Rotl(a22 ^ d2, 61);
            var b05 = Rotl(a03 ^ d3, 28);
            var b21 = Rotl(a08 ^ d3, 55);
            var b12 = Rotl(a13 ^ d3, 25);
            var b03 = Rotl(a18 ^ d3, 21);
            var b19 = Rotl(a23 ^ d3, 56);
            var b15 = Rotl(a04 ^ d4, 27);
            var b06 = Rotl(a09 ^ d4, 20);
            var b22 = Rotl(a14 ^ d4, 39);
            var b13 = Rotl(a19 ^ d4, 8);
            var b04 = Rotl(a24 ^ d4, 14);
            a00 = Chi(b00, b01, b02);
            a01 = Chi(b01, b02, b03);
            a02 = Chi(b02, b03, b04);
            a03 = Chi(b03, b04, b00);
            a04 = Chi(b04, b00, b01);
            a05 = Chi(b05, b06, b07);
            a06 = Chi(b06, b07, b08);
            a07 = Chi(b07, b08, b09);
            a08 = Chi(b08, b09, b05);
            a09 = Chi(b09, b05, b06);
            a10 = Chi(b10, b11, b12);
            a11 = Chi(b11, b12, b13);
            a12 = Chi(b12, b13, b14);
            a13 = Chi(b13, b14, b10);
            a14 = Chi(b14, b10, b11);
            a15 = Chi(b15, b16, b17);
            a16 = Chi(b16, b17, b18);
            a17 = Chi(b17, b18, b19);
            a18 = Chi(b18, b19, b15);
            a19 = Chi(b19, b15, b16);
            a20 = Chi(b20, b21, b22);
            a21 = Chi(b21, b22, b23);
            a22 = Chi(b22, b23, b24);
            a23 = Chi(b23, b24, b20);
            a24 = Chi(b24, b20, b21);
            a00 ^= Vector512.Create(roundConstants[round]);
        }

        state[0] = a00;
        state[1] = a01;
        state[2] = a02;
        state[3] = a03;
        state[4] = a04;
        state[5] = a05;
        state[6] = a06;
        state[7] = a07;
        state[8] = a08;
        state[9] = a09;
        state[10] = a10;
        state[11] = a11;
        state[12] = a12;
        state[13] = a13;
        state[14] = a14;
        state[15] = a15;
        state[16] = a16;
        state[17] = a17;
        state[18] = a18;
        state[19] = a19;
        state[20] = a20;
        state[21] = a21;
        state[22] = a22;
        state[23] = a23;
        state[24] = a24;
    }

    // vpternlogq evaluates any three-input boolean function in one instruction: 0x96 is a ^ b ^ c, 0xD2 is
    // a ^ (~b & c), Keccak's chi step.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Xor5(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c, Vector512<ulong> d, Vector512<ulong> e) =>
        Avx512F.IsSupported
            ? Avx512F.TernaryLogic(Avx512F.TernaryLogic(a, b, c, 0x96), d, e, 0x96)
            : a ^ b ^ c ^ d ^ e;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Chi(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c) =>
        Avx512F.IsSupported
            ? Avx512F.TernaryLogic(a, b, c, 0xD2)
            : a ^ Vector512.AndNot(c, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Rotl(Vector512<ulong> value, [System.Diagnostics.CodeAnalysis.ConstantExpected] byte count) =>
        Avx512F.IsSupported
            ? Avx512F.RotateLeft(value, count)
            : Vector512.ShiftLeft(value, count) | Vector512.ShiftRightLogical(value, 64 - count);
}
