//! factory: creates counters (the `counter` sample, embedded) at CREATE2 addresses and drives them through
//! cross-contract calls. It shows creation, address prediction (EIP-1014), calls that decode their results, static
//! calls, and how a callee's revert comes back to the caller.

#![no_std]

use contracts_sdk::calls::{self, create2_address};
use contracts_sdk::context::address;
use contracts_sdk::prelude::*;

/// The child contract: the committed counter module (build the counter sample first; build-all.sh does).
const COUNTER_CODE: &[u8] = include_bytes!("../../counter/counter.wasm");

const CHILDREN: StorageCell<U256> = StorageCell::new(0);

const CREATED: [u8; 32] = keccak256_const(b"Created(address,bytes32)");

const GET: [u8; 4] = selector("get()");
const ADD: [u8; 4] = selector("add(uint256)");

fn create_counter((salt,): ([u8; 32],)) -> Result<Address, Revert> {
    let child = calls::create2(COUNTER_CODE, call_value(), &salt)?;
    CHILDREN.set(CHILDREN.get() + U256::ONE);
    Event::new(CREATED).topic(&child).data(&salt).emit();
    Ok(child)
}

/// Adds through the child and returns its new count, read back with a static call.
fn add_to((child, amount): (Address, U256)) -> Result<U256, Revert> {
    let (returned,): (U256,) = calls::call_function(&child, ADD, &(amount,), U256::ZERO)?;
    let (read,): (U256,) = calls::static_call_function(&child, GET, &())?;
    require(read == returned, "child disagrees with itself");
    Ok(read)
}

contracts_sdk::entry! {
    "createCounter(bytes32)" => create_counter,
    "predict(bytes32)" => |(salt,): ([u8; 32],)| create2_address(&address(), &salt, COUNTER_CODE),
    "addTo(address,uint256)" => add_to,
    "countOf(address)" => |(child,): (Address,)| calls::static_call_function::<(), (U256,)>(&child, GET, &()).map(|(n,)| n),
    "children()" => |()| CHILDREN.get(),
    // Tries to write through a static call: the child's storage write traps, so this always reverts.
    "addStatically(address)" => |(child,): (Address,)| {
        calls::static_call_function::<(U256,), (U256,)>(&child, ADD, &(U256::ONE,)).map(|(n,)| n)
    },
}
