//! The Python package (crates/depeche-py): built into a wheel by maturin, installed in a fresh
//! virtual environment, and tested there by its pytest tests, which also compare its N-Quads
//! with this build's `depeche extract`.
//!
//! Skipped, with the reason printed, when maturin, pytest, pyoxigraph or rdflib is missing, unless
//! DEPECHE_REQUIRE_PYTHON is set (as `.ci/run` does, after installing them from
//! requirements-ci.txt): then it fails.

use crate::common::{clean_env, repo, tempdir};
use crate::support::python::{python_with_depeche, run, WithDepeche};
use std::process::{Command, Stdio};

/// The modules the tests need in the interpreter the virtual environment is made from.
const MODULES: &str = "import pytest, pyoxigraph, rdflib";

/// What is missing to build and test the package, if anything.
fn missing() -> Option<String> {
    let has_maturin = Command::new("maturin")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_maturin {
        return Some("maturin is not installed (pip install -r requirements-ci.txt)".into());
    }
    let modules = Command::new("python3")
        .args(["-c", MODULES])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !modules.is_ok_and(|s| s.success()) {
        return Some(
            "python3 lacks pytest, pyoxigraph or rdflib (pip install -r requirements-ci.txt)"
                .into(),
        );
    }
    None
}

#[test]
fn the_python_package_builds_installs_and_passes_its_tests() {
    if let Some(reason) = missing() {
        assert!(std::env::var_os("DEPECHE_REQUIRE_PYTHON").is_none(), "the Python package test needs what is missing here (DEPECHE_REQUIRE_PYTHON is set): {reason}");
        eprintln!("notice: skipping the Python package test: {reason}");
        return;
    }
    let WithDepeche { python, wheel } = python_with_depeche();
    let name = wheel
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    // One wheel for every CPython from 3.9 on: the stable ABI's tag.
    assert!(
        name.starts_with("depeche-") && name.contains("-cp39-abi3-"),
        "{name}"
    );

    let work = tempdir();
    let report = run(
        clean_env(&mut Command::new(python))
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs"])
            .arg(repo("crates/depeche-py/tests"))
            .env("DEPECHE_BIN", env!("CARGO_BIN_EXE_depeche"))
            // Not the source folder: the installed module, from site-packages.
            .current_dir(work.path()),
        "pytest",
    );
    eprintln!("{report}");
    assert!(
        report.contains(" passed") && !report.contains(" skipped"),
        "every Python test ran:\n{report}"
    );
}
