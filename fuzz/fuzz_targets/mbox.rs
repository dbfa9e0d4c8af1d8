//! Fuzz target `mbox`: see `kith_fuzz::mbox`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::mbox(data));
