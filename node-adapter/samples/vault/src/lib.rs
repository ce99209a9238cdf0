//! vault: holds ether for depositors. **Deliberately vulnerable to reentrancy**: `withdraw` sends the money before it
//! clears the balance, the classic bug of The DAO. It does not opt in to reentrancy (no `allow_reentrancy!()`), so
//! the host refuses any call that would enter it while its `withdraw` is still running, and the bug cannot be
//! exploited: the reentrancy test (tests/Contracts.Samples.Tests) shows the attack failing, and succeeding once the
//! `contracts.reentrant` section is added to this same module.

#![no_std]

use contracts_sdk::calls::{self, Status, ALL_GAS};
use contracts_sdk::prelude::*;

const BALANCES: StorageMap<Address, U256> = StorageMap::new(0);

const DEPOSITED: [u8; 32] = keccak256_const(b"Deposited(address,uint256)");
const WITHDRAWN: [u8; 32] = keccak256_const(b"Withdrawn(address,uint256)");

fn deposit(_: ()) {
    let who = caller();
    let amount = call_value();
    require(!amount.is_zero(), "nothing deposited");
    BALANCES.set(&who, BALANCES.get(&who).checked_add(amount).unwrap_or_else(|| revert("balance overflow")));
    Event::new(DEPOSITED).topic(&who).data(&amount).emit();
}

fn withdraw(_: ()) -> U256 {
    let who = caller();
    let amount = BALANCES.get(&who);
    require(!amount.is_zero(), "nothing to withdraw");
    // The bug: the ether goes out (and the recipient's code runs) while the balance still says `amount`.
    let (status, _) = calls::call(&who, amount, &[], ALL_GAS);
    require(status == Status::Success, "transfer failed");
    BALANCES.set(&who, U256::ZERO);
    Event::new(WITHDRAWN).topic(&who).data(&amount).emit();
    amount
}

contracts_sdk::entry! {
    "deposit()" => deposit,
    "withdraw()" => withdraw,
    "balanceOf(address)" => |(who,): (Address,)| BALANCES.get(&who),
}
