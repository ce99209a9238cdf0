//! The raw imports of host ABI v1 (`contracts_v1`), exactly as `node-adapter/docs/host-abi.md` lists them.
//! Everything here is `unsafe`: pointers must point into this module's memory. The safe wrappers live in the other
//! modules of this crate; contracts should not need this one.

#[link(wasm_import_module = "contracts_v1")]
extern "C" {
    // Input and output.
    pub fn input_size() -> i32;
    pub fn input_copy(dest: *mut u8, offset: i32, len: i32);
    pub fn output_set(ptr: *const u8, len: i32);
    pub fn revert(ptr: *const u8, len: i32) -> !;
    pub fn return_data_size() -> i32;
    pub fn return_data_copy(dest: *mut u8, offset: i32, len: i32);

    // Storage: 32-byte slots.
    pub fn storage_load(key: *const u8, out: *mut u8);
    pub fn storage_store(key: *const u8, value: *const u8);

    // Storage: byte-string keys and values.
    pub fn kv_get(key: *const u8, key_len: i32, out: *mut u8, out_cap: i32) -> i32;
    pub fn kv_has(key: *const u8, key_len: i32) -> i32;
    pub fn kv_set(key: *const u8, key_len: i32, value: *const u8, value_len: i32);
    pub fn kv_remove(key: *const u8, key_len: i32) -> i32;
    pub fn kv_next(
        prefix: *const u8,
        prefix_len: i32,
        after: *const u8,
        after_len: i32,
        key_out: *mut u8,
        key_cap: i32,
        value_out: *mut u8,
        value_cap: i32,
    ) -> i64;

    // Context.
    pub fn caller(out: *mut u8);
    pub fn address(out: *mut u8);
    pub fn origin(out: *mut u8);
    pub fn call_value(out: *mut u8);
    pub fn balance(addr: *const u8, out: *mut u8);
    pub fn code_size(addr: *const u8) -> i32;
    pub fn code_hash(addr: *const u8, out: *mut u8);
    pub fn block_number() -> i64;
    pub fn block_timestamp() -> i64;
    pub fn chain_id() -> i64;
    pub fn block_coinbase(out: *mut u8);
    pub fn block_base_fee(out: *mut u8);
    pub fn block_gas_limit() -> i64;
    pub fn block_prev_randao(out: *mut u8);
    pub fn block_hash(number: i64, out: *mut u8) -> i32;
    pub fn tx_gas_price(out: *mut u8);
    pub fn gas_left() -> i64;

    // Events.
    pub fn emit_log(topics: *const u8, topic_count: i32, data: *const u8, data_len: i32);

    // Cryptography.
    pub fn keccak256(data: *const u8, len: i32, out: *mut u8);
    pub fn sha256(data: *const u8, len: i32, out: *mut u8);
    pub fn ripemd160(data: *const u8, len: i32, out: *mut u8);
    pub fn blake2b256(data: *const u8, len: i32, out: *mut u8);
    pub fn secp256k1_recover(hash: *const u8, v: i32, sig: *const u8, out: *mut u8) -> i32;
    pub fn secp256k1_verify(hash: *const u8, sig: *const u8, pubkey: *const u8, pubkey_len: i32) -> i32;
    pub fn ed25519_verify(sig: *const u8, pubkey: *const u8, msg: *const u8, msg_len: i32) -> i32;

    // Calls and creation.
    pub fn call(addr: *const u8, value: *const u8, data: *const u8, data_len: i32, gas: i64) -> i32;
    pub fn static_call(addr: *const u8, data: *const u8, data_len: i32, gas: i64) -> i32;
    pub fn create(code: *const u8, code_len: i32, value: *const u8, out: *mut u8) -> i32;
    pub fn create2(code: *const u8, code_len: i32, value: *const u8, salt: *const u8, out: *mut u8) -> i32;

    // Debugging (devnet rule sets only: a module importing it is refused elsewhere).
    pub fn debug_log(ptr: *const u8, len: i32);
}
