//! Calling and creating contracts. Each callee runs as its own nanoprocess with the gas forwarded to it (at most all
//! but 1/64 of what is left).

use crate::abi::{encode_call, AbiValues, DecodeError};
use crate::address::Address;
use crate::io::Revert;
use crate::sys;
use crate::u256::U256;
use alloc::vec::Vec;

/// How a call or creation ended (host ABI status codes).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    /// 0: the callee returned.
    Success,
    /// 1: the callee reverted; its revert data is the return data.
    Reverted,
    /// 2: failed (trap, out of gas, depth limit, reentrancy refused, insufficient balance …); no return data.
    Failed,
}

impl Status {
    fn from_code(code: i32) -> Status {
        match code {
            0 => Status::Success,
            1 => Status::Reverted,
            _ => Status::Failed,
        }
    }
}

/// The return data of the last call or creation this frame made.
pub fn return_data() -> Vec<u8> {
    // SAFETY: the buffer has `len` bytes of capacity and the host writes exactly `len` bytes.
    unsafe {
        let len = sys::return_data_size() as usize;
        let mut data = Vec::with_capacity(len);
        sys::return_data_copy(data.as_mut_ptr(), 0, len as i32);
        data.set_len(len);
        data
    }
}

/// Forward all the gas the host allows (all but 1/64 of what is left).
pub const ALL_GAS: u64 = u64::MAX;

/// Calls `target` with `data`, sending `value` wei and forwarding up to `gas` Wasm gas.
pub fn call(target: &Address, value: U256, data: &[u8], gas: u64) -> (Status, Vec<u8>) {
    let value = value.to_be_bytes();
    // SAFETY: buffers in this module's memory.
    let code = unsafe { sys::call(target.0.as_ptr(), value.as_ptr(), data.as_ptr(), data.len() as i32, gas as i64) };
    (Status::from_code(code), return_data())
}

/// Calls `target` read-only: the callee and everything it calls cannot change state.
pub fn static_call(target: &Address, data: &[u8], gas: u64) -> (Status, Vec<u8>) {
    // SAFETY: buffers in this module's memory.
    let code = unsafe { sys::static_call(target.0.as_ptr(), data.as_ptr(), data.len() as i32, gas as i64) };
    (Status::from_code(code), return_data())
}

/// Calls a function and decodes its result: `Ok(values)`, or `Err` carrying the callee's revert data (or
/// `Error("call failed")` / `Error("invalid return data")`), ready to propagate with `?`.
pub fn call_function<Args: AbiValues, Ret: AbiValues>(
    target: &Address,
    selector: [u8; 4],
    args: &Args,
    value: U256,
) -> Result<Ret, Revert> {
    let (status, data) = call(target, value, &encode_call(selector, args), ALL_GAS);
    decode_outcome(status, data)
}

/// As [`call_function`], read-only.
pub fn static_call_function<Args: AbiValues, Ret: AbiValues>(
    target: &Address,
    selector: [u8; 4],
    args: &Args,
) -> Result<Ret, Revert> {
    let (status, data) = static_call(target, &encode_call(selector, args), ALL_GAS);
    decode_outcome(status, data)
}

fn decode_outcome<Ret: AbiValues>(status: Status, data: Vec<u8>) -> Result<Ret, Revert> {
    match status {
        Status::Success => Ret::decode_values(&data).map_err(|_: DecodeError| Revert::reason("invalid return data")),
        Status::Reverted => Err(Revert::data(data)),
        Status::Failed => Err(Revert::reason("call failed")),
    }
}

/// Deploys `code` (a module or a deploy envelope) at `keccak256(rlp([this, nonce]))[12:]`, sending `value`.
/// `Err` carries the constructor's revert data, or `Error("create failed")`.
pub fn create(code: &[u8], value: U256) -> Result<Address, Revert> {
    let value = value.to_be_bytes();
    let mut out = [0u8; 20];
    // SAFETY: buffers in this module's memory.
    let status = unsafe { sys::create(code.as_ptr(), code.len() as i32, value.as_ptr(), out.as_mut_ptr()) };
    creation_outcome(status, out)
}

/// Deploys `code` at `keccak256(0xff ‖ this ‖ salt ‖ keccak256(code))[12:]` (EIP-1014).
pub fn create2(code: &[u8], value: U256, salt: &[u8; 32]) -> Result<Address, Revert> {
    let value = value.to_be_bytes();
    let mut out = [0u8; 20];
    // SAFETY: buffers in this module's memory.
    let status =
        unsafe { sys::create2(code.as_ptr(), code.len() as i32, value.as_ptr(), salt.as_ptr(), out.as_mut_ptr()) };
    creation_outcome(status, out)
}

fn creation_outcome(status: i32, address: [u8; 20]) -> Result<Address, Revert> {
    match Status::from_code(status) {
        Status::Success => Ok(Address(address)),
        Status::Reverted => Err(Revert::data(return_data())),
        Status::Failed => Err(Revert::reason("create failed")),
    }
}

/// The address `create2` would deploy `code` to from `deployer` with `salt`.
pub fn create2_address(deployer: &Address, salt: &[u8; 32], code: &[u8]) -> Address {
    let mut preimage = [0u8; 85];
    preimage[0] = 0xff;
    preimage[1..21].copy_from_slice(&deployer.0);
    preimage[21..53].copy_from_slice(salt);
    preimage[53..].copy_from_slice(&crate::crypto::keccak256(code));
    let hash = crate::crypto::keccak256(&preimage);
    Address(hash[12..].try_into().unwrap())
}
