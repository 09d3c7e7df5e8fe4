//! The browser page end to end in headless Chromium (driven by playwright-core from npm): load
//! the page, run the who-met-whom query, find the edge between the two persons of the seed
//! meeting in the graph, click a person, and save a screenshot as a test artefact
//! (`$CARGO_TARGET_TMPDIR/artefacts/serve-page.png`; set DEPECHE_SCREENSHOT=PATH to also write
//! it elsewhere, e.g. docs/serve-page.png).
//!
//! Needs `chromium` and `web/node_modules` (`cd web && npm ci`); `.ci/run` provides both and sets
//! DEPECHE_REQUIRE_BROWSER so CI never skips.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Stdio};

fn browser_available() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let found =
        node && Path::new(&chromium).exists() && repo("web/node_modules/playwright-core").is_dir();
    if !found {
        assert!(
            std::env::var_os("DEPECHE_REQUIRE_BROWSER").is_none(),
            "node, {chromium} and web/node_modules/playwright-core are required here (DEPECHE_REQUIRE_BROWSER is set)"
        );
        eprintln!(
            "notice: node, chromium or web/node_modules is missing; skipping the browser test"
        );
    }
    found
}

#[test]
fn the_page_shows_who_met_whom_as_a_graph() {
    if !browser_available() {
        return;
    }
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let server = Server::start(&store, &[]);
    let names: Vec<String> = SeedGold::read().met().into_iter().collect();
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("artefacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    let shot = artefacts.join("serve-page.png");
    let _ = std::fs::remove_file(&shot);
    let mut command = Command::new("node");
    command
        .arg(repo("web/test/browser.mjs"))
        .args(["--url", &format!("{}/", server.url)])
        .args(["--names", &names.join("|")])
        .arg("--out")
        .arg(&shot)
        .current_dir(repo("web"))
        .stdin(Stdio::null());
    if let Ok(path) = std::env::var("CHROMIUM") {
        command.args(["--chromium", &path]);
    }
    let output = command.output().expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "the browser test failed:\n{report}"
    );
    assert!(
        std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000),
        "a screenshot at {}",
        shot.display()
    );
    eprintln!("screenshot saved: {}", shot.display());
    if let Ok(copy) = std::env::var("DEPECHE_SCREENSHOT") {
        std::fs::copy(&shot, &copy).unwrap();
    }
}
