//! Sentence and token segmentation on any text (see `check::segmenter`).
#![no_main]

mod check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| check::segmenter(data));
