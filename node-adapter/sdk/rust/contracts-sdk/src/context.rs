//! Who called, with what, and in which block.

use crate::address::Address;
use crate::sys;
use crate::u256::U256;

fn read_address(read: unsafe extern "C" fn(*mut u8)) -> Address {
    let mut out = [0u8; 20];
    // SAFETY: a 20-byte buffer in this module's memory.
    unsafe { read(out.as_mut_ptr()) };
    Address(out)
}

fn read_word(read: unsafe extern "C" fn(*mut u8)) -> [u8; 32] {
    let mut out = [0u8; 32];
    // SAFETY: a 32-byte buffer in this module's memory.
    unsafe { read(out.as_mut_ptr()) };
    out
}

/// The address that called this frame (the sender for the top frame).
pub fn caller() -> Address {
    read_address(sys::caller)
}

/// This contract's address.
pub fn address() -> Address {
    read_address(sys::address)
}

/// The transaction's sender.
pub fn origin() -> Address {
    read_address(sys::origin)
}

/// Wei transferred with this call.
pub fn call_value() -> U256 {
    U256::from_be_bytes(read_word(sys::call_value))
}

/// The balance of `account` in wei (zero for an absent account).
pub fn balance(account: &Address) -> U256 {
    let mut out = [0u8; 32];
    // SAFETY: buffers in this module's memory.
    unsafe { sys::balance(account.0.as_ptr(), out.as_mut_ptr()) };
    U256::from_be_bytes(out)
}

/// The length of `account`'s code as deployed (0 if none).
pub fn code_size(account: &Address) -> u32 {
    // SAFETY: a 20-byte buffer in this module's memory.
    unsafe { sys::code_size(account.0.as_ptr()) as u32 }
}

/// `keccak256` of `account`'s code; `keccak256("")` without code; zero for an absent account (EIP-1052).
pub fn code_hash(account: &Address) -> [u8; 32] {
    let mut out = [0u8; 32];
    // SAFETY: buffers in this module's memory.
    unsafe { sys::code_hash(account.0.as_ptr(), out.as_mut_ptr()) };
    out
}

pub fn block_number() -> u64 {
    // SAFETY: no pointers.
    unsafe { sys::block_number() as u64 }
}

/// The block's timestamp in seconds (from the header, never a clock).
pub fn block_timestamp() -> u64 {
    // SAFETY: no pointers.
    unsafe { sys::block_timestamp() as u64 }
}

pub fn chain_id() -> u64 {
    // SAFETY: no pointers.
    unsafe { sys::chain_id() as u64 }
}

pub fn block_coinbase() -> Address {
    read_address(sys::block_coinbase)
}

pub fn block_base_fee() -> U256 {
    U256::from_be_bytes(read_word(sys::block_base_fee))
}

/// The block's gas limit in chain gas.
pub fn block_gas_limit() -> u64 {
    // SAFETY: no pointers.
    unsafe { sys::block_gas_limit() as u64 }
}

/// The header's prev-randao; not a source of secure randomness.
pub fn block_prev_randao() -> [u8; 32] {
    read_word(sys::block_prev_randao)
}

/// The hash of block `number` when it is one of the 256 before this one.
pub fn block_hash(number: u64) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    // SAFETY: a 32-byte buffer in this module's memory.
    let found = unsafe { sys::block_hash(number as i64, out.as_mut_ptr()) };
    if found == 1 {
        Some(out)
    } else {
        None
    }
}

/// The transaction's effective gas price in wei.
pub fn tx_gas_price() -> U256 {
    U256::from_be_bytes(read_word(sys::tx_gas_price))
}

/// Wasm gas left in this frame.
pub fn gas_left() -> u64 {
    // SAFETY: no pointers.
    unsafe { sys::gas_left() as u64 }
}
