//! Fuzz target `vcard`: see `kith_fuzz::vcard`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::vcard(data));
