//! The call's input, its output, and reverting.

use crate::abi::{encode_error, AbiValues};
use crate::sys;
use alloc::vec::Vec;

/// This call's input: the calldata (for `deploy`, the constructor arguments).
pub fn input() -> Vec<u8> {
    // SAFETY: the buffer has `len` bytes of capacity and the host writes exactly `len` bytes.
    unsafe {
        let len = sys::input_size() as usize;
        let mut data = Vec::with_capacity(len);
        sys::input_copy(data.as_mut_ptr(), 0, len as i32);
        data.set_len(len);
        data
    }
}

/// Sets this call's output (replacing any earlier one): what the caller receives when the call returns.
pub fn output(data: &[u8]) {
    // SAFETY: a slice of this module's memory.
    unsafe { sys::output_set(data.as_ptr(), data.len() as i32) }
}

/// Sets the output to the ABI encoding of `values` (a tuple, or `()`).
pub fn output_values<V: AbiValues>(values: &V) {
    output(&values.encode_values());
}

/// Ends the call as reverted with raw revert data; all its effects are undone.
pub fn revert_data(data: &[u8]) -> ! {
    // SAFETY: a slice of this module's memory; the host never returns from `revert`.
    unsafe { sys::revert(data.as_ptr(), data.len() as i32) }
}

/// Ends the call as reverted with `Error(message)`, the revert reason every Ethereum tool shows.
pub fn revert(message: &str) -> ! {
    revert_data(&encode_error(message))
}

/// Reverts with `message` unless `condition` holds.
#[inline]
pub fn require(condition: bool, message: &str) {
    if !condition {
        revert(message)
    }
}

/// Revert data carried through `?`: a handler returning `Result<T, Revert>` reverts with it on `Err`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Revert(pub Vec<u8>);

impl Revert {
    /// `Error(message)`.
    pub fn reason(message: &str) -> Self {
        Revert(encode_error(message))
    }

    /// Raw revert data (a custom error's selector and arguments).
    pub fn data(data: Vec<u8>) -> Self {
        Revert(data)
    }

    /// Ends the call with this revert data.
    pub fn raise(&self) -> ! {
        revert_data(&self.0)
    }
}

impl From<&str> for Revert {
    fn from(message: &str) -> Self {
        Revert::reason(message)
    }
}

/// Writes a UTF-8 message to the node's debug output and the transaction's trace. Devnet rule sets only: a module that
/// uses it is refused at deploy elsewhere, so keep calls behind a `cfg` you turn off for production builds.
pub fn debug_log(message: &str) {
    // SAFETY: a slice of this module's memory.
    unsafe { sys::debug_log(message.as_ptr(), message.len() as i32) }
}
