//! token: an ERC-20 token. The constructor takes no arguments and mints the whole fixed supply to the deployer, so a
//! bare `cast send --create "0x$(xxd -p token.wasm | tr -d '\n')"` deploys it. Storage follows Solidity's layout for
//! `uint256 totalSupply; mapping(address => uint256) balances; mapping(address => mapping(address => uint256))
//! allowances;` (slots 0, 1, 2), so `eth_getStorageAt` reads balances where an ERC-20 indexer expects them.

#![no_std]

use contracts_sdk::prelude::*;

const NAME: &str = "Sample Token";
const SYMBOL: &str = "SMPL";
const DECIMALS: u8 = 18;
/// 1,000,000 tokens of 18 decimals.
const SUPPLY: U256 = U256::from_u128(1_000_000 * 1_000_000_000_000_000_000);

const TOTAL_SUPPLY: StorageCell<U256> = StorageCell::new(0);
const BALANCES: StorageMap<Address, U256> = StorageMap::new(1);
const ALLOWANCES: StorageMap2<Address, Address, U256> = StorageMap2::new(2);

const TRANSFER: [u8; 32] = keccak256_const(b"Transfer(address,address,uint256)");
const APPROVAL: [u8; 32] = keccak256_const(b"Approval(address,address,uint256)");

contracts_sdk::constructor!(|()| {
    let owner = caller();
    TOTAL_SUPPLY.set(SUPPLY);
    BALANCES.set(&owner, SUPPLY);
    Event::new(TRANSFER).topic(&Address::ZERO).topic(&owner).data(&SUPPLY).emit();
});

/// Moves `amount` from `from` to `to`, emitting `Transfer`.
fn move_tokens(from: Address, to: Address, amount: U256) -> Result<(), Revert> {
    if to.is_zero() {
        return Err(Revert::reason("transfer to the zero address"));
    }
    let from_balance = BALANCES.get(&from);
    let remaining = from_balance.checked_sub(amount).ok_or_else(|| Revert::reason("insufficient balance"))?;
    BALANCES.set(&from, remaining);
    // Cannot overflow: every balance is part of the fixed total supply.
    let to_balance = BALANCES.get(&to);
    BALANCES.set(&to, to_balance.wrapping_add(amount));
    Event::new(TRANSFER).topic(&from).topic(&to).data(&amount).emit();
    Ok(())
}

fn approve_tokens(owner: Address, spender: Address, amount: U256) -> Result<(), Revert> {
    if spender.is_zero() {
        return Err(Revert::reason("approve to the zero address"));
    }
    ALLOWANCES.set(&owner, &spender, amount);
    Event::new(APPROVAL).topic(&owner).topic(&spender).data(&amount).emit();
    Ok(())
}

fn transfer((to, amount): (Address, U256)) -> Result<bool, Revert> {
    move_tokens(caller(), to, amount)?;
    Ok(true)
}

fn approve((spender, amount): (Address, U256)) -> Result<bool, Revert> {
    approve_tokens(caller(), spender, amount)?;
    Ok(true)
}

/// Spends `amount` of the caller's allowance from `from`; an allowance of `U256::MAX` is unlimited and never
/// decreases (as OpenZeppelin's ERC-20).
fn transfer_from((from, to, amount): (Address, Address, U256)) -> Result<bool, Revert> {
    let spender = caller();
    let allowance = ALLOWANCES.get(&from, &spender);
    if allowance != U256::MAX {
        let remaining = allowance.checked_sub(amount).ok_or_else(|| Revert::reason("insufficient allowance"))?;
        ALLOWANCES.set(&from, &spender, remaining);
    }
    move_tokens(from, to, amount)?;
    Ok(true)
}

contracts_sdk::entry! {
    "name()" => |()| NAME,
    "symbol()" => |()| SYMBOL,
    "decimals()" => |()| DECIMALS,
    "totalSupply()" => |()| TOTAL_SUPPLY.get(),
    "balanceOf(address)" => |(owner,): (Address,)| BALANCES.get(&owner),
    "allowance(address,address)" => |(owner, spender): (Address, Address)| ALLOWANCES.get(&owner, &spender),
    "transfer(address,uint256)" => transfer,
    "approve(address,uint256)" => approve,
    "transferFrom(address,address,uint256)" => transfer_from,
}
