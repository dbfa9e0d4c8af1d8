//! Fuzz target `json_restore`: see `kith_fuzz::json_restore`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::json_restore(data));
