// Byte search: counts the occurrences of a byte in a 64 KiB buffer, for 256 different bytes, and folds the counts
// into a checksum. Built twice from this one source (build.sh): with -msimd128 the loop compares 16 bytes at a time
// with wasm_simd128.h intrinsics; without it, the same count one byte at a time. Both builds return the same checksum.
#include <stdint.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define SIZE 65536
static uint8_t buffer[SIZE];

static void fill(uint32_t seed) {
    for (uint32_t i = 0; i < SIZE; i++) {
        seed = seed * 1103515245u + 12345u;
        buffer[i] = (uint8_t)(seed >> 16);
    }
}

static uint32_t count(const uint8_t *p, uint32_t n, uint8_t needle) {
    uint32_t total = 0, i = 0;
#ifdef __wasm_simd128__
    const v128_t wanted = wasm_i8x16_splat((int8_t)needle);
    while (i + 16 <= n) {
        // Up to 255 blocks per round, so no 8-bit lane counter overflows (a match subtracts -1, i.e. adds 1).
        uint32_t blocks = (n - i) / 16;
        if (blocks > 255) blocks = 255;
        v128_t counts = wasm_i8x16_splat(0);
        for (uint32_t b = 0; b < blocks; b++, i += 16)
            counts = wasm_i8x16_sub(counts, wasm_i8x16_eq(wasm_v128_load(p + i), wanted));
        v128_t wide = wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(counts));
        total += wasm_u32x4_extract_lane(wide, 0) + wasm_u32x4_extract_lane(wide, 1)
               + wasm_u32x4_extract_lane(wide, 2) + wasm_u32x4_extract_lane(wide, 3);
    }
#endif
    for (; i < n; i++) total += p[i] == needle;
    return total;
}

uint64_t run(void) {
    fill(1);
    uint64_t checksum = 0;
    for (uint32_t needle = 0; needle < 256; needle++)
        checksum = checksum * 31 + count(buffer, SIZE, (uint8_t)needle);
    return checksum;
}
