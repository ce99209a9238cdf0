//! Storage in 32-byte slots, laid out as Solidity lays out its storage (mappings at
//! `keccak256(key ‖ slot)`), so `eth_getStorageAt` and Ethereum tools read it as they would a Solidity contract's.

use crate::address::Address;
use crate::crypto::keccak256;
use crate::sys;
use crate::u256::U256;
use core::marker::PhantomData;

/// Reads the word at `key` (zero if absent).
pub fn load(key: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // SAFETY: 32-byte buffers in this module's memory.
    unsafe { sys::storage_load(key.as_ptr(), out.as_mut_ptr()) };
    out
}

/// Stores `value` at `key`; zero deletes the slot (and earns a refund when it was set before the transaction).
pub fn store(key: &[u8; 32], value: &[u8; 32]) {
    // SAFETY: 32-byte buffers in this module's memory.
    unsafe { sys::storage_store(key.as_ptr(), value.as_ptr()) }
}

/// A value that fits in one storage word.
pub trait StorageValue: Sized {
    fn from_word(word: [u8; 32]) -> Self;
    fn to_word(&self) -> [u8; 32];
}

impl StorageValue for [u8; 32] {
    fn from_word(word: [u8; 32]) -> Self {
        word
    }
    fn to_word(&self) -> [u8; 32] {
        *self
    }
}

impl StorageValue for U256 {
    fn from_word(word: [u8; 32]) -> Self {
        U256::from_be_bytes(word)
    }
    fn to_word(&self) -> [u8; 32] {
        self.to_be_bytes()
    }
}

impl StorageValue for Address {
    fn from_word(word: [u8; 32]) -> Self {
        Address(word[12..].try_into().unwrap())
    }
    fn to_word(&self) -> [u8; 32] {
        Address::to_word(self)
    }
}

impl StorageValue for bool {
    fn from_word(word: [u8; 32]) -> Self {
        word != [0; 32]
    }
    fn to_word(&self) -> [u8; 32] {
        U256::from(*self).to_be_bytes()
    }
}

impl StorageValue for u64 {
    fn from_word(word: [u8; 32]) -> Self {
        U256::from_be_bytes(word).0[0]
    }
    fn to_word(&self) -> [u8; 32] {
        U256::from(*self).to_be_bytes()
    }
}

/// A key of a [`StorageMap`]: hashed with the map's slot into the value's slot.
pub trait StorageKey {
    /// The key's 32-byte form (Solidity's: left-padded for value types).
    fn key_word(&self) -> [u8; 32];
}

impl StorageKey for Address {
    fn key_word(&self) -> [u8; 32] {
        self.to_word()
    }
}

impl StorageKey for U256 {
    fn key_word(&self) -> [u8; 32] {
        self.to_be_bytes()
    }
}

impl StorageKey for [u8; 32] {
    fn key_word(&self) -> [u8; 32] {
        *self
    }
}

impl StorageKey for u64 {
    fn key_word(&self) -> [u8; 32] {
        U256::from(*self).to_be_bytes()
    }
}

/// The slot of `key` in the mapping at `slot`: `keccak256(key ‖ slot)`, as Solidity computes it.
pub fn mapping_slot(slot: &[u8; 32], key: &[u8; 32]) -> [u8; 32] {
    let mut preimage = [0u8; 64];
    preimage[..32].copy_from_slice(key);
    preimage[32..].copy_from_slice(slot);
    keccak256(&preimage)
}

/// One value in one slot: `const OWNER: StorageCell<Address> = StorageCell::new(0);`.
pub struct StorageCell<V> {
    slot: [u8; 32],
    _value: PhantomData<V>,
}

impl<V: StorageValue> StorageCell<V> {
    pub const fn new(slot: u64) -> Self {
        StorageCell { slot: slot_word(slot), _value: PhantomData }
    }

    pub const fn at(slot: [u8; 32]) -> Self {
        StorageCell { slot, _value: PhantomData }
    }

    pub fn get(&self) -> V {
        V::from_word(load(&self.slot))
    }

    pub fn set(&self, value: V) {
        store(&self.slot, &value.to_word())
    }
}

/// A mapping from keys to words at a base slot: `const BALANCES: StorageMap<Address, U256> = StorageMap::new(1);`.
/// Absent keys read as zero.
pub struct StorageMap<K, V> {
    slot: [u8; 32],
    _types: PhantomData<(K, V)>,
}

impl<K: StorageKey, V: StorageValue> StorageMap<K, V> {
    pub const fn new(slot: u64) -> Self {
        StorageMap { slot: slot_word(slot), _types: PhantomData }
    }

    pub const fn at(slot: [u8; 32]) -> Self {
        StorageMap { slot, _types: PhantomData }
    }

    /// The cell of one key.
    pub fn cell(&self, key: &K) -> StorageCell<V> {
        StorageCell::at(mapping_slot(&self.slot, &key.key_word()))
    }

    pub fn get(&self, key: &K) -> V {
        self.cell(key).get()
    }

    pub fn set(&self, key: &K, value: V) {
        self.cell(key).set(value)
    }
}

/// A mapping of mappings (Solidity's `mapping(K1 => mapping(K2 => V))`, e.g. ERC-20 allowances).
pub struct StorageMap2<K1, K2, V> {
    slot: [u8; 32],
    _types: PhantomData<(K1, K2, V)>,
}

impl<K1: StorageKey, K2: StorageKey, V: StorageValue> StorageMap2<K1, K2, V> {
    pub const fn new(slot: u64) -> Self {
        StorageMap2 { slot: slot_word(slot), _types: PhantomData }
    }

    /// The inner mapping of one outer key.
    pub fn inner(&self, outer: &K1) -> StorageMap<K2, V> {
        StorageMap::at(mapping_slot(&self.slot, &outer.key_word()))
    }

    pub fn get(&self, outer: &K1, inner: &K2) -> V {
        self.inner(outer).get(inner)
    }

    pub fn set(&self, outer: &K1, inner: &K2, value: V) {
        self.inner(outer).set(inner, value)
    }
}

const fn slot_word(slot: u64) -> [u8; 32] {
    let mut word = [0u8; 32];
    let bytes = slot.to_be_bytes();
    let mut i = 0;
    while i < 8 {
        word[24 + i] = bytes[i];
        i += 1;
    }
    word
}
