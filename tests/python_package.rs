//! The Python package (crates/depeche-py): built into a wheel by maturin, installed in a fresh
//! virtual environment, and tested there by its pytest tests, which also compare its N-Quads
//! with this build's `depeche extract`.
//!
//! Skipped, with the reason printed, when maturin, pytest, pyoxigraph or rdflib is missing, unless
//! DEPECHE_REQUIRE_PYTHON is set (as `.ci/run` does, after installing them from
//! requirements-ci.txt): then it fails.

mod common;

use common::repo;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The modules the tests need in the interpreter the virtual environment is made from.
const MODULES: &str = "import pytest, pyoxigraph, rdflib";

/// What is missing to build and test the package, if anything.
fn missing() -> Option<String> {
    let has_maturin = Command::new("maturin").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if !has_maturin {
        return Some("maturin is not installed (pip install -r requirements-ci.txt)".into());
    }
    let modules = Command::new("python3").args(["-c", MODULES]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    if !modules.is_ok_and(|s| s.success()) {
        return Some("python3 lacks pytest, pyoxigraph or rdflib (pip install -r requirements-ci.txt)".into());
    }
    None
}

#[track_caller]
fn run(command: &mut Command, what: &str) -> String {
    let output = command.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{what} could not start: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{what} failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// The one wheel in `dir`.
fn wheel_in(dir: &Path) -> PathBuf {
    let wheels: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("maturin's output folder")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "one wheel in {}: {wheels:?}", dir.display());
    wheels.into_iter().next().expect("one wheel")
}

#[test]
fn the_python_package_builds_installs_and_passes_its_tests() {
    if let Some(reason) = missing() {
        assert!(std::env::var_os("DEPECHE_REQUIRE_PYTHON").is_none(), "the Python package test needs what is missing here (DEPECHE_REQUIRE_PYTHON is set): {reason}");
        eprintln!("notice: skipping the Python package test: {reason}");
        return;
    }
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python-package");
    let wheels = work.join("wheels");
    let venv = work.join("venv");
    // Fresh each run: an old wheel or an old install must not pass for this one.
    let _ = std::fs::remove_dir_all(&wheels);
    let _ = std::fs::remove_dir_all(&venv);
    std::fs::create_dir_all(&work).expect("the test's work folder");

    // The venv sees the interpreter's pytest, pyoxigraph and rdflib, so nothing is downloaded.
    run(Command::new("python3").args(["-m", "venv", "--system-site-packages"]).arg(&venv), "python3 -m venv");
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
            .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("maturin-target")),
        "maturin build",
    );
    eprintln!("{built}");
    let wheel = wheel_in(&wheels);
    let name = wheel.file_name().expect("a file name").to_string_lossy().into_owned();
    // One wheel for every CPython from 3.9 on: the stable ABI's tag.
    assert!(name.starts_with("depeche-") && name.contains("-cp39-abi3-"), "{name}");

    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--force-reinstall"]).arg(&wheel), "pip install");
    let report = run(
        Command::new(&python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs"])
            .arg(repo("crates/depeche-py/tests"))
            .env("DEPECHE_BIN", env!("CARGO_BIN_EXE_depeche"))
            // Not the source folder: the installed module, from site-packages.
            .current_dir(&work),
        "pytest",
    );
    eprintln!("{report}");
    assert!(report.contains(" passed") && !report.contains(" skipped"), "every Python test ran:\n{report}");
}
