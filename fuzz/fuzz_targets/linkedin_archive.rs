//! Fuzz target `linkedin_archive`: see `kith_fuzz::linkedin_archive`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::linkedin_archive(data));
