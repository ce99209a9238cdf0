// 4x4 f32 matrix products: multiplies an accumulator by a fixed near-rotation matrix 200,000 times, renormalizing
// every 64 steps, and returns a checksum of the result's bits. Built twice from this one source (build.sh): with
// -msimd128 a row of the product is four f32x4 multiply-adds (wasm_simd128.h); without it, sixteen scalar dot
// products. Every element is the same sum in the same order ((a0*b0 + a1*b1) + a2*b2) + a3*b3 in both builds (Wasm has
// no fused multiply-add), so both return the same checksum.
#include <stdint.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

typedef struct { float m[16]; } mat4;

static void multiply(const mat4 *a, const mat4 *b, mat4 *out) {
#ifdef __wasm_simd128__
    v128_t b0 = wasm_v128_load(&b->m[0]), b1 = wasm_v128_load(&b->m[4]);
    v128_t b2 = wasm_v128_load(&b->m[8]), b3 = wasm_v128_load(&b->m[12]);
    for (int i = 0; i < 4; i++) {
        const float *row = &a->m[4 * i];
        v128_t r = wasm_f32x4_mul(wasm_f32x4_splat(row[0]), b0);
        r = wasm_f32x4_add(r, wasm_f32x4_mul(wasm_f32x4_splat(row[1]), b1));
        r = wasm_f32x4_add(r, wasm_f32x4_mul(wasm_f32x4_splat(row[2]), b2));
        r = wasm_f32x4_add(r, wasm_f32x4_mul(wasm_f32x4_splat(row[3]), b3));
        wasm_v128_store(&out->m[4 * i], r);
    }
#else
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            float r = a->m[4 * i] * b->m[j];
            r = r + a->m[4 * i + 1] * b->m[4 + j];
            r = r + a->m[4 * i + 2] * b->m[8 + j];
            r = r + a->m[4 * i + 3] * b->m[12 + j];
            out->m[4 * i + j] = r;
        }
#endif
}

static void renormalize(mat4 *m) {
    // Divide by the largest magnitude so the entries stay near 1 (same scalar code in both builds).
    float largest = 0;
    for (int i = 0; i < 16; i++) {
        float v = m->m[i] < 0 ? -m->m[i] : m->m[i];
        if (v > largest) largest = v;
    }
    if (largest > 0)
        for (int i = 0; i < 16; i++) m->m[i] = m->m[i] / largest;
}

uint64_t run(void) {
    static const mat4 step = {{
        0.99f, -0.14f, 0.02f, 0.01f,
        0.14f, 0.98f, -0.03f, 0.00f,
        -0.02f, 0.03f, 0.99f, 0.05f,
        0.00f, 0.01f, -0.05f, 1.00f,
    }};
    mat4 acc = {{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}};
    mat4 next;
    for (int n = 0; n < 200000; n++) {
        multiply(&acc, &step, &next);
        acc = next;
        if ((n & 63) == 63) renormalize(&acc);
    }
    uint64_t checksum = 0;
    for (int i = 0; i < 16; i++) {
        union { float f; uint32_t u; } bits = { acc.m[i] };
        checksum = checksum * 1000003u + bits.u;
    }
    return checksum;
}
