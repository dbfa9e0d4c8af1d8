//! Fuzz target `contact_csv`: see `kith_fuzz::contact_csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::contact_csv(data));
