//! Fuzz target `mail_header`: see `kith_fuzz::mail_header`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::mail_header(data));
