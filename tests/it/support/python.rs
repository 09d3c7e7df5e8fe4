//! A Python with this tree's `depeche` package: a fresh virtual environment that sees the
//! interpreter's own packages (pytest, pyoxigraph, rdflib, pyspark), so nothing is downloaded,
//! with the wheel maturin builds from crates/depeche-py installed. Built once per run of the test
//! binary and shared by the tests that need it (`python_package`, `spark_job`).

use crate::common::repo;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The virtual environment's interpreter and the wheel installed in it.
pub struct WithDepeche {
    /// `venv/bin/python`.
    pub python: PathBuf,
    /// The wheel maturin built.
    pub wheel: PathBuf,
}

/// Runs a command to its end and returns its standard output; panics with both outputs when it
/// fails.
#[track_caller]
pub fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what} could not start: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The environment, built by the first test that asks (a panic there fails that test, and the
/// next one tries again).
pub fn python_with_depeche() -> &'static WithDepeche {
    static BUILT: OnceLock<WithDepeche> = OnceLock::new();
    BUILT.get_or_init(build)
}

fn build() -> WithDepeche {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let work = tmp.join("python-depeche");
    let (wheels, venv) = (work.join("wheels"), work.join("venv"));
    // Fresh each run: an old wheel or an old install must not pass for this tree's.
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("the work folder of the Python tests");
    run(
        Command::new("python3")
            .args(["-m", "venv", "--system-site-packages"])
            .arg(&venv),
        "python3 -m venv",
    );
    let python = venv.join("bin/python");
    // maturin's cargo gets its own target folder: this test's cargo holds the lock of its own,
    // and the extension is built with other settings than the test binaries anyway.
    let built = run(
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
    eprintln!("{built}");
    let found: Vec<PathBuf> = std::fs::read_dir(&wheels)
        .expect("maturin's output folder")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one wheel in {}: {found:?}",
        wheels.display()
    );
    let wheel = found.into_iter().next().expect("one wheel");
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--no-index",
                "--force-reinstall",
            ])
            .arg(&wheel),
        "pip install",
    );
    WithDepeche { python, wheel }
}
