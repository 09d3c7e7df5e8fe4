//! The whole extractor on any article text (see `check::extractor`).
#![no_main]

mod check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| check::extractor(data));
