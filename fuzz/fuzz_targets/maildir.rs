//! Fuzz target `maildir`: see `kith_fuzz::maildir`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::maildir(data));
