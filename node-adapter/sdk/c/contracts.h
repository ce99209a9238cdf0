/*
 * contracts.h — the host ABI v1 (`contracts_v1`) for C and other languages that compile with clang-14 to wasm32.
 *
 * One header, no library: the host imports (exactly as node-adapter/docs/host-abi.md lists them, prefixed `cx_`
 * because a contract's own export is also named `call`), the runtime a freestanding module needs (memcpy, memset,
 * memcmp, a bump allocator), and helpers for the Ethereum ABI, storage slots, events and reverts.
 *
 * Build (node-adapter/sdk/build-contract.sh does all of this, then optimizes and embeds abi.json):
 *   clang-14 --target=wasm32 -Oz -nostdlib -ffreestanding -I node-adapter/sdk/c \
 *     -Wl,--no-entry -Wl,--export=call -Wl,--export-if-defined=deploy -o c.wasm contract.c
 *
 * A contract defines `CX_EXPORT("call") void call(void)` (and optionally `CX_EXPORT("deploy") void deploy(void)`):
 *
 *   #include <contracts.h>
 *   #define SEL_GET 0x6d4ce63cu                 // bytes4(keccak256("get()"))
 *   CX_EXPORT("call") void call(void) {
 *       cx_input_t in = cx_input();
 *       switch (cx_selector(in)) {
 *       case SEL_GET: { cx_word w; cx_word_from_u64(w, cx_storage_get_u64(0)); cx_output(w, 32); return; }
 *       default: cx_revert_reason("unknown function selector");
 *       }
 *   }
 *
 * Words (u256, slots, hashes) are 32 bytes big-endian; addresses 20 bytes. Pointers are into this module's memory.
 */
#ifndef CONTRACTS_H
#define CONTRACTS_H

typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long long uint64_t;
typedef int int32_t;
typedef long long int64_t;
typedef __SIZE_TYPE__ size_t;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

typedef uint8_t cx_word[32];
typedef uint8_t cx_address[20];

#define CX_EXPORT(name) __attribute__((export_name(name)))
#define CX_IMPORT(name) __attribute__((import_module("contracts_v1"), import_name(name)))
#define CX_NORETURN __attribute__((noreturn))

/* ---- Host imports: input and output ---------------------------------------------------------------------------- */
CX_IMPORT("input_size") int32_t cx_input_size(void);
CX_IMPORT("input_copy") void cx_input_copy(void *dest, int32_t offset, int32_t len);
CX_IMPORT("output_set") void cx_output(const void *data, int32_t len);
CX_IMPORT("revert") CX_NORETURN void cx_revert(const void *data, int32_t len);
CX_IMPORT("return_data_size") int32_t cx_return_data_size(void);
CX_IMPORT("return_data_copy") void cx_return_data_copy(void *dest, int32_t offset, int32_t len);

/* ---- Storage: 32-byte slots (zero means absent) ---------------------------------------------------------------- */
CX_IMPORT("storage_load") void cx_storage_load(const cx_word key, cx_word out);
CX_IMPORT("storage_store") void cx_storage_store(const cx_word key, const cx_word value);

/* ---- Storage: byte-string keys (1..1024 bytes) and values (0..65536 bytes) ------------------------------------- */
CX_IMPORT("kv_get") int32_t cx_kv_get(const void *key, int32_t key_len, void *out, int32_t out_cap);
CX_IMPORT("kv_has") int32_t cx_kv_has(const void *key, int32_t key_len);
CX_IMPORT("kv_set") void cx_kv_set(const void *key, int32_t key_len, const void *value, int32_t value_len);
CX_IMPORT("kv_remove") int32_t cx_kv_remove(const void *key, int32_t key_len);
CX_IMPORT("kv_next") int64_t cx_kv_next(const void *prefix, int32_t prefix_len, const void *after, int32_t after_len,
                                        void *key_out, int32_t key_cap, void *value_out, int32_t value_cap);

/* ---- Context --------------------------------------------------------------------------------------------------- */
CX_IMPORT("caller") void cx_caller(cx_address out);
CX_IMPORT("address") void cx_self(cx_address out);
CX_IMPORT("origin") void cx_origin(cx_address out);
CX_IMPORT("call_value") void cx_call_value(cx_word out);
CX_IMPORT("balance") void cx_balance(const cx_address account, cx_word out);
CX_IMPORT("code_size") int32_t cx_code_size(const cx_address account);
CX_IMPORT("code_hash") void cx_code_hash(const cx_address account, cx_word out);
CX_IMPORT("block_number") int64_t cx_block_number(void);
CX_IMPORT("block_timestamp") int64_t cx_block_timestamp(void);
CX_IMPORT("chain_id") int64_t cx_chain_id(void);
CX_IMPORT("block_coinbase") void cx_block_coinbase(cx_address out);
CX_IMPORT("block_base_fee") void cx_block_base_fee(cx_word out);
CX_IMPORT("block_gas_limit") int64_t cx_block_gas_limit(void);
CX_IMPORT("block_prev_randao") void cx_block_prev_randao(cx_word out);
CX_IMPORT("block_hash") int32_t cx_block_hash(int64_t number, cx_word out);
CX_IMPORT("tx_gas_price") void cx_tx_gas_price(cx_word out);
CX_IMPORT("gas_left") int64_t cx_gas_left(void);

/* ---- Events (0..4 topics, contiguous 32-byte words) ------------------------------------------------------------ */
CX_IMPORT("emit_log") void cx_emit_log(const void *topics, int32_t topic_count, const void *data, int32_t data_len);

/* ---- Cryptography ---------------------------------------------------------------------------------------------- */
CX_IMPORT("keccak256") void cx_keccak256(const void *data, int32_t len, cx_word out);
CX_IMPORT("sha256") void cx_sha256(const void *data, int32_t len, cx_word out);
CX_IMPORT("ripemd160") void cx_ripemd160(const void *data, int32_t len, uint8_t out[20]);
CX_IMPORT("blake2b256") void cx_blake2b256(const void *data, int32_t len, cx_word out);
CX_IMPORT("secp256k1_recover") int32_t cx_secp256k1_recover(const cx_word hash, int32_t v, const uint8_t sig[64], cx_address out);
CX_IMPORT("secp256k1_verify") int32_t cx_secp256k1_verify(const cx_word hash, const uint8_t sig[64], const void *pubkey, int32_t pubkey_len);
CX_IMPORT("ed25519_verify") int32_t cx_ed25519_verify(const uint8_t sig[64], const uint8_t pubkey[32], const void *msg, int32_t msg_len);

/* ---- Calls and creation: status 0 success, 1 reverted (return data = revert data), 2 failed -------------------- */
#define CX_SUCCESS 0
#define CX_REVERTED 1
#define CX_FAILED 2
/* Forward all the gas the host allows (all but 1/64 of what is left). */
#define CX_ALL_GAS ((int64_t)-1)
CX_IMPORT("call") int32_t cx_call(const cx_address to, const cx_word value, const void *data, int32_t data_len, int64_t gas);
CX_IMPORT("static_call") int32_t cx_static_call(const cx_address to, const void *data, int32_t data_len, int64_t gas);
CX_IMPORT("create") int32_t cx_create(const void *code, int32_t code_len, const cx_word value, cx_address out);
CX_IMPORT("create2") int32_t cx_create2(const void *code, int32_t code_len, const cx_word value, const cx_word salt, cx_address out);

/* ---- Debugging: devnet rule sets only (a module importing it is refused elsewhere) ------------------------------ */
CX_IMPORT("debug_log") void cx_debug_log(const void *message, int32_t len);

/* ---- The freestanding runtime: clang may call these for copies and zeroing even with -fno-builtin -------------- */
__attribute__((weak)) void *memcpy(void *dest, const void *src, size_t n) {
    uint8_t *d = (uint8_t *)dest;
    const uint8_t *s = (const uint8_t *)src;
    while (n--) *d++ = *s++;
    return dest;
}

__attribute__((weak)) void *memset(void *dest, int c, size_t n) {
    uint8_t *d = (uint8_t *)dest;
    while (n--) *d++ = (uint8_t)c;
    return dest;
}

__attribute__((weak)) int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x < *y ? -1 : 1;
    return 0;
}

static inline size_t cx_strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* A bump allocator over linear memory: an instance lives for one call, so nothing is freed. Grows the memory
 * (priced by the gas schedule) when needed; reverts with "out of memory" past the instance's page limit. */
extern uint8_t __heap_base;
static size_t cx_heap_next;

static inline CX_NORETURN void cx_revert_reason(const char *message);

static inline void *cx_alloc(size_t size) {
    if (cx_heap_next == 0) cx_heap_next = (size_t)&__heap_base;
    size_t start = (cx_heap_next + 7) & ~(size_t)7;
    size_t end = start + size;
    if (end < start) cx_revert_reason("out of memory");
    size_t limit = __builtin_wasm_memory_size(0) * 65536;
    if (end > limit) {
        size_t pages = (end - limit + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) cx_revert_reason("out of memory");
    }
    cx_heap_next = end;
    return (void *)start;
}

/* ---- Input ----------------------------------------------------------------------------------------------------- */
typedef struct {
    const uint8_t *data;
    uint32_t len;
} cx_input_t;

/* This call's input (calldata; for `deploy`, the constructor arguments), copied into the heap. */
static inline cx_input_t cx_input(void) {
    cx_input_t in;
    in.len = (uint32_t)cx_input_size();
    uint8_t *data = (uint8_t *)cx_alloc(in.len);
    cx_input_copy(data, 0, (int32_t)in.len);
    in.data = data;
    return in;
}

/* The 4-byte selector as a big-endian number (write selectors as 0xa9059cbbu), or 0 for input shorter than 4. */
static inline uint32_t cx_selector(cx_input_t in) {
    if (in.len < 4) return 0;
    return ((uint32_t)in.data[0] << 24) | ((uint32_t)in.data[1] << 16) | ((uint32_t)in.data[2] << 8) | in.data[3];
}

/* ---- Words ----------------------------------------------------------------------------------------------------- */
static inline void cx_word_from_u64(cx_word out, uint64_t value) {
    memset(out, 0, 24);
    for (int i = 0; i < 8; i++) out[31 - i] = (uint8_t)(value >> (8 * i));
}

/* The word as a u64; false when it does not fit. */
static inline bool cx_word_to_u64(const cx_word word, uint64_t *out) {
    for (int i = 0; i < 24; i++)
        if (word[i]) return false;
    uint64_t v = 0;
    for (int i = 24; i < 32; i++) v = (v << 8) | word[i];
    *out = v;
    return true;
}

static inline void cx_word_from_address(cx_word out, const cx_address address) {
    memset(out, 0, 12);
    memcpy(out + 12, address, 20);
}

/* ---- Revert and output ----------------------------------------------------------------------------------------- */
/* Writes the ABI encoding of one `string`/`bytes` value (offset, length, padded bytes) to `out`; returns its size.
 * `out` needs 64 + the length rounded up to 32 bytes. */
static inline uint32_t cx_abi_encode_bytes(uint8_t *out, const void *data, uint32_t len) {
    uint32_t padded = (len + 31) / 32 * 32;
    cx_word_from_u64(out, 32);
    cx_word_from_u64(out + 32, len);
    memset(out + 64, 0, padded);
    memcpy(out + 64, data, len);
    return 64 + padded;
}

/* Ends the call as reverted with `Error(message)`: the reason wallets and cast show. */
static inline CX_NORETURN void cx_revert_reason(const char *message) {
    uint32_t len = (uint32_t)cx_strlen(message);
    uint8_t buffer[4 + 64 + 256];
    uint8_t *out = len <= 256 ? buffer : (uint8_t *)cx_alloc(4 + 64 + len + 31);
    out[0] = 0x08; out[1] = 0xc3; out[2] = 0x79; out[3] = 0xa0; /* bytes4(keccak256("Error(string)")) */
    uint32_t size = cx_abi_encode_bytes(out + 4, message, len);
    cx_revert(out, (int32_t)(4 + size));
}

static inline void cx_require(bool condition, const char *message) {
    if (!condition) cx_revert_reason(message);
}

/* Returns one `string` or `bytes` value. */
static inline void cx_output_bytes(const void *data, uint32_t len) {
    uint8_t *out = (uint8_t *)cx_alloc(64 + len + 31);
    cx_output(out, (int32_t)cx_abi_encode_bytes(out, data, len));
}

/* ---- ABI decoding of arguments (after the selector); strict as Solidity's ---------------------------------------- */
/* The `index`-th head word of the arguments, or NULL when the input is too short. */
static inline const uint8_t *cx_arg_word(cx_input_t in, uint32_t index) {
    uint64_t at = 4 + (uint64_t)index * 32;
    return at + 32 <= in.len ? in.data + at : NULL;
}

static inline bool cx_arg_u64(cx_input_t in, uint32_t index, uint64_t *out) {
    const uint8_t *w = cx_arg_word(in, index);
    return w && cx_word_to_u64(w, out);
}

static inline bool cx_arg_address(cx_input_t in, uint32_t index, cx_address out) {
    const uint8_t *w = cx_arg_word(in, index);
    if (!w) return false;
    for (int i = 0; i < 12; i++)
        if (w[i]) return false;
    memcpy(out, w + 12, 20);
    return true;
}

/* A `bytes` or `string` argument: points into the input (not copied). False when an offset or length is out of range. */
static inline bool cx_arg_bytes(cx_input_t in, uint32_t index, const uint8_t **data, uint32_t *len) {
    uint64_t offset, length;
    if (!cx_arg_u64(in, index, &offset) || offset > in.len) return false;
    uint64_t at = 4 + offset;
    if (at + 32 > in.len || !cx_word_to_u64(in.data + at, &length) || length > in.len - at - 32) return false;
    *data = in.data + at + 32;
    *len = (uint32_t)length;
    return true;
}

/* ---- Storage helpers --------------------------------------------------------------------------------------------- */
static inline void cx_slot(cx_word out, uint64_t slot) { cx_word_from_u64(out, slot); }

/* The slot of `key` in the mapping at `slot`: keccak256(key ‖ slot), Solidity's layout. */
static inline void cx_mapping_slot(cx_word out, const cx_word slot, const cx_word key) {
    uint8_t preimage[64];
    memcpy(preimage, key, 32);
    memcpy(preimage + 32, slot, 32);
    cx_keccak256(preimage, 64, out);
}

static inline uint64_t cx_storage_get_u64(uint64_t slot) {
    cx_word key, value;
    uint64_t result = 0;
    cx_slot(key, slot);
    cx_storage_load(key, value);
    cx_require(cx_word_to_u64(value, &result), "stored value exceeds 64 bits");
    return result;
}

static inline void cx_storage_set_u64(uint64_t slot, uint64_t value) {
    cx_word key, word;
    cx_slot(key, slot);
    cx_word_from_u64(word, value);
    cx_storage_store(key, word);
}

#endif /* CONTRACTS_H */
