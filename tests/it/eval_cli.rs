//! `depeche eval` through the binary: the same report as the shared scorer, and thresholds that
//! turn into an exit status.

use crate::common::depeche_command;

fn eval(args: &[&str]) -> std::process::Output {
    depeche_command()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("eval")
        .args(args)
        .output()
        .expect("depeche runs")
}

#[test]
fn scores_the_bundled_gold_with_totals_per_metric() {
    // All 31 bundled articles (measured 0.712 strict, 0.840 entities); the first five alone stay
    // above 0.90 in tests/it/extraction_quality.rs.
    let out = eval(&[
        "data/eval/gold",
        "-v",
        "--min-strict-f1",
        "0.69",
        "--min-entity-f1",
        "0.83",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("doc "), "{stdout}");
    for id in ["fr-seed", "fr-04", "fr-07", "en-01", "en-03"] {
        assert!(
            stdout.lines().any(|l| l.starts_with(id)),
            "no line for {id}: {stdout}"
        );
    }
    for metric in ["total entities", "total pairs", "total strict"] {
        assert!(stdout.contains(metric), "{stdout}");
    }
}

#[test]
fn a_missed_threshold_is_one_sentence_and_exit_1() {
    let out = eval(&["data/eval/gold/fr-seed.json", "--min-entity-f1", "1.01"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("entity F1") && stderr.contains("below 1.01"),
        "{stderr}"
    );
}

#[test]
fn a_missing_gold_file_is_an_error() {
    let out = eval(&["no/such/gold.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}
