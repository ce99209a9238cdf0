//! counter: the smallest useful contract. One number in storage slot 0 that anyone can read and increase.

#![no_std]

use contracts_sdk::prelude::*;

const COUNT: StorageCell<U256> = StorageCell::new(0);
const INCREMENTED: [u8; 32] = keccak256_const(b"Incremented(address,uint256)");

fn add((amount,): (U256,)) -> U256 {
    let count = COUNT.get().checked_add(amount).unwrap_or_else(|| revert("counter overflow"));
    COUNT.set(count);
    Event::new(INCREMENTED).topic(&caller()).data(&count).emit();
    count
}

contracts_sdk::entry! {
    "get()" => |()| COUNT.get(),
    "increment()" => |()| add((U256::ONE,)),
    "add(uint256)" => add,
}
