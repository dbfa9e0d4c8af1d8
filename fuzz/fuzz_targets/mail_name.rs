//! Fuzz target `mail_name`: see `kith_fuzz::mail_name`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::mail_name(data));
