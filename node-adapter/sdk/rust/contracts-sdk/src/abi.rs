//! Ethereum ABI encoding and decoding of the common types: `uint8`…`uint256` (`u8`…`u128`, [`U256`]), `int8`…`int128`
//! (`i8`…`i128`), `address`, `bool`, `bytes` ([`Bytes`]), `string` (`String`), `bytes1`…`bytes32` (`[u8; N]`),
//! dynamic arrays (`Vec<T>`) and tuples of up to 8 values. Decoding is strict (as Solidity's): bounds-checked
//! offsets, no dirty high bits, valid UTF-8.

use crate::address::Address;
use crate::u256::U256;
use alloc::string::String;
use alloc::vec::Vec;

pub use crate::keccak_const::{keccak256_const, selector};

/// Why decoding failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DecodeError {
    /// The data ends before a word, an offset or a length it needs.
    TooShort,
    /// A value has bits its type does not allow (a `uint8` above 255, a `bool` above 1, a dirty address).
    InvalidValue,
    /// An offset or a length is out of range.
    InvalidOffset,
    /// A `string` is not UTF-8.
    InvalidUtf8,
}

/// A type with an Ethereum ABI encoding.
pub trait AbiType: Sized {
    /// Whether the value lives in the tail, behind an offset in the head.
    const DYNAMIC: bool;
    /// Bytes the value occupies in the head of an enclosing sequence (32 for a dynamic type).
    const HEAD_SIZE: usize = 32;
    /// The canonical type name, as in signatures (`"uint256"`); composite types build theirs at run time.
    fn type_name(out: &mut String);
    /// Appends this value's encoding (`enc(x)` of the specification: for a dynamic type, what the offset points at).
    fn encode(&self, out: &mut Vec<u8>);
    /// Decodes the value whose head is at `at` in `region` (the enclosing sequence, which offsets are relative to).
    fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError>;
}

/// A bytes value: `bytes` in the ABI (a `Vec<u8>` would be `uint8[]`).
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct Bytes(pub Vec<u8>);

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes(bytes)
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        Bytes(bytes.to_vec())
    }
}

/// Reads the 32-byte word at `at`.
pub fn word(region: &[u8], at: usize) -> Result<&[u8; 32], DecodeError> {
    let end = at.checked_add(32).ok_or(DecodeError::TooShort)?;
    if end > region.len() {
        return Err(DecodeError::TooShort);
    }
    Ok(region[at..end].try_into().unwrap())
}

/// Reads a word that must hold a small number (an offset or a length).
fn small(region: &[u8], at: usize) -> Result<usize, DecodeError> {
    let w = word(region, at)?;
    if w[..28].iter().any(|&b| b != 0) {
        return Err(DecodeError::InvalidOffset);
    }
    Ok(u32::from_be_bytes([w[28], w[29], w[30], w[31]]) as usize)
}

/// Follows the offset at `at` to the start of a dynamic value's encoding.
fn tail(region: &[u8], at: usize) -> Result<&[u8], DecodeError> {
    let offset = small(region, at)?;
    if offset > region.len() {
        return Err(DecodeError::InvalidOffset);
    }
    Ok(&region[offset..])
}

fn push_word(out: &mut Vec<u8>, word: &[u8; 32]) {
    out.extend_from_slice(word);
}

fn push_usize(out: &mut Vec<u8>, value: usize) {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&(value as u64).to_be_bytes());
    push_word(out, &w);
}

fn push_padded(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(bytes);
    let padding = (32 - bytes.len() % 32) % 32;
    out.resize(out.len() + padding, 0);
}

fn push_decimal(out: &mut String, value: usize) {
    let mut digits = [0u8; 20];
    let mut n = value;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

macro_rules! unsigned {
    ($($t:ty => $bits:literal),*) => {$(
        impl AbiType for $t {
            const DYNAMIC: bool = false;
            fn type_name(out: &mut String) {
                out.push_str(concat!("uint", $bits));
            }
            fn encode(&self, out: &mut Vec<u8>) {
                let mut w = [0u8; 32];
                let bytes = self.to_be_bytes();
                w[32 - bytes.len()..].copy_from_slice(&bytes);
                push_word(out, &w);
            }
            fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
                let w = word(region, at)?;
                const SIZE: usize = core::mem::size_of::<$t>();
                if w[..32 - SIZE].iter().any(|&b| b != 0) {
                    return Err(DecodeError::InvalidValue);
                }
                Ok(<$t>::from_be_bytes(w[32 - SIZE..].try_into().unwrap()))
            }
        }
    )*};
}

unsigned!(u8 => "8", u16 => "16", u32 => "32", u64 => "64", u128 => "128");

macro_rules! signed {
    ($($t:ty => $bits:literal),*) => {$(
        impl AbiType for $t {
            const DYNAMIC: bool = false;
            fn type_name(out: &mut String) {
                out.push_str(concat!("int", $bits));
            }
            fn encode(&self, out: &mut Vec<u8>) {
                let mut w = if *self < 0 { [0xffu8; 32] } else { [0u8; 32] };
                let bytes = self.to_be_bytes();
                w[32 - bytes.len()..].copy_from_slice(&bytes);
                push_word(out, &w);
            }
            fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
                let w = word(region, at)?;
                const SIZE: usize = core::mem::size_of::<$t>();
                let value = <$t>::from_be_bytes(w[32 - SIZE..].try_into().unwrap());
                let extension = if value < 0 { 0xff } else { 0 };
                if w[..32 - SIZE].iter().any(|&b| b != extension) {
                    return Err(DecodeError::InvalidValue);
                }
                Ok(value)
            }
        }
    )*};
}

signed!(i8 => "8", i16 => "16", i32 => "32", i64 => "64", i128 => "128");

impl AbiType for U256 {
    const DYNAMIC: bool = false;
    fn type_name(out: &mut String) {
        out.push_str("uint256");
    }
    fn encode(&self, out: &mut Vec<u8>) {
        push_word(out, &self.to_be_bytes());
    }
    fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
        Ok(U256::from_be_bytes(*word(region, at)?))
    }
}

impl AbiType for Address {
    const DYNAMIC: bool = false;
    fn type_name(out: &mut String) {
        out.push_str("address");
    }
    fn encode(&self, out: &mut Vec<u8>) {
        push_word(out, &self.to_word());
    }
    fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
        let w = word(region, at)?;
        if w[..12].iter().any(|&b| b != 0) {
            return Err(DecodeError::InvalidValue);
        }
        Ok(Address(w[12..].try_into().unwrap()))
    }
}

impl AbiType for bool {
    const DYNAMIC: bool = false;
    fn type_name(out: &mut String) {
        out.push_str("bool");
    }
    fn encode(&self, out: &mut Vec<u8>) {
        let mut w = [0u8; 32];
        w[31] = *self as u8;
        push_word(out, &w);
    }
    fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
        let w = word(region, at)?;
        if w[..31].iter().any(|&b| b != 0) || w[31] > 1 {
            return Err(DecodeError::InvalidValue);
        }
        Ok(w[31] == 1)
    }
}

/// `bytesN` for N from 1 to 32.
impl<const N: usize> AbiType for [u8; N] {
    const DYNAMIC: bool = false;
    fn type_name(out: &mut String) {
        out.push_str("bytes");
        push_decimal(out, N);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        assert!(N >= 1 && N <= 32, "bytesN has 1 to 32 bytes");
        push_padded(out, self);
    }
    fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
        assert!(N >= 1 && N <= 32, "bytesN has 1 to 32 bytes");
        let w = word(region, at)?;
        if w[N..].iter().any(|&b| b != 0) {
            return Err(DecodeError::InvalidValue);
        }
        Ok(w[..N].try_into().unwrap())
    }
}

fn decode_bytes(region: &[u8], at: usize) -> Result<&[u8], DecodeError> {
    let body = tail(region, at)?;
    let length = small(body, 0)?;
    if length > body.len() - 32 {
        return Err(DecodeError::TooShort);
    }
    Ok(&body[32..32 + length])
}

impl AbiType for Bytes {
    const DYNAMIC: bool = true;
    fn type_name(out: &mut String) {
        out.push_str("bytes");
    }
    fn encode(&self, out: &mut Vec<u8>) {
        push_usize(out, self.0.len());
        push_padded(out, &self.0);
    }
    fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
        Ok(Bytes(decode_bytes(region, at)?.to_vec()))
    }
}

impl AbiType for String {
    const DYNAMIC: bool = true;
    fn type_name(out: &mut String) {
        out.push_str("string");
    }
    fn encode(&self, out: &mut Vec<u8>) {
        push_usize(out, self.len());
        push_padded(out, self.as_bytes());
    }
    fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
        let bytes = decode_bytes(region, at)?;
        core::str::from_utf8(bytes).map(String::from).map_err(|_| DecodeError::InvalidUtf8)
    }
}

/// A string slice encodes as `string` (handy for constant return values).
impl AbiType for &'static str {
    const DYNAMIC: bool = true;
    fn type_name(out: &mut String) {
        out.push_str("string");
    }
    fn encode(&self, out: &mut Vec<u8>) {
        push_usize(out, self.len());
        push_padded(out, self.as_bytes());
    }
    fn decode(_: &[u8], _: usize) -> Result<Self, DecodeError> {
        // A decoded string is owned: decode into `String`.
        Err(DecodeError::InvalidValue)
    }
}

impl<T: AbiType> AbiType for Vec<T> {
    const DYNAMIC: bool = true;
    fn type_name(out: &mut String) {
        T::type_name(out);
        out.push_str("[]");
    }
    fn encode(&self, out: &mut Vec<u8>) {
        push_usize(out, self.len());
        let mut sequence = Sequence::new(self.len() * T::HEAD_SIZE);
        for item in self {
            sequence.push(item);
        }
        sequence.finish_into(out);
    }
    fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
        let body = tail(region, at)?;
        let count = small(body, 0)?;
        let elements = &body[32..];
        // Each element takes at least its head: refuse a count the data cannot hold before allocating for it.
        if count.checked_mul(T::HEAD_SIZE).map_or(true, |size| size > elements.len()) {
            return Err(DecodeError::TooShort);
        }
        let mut items = Vec::with_capacity(count);
        for i in 0..count {
            items.push(T::decode(elements, i * T::HEAD_SIZE)?);
        }
        Ok(items)
    }
}

/// Builds an ABI sequence (argument list, tuple, array body): static values in the head, dynamic values in the tail
/// behind offsets.
pub struct Sequence {
    head: Vec<u8>,
    tail: Vec<u8>,
    head_size: usize,
}

impl Sequence {
    /// `head_size`: the sum of the `HEAD_SIZE` of the values that will be pushed.
    pub fn new(head_size: usize) -> Self {
        Sequence { head: Vec::with_capacity(head_size), tail: Vec::new(), head_size }
    }

    pub fn push<T: AbiType>(&mut self, value: &T) {
        if T::DYNAMIC {
            push_usize(&mut self.head, self.head_size + self.tail.len());
            value.encode(&mut self.tail);
        } else {
            value.encode(&mut self.head);
        }
    }

    pub fn finish_into(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.head);
        out.extend_from_slice(&self.tail);
    }

    pub fn finish(mut self) -> Vec<u8> {
        let tail = core::mem::take(&mut self.tail);
        self.head.extend_from_slice(&tail);
        self.head
    }
}

/// A list of values encoded as an ABI sequence: function arguments and return values, event data.
/// Implemented for `()` and tuples of up to 8 [`AbiType`]s.
pub trait AbiValues: Sized {
    /// Appends the canonical type list, comma-separated (`"address,uint256"`).
    fn type_list(out: &mut String);
    /// The sequence encoding.
    fn encode_values(&self) -> Vec<u8>;
    /// Decodes a sequence starting at the beginning of `data`.
    fn decode_values(data: &[u8]) -> Result<Self, DecodeError>;
}

impl AbiValues for () {
    fn type_list(_: &mut String) {}
    fn encode_values(&self) -> Vec<u8> {
        Vec::new()
    }
    fn decode_values(_: &[u8]) -> Result<Self, DecodeError> {
        Ok(())
    }
}

macro_rules! tuple {
    ($($name:ident $index:tt),+) => {
        impl<$($name: AbiType),+> AbiValues for ($($name,)+) {
            fn type_list(out: &mut String) {
                let mut first = true;
                $(
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    $name::type_name(out);
                )+
                let _ = first;
            }
            fn encode_values(&self) -> Vec<u8> {
                let mut sequence = Sequence::new(0 $(+ $name::HEAD_SIZE)+);
                $(sequence.push(&self.$index);)+
                sequence.finish()
            }
            fn decode_values(data: &[u8]) -> Result<Self, DecodeError> {
                let mut at = 0;
                Ok(($({
                    let value = $name::decode(data, at)?;
                    at += $name::HEAD_SIZE;
                    let _ = at;
                    value
                },)+))
            }
        }

        /// A tuple is one value: in the tail when any component is dynamic.
        impl<$($name: AbiType),+> AbiType for ($($name,)+) {
            const DYNAMIC: bool = false $(|| $name::DYNAMIC)+;
            const HEAD_SIZE: usize = if Self::DYNAMIC { 32 } else { 0 $(+ $name::HEAD_SIZE)+ };
            fn type_name(out: &mut String) {
                out.push('(');
                <Self as AbiValues>::type_list(out);
                out.push(')');
            }
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.encode_values());
            }
            fn decode(region: &[u8], at: usize) -> Result<Self, DecodeError> {
                if Self::DYNAMIC {
                    Self::decode_values(tail(region, at)?)
                } else {
                    Self::decode_values(region.get(at..).ok_or(DecodeError::TooShort)?)
                }
            }
        }
    };
}

tuple!(A 0);
tuple!(A 0, B 1);
tuple!(A 0, B 1, C 2);
tuple!(A 0, B 1, C 2, D 3);
tuple!(A 0, B 1, C 2, D 3, E 4);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// The canonical signature of a function taking `Args`: `signature::<(Address, U256)>("transfer")` is
/// `"transfer(address,uint256)"`.
pub fn signature<Args: AbiValues>(name: &str) -> String {
    let mut out = String::from(name);
    out.push('(');
    Args::type_list(&mut out);
    out.push(')');
    out
}

/// Encodes a call: the selector, then the arguments.
pub fn encode_call<Args: AbiValues>(selector: [u8; 4], args: &Args) -> Vec<u8> {
    let mut data = Vec::from(selector);
    data.extend_from_slice(&args.encode_values());
    data
}

/// The encoding of `Error(string)`: what `revert("…")` passes to the host.
pub fn encode_error(message: &str) -> Vec<u8> {
    const ERROR: [u8; 4] = selector("Error(string)");
    let mut data = Vec::from(ERROR);
    let mut sequence = Sequence::new(32);
    sequence.push(&String::from(message));
    sequence.finish_into(&mut data);
    data
}
