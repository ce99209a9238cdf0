//! Entry points: `call` dispatching on the 4-byte selector, the `deploy` constructor, and what handlers may return.

use crate::abi::{AbiType, AbiValues, Bytes};
use crate::address::Address;
use crate::io::{output, revert, Revert};
use crate::u256::U256;
use alloc::string::String;
use alloc::vec::Vec;

/// What a handler returns: `()` (no output), one ABI value, a tuple (several return values, encoded as a
/// sequence as Solidity's `returns (a, b)`), or `Result<_, Revert>` (reverts on `Err`).
pub trait HandlerOutput {
    fn finish(self);
}

impl<T: AbiValues> HandlerOutput for T {
    fn finish(self) {
        let data = self.encode_values();
        if !data.is_empty() {
            output(&data);
        }
    }
}

macro_rules! single_output {
    ($($t:ty),*) => {$(
        impl HandlerOutput for $t {
            fn finish(self) {
                let mut data = Vec::new();
                let head = <$t as AbiType>::HEAD_SIZE;
                if <$t as AbiType>::DYNAMIC {
                    let mut offset = [0u8; 32];
                    offset[31] = head as u8;
                    data.extend_from_slice(&offset);
                }
                self.encode(&mut data);
                output(&data);
            }
        }
    )*};
}

single_output!(U256, Address, bool, String, Bytes, &'static str, u8, u16, u32, u64, u128, i8, i16, i32, i64, i128);

impl<T: AbiType> HandlerOutput for Vec<T> {
    fn finish(self) {
        (self,).finish()
    }
}

impl<const N: usize> HandlerOutput for [u8; N] {
    fn finish(self) {
        (self,).finish()
    }
}

impl<T: HandlerOutput> HandlerOutput for Result<T, Revert> {
    fn finish(self) {
        match self {
            Ok(value) => value.finish(),
            Err(reason) => reason.raise(),
        }
    }
}

/// Decodes `data` as the handler's arguments (reverting with "invalid arguments" when they do not decode), runs
/// it and sets its output.
pub fn run<Args: AbiValues, Out: HandlerOutput, Handler: FnOnce(Args) -> Out>(data: &[u8], handler: Handler) {
    match Args::decode_values(data) {
        Ok(args) => handler(args).finish(),
        Err(_) => revert("invalid arguments"),
    }
}

/// Declares the contract's `call` export: a table from canonical signatures to handlers.
/// ```ignore
/// contracts_sdk::entry! {
///     "balanceOf(address)" => balance_of,          // fn balance_of((owner,): (Address,)) -> U256
///     "transfer(address,uint256)" => transfer,     // fn transfer((to, amount): (Address, U256)) -> bool
///     "totalSupply()" => |()| TOTAL.get(),
/// }
/// ```
/// Selectors are computed at compile time. An unknown selector reverts with "unknown function selector", input
/// shorter than 4 bytes (including a plain value transfer) with "missing function selector".
///
/// A contract that must accept plain value transfers or unknown calls (Solidity's `receive`/`fallback`) names a
/// fallback first; it runs with the whole input whenever no selector matches:
/// ```ignore
/// contracts_sdk::entry! {
///     fallback: |input: Vec<u8>| { /* input.is_empty() for a plain transfer */ },
///     "withdraw()" => withdraw,
/// }
/// ```
#[macro_export]
macro_rules! entry {
    (fallback: $fallback:expr, $($signature:literal => $handler:expr),* $(,)?) => {
        #[no_mangle]
        pub extern "C" fn call() {
            let input = $crate::io::input();
            if input.len() >= 4 {
                let selector = [input[0], input[1], input[2], input[3]];
                $(
                    {
                        const SELECTOR: [u8; 4] = $crate::abi::selector($signature);
                        if selector == SELECTOR {
                            return $crate::entry::run(&input[4..], $handler);
                        }
                    }
                )*
            }
            $crate::entry::HandlerOutput::finish(($fallback)(input))
        }
    };
    ($($signature:literal => $handler:expr),* $(,)?) => {
        #[no_mangle]
        pub extern "C" fn call() {
            let input = $crate::io::input();
            if input.len() < 4 {
                $crate::io::revert("missing function selector")
            }
            let selector = [input[0], input[1], input[2], input[3]];
            $(
                {
                    const SELECTOR: [u8; 4] = $crate::abi::selector($signature);
                    if selector == SELECTOR {
                        return $crate::entry::run(&input[4..], $handler);
                    }
                }
            )*
            $crate::io::revert("unknown function selector")
        }
    };
}

/// Declares the contract's `deploy` export (its constructor), run once at creation with the constructor arguments:
/// `contracts_sdk::constructor!(|(supply,): (U256,)| { … });`
#[macro_export]
macro_rules! constructor {
    ($handler:expr) => {
        #[no_mangle]
        pub extern "C" fn deploy() {
            $crate::entry::run(&$crate::io::input(), $handler)
        }
    };
}

/// Opts this contract in to reentrancy (the `contracts.reentrant` custom section). Without it, a call that would
/// enter the contract while it already has a frame on the call stack fails and the contract never runs.
#[macro_export]
macro_rules! allow_reentrancy {
    () => {
        #[link_section = "contracts.reentrant"]
        #[used]
        static CONTRACTS_REENTRANT: [u8; 1] = [1];
    };
}
