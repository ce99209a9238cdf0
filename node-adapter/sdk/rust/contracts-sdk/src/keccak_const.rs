//! Keccak-256 as a `const fn`, so that selectors and event topics are computed by the compiler:
//! `const TRANSFER: [u8; 32] = keccak256_const(b"Transfer(address,address,uint256)");` costs nothing at run time.
//! At run time use [`crate::crypto::keccak256`] (the host's, priced by the gas schedule).

const ROUND_CONSTANTS: [u64; 24] = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
    0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
    0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
];

const ROTATIONS: [u32; 25] = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

const RATE: usize = 136;

const fn keccak_f(mut a: [u64; 25]) -> [u64; 25] {
    let mut round = 0;
    while round < 24 {
        // θ
        let mut c = [0u64; 5];
        let mut x = 0;
        while x < 5 {
            c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            x += 1;
        }
        x = 0;
        while x < 5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            let mut y = 0;
            while y < 25 {
                a[y + x] ^= d;
                y += 5;
            }
            x += 1;
        }
        // ρ and π
        let mut b = [0u64; 25];
        x = 0;
        while x < 5 {
            let mut y = 0;
            while y < 5 {
                b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y].rotate_left(ROTATIONS[x + 5 * y]);
                y += 1;
            }
            x += 1;
        }
        // χ
        x = 0;
        while x < 5 {
            let mut y = 0;
            while y < 5 {
                a[x + 5 * y] = b[x + 5 * y] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
                y += 1;
            }
            x += 1;
        }
        // ι
        a[0] ^= ROUND_CONSTANTS[round];
        round += 1;
    }
    a
}

/// Keccak-256 of `data`, usable in constants.
pub const fn keccak256_const(data: &[u8]) -> [u8; 32] {
    let mut state = [0u64; 25];
    let mut offset = 0;
    // Full blocks.
    while data.len() - offset >= RATE {
        let mut i = 0;
        while i < RATE {
            state[i / 8] ^= (data[offset + i] as u64) << (8 * (i % 8));
            i += 1;
        }
        state = keccak_f(state);
        offset += RATE;
    }
    // The last, padded block (Keccak's 0x01 … 0x80 padding, not SHA-3's 0x06).
    let mut i = 0;
    while i < data.len() - offset {
        state[i / 8] ^= (data[offset + i] as u64) << (8 * (i % 8));
        i += 1;
    }
    state[i / 8] ^= 0x01u64 << (8 * (i % 8));
    state[(RATE - 1) / 8] ^= 0x80u64 << (8 * ((RATE - 1) % 8));
    state = keccak_f(state);

    let mut out = [0u8; 32];
    let mut j = 0;
    while j < 32 {
        out[j] = (state[j / 8] >> (8 * (j % 8))) as u8;
        j += 1;
    }
    out
}

/// The 4-byte selector of a canonical signature (`"transfer(address,uint256)"`), usable in constants.
pub const fn selector(signature: &str) -> [u8; 4] {
    let hash = keccak256_const(signature.as_bytes());
    [hash[0], hash[1], hash[2], hash[3]]
}
