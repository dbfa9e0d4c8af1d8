//! Fuzz target `zoning`: see `kith_fuzz::zoning`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::zoning(data));
