//! The PySpark job (`examples/spark/extract_job.py`) in `local[2]` on the bundled Wikinews
//! corpus: its N-Quads part files, sorted, equal `depeche extract --format nquads` on the same
//! corpus, sorted, and the counts it prints are those of the quads.
//!
//! Needs Java, pyspark and maturin (which builds the `depeche` Python package's wheel, installed
//! in a virtual environment that sees the interpreter's pyspark); skipped with the reason when
//! one is missing, unless DEPECHE_REQUIRE_PYTHON is set (as `.ci/run` does, which installs them).

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn succeeds(command: &mut Command) -> bool {
    command.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
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

#[track_caller]
fn run(command: &mut Command, what: &str) {
    let output = command.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{what} could not start: {e}"));
    assert!(output.status.success(), "{what} failed:\n{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
}

/// A Python with this tree's `depeche` package and the interpreter's pyspark: a fresh virtual
/// environment (seeing the system's site packages) with the wheel maturin builds.
fn python_with_depeche() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let work = tmp.join("spark-job");
    let (wheels, venv) = (work.join("wheels"), work.join("venv"));
    // Fresh each run: an old wheel or install must not pass for this tree's.
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    run(Command::new("python3").args(["-m", "venv", "--system-site-packages"]).arg(&venv), "python3 -m venv");
    let python = venv.join("bin/python");
    // The same target folder as tests/python_package.rs, so the second build of the two is quick;
    // not this test's own, whose lock cargo holds.
    run(
        Command::new("maturin")
            .args(["build", "--release", "--manifest-path"])
            .arg(repo("crates/depeche-py/Cargo.toml"))
            .arg("--out")
            .arg(&wheels)
            .arg("--interpreter")
            .arg(&python)
            .env("CARGO_TARGET_DIR", tmp.join("maturin-target")),
        "maturin build",
    );
    let wheel = std::fs::read_dir(&wheels).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "whl")).expect("a wheel");
    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--force-reinstall"]).arg(&wheel), "pip install");
    python
}

fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().filter(|l| !l.is_empty()).map(str::to_string).collect();
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
        assert!(std::env::var_os("DEPECHE_REQUIRE_PYTHON").is_none(), "the Spark job test needs {} (DEPECHE_REQUIRE_PYTHON is set)", missing.join(", "));
        eprintln!("notice: skipping the Spark job test, which needs {}", missing.join(", "));
        return;
    }
    let python = python_with_depeche();
    let dir = tempdir();
    let corpus = repo("data/corpus/wikinews.jsonl.gz");
    let out = dir.path().join("quads");
    let job = Command::new(&python)
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

    let mut parts: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("part-")).collect();
    parts.sort();
    assert!(parts.len() >= 2, "one part file a partition: {parts:?}");
    let spark: String = parts.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let spark = sorted_lines(&spark);

    let extract = depeche(dir.path(), ["extract".as_ref(), corpus.as_os_str(), "--format".as_ref(), "nquads".as_ref()]);
    let want = sorted_lines(&extract.ok());
    assert!(want.len() > 10_000, "the corpus makes many quads: {}", want.len());
    assert_eq!(spark.len(), want.len(), "as many quads");
    assert!(spark == want, "the Spark job's quads differ from depeche extract's, first at {:?}", spark.iter().zip(&want).find(|(a, b)| a != b));

    // articles=N triples=N meetings=N ...: the counts of what it wrote.
    let stdout = String::from_utf8_lossy(&job.stdout);
    let figures: BTreeMap<&str, &str> = stdout.lines().last().unwrap_or_default().split(' ').filter_map(|kv| kv.split_once('=')).collect();
    let graphs: std::collections::BTreeSet<&str> = want.iter().filter_map(|q| q.rsplit_once(' ').and_then(|(rest, _)| rest.rsplit_once(' ')).map(|(_, g)| g)).collect();
    let meetings = want.iter().filter(|q| q.contains("> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.org/depeche/ns#Meeting> ")).count();
    assert!(meetings > 10, "the corpus has meetings: {meetings}");
    assert_eq!(figures.get("articles"), Some(&graphs.len().to_string().as_str()), "{stdout}");
    assert_eq!(figures.get("triples"), Some(&want.len().to_string().as_str()), "{stdout}");
    assert_eq!(figures.get("meetings"), Some(&meetings.to_string().as_str()), "{stdout}");
}
