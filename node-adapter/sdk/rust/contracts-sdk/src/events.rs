//! Ethereum logs: up to 4 topics and ABI-encoded data.

use crate::abi::AbiType;
use crate::address::Address;
use crate::sys;
use crate::u256::U256;
use alloc::vec::Vec;

/// Appends a raw log from this contract.
pub fn emit_log(topics: &[[u8; 32]], data: &[u8]) {
    assert!(topics.len() <= 4, "a log has at most 4 topics");
    // SAFETY: `topics` is contiguous 32-byte words and `data` a slice, both in this module's memory.
    unsafe { sys::emit_log(topics.as_ptr() as *const u8, topics.len() as i32, data.as_ptr(), data.len() as i32) }
}

/// A value that can be an indexed topic.
pub trait Topic {
    fn topic(&self) -> [u8; 32];
}

impl Topic for Address {
    fn topic(&self) -> [u8; 32] {
        self.to_word()
    }
}

impl Topic for U256 {
    fn topic(&self) -> [u8; 32] {
        self.to_be_bytes()
    }
}

impl Topic for [u8; 32] {
    fn topic(&self) -> [u8; 32] {
        *self
    }
}

impl Topic for bool {
    fn topic(&self) -> [u8; 32] {
        U256::from(*self).to_be_bytes()
    }
}

impl Topic for u64 {
    fn topic(&self) -> [u8; 32] {
        U256::from(*self).to_be_bytes()
    }
}

/// Builds one event log:
/// ```ignore
/// const TRANSFER: [u8; 32] = keccak256_const(b"Transfer(address,address,uint256)");
/// Event::new(TRANSFER).topic(&from).topic(&to).data(&amount).emit();
/// ```
/// Indexed values are topics in declaration order; the others are the data, ABI-encoded in declaration order.
pub struct Event {
    topics: [[u8; 32]; 4],
    topic_count: usize,
    data: Vec<(bool, usize, Vec<u8>)>,
}

impl Event {
    /// A named event: `signature_hash` (topic 0) is `keccak256` of its canonical signature.
    pub fn new(signature_hash: [u8; 32]) -> Self {
        let mut event = Self::anonymous();
        event.topics[0] = signature_hash;
        event.topic_count = 1;
        event
    }

    /// An anonymous event: no topic 0.
    pub fn anonymous() -> Self {
        Event { topics: [[0; 32]; 4], topic_count: 0, data: Vec::new() }
    }

    /// Adds an indexed value.
    pub fn topic<T: Topic>(mut self, value: &T) -> Self {
        assert!(self.topic_count < 4, "a log has at most 4 topics");
        self.topics[self.topic_count] = value.topic();
        self.topic_count += 1;
        self
    }

    /// Adds a non-indexed value to the data.
    pub fn data<T: AbiType>(mut self, value: &T) -> Self {
        let mut encoded = Vec::new();
        value.encode(&mut encoded);
        self.data.push((T::DYNAMIC, T::HEAD_SIZE, encoded));
        self
    }

    pub fn emit(self) {
        let head_size: usize = self.data.iter().map(|(_, size, _)| size).sum();
        let mut head = Vec::with_capacity(head_size);
        let mut tail = Vec::new();
        for (dynamic, _, encoded) in &self.data {
            if *dynamic {
                let mut offset = [0u8; 32];
                offset[24..].copy_from_slice(&((head_size + tail.len()) as u64).to_be_bytes());
                head.extend_from_slice(&offset);
                tail.extend_from_slice(encoded);
            } else {
                head.extend_from_slice(encoded);
            }
        }
        head.extend_from_slice(&tail);
        emit_log(&self.topics[..self.topic_count], &head);
    }
}
