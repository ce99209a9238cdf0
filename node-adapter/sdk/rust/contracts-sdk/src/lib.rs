//! The contract SDK for host ABI v1 (`contracts_v1`): a `no_std` crate without dependencies that wraps every host
//! function in a safe API. See `node-adapter/sdk/README.md` for the whole loop (write, build, deploy, call) and
//! `node-adapter/docs/host-abi.md` for what each host function costs and how it fails.
//!
//! - [`io`]: input, output, `revert("reason")`, `require`;
//! - [`entry!`], [`constructor!`], [`allow_reentrancy!`]: the exports;
//! - [`abi`]: Ethereum ABI encoding/decoding and compile-time selectors;
//! - [`storage`] (32-byte slots, Solidity layout) and [`kv`] (byte-string keys and values);
//! - [`context`], [`events`], [`crypto`], [`calls`] (calls, static calls, create, create2).

#![no_std]
// Rust before 1.68 has no default allocation error handler for no_std and only an unstable way to declare one; the
// build script enables it for this crate alone (with RUSTC_BOOTSTRAP) when the compiler is older than 1.68.
#![cfg_attr(contracts_sdk_alloc_error_handler, feature(alloc_error_handler))]

extern crate alloc;

pub mod abi;
pub mod address;
pub mod calls;
pub mod context;
pub mod crypto;
pub mod entry;
pub mod events;
mod heap;
pub mod io;
mod keccak_const;
pub mod kv;
pub mod storage;
pub mod sys;
pub mod u256;

pub use address::Address;
pub use u256::U256;

/// Everything a contract usually needs: `use contracts_sdk::prelude::*;`.
pub mod prelude {
    pub use crate::abi::{keccak256_const, selector, AbiType, AbiValues, Bytes};
    pub use crate::address::Address;
    pub use crate::context::{caller, call_value};
    pub use crate::events::Event;
    pub use crate::io::{require, revert, Revert};
    pub use crate::storage::{StorageCell, StorageMap, StorageMap2};
    pub use crate::u256::U256;
    pub use alloc::string::String;
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

/// A panic (an overflow in `U256` arithmetic, an index out of bounds, `unwrap` on `None`) reverts the call with the
/// reason "panic". The message is not formatted: formatting would pull `core::fmt` into every contract.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    io::revert("panic")
}

/// Running out of memory (the heap cannot grow past the instance's page limit) reverts with "out of memory".
#[cfg(contracts_sdk_alloc_error_handler)]
#[alloc_error_handler]
fn out_of_memory(_: core::alloc::Layout) -> ! {
    io::revert("out of memory")
}
