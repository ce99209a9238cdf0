//! multisig: a wallet that a threshold of its owners controls by signing, in the style of Gnosis Safe. Owners sign
//! off-chain (`personal_sign` / `eth_sign` of the transaction hash, as every wallet can); anyone may submit the
//! signatures, and `execute` checks them with secp256k1 recovery before making the call. Signatures must come from
//! distinct owners in ascending address order, so one owner cannot be counted twice; the nonce makes each approval
//! usable once; the hash covers this wallet's address and the chain id, so it cannot be replayed elsewhere.
//!
//! Storage: slot 0 threshold, slot 1 nonce, mapping at slot 2 `isOwner`; the owner list in byte-string storage under
//! `owners` (20 bytes each), to show both key spaces.

#![no_std]

use contracts_sdk::abi::Bytes;
use contracts_sdk::calls::{self, Status, ALL_GAS};
use contracts_sdk::context::{address, chain_id};
use contracts_sdk::crypto::{ecrecover, eth_signed_message_hash, keccak256};
use contracts_sdk::kv;
use contracts_sdk::prelude::*;

const THRESHOLD: StorageCell<U256> = StorageCell::new(0);
const NONCE: StorageCell<U256> = StorageCell::new(1);
const IS_OWNER: StorageMap<Address, bool> = StorageMap::new(2);
const OWNERS_KEY: &[u8] = b"owners";

const EXECUTED: [u8; 32] = keccak256_const(b"Executed(bytes32,address,uint256,bool)");
const DEPOSITED: [u8; 32] = keccak256_const(b"Deposited(address,uint256)");

contracts_sdk::constructor!(|(owners, threshold): (Vec<Address>, U256)| {
    require(!owners.is_empty(), "no owners");
    require(!threshold.is_zero() && threshold <= U256::from(owners.len() as u64), "invalid threshold");
    let mut list = Vec::with_capacity(owners.len() * 20);
    for owner in &owners {
        require(!owner.is_zero(), "zero owner");
        require(!IS_OWNER.get(owner), "duplicate owner");
        IS_OWNER.set(owner, true);
        list.extend_from_slice(&owner.0);
    }
    kv::set(OWNERS_KEY, &list);
    THRESHOLD.set(threshold);
});

fn owners() -> Vec<Address> {
    let list = kv::get(OWNERS_KEY).unwrap_or_default();
    list.chunks_exact(20).map(|chunk| Address(chunk.try_into().unwrap())).collect()
}

/// The hash owners sign (before the `personal_sign` prefix):
/// `keccak256(abi.encode(wallet, chainId, nonce, to, value, keccak256(data)))`.
fn transaction_hash(to: &Address, value: U256, data: &[u8], nonce: U256) -> [u8; 32] {
    let fields = (address(), U256::from(chain_id()), nonce, *to, value, keccak256(data));
    keccak256(&fields.encode_values())
}

fn execute((to, value, data, signatures): (Address, U256, Bytes, Bytes)) -> Result<Bytes, Revert> {
    let nonce = NONCE.get();
    let hash = transaction_hash(&to, value, &data.0, nonce);
    let signed = eth_signed_message_hash(&hash);
    let threshold = THRESHOLD.get().as_u64().unwrap_or(u64::MAX) as usize;
    if signatures.0.len() != threshold * 65 {
        return Err(Revert::reason("wrong number of signatures"));
    }
    let mut last = Address::ZERO;
    for signature in signatures.0.chunks_exact(65) {
        let rs: [u8; 64] = signature[..64].try_into().unwrap();
        let signer = ecrecover(&signed, signature[64], &rs).ok_or_else(|| Revert::reason("invalid signature"))?;
        if !IS_OWNER.get(&signer) {
            return Err(Revert::reason("signer is not an owner"));
        }
        if signer <= last {
            return Err(Revert::reason("signers not in ascending order"));
        }
        last = signer;
    }
    // The nonce moves before the call, so the call cannot replay the same approval.
    NONCE.set(nonce + U256::ONE);
    let (status, output) = calls::call(&to, value, &data.0, ALL_GAS);
    if status == Status::Reverted {
        return Err(Revert::data(output));
    }
    if status == Status::Failed {
        return Err(Revert::reason("call failed"));
    }
    Event::new(EXECUTED).topic(&hash).topic(&to).data(&value).data(&true).emit();
    Ok(Bytes(output))
}

fn deposit(_: ()) {
    Event::new(DEPOSITED).topic(&caller()).data(&call_value()).emit();
}

contracts_sdk::entry! {
    "execute(address,uint256,bytes,bytes)" => execute,
    "transactionHash(address,uint256,bytes,uint256)" =>
        |(to, value, data, nonce): (Address, U256, Bytes, U256)| transaction_hash(&to, value, &data.0, nonce),
    "deposit()" => deposit,
    "owners()" => |()| owners(),
    "isOwner(address)" => |(who,): (Address,)| IS_OWNER.get(&who),
    "threshold()" => |()| THRESHOLD.get(),
    "nonce()" => |()| NONCE.get(),
}
