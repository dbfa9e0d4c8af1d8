//! Fuzz target `mail_body`: see `kith_fuzz::mail_body`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::mail_body(data));
