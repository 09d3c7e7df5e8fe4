//! `--store http://...` against a real, independently written SPARQL server: Oxigraph's own
//! `oxigraph serve` (PyPI package `oxigraph`), started on 127.0.0.1 with a temporary folder.
//! Every answer must equal the embedded store's.
//!
//! Skipped when `oxigraph` is not installed, unless DEPECHE_REQUIRE_REMOTE is set, as `.ci/run`
//! does, so CI never skips.

use crate::common::*;
use std::ffi::OsStr;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `oxigraph serve`, stopped when dropped (the link tests start one too).
pub(crate) struct Server {
    child: Child,
    pub(crate) url: String,
    _data: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn oxigraph_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DEPECHE_OXIGRAPH") {
        return Some(PathBuf::from(path));
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join("oxigraph"))
        .find(|p| p.is_file())
}

/// Starts a server, or returns `None` (the test is skipped) when there is none to start, unless
/// DEPECHE_REQUIRE_REMOTE is set, as `.ci/run` does.
pub(crate) fn start() -> Option<Server> {
    let Some(binary) = oxigraph_binary() else {
        assert!(
            std::env::var_os("DEPECHE_REQUIRE_REMOTE").is_none(),
            "the Oxigraph server (pip install oxigraph) is required here: DEPECHE_REQUIRE_REMOTE is set"
        );
        eprintln!("skipped: no oxigraph binary (pip install oxigraph)");
        return None;
    };
    let data = tempdir();
    // The system picks a free port; the server takes it a moment later.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&binary)
        .args(["serve", "--location"])
        .arg(data.path())
        .args([
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--union-default-graph",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    let server = Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _data: data,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "oxigraph serve did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(server)
}

fn run(dir: &Path, args: &[&OsStr]) -> Run {
    depeche(dir, args)
}

/// The answer as sorted lines: CSV for SELECT and ASK, N-Triples for CONSTRUCT.
fn query(dir: &Path, store: &OsStr, query: &OsStr) -> Vec<String> {
    let text = std::fs::read_to_string(query).unwrap_or_default();
    let format = if text.contains("CONSTRUCT") {
        "ntriples"
    } else {
        "csv"
    };
    let out = run(
        dir,
        &[
            "query".as_ref(),
            query,
            "--store".as_ref(),
            store,
            "--format".as_ref(),
            format.as_ref(),
        ],
    )
    .ok();
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    let header = usize::from(format == "csv");
    lines[header..].sort();
    lines
}

fn nquads(dir: &Path, store: &OsStr) -> Vec<String> {
    let out = run(
        dir,
        &[
            "export".as_ref(),
            "--store".as_ref(),
            store,
            "--format".as_ref(),
            "nquads".as_ref(),
        ],
    )
    .ok();
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

fn corpus() -> Vec<PathBuf> {
    vec![repo("data/articles"), repo("data/eval/articles")]
}

fn ingest_into(dir: &Path, store: &OsStr, paths: &[PathBuf]) -> Run {
    let mut args: Vec<&OsStr> = vec!["ingest".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    args.extend(["--store".as_ref(), store]);
    run(dir, &args)
}

#[test]
fn a_remote_store_answers_as_the_embedded_one() {
    let Some(server) = start() else { return };
    let dir = tempdir();
    let local = dir.path().join("local");
    let remote = OsStr::new(&server.url);
    ingest_into(dir.path(), local.as_os_str(), &corpus()).ok();
    let first = ingest_into(dir.path(), remote, &corpus());
    first.ok();
    assert!(
        first
            .stderr
            .contains(&format!("the store at {} now holds", server.url)),
        "{}",
        first.stderr
    );

    // Every bundled query, and the whole store, give the same answers.
    let mut queries: Vec<PathBuf> = std::fs::read_dir(repo("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    queries.sort();
    assert!(queries.len() >= 5);
    for q in &queries {
        let local_answer = query(dir.path(), local.as_os_str(), q.as_os_str());
        assert!(local_answer.len() > 1, "{} answers something", q.display());
        assert_eq!(
            query(dir.path(), remote, q.as_os_str()),
            local_answer,
            "{}",
            q.display()
        );
    }
    let dump = nquads(dir.path(), local.as_os_str());
    assert_eq!(nquads(dir.path(), remote), dump);

    // Graph pictures from the remote store, too.
    for view in ["people", "full", "timeline"] {
        let picture = |store: &OsStr| {
            run(
                dir.path(),
                &[
                    "export".as_ref(),
                    "--store".as_ref(),
                    store,
                    "--format".as_ref(),
                    "dot".as_ref(),
                    "--view".as_ref(),
                    view.as_ref(),
                ],
            )
            .ok()
        };
        let dot = picture(remote);
        assert!(dot.contains("digraph depeche {"), "{dot}");
        assert_eq!(dot, picture(local.as_os_str()), "{view} view");
    }

    // DEPECHE_STORE names the store for every command, as --store does.
    let by_env = depeche_command()
        .args(["export", "--format", "nquads"])
        .env("DEPECHE_STORE", &server.url)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        by_env.status.success(),
        "{}",
        String::from_utf8_lossy(&by_env.stderr)
    );
    let mut lines: Vec<String> = String::from_utf8(by_env.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    assert_eq!(lines, dump);

    // Re-ingest skips everything and changes nothing.
    let again = ingest_into(dir.path(), remote, &corpus());
    again.ok();
    assert!(
        again.stderr.contains("0 new, 0 replaced, 32 unchanged"),
        "{}",
        again.stderr
    );
    assert_eq!(nquads(dir.path(), remote), dump);
}

#[test]
fn surname_links_are_made_and_undone_over_the_protocol_as_locally() {
    let Some(server) = start() else { return };
    let dir = tempdir();
    let remote = OsStr::new(&server.url);
    let local = dir.path().join("local");
    let write = |id: &str, date: &str, body: &str| {
        let path = dir.path().join(format!("{id}.txt"));
        std::fs::write(
            &path,
            format!("---\nid: {id}\nlang: fr\ndate: {date}\n---\n{body}\n"),
        )
        .unwrap();
        path
    };
    let full = write("full", "2019-03-04", "Le ministre français de l'Agriculture, Jean-Marc Kervadec, a reçu lundi à Paris le ministre canadien du Commerce, Paul Lindqvist.");
    let surname = write(
        "surname",
        "2019-03-06",
        "M. Kervadec a rencontré mercredi à Bruxelles le commissaire européen Hans Vollmer.",
    );
    let namesake = write(
        "namesake",
        "2019-03-08",
        "Le député breton Yann Kervadec a rencontré vendredi à Rennes la maire Sophie Lemarchand.",
    );
    for step in [
        vec![surname.clone()],
        vec![full.clone()],
        vec![namesake.clone()],
    ] {
        let r = ingest_into(dir.path(), remote, &step);
        r.ok();
        ingest_into(dir.path(), local.as_os_str(), &step).ok();
        assert_eq!(
            nquads(dir.path(), remote),
            nquads(dir.path(), local.as_os_str()),
            "after {:?}: {}",
            step,
            r.stderr
        );
        if step[0] == full {
            assert!(
                r.stderr.contains("1 surname-only person linked"),
                "{}",
                r.stderr
            );
        }
    }
}

#[test]
fn summaries_on_a_remote_store_follow_its_articles_as_locally() {
    let Some(server) = start() else { return };
    let dir = tempdir();
    let remote = OsStr::new(&server.url);
    let local = dir.path().join("local");
    let from_articles = repo("tests/it/from_articles/who-met-whom-from-articles.rq");
    let bundled = repo("queries/who-met-whom.rq");
    let article = dir.path().join("dispatch.txt");
    let versions = [
        "Le ministre français de l'Agriculture, Jean-Marc Kervadec, a reçu lundi à Paris le ministre canadien du Commerce, Paul Lindqvist.",
        "Le ministre français de l'Agriculture, Jean-Marc Kervadec, a reçu mardi à Lyon la commissaire européenne Ingrid Vollmer.",
        "Il a plu mardi à Lyon.",
    ];
    // The summaries themselves (exports leave them out), as N-Triples lines.
    let summaries_query = dir.path().join("summaries.rq");
    std::fs::write(
        &summaries_query,
        format!(
            "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH dp:entities {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{}\")) }} }}",
            depeche::aggregates::SUMMARY_BASE
        ),
    )
    .unwrap();
    let summaries = |store: &OsStr| query(dir.path(), store, summaries_query.as_os_str());
    ingest_into(dir.path(), remote, &corpus()).ok();
    ingest_into(dir.path(), local.as_os_str(), &corpus()).ok();
    for (i, body) in versions.iter().enumerate() {
        std::fs::write(
            &article,
            format!("---\nid: dispatch\nlang: fr\ndate: 2019-03-04\n---\n{body}\n"),
        )
        .unwrap();
        ingest_into(dir.path(), remote, std::slice::from_ref(&article)).ok();
        ingest_into(
            dir.path(),
            local.as_os_str(),
            std::slice::from_ref(&article),
        )
        .ok();
        let kept = summaries(remote);
        assert!(kept.len() > 10, "version {}: summaries", i + 1);
        assert_eq!(kept, summaries(local.as_os_str()), "version {}", i + 1);
        assert_eq!(
            nquads(dir.path(), remote),
            nquads(dir.path(), local.as_os_str()),
            "version {}",
            i + 1
        );
        let answer = query(dir.path(), remote, bundled.as_os_str());
        assert_eq!(
            answer,
            query(dir.path(), remote, from_articles.as_os_str()),
            "version {}: the summaries answer as the article graphs",
            i + 1
        );
        assert_eq!(
            answer.iter().any(|l| l.contains("Lindqvist")),
            i == 0,
            "version {}",
            i + 1
        );
    }
    // A remote store written before the summaries: the first query reading them adds them.
    let answer = query(dir.path(), remote, bundled.as_os_str());
    let kept = summaries(remote);
    let store = depeche::store::Store::open_remote(&server.url, None, None).unwrap();
    store
        .update(&crate::support::corpus::forget_summaries())
        .unwrap();
    assert!(summaries(remote).is_empty(), "the summaries are gone");
    assert_eq!(query(dir.path(), remote, bundled.as_os_str()), answer);
    assert_eq!(summaries(remote), kept, "and back");
}

#[test]
fn an_unreachable_store_is_one_sentence() {
    let dir = tempdir();
    // Nothing listens on a port the system just handed out and took back.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    run(
        dir.path(),
        &[
            "query".as_ref(),
            "ASK {}".as_ref(),
            "--store".as_ref(),
            url.as_ref(),
        ],
    )
    .fails_with(&format!("cannot reach the SPARQL store at {url}/query"));
    run(
        dir.path(),
        &[
            "ingest".as_ref(),
            seed().as_os_str(),
            "--store".as_ref(),
            url.as_ref(),
        ],
    )
    .fails_with("cannot reach the SPARQL store");
    run(
        dir.path(),
        &[
            "query".as_ref(),
            "SELEKT".as_ref(),
            "--store".as_ref(),
            url.as_ref(),
        ],
    )
    .fails_with("cannot reach the SPARQL store");
    // Endpoint flags name parts of a remote store; with a directory they are a mistake.
    run(
        dir.path(),
        &[
            "query".as_ref(),
            "ASK {}".as_ref(),
            "--store".as_ref(),
            "store".as_ref(),
            "--update-url".as_ref(),
            url.as_ref(),
        ],
    )
    .fails_with(
        "--update-url and --graph-store-url are for a remote store; --store store is a directory",
    );
}
