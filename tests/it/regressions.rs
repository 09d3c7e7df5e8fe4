//! Regression tests from fuzzing: the inputs that crashed a fuzz target, and the fuzz corpus
//! (`fuzz/corpus/<target>/`), run through the targets' own checks (`fuzz/fuzz_targets/check.rs`).
//!
//! - `tests/regressions/<target>/`: crashes found and fixed; each must keep passing.
//! - `tests/regressions/known/<target>/`: crashes in the extraction modules that their owner is
//!   fixing; each has an ignored test below, to un-ignore with the fix (`FUZZING.md` lists them).

use crate::check;

use std::path::{Path, PathBuf};

/// Runs one input through a fuzz target's checks; panics as the fuzzer would have crashed.
fn run(target: &str, data: &[u8]) {
    match target {
        "article_reader" => check::article_reader(data),
        "segmenter" => check::segmenter(data),
        "extractor" => check::extractor(data),
        "iri_minting" => {
            // libFuzzer hands a `&str` target only inputs that are UTF-8.
            if let Ok(name) = std::str::from_utf8(data) {
                check::iri_minting(name)
            }
        }
        other => panic!("no fuzz target {other}"),
    }
}

/// The files under `dir/<target>/`, by target, sorted.
fn inputs(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    // A missing folder is an error, not zero inputs: the test would pass having checked nothing.
    let targets =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for target in targets.flatten().filter(|t| t.path().is_dir()) {
        let name = target.file_name().to_string_lossy().into_owned();
        if name == "known" {
            continue;
        }
        for file in std::fs::read_dir(target.path()).unwrap().flatten() {
            found.push((name.clone(), file.path()));
        }
    }
    found.sort();
    found
}

/// Runs every input under `dir` on all cores; fails naming each input that fails.
fn run_all(dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let inputs = inputs(&root);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let failed: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|k| {
                let inputs = &inputs;
                scope.spawn(move || {
                    let mut failed = Vec::new();
                    for (target, path) in inputs.iter().skip(k).step_by(threads) {
                        let data = std::fs::read(path).unwrap();
                        if std::panic::catch_unwind(|| run(target, &data)).is_err() {
                            failed.push(format!("{target}: {}", path.display()));
                        }
                    }
                    failed
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(failed.is_empty(), "failing inputs:\n{}", failed.join("\n"));
    inputs.len()
}

#[test]
fn fixed_crashes_stay_fixed() {
    let n = run_all("tests/regressions");
    assert!(
        n > 0,
        "no crash inputs in tests/regressions/<target>/: the folder lost its files"
    );
    eprintln!("{n} fixed crash inputs pass");
}

#[test]
fn the_fuzz_corpus_still_passes() {
    let n = run_all("fuzz/corpus");
    assert!(n > 0, "the fuzz corpus is missing");
    eprintln!("{n} corpus inputs pass");
}

fn crash(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions")
            .join(name),
    )
    .unwrap()
}

/// "Le Dr. d'" in English: a title's determiner reached into the previous mention and an
/// apposition sliced backwards (src/mentions.rs). Found by tests/it/properties.rs; fixed in
/// mentions.rs (4072d2b).
#[test]
fn mentions_apposition_slice() {
    run("extractor", &crash("extractor/mentions-apposition-slice"));
}
