/*
 * greeter: the C sample, on node-adapter/sdk/c/contracts.h. A greeting anyone may change, kept in byte-string
 * storage; each change is counted in slot 0 and announced with GreetingChanged(address indexed by, string greeting).
 * Selectors are written out (bytes4 of keccak256 of the signature); the tests check them against abi.json.
 */
#include <contracts.h>

#define SEL_GREET 0xcfae3217u        /* greet() */
#define SEL_SET_GREETING 0xa4136862u /* setGreeting(string) */
#define SEL_CHANGES 0x7bbbc35eu      /* changes() */

/* keccak256("GreetingChanged(address,string)") */
static const cx_word GREETING_CHANGED = {
    0xea, 0x07, 0xf7, 0xca, 0x8b, 0x8b, 0x2c, 0xfa, 0xab, 0x12, 0x14, 0xb6, 0xe1, 0x45, 0x9a, 0xd8,
    0x59, 0xcf, 0x1f, 0xf2, 0xd6, 0x0a, 0x94, 0x8a, 0x1f, 0x9c, 0x46, 0x44, 0x97, 0x0c, 0x89, 0x50,
};

static const char KEY[] = "greeting";
static const char DEFAULT_GREETING[] = "Hello, world!";
#define MAX_GREETING 280

static void greet(void) {
    int32_t len = cx_kv_get(KEY, sizeof KEY - 1, NULL, 0);
    if (len < 0) {
        cx_output_bytes(DEFAULT_GREETING, sizeof DEFAULT_GREETING - 1);
        return;
    }
    uint8_t *value = (uint8_t *)cx_alloc((size_t)len);
    cx_kv_get(KEY, sizeof KEY - 1, value, len);
    cx_output_bytes(value, (uint32_t)len);
}

static void set_greeting(cx_input_t in) {
    const uint8_t *text;
    uint32_t len;
    cx_require(cx_arg_bytes(in, 0, &text, &len), "invalid arguments");
    cx_require(len <= MAX_GREETING, "greeting too long");
    cx_kv_set(KEY, sizeof KEY - 1, text, (int32_t)len);
    cx_storage_set_u64(0, cx_storage_get_u64(0) + 1);

    cx_word topics[2];
    cx_address by;
    memcpy(topics[0], GREETING_CHANGED, 32);
    cx_caller(by);
    cx_word_from_address(topics[1], by);
    uint8_t *data = (uint8_t *)cx_alloc(64 + len + 31);
    uint32_t size = cx_abi_encode_bytes(data, text, len);
    cx_emit_log(topics, 2, data, (int32_t)size);
}

CX_EXPORT("call") void call(void) {
    cx_input_t in = cx_input();
    cx_require(in.len >= 4, "missing function selector");
    switch (cx_selector(in)) {
    case SEL_GREET:
        greet();
        return;
    case SEL_SET_GREETING:
        set_greeting(in);
        return;
    case SEL_CHANGES: {
        cx_word count;
        cx_word_from_u64(count, cx_storage_get_u64(0));
        cx_output(count, 32);
        return;
    }
    default:
        cx_revert_reason("unknown function selector");
    }
}
