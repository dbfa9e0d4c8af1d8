//! Fuzz target `ical`: see `kith_fuzz::ical`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::ical(data));
