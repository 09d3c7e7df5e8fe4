//! The end-to-end tests, through the binary and the library, in one test binary: each test
//! binary links RocksDB, and with one per file the links took longer than the tests ran.
//!
//! One module per concern, as the files were. `cargo test --release --test it -- MODULE::` runs
//! one of them (e.g. `-- serve::`).

mod common;
// The invariants shared with the fuzz targets (properties, regressions).
#[path = "../../fuzz/fuzz_targets/check.rs"]
mod check;
mod support {
    //! Helpers some modules share beyond `common`.
    pub mod corpus;
    pub mod python;
}

mod browser;
mod bundled_queries;
mod cli;
mod concurrency;
mod corpus_scale;
mod crash_safety;
mod errors;
mod eval_cli;
mod export_formats;
mod extraction_quality;
mod generated_tables;
mod hostile_input;
mod limits;
mod link;
mod meeting_patterns;
mod properties;
mod python_package;
mod regressions;
mod remote_store;
mod serve;
mod spark_job;
mod streaming;
mod summaries;
mod untrusted_output;
mod virtuoso;
mod workspace;
