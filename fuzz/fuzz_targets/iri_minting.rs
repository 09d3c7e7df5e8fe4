//! IRI minting on any name and article id (see `check::iri_minting`).
#![no_main]

mod check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|name: &str| check::iri_minting(name));
