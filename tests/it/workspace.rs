//! The crates keep to their concerns: nothing the extractor or the output crate depends on,
//! directly or not, is Oxigraph's store, RocksDB, an HTTP stack or tokio, and the store reaches
//! no HTTP server, tokio or command-line crate (ARCHITECTURE.md, "Crates"). Read from Cargo.lock, which
//! lists every package's dependencies as resolved, so a new dependency that pulls one of them in
//! fails here rather than in a twenty-minute build of the Python wheel.

use std::collections::{BTreeMap, BTreeSet};

/// Packages `depeche-extract` and `depeche-output` must never reach.
const FORBIDDEN: &[&str] = &[
    "oxigraph",
    "oxrocksdb-sys",
    "tokio",
    "hyper",
    "axum",
    "ureq",
    "rustls",
];

/// Each crate with what it must never reach (ARCHITECTURE.md, "Crates").
const RULES: &[(&str, &[&str])] = &[
    ("depeche-extract", FORBIDDEN),
    // Pure triples to bytes: the writers must not reach the store either, nor the extractor's
    // caller-side crates.
    ("depeche-output", FORBIDDEN),
    // The store is a library the server and the CLI call: it serves nothing and draws no
    // terminal (a remote store is reached with the blocking client ureq).
    (
        "depeche-store",
        &["tokio", "axum", "hyper", "clap", "indicatif"],
    ),
    // The server answers HTTP and leaves the terminal to the binary.
    ("depeche-server", &["clap", "indicatif"]),
];

/// Each package of Cargo.lock with the names of its dependencies (a version suffix dropped:
/// the closure is over names, which can only make it larger).
fn lock_graph(lock: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in lock.split("[[package]]").skip(1) {
        let mut name = None;
        let mut deps = BTreeSet::new();
        let mut in_deps = false;
        for line in package.lines().map(str::trim) {
            if let Some(value) = line.strip_prefix("name = ") {
                name = Some(value.trim_matches('"').to_string());
            } else if line.starts_with("dependencies = [") {
                in_deps = true;
            } else if in_deps && line.starts_with(']') {
                in_deps = false;
            } else if in_deps {
                let dep = line.trim_end_matches(',').trim_matches('"');
                deps.insert(dep.split(' ').next().unwrap_or(dep).to_string());
            }
        }
        let name = name.expect("every [[package]] of Cargo.lock has a name");
        graph.entry(name).or_default().extend(deps);
    }
    graph
}

#[test]
fn the_pure_crates_never_depend_on_the_store_http_or_tokio() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock");
    let graph = lock_graph(&lock);
    // The check can fail: the depeche crate does reach them.
    let reach = |root: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![root.to_string()];
        while let Some(name) = todo.pop() {
            for dep in graph.get(&name).into_iter().flatten() {
                if seen.insert(dep.clone()) {
                    todo.push(dep.clone());
                }
            }
        }
        seen
    };
    let depeche = reach("depeche");
    assert!(
        depeche.contains("oxrocksdb-sys") && depeche.contains("tokio"),
        "the lock file was not read: {depeche:?}"
    );
    for (krate, forbidden) in RULES {
        let reached = reach(krate);
        assert!(
            reached.contains("oxrdf"),
            "{krate} is not in Cargo.lock: {reached:?}"
        );
        let found: Vec<&&str> = forbidden
            .iter()
            .filter(|name| reached.contains(**name))
            .collect();
        assert!(
            found.is_empty(),
            "{krate} depends on {found:?}, which it must not (ARCHITECTURE.md)"
        );
    }
}
