//! Byte-string storage: keys of 1 to 1,024 bytes, values of 0 to 65,536 bytes, a key space separate from the slots,
//! iterated in ascending byte order of keys.

use crate::sys;
use alloc::vec::Vec;

/// The value stored under `key`, or `None` when absent (an empty value is `Some(vec![])`).
pub fn get(key: &[u8]) -> Option<Vec<u8>> {
    // SAFETY: slices of this module's memory; the host writes at most `capacity` bytes.
    unsafe {
        let len = sys::kv_get(key.as_ptr(), key.len() as i32, core::ptr::null_mut(), 0);
        if len < 0 {
            return None;
        }
        let mut value = Vec::with_capacity(len as usize);
        sys::kv_get(key.as_ptr(), key.len() as i32, value.as_mut_ptr(), len);
        value.set_len(len as usize);
        Some(value)
    }
}

/// Whether `key` is present (even with an empty value).
pub fn has(key: &[u8]) -> bool {
    // SAFETY: a slice of this module's memory.
    unsafe { sys::kv_has(key.as_ptr(), key.len() as i32) == 1 }
}

/// Stores `value` under `key`, replacing any.
pub fn set(key: &[u8], value: &[u8]) {
    // SAFETY: slices of this module's memory.
    unsafe { sys::kv_set(key.as_ptr(), key.len() as i32, value.as_ptr(), value.len() as i32) }
}

/// Removes `key`; whether it was present.
pub fn remove(key: &[u8]) -> bool {
    // SAFETY: a slice of this module's memory.
    unsafe { sys::kv_remove(key.as_ptr(), key.len() as i32) == 1 }
}

/// The entries whose keys start with `prefix`, in ascending key order: `for (key, value) in kv::iter(b"user/")`.
pub fn iter(prefix: &[u8]) -> Entries<'_> {
    Entries { prefix, last: None }
}

/// Iterator over byte-string entries (each step is one `kv_next` host call, priced as such).
pub struct Entries<'a> {
    prefix: &'a [u8],
    last: Option<Vec<u8>>,
}

impl Iterator for Entries<'_> {
    type Item = (Vec<u8>, Vec<u8>);

    fn next(&mut self) -> Option<Self::Item> {
        let after: &[u8] = self.last.as_deref().unwrap_or(&[]);
        // SAFETY: slices of this module's memory; with zero capacities the host copies nothing.
        let packed = unsafe {
            sys::kv_next(
                self.prefix.as_ptr(), self.prefix.len() as i32, after.as_ptr(), after.len() as i32,
                core::ptr::null_mut(), 0, core::ptr::null_mut(), 0,
            )
        };
        if packed < 0 {
            return None;
        }
        let key_len = (packed >> 32) as usize;
        let value_len = (packed & 0xffff_ffff) as usize;
        let mut key = Vec::with_capacity(key_len);
        let mut value = Vec::with_capacity(value_len);
        // SAFETY: the buffers have exactly the capacities the host reported; it writes no more.
        unsafe {
            sys::kv_next(
                self.prefix.as_ptr(), self.prefix.len() as i32, after.as_ptr(), after.len() as i32,
                key.as_mut_ptr(), key_len as i32, value.as_mut_ptr(), value_len as i32,
            );
            key.set_len(key_len);
            value.set_len(value_len);
        }
        self.last = Some(key.clone());
        Some((key, value))
    }
}
