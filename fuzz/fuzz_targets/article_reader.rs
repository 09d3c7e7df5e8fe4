//! The article reader on any bytes (see `check::article_reader`).
#![no_main]

mod check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| check::article_reader(data));
