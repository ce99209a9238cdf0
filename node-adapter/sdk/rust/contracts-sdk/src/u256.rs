//! A 256-bit unsigned integer: Ethereum's word, for balances, amounts and slots.

use core::cmp::Ordering;

/// An unsigned 256-bit integer; limbs little-endian (`0` is the least significant 64 bits).
/// Arithmetic is explicit: `checked_*` return `None` on overflow, `wrapping_*` wrap, `saturating_*` saturate; the
/// operators `+ - *` panic on overflow (a panic reverts the call with "panic").
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct U256(pub [u64; 4]);

impl U256 {
    pub const ZERO: U256 = U256([0; 4]);
    pub const ONE: U256 = U256([1, 0, 0, 0]);
    pub const MAX: U256 = U256([u64::MAX; 4]);

    pub const fn from_u64(value: u64) -> Self {
        U256([value, 0, 0, 0])
    }

    pub const fn from_u128(value: u128) -> Self {
        U256([value as u64, (value >> 64) as u64, 0, 0])
    }

    pub fn is_zero(&self) -> bool {
        self.0 == [0; 4]
    }

    /// The value if it fits in a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        if self.0[1] == 0 && self.0[2] == 0 && self.0[3] == 0 {
            Some(self.0[0])
        } else {
            None
        }
    }

    /// The value if it fits in a `u128`.
    pub fn as_u128(&self) -> Option<u128> {
        if self.0[2] == 0 && self.0[3] == 0 {
            Some(self.0[0] as u128 | (self.0[1] as u128) << 64)
        } else {
            None
        }
    }

    /// Reads a 32-byte big-endian word.
    pub fn from_be_bytes(bytes: [u8; 32]) -> Self {
        let mut limbs = [0u64; 4];
        for (i, limb) in limbs.iter_mut().enumerate() {
            let start = 32 - 8 * (i + 1);
            let mut chunk = [0u8; 8];
            chunk.copy_from_slice(&bytes[start..start + 8]);
            *limb = u64::from_be_bytes(chunk);
        }
        U256(limbs)
    }

    /// The 32-byte big-endian word (how the host ABI, storage and the Ethereum ABI write it).
    pub fn to_be_bytes(&self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        for (i, limb) in self.0.iter().enumerate() {
            let start = 32 - 8 * (i + 1);
            bytes[start..start + 8].copy_from_slice(&limb.to_be_bytes());
        }
        bytes
    }

    pub fn overflowing_add(self, other: U256) -> (U256, bool) {
        let mut out = [0u64; 4];
        let mut carry = false;
        for (i, limb) in out.iter_mut().enumerate() {
            let (sum, c1) = self.0[i].overflowing_add(other.0[i]);
            let (sum, c2) = sum.overflowing_add(carry as u64);
            *limb = sum;
            carry = c1 || c2;
        }
        (U256(out), carry)
    }

    pub fn overflowing_sub(self, other: U256) -> (U256, bool) {
        let mut out = [0u64; 4];
        let mut borrow = false;
        for (i, limb) in out.iter_mut().enumerate() {
            let (diff, b1) = self.0[i].overflowing_sub(other.0[i]);
            let (diff, b2) = diff.overflowing_sub(borrow as u64);
            *limb = diff;
            borrow = b1 || b2;
        }
        (U256(out), borrow)
    }

    pub fn overflowing_mul(self, other: U256) -> (U256, bool) {
        let mut out = [0u64; 8];
        for i in 0..4 {
            let mut carry: u128 = 0;
            for j in 0..4 {
                let t = self.0[i] as u128 * other.0[j] as u128 + out[i + j] as u128 + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
            out[i + 4] = carry as u64;
        }
        let overflow = out[4..].iter().any(|&limb| limb != 0);
        (U256([out[0], out[1], out[2], out[3]]), overflow)
    }

    pub fn checked_add(self, other: U256) -> Option<U256> {
        match self.overflowing_add(other) {
            (value, false) => Some(value),
            _ => None,
        }
    }

    pub fn checked_sub(self, other: U256) -> Option<U256> {
        match self.overflowing_sub(other) {
            (value, false) => Some(value),
            _ => None,
        }
    }

    pub fn checked_mul(self, other: U256) -> Option<U256> {
        match self.overflowing_mul(other) {
            (value, false) => Some(value),
            _ => None,
        }
    }

    /// Quotient and remainder; `None` when dividing by zero.
    pub fn checked_div_rem(self, divisor: U256) -> Option<(U256, U256)> {
        if divisor.is_zero() {
            return None;
        }
        if self < divisor {
            return Some((U256::ZERO, self));
        }
        let mut quotient = U256::ZERO;
        let mut remainder = U256::ZERO;
        for bit in (0..256).rev() {
            remainder = remainder.shl1();
            if self.bit(bit) {
                remainder.0[0] |= 1;
            }
            if remainder >= divisor {
                remainder = remainder.overflowing_sub(divisor).0;
                quotient.0[bit / 64] |= 1 << (bit % 64);
            }
        }
        Some((quotient, remainder))
    }

    pub fn checked_div(self, divisor: U256) -> Option<U256> {
        self.checked_div_rem(divisor).map(|(q, _)| q)
    }

    pub fn wrapping_add(self, other: U256) -> U256 {
        self.overflowing_add(other).0
    }

    pub fn wrapping_sub(self, other: U256) -> U256 {
        self.overflowing_sub(other).0
    }

    pub fn saturating_add(self, other: U256) -> U256 {
        self.checked_add(other).unwrap_or(U256::MAX)
    }

    pub fn saturating_sub(self, other: U256) -> U256 {
        self.checked_sub(other).unwrap_or(U256::ZERO)
    }

    /// Whether bit `index` (0 = least significant) is set.
    pub fn bit(&self, index: usize) -> bool {
        index < 256 && (self.0[index / 64] >> (index % 64)) & 1 == 1
    }

    fn shl1(self) -> U256 {
        let mut out = [0u64; 4];
        for i in (0..4).rev() {
            out[i] = self.0[i] << 1 | if i > 0 { self.0[i - 1] >> 63 } else { 0 };
        }
        U256(out)
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &Self) -> Ordering {
        for i in (0..4).rev() {
            match self.0[i].cmp(&other.0[i]) {
                Ordering::Equal => continue,
                unequal => return unequal,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<u64> for U256 {
    fn from(value: u64) -> Self {
        U256::from_u64(value)
    }
}

impl From<u128> for U256 {
    fn from(value: u128) -> Self {
        U256::from_u128(value)
    }
}

impl From<bool> for U256 {
    fn from(value: bool) -> Self {
        U256::from_u64(value as u64)
    }
}

impl core::ops::Add for U256 {
    type Output = U256;
    fn add(self, other: U256) -> U256 {
        self.checked_add(other).expect("U256 overflow")
    }
}

impl core::ops::Sub for U256 {
    type Output = U256;
    fn sub(self, other: U256) -> U256 {
        self.checked_sub(other).expect("U256 underflow")
    }
}

impl core::ops::Mul for U256 {
    type Output = U256;
    fn mul(self, other: U256) -> U256 {
        self.checked_mul(other).expect("U256 overflow")
    }
}

impl core::ops::Div for U256 {
    type Output = U256;
    fn div(self, other: U256) -> U256 {
        self.checked_div(other).expect("U256 division by zero")
    }
}
