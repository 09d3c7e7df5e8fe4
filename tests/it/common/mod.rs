//! Helpers for the end-to-end tests: run the real binary in a temporary directory, offline.

#![allow(dead_code)] // each test file uses its own subset

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Quad, Term};
use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of `depeche` did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    /// Asserts success and returns standard output.
    #[track_caller]
    pub fn ok(&self) -> String {
        assert_eq!(self.code, Some(0), "depeche failed: {}", self.stderr);
        self.stdout_text()
    }

    /// Asserts the error contract: exit 1, nothing on stdout, one `depeche: ` sentence on stderr
    /// containing `expected`, and no panic.
    #[track_caller]
    pub fn fails_with(&self, expected: &str) {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1; stderr: {}",
            self.stderr
        );
        assert!(
            self.stdout.is_empty(),
            "stdout must stay empty on error, got {:?}",
            String::from_utf8_lossy(&self.stdout)
        );
        let message = self.stderr.trim_end();
        assert_eq!(
            message.lines().count(),
            1,
            "one line on stderr, got {message:?}"
        );
        assert!(message.starts_with("depeche: "), "{message:?}");
        assert!(
            message.contains(expected),
            "{message:?} should contain {expected:?}"
        );
        assert!(
            !message.contains("panicked") && !message.contains("internal error"),
            "{message:?}"
        );
    }
}

/// The one way the tests start the binary: a command for the `depeche` built for them, that
/// inherits none of the environment's DEPECHE_* variables (DEPECHE_STORE, DEPECHE_UPDATE_URL,
/// DEPECHE_STORE_USER...), so that a developer's own settings never change what a test sees. A
/// test that wants one sets it on the command.
pub fn depeche_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_depeche"));
    clean_env(&mut command);
    command
}

/// Removes every DEPECHE_* variable from what `command` inherits: [`depeche_command`] does, and
/// so must a shell that starts the binary (`sh -c 'ulimit ...; exec depeche ...'`).
pub fn clean_env(command: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("DEPECHE_") {
            command.env_remove(name);
        }
    }
    command
}

/// Runs the binary with `dir` as working directory, so a default `./depeche-store` lands there.
pub fn depeche<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = depeche_command()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the depeche binary runs");
    Run {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The seed article: AFP, 2017-09-12, a Russian minister received in Syria. Found by its date
/// prefix, so renaming the rest of the file name does not break every test.
pub fn seed() -> PathBuf {
    let dir = repo("data/articles");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("afp-2017-09-12"))
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no afp-2017-09-12-*.txt seed article in {}", dir.display()))
}

/// A query file of `queries/`.
pub fn query_file(name: &str) -> PathBuf {
    repo(&format!("queries/{name}"))
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Ingests `paths` into `store` and asserts success.
#[track_caller]
pub fn ingest(dir: &Path, store: &Path, paths: &[&Path]) {
    let mut args: Vec<&OsStr> = vec![OsStr::new("ingest")];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    args.extend([OsStr::new("--store"), store.as_os_str()]);
    depeche(dir, args).ok();
}

/// A fresh temporary directory with the seed article ingested into its `store`: (the directory,
/// the store).
#[track_caller]
pub fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    (dir, store)
}

/// The query of [`count_query`] that counts the quads of the store's article graphs.
pub const QUADS_IN_GRAPHS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

/// Parses RDF output into a set of quads, asserting there are no blank nodes (the extractor
/// mints none, which is what makes set equality the right comparison).
#[track_caller]
pub fn parse_rdf(bytes: &[u8], format: RdfFormat) -> HashSet<Quad> {
    let quads: HashSet<Quad> = RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{format} output does not parse: {e}"));
    for quad in &quads {
        assert!(
            !quad.subject.is_blank_node() && !matches!(quad.object, Term::BlankNode(_)),
            "blank node in {quad}"
        );
    }
    quads
}

/// SPARQL JSON results → rows of (variable → plain value).
#[track_caller]
pub fn json_rows(bytes: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
    let json: serde_json::Value = serde_json::from_slice(bytes).expect("valid JSON");
    json["results"]["bindings"]
        .as_array()
        .expect("a bindings array")
        .iter()
        .map(|b| {
            b.as_object()
                .expect("a binding object")
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v["value"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

/// Whether Graphviz is installed; `.ci/run` sets DEPECHE_REQUIRE_GRAPHVIZ so CI never skips.
pub fn graphviz_available() -> bool {
    let found = Command::new("dot")
        .arg("-V")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("DEPECHE_REQUIRE_GRAPHVIZ").is_none(),
            "Graphviz `dot` is required here (DEPECHE_REQUIRE_GRAPHVIZ is set) but not installed"
        );
        eprintln!(
            "notice: Graphviz `dot` is not installed; skipping the Graphviz part of this test"
        );
    }
    found
}

/// What the bundled gold says about the seed article, so that tests compare with the gold file
/// instead of spelling out names of real people.
pub struct SeedGold {
    json: serde_json::Value,
}

impl SeedGold {
    /// Reads `data/eval/gold/fr-seed.json`.
    pub fn read() -> SeedGold {
        let path = repo("data/eval/gold/fr-seed.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        SeedGold {
            json: serde_json::from_str(&text).expect("the seed gold is JSON"),
        }
    }

    /// The usual name of a gold entity: the first of its names.
    pub fn name(&self, key: &str) -> String {
        self.json["entities"][key]["names"][0]
            .as_str()
            .unwrap_or_else(|| panic!("no gold entity {key}"))
            .to_string()
    }

    /// Names of everyone who met, over all required meetings.
    pub fn met(&self) -> std::collections::BTreeSet<String> {
        self.required()
            .flat_map(|m| {
                m["actors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| self.name(a.as_str().unwrap()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// (date, place name) of each required meeting.
    pub fn meetings(&self) -> Vec<(String, String)> {
        self.required()
            .map(|m| {
                (
                    m["date"].as_str().unwrap().to_string(),
                    self.name(m["place"].as_str().unwrap()),
                )
            })
            .collect()
    }

    fn required(&self) -> impl Iterator<Item = &serde_json::Value> {
        self.json["meetings"]
            .as_array()
            .expect("meetings")
            .iter()
            .filter(|m| !m["optional"].as_bool().unwrap_or(false))
    }
}

/// A `depeche serve` process on a free loopback port, killed when dropped (also when the test
/// panics), so no server outlives its test.
pub struct Server {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
}

impl Server {
    /// Starts `depeche serve --store STORE --bind 127.0.0.1:0 EXTRA...` and waits (30 s at most)
    /// for the line that names the port the system picked.
    #[track_caller]
    pub fn start(store: &Path, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = depeche_command()
            .arg("serve")
            .arg("--store")
            .arg(store)
            .args(["--bind", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("depeche serve starts");
        let stderr = child.stderr.take().expect("a stderr pipe");
        let (sender, receiver) = std::sync::mpsc::channel();
        // The reader keeps draining stderr after the first line, so the server never blocks on it.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let _ = sender.send(line);
            }
        });
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match receiver.recv_timeout(left) {
                Ok(line) => {
                    if let Some(at) = line.find("listening on http://") {
                        let rest = &line[at + "listening on ".len()..];
                        let url = rest.split('/').take(3).collect::<Vec<_>>().join("/");
                        return Server { child, url };
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("depeche serve did not report its address within 30 s");
                }
            }
        }
    }
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What curl got: status, content type and body.
#[derive(Debug)]
pub struct Http {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Http {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Runs curl (an HTTP client independent of the server's code) with `args` and a 60 s cap.
#[track_caller]
pub fn curl(args: &[&str]) -> Http {
    let output = Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "60",
            "-o",
            "-",
            "-w",
            "\n%{http_code} %{content_type}",
        ])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("curl runs (install the curl package)");
    assert!(
        output.status.success(),
        "curl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut body = output.stdout;
    let split = body
        .iter()
        .rposition(|b| *b == b'\n')
        .expect("curl's status line");
    let trailer = String::from_utf8_lossy(&body[split + 1..]).into_owned();
    body.truncate(split);
    let (status, content_type) = trailer.split_once(' ').unwrap_or((&trailer, ""));
    Http {
        status: status.parse().expect("an HTTP status"),
        content_type: content_type.to_string(),
        body,
    }
}

/// Whether Python 3 with rdflib, networkx and requests is there; `.ci/run` installs them and
/// sets DEPECHE_REQUIRE_PYTHON so CI never skips.
pub fn python_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import rdflib, networkx, requests"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("DEPECHE_REQUIRE_PYTHON").is_none(),
            "python3 with rdflib, networkx and requests is required here (DEPECHE_REQUIRE_PYTHON is set)"
        );
        eprintln!("notice: python3 with rdflib, networkx and requests is missing; skipping the Python part of this test");
    }
    found
}

/// Runs a script of tests/py with arguments and returns its standard output, parsed as JSON.
#[track_caller]
pub fn python_json(script: &str, args: &[&OsStr]) -> serde_json::Value {
    let output = Command::new("python3")
        .arg(repo(&format!("tests/py/{script}")))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{script} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// One number from a SELECT answer with a single row and column, through the CLI.
#[track_caller]
pub fn count_query(dir: &Path, store: &Path, query: &str) -> usize {
    let out = depeche(
        dir,
        [
            OsStr::new("query"),
            OsStr::new(query),
            OsStr::new("--store"),
            store.as_os_str(),
            OsStr::new("--format"),
            OsStr::new("csv"),
        ],
    )
    .ok();
    let value = out.lines().nth(1).expect("a row");
    value
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a number, got {value:?}"))
}
