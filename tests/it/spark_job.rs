//! The PySpark job (`examples/spark/extract_job.py`) in `local[2]` on the bundled Wikinews
//! corpus: its N-Quads part files, sorted, equal `depeche extract --format nquads` on the same
//! corpus, sorted, and the counts it prints are those of the quads.
//!
//! Needs Java, pyspark and maturin (which builds the `depeche` Python package's wheel, installed
//! in a virtual environment that sees the interpreter's pyspark); skipped with the reason when
//! one is missing, unless DEPECHE_REQUIRE_PYTHON is set (as `.ci/run` does, which installs them).

use crate::common::*;
use crate::support::python::python_with_depeche;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};

fn succeeds(command: &mut Command) -> bool {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What the test needs and is not here.
fn missing() -> Vec<&'static str> {
    let mut missing = Vec::new();
    if !succeeds(Command::new("java").arg("-version")) {
        missing.push("java (apt-get install openjdk-17-jre-headless)");
    }
    if !succeeds(Command::new("python3").args(["-c", "import pyspark"])) {
        missing.push("pyspark (pip install pyspark)");
    }
    if !succeeds(Command::new("maturin").arg("--version")) {
        missing.push("maturin (pip install -r requirements-ci.txt)");
    }
    missing
}

fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn the_spark_job_writes_the_quads_depeche_extract_writes() {
    if !repo("crates/depeche-py/Cargo.toml").is_file() {
        // A tree without the Python package (a branch from before it) has nothing to run.
        eprintln!("notice: skipping the Spark job test: crates/depeche-py is not in this tree");
        return;
    }
    let missing = missing();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("DEPECHE_REQUIRE_PYTHON").is_none(),
            "the Spark job test needs {} (DEPECHE_REQUIRE_PYTHON is set)",
            missing.join(", ")
        );
        eprintln!(
            "notice: skipping the Spark job test, which needs {}",
            missing.join(", ")
        );
        return;
    }
    let python = &python_with_depeche().python;
    let dir = tempdir();
    let corpus = repo("data/corpus/wikinews.jsonl.gz");
    let out = dir.path().join("quads");
    let job = Command::new(python)
        .arg(repo("examples/spark/extract_job.py"))
        .arg(&corpus)
        .arg(&out)
        .args(["--master", "local[2]", "--partitions", "4"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&job.stderr);
    assert!(job.status.success(), "the Spark job failed: {stderr}");

    let mut parts: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("part-")
        })
        .collect();
    parts.sort();
    assert!(parts.len() >= 2, "one part file a partition: {parts:?}");
    let spark: String = parts
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let spark = sorted_lines(&spark);

    let extract = depeche(
        dir.path(),
        [
            "extract".as_ref(),
            corpus.as_os_str(),
            "--format".as_ref(),
            "nquads".as_ref(),
        ],
    );
    let want = sorted_lines(&extract.ok());
    assert!(
        want.len() > 10_000,
        "the corpus makes many quads: {}",
        want.len()
    );
    assert_eq!(spark.len(), want.len(), "as many quads");
    assert!(
        spark == want,
        "the Spark job's quads differ from depeche extract's, first at {:?}",
        spark.iter().zip(&want).find(|(a, b)| a != b)
    );

    // articles=N triples=N meetings=N ...: the counts of what it wrote.
    let stdout = String::from_utf8_lossy(&job.stdout);
    let figures: BTreeMap<&str, &str> = stdout
        .lines()
        .last()
        .unwrap_or_default()
        .split(' ')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let graphs: std::collections::BTreeSet<&str> = want
        .iter()
        .filter_map(|q| {
            q.rsplit_once(' ')
                .and_then(|(rest, _)| rest.rsplit_once(' '))
                .map(|(_, g)| g)
        })
        .collect();
    let meetings = want.iter().filter(|q| q.contains("> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.org/depeche/ns#Meeting> ")).count();
    assert!(meetings > 10, "the corpus has meetings: {meetings}");
    assert_eq!(
        figures.get("articles"),
        Some(&graphs.len().to_string().as_str()),
        "{stdout}"
    );
    assert_eq!(
        figures.get("triples"),
        Some(&want.len().to_string().as_str()),
        "{stdout}"
    );
    assert_eq!(
        figures.get("meetings"),
        Some(&meetings.to_string().as_str()),
        "{stdout}"
    );
}
