//! Hashes and signatures, computed by the host (priced by the gas schedule, pinned by published vectors).

use crate::address::Address;
use crate::sys;

/// Keccak-256 (Ethereum's). For constants, use [`crate::abi::keccak256_const`].
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // SAFETY: buffers in this module's memory.
    unsafe { sys::keccak256(data.as_ptr(), data.len() as i32, out.as_mut_ptr()) };
    out
}

/// SHA-256 (FIPS 180-4).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // SAFETY: buffers in this module's memory.
    unsafe { sys::sha256(data.as_ptr(), data.len() as i32, out.as_mut_ptr()) };
    out
}

/// RIPEMD-160 (20 bytes, not left-padded).
pub fn ripemd160(data: &[u8]) -> [u8; 20] {
    let mut out = [0u8; 20];
    // SAFETY: buffers in this module's memory.
    unsafe { sys::ripemd160(data.as_ptr(), data.len() as i32, out.as_mut_ptr()) };
    out
}

/// BLAKE2b with a 32-byte digest, no key.
pub fn blake2b256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // SAFETY: buffers in this module's memory.
    unsafe { sys::blake2b256(data.as_ptr(), data.len() as i32, out.as_mut_ptr()) };
    out
}

/// Ethereum's `ecrecover`: the signer of `hash` given `v` (27 or 28) and `r ‖ s`; `None` on any failure.
pub fn ecrecover(hash: &[u8; 32], v: u8, signature: &[u8; 64]) -> Option<Address> {
    let mut out = [0u8; 20];
    // SAFETY: fixed-size buffers in this module's memory.
    let ok = unsafe { sys::secp256k1_recover(hash.as_ptr(), v as i32, signature.as_ptr(), out.as_mut_ptr()) };
    if ok == 1 {
        Some(Address(out))
    } else {
        None
    }
}

/// Strict ECDSA verification (low `s` only) of `r ‖ s` over `hash` with a 33- or 65-byte public key.
pub fn secp256k1_verify(hash: &[u8; 32], signature: &[u8; 64], public_key: &[u8]) -> bool {
    // SAFETY: buffers in this module's memory.
    unsafe {
        sys::secp256k1_verify(hash.as_ptr(), signature.as_ptr(), public_key.as_ptr(), public_key.len() as i32) == 1
    }
}

/// Strict RFC 8032 Ed25519 verification.
pub fn ed25519_verify(signature: &[u8; 64], public_key: &[u8; 32], message: &[u8]) -> bool {
    // SAFETY: buffers in this module's memory.
    unsafe {
        sys::ed25519_verify(signature.as_ptr(), public_key.as_ptr(), message.as_ptr(), message.len() as i32) == 1
    }
}

/// The hash a wallet signs for `personal_sign` / EIP-191 version 0x45 over a 32-byte message:
/// `keccak256("\x19Ethereum Signed Message:\n32" ‖ message)`.
pub fn eth_signed_message_hash(message: &[u8; 32]) -> [u8; 32] {
    let mut preimage = [0u8; 60];
    preimage[..28].copy_from_slice(b"\x19Ethereum Signed Message:\n32");
    preimage[28..].copy_from_slice(message);
    keccak256(&preimage)
}
