//! 20-byte account addresses.

/// A 20-byte account address (Ethereum's).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
pub struct Address(pub [u8; 20]);

impl Address {
    /// The zero address (what a failed creation or recovery reports).
    pub const ZERO: Address = Address([0; 20]);

    pub const fn new(bytes: [u8; 20]) -> Self {
        Address(bytes)
    }

    pub fn is_zero(&self) -> bool {
        self.0 == [0; 20]
    }

    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// The address as a 32-byte word, left-padded with zeros (its ABI and topic form).
    pub fn to_word(&self) -> [u8; 32] {
        let mut word = [0u8; 32];
        word[12..].copy_from_slice(&self.0);
        word
    }

    /// Parses 40 hex digits (with or without `0x`) at compile time: `const OWNER: Address = Address::from_hex("0x…")`.
    pub const fn from_hex(text: &str) -> Self {
        let bytes = text.as_bytes();
        let start = if bytes.len() >= 2 && bytes[0] == b'0' && (bytes[1] == b'x' || bytes[1] == b'X') { 2 } else { 0 };
        if bytes.len() - start != 40 {
            panic!("an address is 40 hex digits");
        }
        let mut out = [0u8; 20];
        let mut i = 0;
        while i < 20 {
            out[i] = (hex_digit(bytes[start + 2 * i]) << 4) | hex_digit(bytes[start + 2 * i + 1]);
            i += 1;
        }
        Address(out)
    }
}

const fn hex_digit(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => panic!("not a hex digit"),
    }
}

impl From<[u8; 20]> for Address {
    fn from(bytes: [u8; 20]) -> Self {
        Address(bytes)
    }
}
