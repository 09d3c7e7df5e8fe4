//! `--store http://...` against OpenLink Virtuoso (Debian's `virtuoso-opensource`, 7.2), the
//! store many large RDF deployments run. Each test starts its own `virtuoso-t` on 127.0.0.1 with
//! a throw-away database folder and its own ports, never the system's service, and stops it at
//! the end. Every answer must equal the embedded store's.
//!
//! Skipped when `virtuoso-t` is not installed, unless DEPECHE_REQUIRE_VIRTUOSO is set, as
//! `.ci/run` does, so CI never skips.

use crate::common::*;
use std::ffi::OsStr;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `virtuoso-t`, stopped when dropped.
struct Virtuoso {
    child: Child,
    http: u16,
    sql: u16,
    isql: PathBuf,
    /// The database, its log, and `load/`, the one folder the bulk loader may read.
    dir: tempfile::TempDir,
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `virtuoso-t` and its SQL client (`isql-vt` on Debian; upstream's `isql` beside a
/// self-built server), from DEPECHE_VIRTUOSO or PATH.
fn binaries() -> Option<(PathBuf, PathBuf)> {
    let server = match std::env::var_os("DEPECHE_VIRTUOSO") {
        Some(path) => PathBuf::from(path),
        None => std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|dir| dir.join("virtuoso-t"))
            .find(|p| p.is_file())?,
    };
    let dir = server.parent()?.to_path_buf();
    let isql = ["isql-vt", "isql"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())?;
    Some((server, isql))
}

/// The smallest configuration Virtuoso starts with: everything in `dir`, its SQL and HTTP
/// ports, the bulk loader allowed to read `dir/load`, and room for a whole export in one
/// answer (the default `ResultSetMaxRows` is 10 000 rows).
fn configuration(dir: &Path, sql: u16, http: u16) -> String {
    let d = dir.display();
    format!(
        "[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}/load
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"
    )
}

/// Starts a server, or returns `None` (the test is skipped) when there is none to start.
fn start() -> Option<Virtuoso> {
    let Some((server, isql)) = binaries() else {
        assert!(
            std::env::var_os("DEPECHE_REQUIRE_VIRTUOSO").is_none(),
            "Virtuoso (apt-get install virtuoso-opensource) is required here: DEPECHE_REQUIRE_VIRTUOSO is set"
        );
        eprintln!(
            "skipped: no virtuoso-t with isql-vt beside it (apt-get install virtuoso-opensource)"
        );
        return None;
    };
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("load")).unwrap();
    // The system picks two free ports; the server takes them a moment later.
    let (a, b) = (
        TcpListener::bind("127.0.0.1:0").unwrap(),
        TcpListener::bind("127.0.0.1:0").unwrap(),
    );
    let (sql, http) = (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    );
    drop((a, b));
    let ini = dir.path().join("virtuoso.ini");
    std::fs::write(&ini, configuration(dir.path(), sql, http)).unwrap();
    let log = std::fs::File::create(dir.path().join("stdout.log")).unwrap();
    let child = Command::new(&server)
        .args(["-f", "-c"])
        .arg(&ini)
        .current_dir(dir.path())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
    let mut virtuoso = Virtuoso {
        child,
        http,
        sql,
        isql,
        dir,
    };
    // It opens the HTTP port, then the SQL port, once the new database is made (some seconds).
    let deadline = Instant::now() + Duration::from_secs(120);
    while TcpStream::connect(("127.0.0.1", http)).is_err()
        || TcpStream::connect(("127.0.0.1", sql)).is_err()
    {
        if let Ok(Some(status)) = virtuoso.child.try_wait() {
            panic!(
                "virtuoso-t stopped ({status}): {}",
                std::fs::read_to_string(virtuoso.dir.path().join("stdout.log")).unwrap_or_default()
            );
        }
        assert!(
            Instant::now() < deadline,
            "virtuoso-t did not listen on ports {http} and {sql}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(virtuoso)
}

impl Virtuoso {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.http)
    }

    /// Runs SQL as `dba` (the new database's password is `dba`) and returns the output; isql
    /// exits 0 whatever happens, so an error is found in its output.
    fn isql(&self, sql: &str) -> String {
        let out = Command::new(&self.isql)
            .arg(format!("127.0.0.1:{}", self.sql))
            .args(["dba", "dba"])
            .arg(format!("exec={sql}"))
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.isql.display()));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && !text.contains("*** Error"),
            "isql {sql}: {text}"
        );
        text
    }

    /// Loads every `*.nq` file of `load/` with Virtuoso's bulk loader: each quad into its own
    /// graph.
    fn bulk_load(&self) {
        let load = self.dir.path().join("load");
        self.isql(&format!(
            "ld_dir('{}', '*.nq', 'urn:depeche:no-graph'); rdf_loader_run(); checkpoint;",
            load.display()
        ));
        let state =
            self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;");
        assert!(state.contains("0 Rows."), "the bulk loader failed: {state}");
    }
}

/// The binary with credentials (or none) in the environment, where a deployment puts them.
fn run(dir: &Path, args: &[&OsStr], credentials: Option<(&str, &str)>) -> Run {
    let mut command = depeche_command();
    command.args(args).current_dir(dir).stdin(Stdio::null());
    if let Some((user, password)) = credentials {
        command
            .env("DEPECHE_STORE_USER", user)
            .env("DEPECHE_STORE_PASSWORD", password);
    }
    let output = command.output().expect("the depeche binary runs");
    Run {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A store as command-line arguments: a directory, or a Virtuoso URL with its graph store.
fn store_args<'a>(store: &'a [&'a str]) -> Vec<&'a OsStr> {
    let mut args: Vec<&OsStr> = vec!["--store".as_ref(), store[0].as_ref()];
    if let Some(crud) = store.get(1) {
        args.extend([OsStr::new("--graph-store-url"), OsStr::new(*crud)]);
    }
    args
}

/// The answer as sorted lines: CSV for SELECT and ASK, N-Triples for CONSTRUCT.
fn query(dir: &Path, store: &[&str], query: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(query).unwrap_or_default();
    let format = if text.contains("CONSTRUCT") {
        "ntriples"
    } else {
        "csv"
    };
    let mut args: Vec<&OsStr> = vec![
        "query".as_ref(),
        query.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
    ];
    args.extend(store_args(store));
    let out = run(dir, &args, None).ok();
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    let header = usize::from(format == "csv");
    lines[header..].sort();
    lines
}

fn nquads(dir: &Path, store: &[&str]) -> Vec<String> {
    let mut args: Vec<&OsStr> = vec!["export".as_ref(), "--format".as_ref(), "nquads".as_ref()];
    args.extend(store_args(store));
    let out = run(dir, &args, None).ok();
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

fn ingest_into(
    dir: &Path,
    store: &[&str],
    paths: &[PathBuf],
    credentials: Option<(&str, &str)>,
) -> Run {
    let mut args: Vec<&OsStr> = vec!["ingest".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    args.extend(store_args(store));
    run(dir, &args, credentials)
}

/// The bundled articles: the seed and the evaluation set, 32 articles in French and English.
fn corpus() -> Vec<PathBuf> {
    vec![repo("data/articles"), repo("data/eval/articles")]
}

fn bundled_queries() -> Vec<PathBuf> {
    let mut queries: Vec<PathBuf> = std::fs::read_dir(repo("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    queries.sort();
    assert!(queries.len() >= 5);
    queries
}

/// Every bundled query and the N-Quads dump give the same answers from both stores.
fn assert_same_answers(dir: &Path, local: &Path, remote: &[&str]) {
    let local = [local.to_str().unwrap()];
    for q in bundled_queries() {
        let local_answer = query(dir, &local, &q);
        assert!(local_answer.len() > 1, "{} answers something", q.display());
        assert_eq!(query(dir, remote, &q), local_answer, "{}", q.display());
    }
    assert_eq!(nquads(dir, remote), nquads(dir, &local));
}

#[test]
fn virtuoso_answers_as_the_embedded_store() {
    let Some(virtuoso) = start() else { return };
    let dir = tempdir();
    let local = dir.path().join("local");
    ingest_into(dir.path(), &[local.to_str().unwrap()], &corpus(), None).ok();
    // Writes go to the endpoints that ask for a password (HTTP Digest), given only through the
    // environment; reads to the public endpoint, as a deployment would serve them.
    let (auth, crud) = (
        virtuoso.url("sparql-auth"),
        virtuoso.url("sparql-graph-crud-auth"),
    );
    let writer = [auth.as_str(), crud.as_str()];
    let public = virtuoso.url("sparql");
    let reader = [public.as_str()];

    // Without the credentials, or with wrong ones, Virtuoso refuses in one sentence.
    ingest_into(dir.path(), &writer, &[seed()], None)
        .fails_with(&format!("the SPARQL store at {auth} answered 401"));
    ingest_into(dir.path(), &writer, &[seed()], Some(("dba", "wrong"))).fails_with("answered 401");
    // Not checked here: an anonymous write to the public endpoint before SPARQL_UPDATE is granted.
    // Virtuoso 7.2.5 was seen to spin at full CPU on it without answering, so the test would hang.

    let first = ingest_into(dir.path(), &writer, &corpus(), Some(("dba", "dba")));
    first.ok();
    assert!(
        first
            .stderr
            .contains(&format!("the store at {auth} now holds")),
        "{}",
        first.stderr
    );
    assert_same_answers(dir.path(), &local, &reader);

    // Graph pictures from Virtuoso, too.
    for view in ["people", "full", "timeline"] {
        let picture = |store: &str| {
            run(
                dir.path(),
                &[
                    "export".as_ref(),
                    "--store".as_ref(),
                    store.as_ref(),
                    "--format".as_ref(),
                    "dot".as_ref(),
                    "--view".as_ref(),
                    view.as_ref(),
                ],
                None,
            )
            .ok()
        };
        let dot = picture(&public);
        assert!(dot.contains("digraph depeche {"), "{dot}");
        assert_eq!(dot, picture(local.to_str().unwrap()), "{view} view");
    }

    // Re-ingest skips everything and changes nothing.
    let again = ingest_into(dir.path(), &writer, &corpus(), Some(("dba", "dba")));
    again.ok();
    assert!(
        again.stderr.contains("0 new, 0 replaced, 32 unchanged"),
        "{}",
        again.stderr
    );
    assert_eq!(
        nquads(dir.path(), &reader),
        nquads(dir.path(), &[local.to_str().unwrap()])
    );
}

#[test]
fn a_changed_article_replaces_its_graph_in_virtuoso() {
    let Some(virtuoso) = start() else { return };
    // The public endpoints, once the anonymous SPARQL user may write: the other deployment.
    virtuoso.isql("grant SPARQL_UPDATE to \"SPARQL\";");
    let (public, crud) = (virtuoso.url("sparql"), virtuoso.url("sparql-graph-crud"));
    let remote = [public.as_str(), crud.as_str()];
    let dir = tempdir();
    let local = dir.path().join("local");
    let local = [local.to_str().unwrap()];
    let article = dir.path().join("dispatch.txt");
    let versions = [
        "Le ministre français de l'Agriculture, Jean-Marc Kervadec, a reçu lundi à Paris le ministre canadien du Commerce, Paul Lindqvist.",
        "Le ministre français de l'Agriculture, Jean-Marc Kervadec, a reçu mardi à Lyon la commissaire européenne Ingrid Vollmer.",
    ];
    for (i, body) in versions.iter().enumerate() {
        std::fs::write(
            &article,
            format!("---\nid: dispatch\nlang: fr\ndate: 2019-03-04\n---\n{body}\n"),
        )
        .unwrap();
        let r = ingest_into(dir.path(), &remote, std::slice::from_ref(&article), None);
        r.ok();
        ingest_into(dir.path(), &local, std::slice::from_ref(&article), None).ok();
        let dump = nquads(dir.path(), &remote);
        assert_eq!(
            dump,
            nquads(dir.path(), &local),
            "version {}: {}",
            i + 1,
            r.stderr
        );
        let lindqvist = dump.iter().any(|l| l.contains("Lindqvist"));
        let vollmer = dump.iter().any(|l| l.contains("Vollmer"));
        assert_eq!(
            (lindqvist, vollmer),
            (i == 0, i == 1),
            "version {}: {dump:#?}",
            i + 1
        );
        if i == 1 {
            assert!(r.stderr.contains("0 new, 1 replaced"), "{}", r.stderr);
        }
    }
}

#[test]
fn virtuoso_s_bulk_loader_takes_depeche_s_nquads() {
    let Some(virtuoso) = start() else { return };
    let dir = tempdir();
    let load = virtuoso.dir.path().join("load");
    // Several machines each ingest their share into their own store and export it; the parts
    // are loaded at once. Here: one local store, its dump split by graph into three parts.
    let local = dir.path().join("local");
    ingest_into(dir.path(), &[local.to_str().unwrap()], &corpus(), None).ok();
    let dump = nquads(dir.path(), &[local.to_str().unwrap()]);
    let mut parts = vec![String::new(); 3];
    for line in &dump {
        let graph = line
            .rsplit_once(' ')
            .map_or("", |(rest, _)| rest.rsplit_once(' ').map_or("", |(_, g)| g));
        let part = graph.bytes().map(usize::from).sum::<usize>() % parts.len();
        parts[part].push_str(line);
        parts[part].push('\n');
    }
    for (i, part) in parts.iter().enumerate() {
        assert!(!part.is_empty());
        std::fs::write(load.join(format!("part-{i}.nq")), part).unwrap();
    }
    virtuoso.bulk_load();
    let public = virtuoso.url("sparql");
    assert_same_answers(dir.path(), &local, &[public.as_str()]);
}

#[test]
fn extract_s_nquads_survive_virtuoso_s_bulk_loader() {
    let Some(virtuoso) = start() else { return };
    let dir = tempdir();
    // `extract` (or the Spark job) writes the article graphs without a store: what a cluster
    // produces for a bulk load.
    let out = run(
        dir.path(),
        &[
            "extract".as_ref(),
            repo("data/articles").as_os_str(),
            repo("data/eval/articles").as_os_str(),
            "--format".as_ref(),
            "nquads".as_ref(),
        ],
        None,
    )
    .ok();
    std::fs::write(virtuoso.dir.path().join("load/extract.nq"), &out).unwrap();
    virtuoso.bulk_load();
    let mut extracted: Vec<String> = out.lines().map(str::to_string).collect();
    extracted.sort();
    extracted.dedup();
    assert!(extracted.len() > 1000, "{} quads", extracted.len());
    // Every literal's datatype and language, every IRI, comes back as written.
    let public = virtuoso.url("sparql");
    assert_eq!(nquads(dir.path(), &[public.as_str()]), extracted);
}
