//! Bad input, end to end: one sentence on stderr, a non-zero exit, nothing on stdout, and the
//! store exactly as it was.

use crate::common::*;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The inputs every reading command must refuse, each with what its message names.
fn bad_inputs(dir: &Path) -> Vec<(&'static str, PathBuf, &'static str)> {
    let non_utf8 = dir.join("latin1.txt");
    std::fs::write(
        &non_utf8,
        b"Le pr\xe9sident syrien a re\xe7u mardi \xe0 Tunis.\n",
    )
    .unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "---\ntitle: Rien\ndate: 2017-09-12\n---\n  \n").unwrap();
    let binary = dir.join("picture.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    vec![
        ("missing file", dir.join("missing.txt"), "cannot read"),
        ("non-UTF-8 bytes", non_utf8, "not valid UTF-8"),
        ("empty article", empty, "empty article"),
        ("binary file", binary, "binary"),
    ]
}

#[test]
fn extract_refuses_bad_inputs_in_one_sentence() {
    let dir = tempdir();
    for (what, path, message) in bad_inputs(dir.path()) {
        let run = depeche(dir.path(), ["extract".as_ref(), path.as_os_str()]);
        eprintln!("{what}: {}", run.stderr.trim_end());
        run.fails_with(message);
        assert!(
            run.stderr
                .contains(&*path.file_name().unwrap().to_string_lossy()),
            "{what}: the message names the file"
        );
    }
}

#[test]
fn missing_file_message_is_the_documented_one() {
    let dir = tempdir();
    let run = depeche(dir.path(), ["extract", "missing.txt"]);
    run.fails_with("cannot read missing.txt: No such file or directory");
}

#[test]
fn an_output_file_is_left_alone_when_extraction_fails() {
    let dir = tempdir();
    let out = dir.path().join("out.trig");
    std::fs::write(&out, "previous content").unwrap();
    let run = depeche(
        dir.path(),
        [
            "extract".as_ref(),
            "missing.txt".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    );
    run.fails_with("cannot read");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous content");
}

#[test]
fn bad_inputs_leave_the_store_untouched() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let before = count_query(dir.path(), &store, QUADS_IN_GRAPHS);
    // A good new article first, then the bad one: all inputs are read before anything is written.
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "---\ntitle: Autre\ndate: 2018-01-01\nlang: fr\n---\nLe président français a reçu lundi à Paris le Premier ministre canadien.\n").unwrap();
    for (what, path, message) in bad_inputs(dir.path()) {
        let args: Vec<&OsStr> = vec![
            "ingest".as_ref(),
            good.as_os_str(),
            path.as_os_str(),
            "--store".as_ref(),
            store.as_os_str(),
        ];
        let run = depeche(dir.path(), args);
        eprintln!("{what}: {}", run.stderr.trim_end());
        run.fails_with(message);
        assert_eq!(
            count_query(dir.path(), &store, QUADS_IN_GRAPHS),
            before,
            "{what} changed the store"
        );
    }
}

#[test]
fn a_store_path_that_is_a_file() {
    let dir = tempdir();
    let file = dir.path().join("not-a-store");
    std::fs::write(&file, "keep me").unwrap();
    let run = depeche(
        dir.path(),
        [
            "ingest".as_ref(),
            seed().as_os_str(),
            "--store".as_ref(),
            file.as_os_str(),
        ],
    );
    run.fails_with("is a file, not a store directory");
    depeche(
        dir.path(),
        [
            "query".as_ref(),
            "ASK {}".as_ref(),
            "--store".as_ref(),
            file.as_os_str(),
        ],
    )
    .fails_with("is a file, not a store directory");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn a_directory_that_is_not_a_store_is_not_written_into() {
    let dir = tempdir();
    let folder = dir.path().join("src");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("main.rs"), "fn main() {}").unwrap();
    let run = depeche(
        dir.path(),
        [
            "ingest".as_ref(),
            seed().as_os_str(),
            "--store".as_ref(),
            folder.as_os_str(),
        ],
    );
    run.fails_with("is not a depeche store");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
}

#[test]
fn query_and_export_never_create_a_store() {
    let dir = tempdir();
    let store = dir.path().join("nowhere");
    depeche(
        dir.path(),
        [
            "query".as_ref(),
            "ASK {}".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
        ],
    )
    .fails_with("no store at");
    depeche(
        dir.path(),
        [
            "export".as_ref(),
            "--format".as_ref(),
            "dot".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
        ],
    )
    .fails_with("run depeche ingest first");
    depeche(dir.path(), ["query", "ASK {}"]).fails_with("no store at depeche-store");
    assert!(!store.exists() && !dir.path().join("depeche-store").exists());
}

#[test]
fn malformed_queries() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let before = count_query(dir.path(), &store, QUADS_IN_GRAPHS);
    let s = store.to_str().unwrap();
    let run = depeche(
        dir.path(),
        ["query", "SELECT ?x WHERE { ?x dp:met }", "--store", s],
    );
    run.fails_with("the query is not valid SPARQL: syntax error at line 1, column 29");
    depeche(dir.path(), ["query", "SELEC ?x", "--store", s]).fails_with("not valid SPARQL");
    depeche(
        dir.path(),
        ["query", "SELECT ?x WHERE { ?x nope:p ?y }", "--store", s],
    )
    .fails_with("not valid SPARQL: unknown prefix \"nope:\" at line 1, column 22");
    // An update is not a query, and must not run.
    depeche(dir.path(), ["query", "CLEAR ALL", "--store", s]).fails_with("not valid SPARQL");
    depeche(dir.path(), ["query", "missing.rq", "--store", s])
        .fails_with("cannot read the query file missing.rq");
    depeche(
        dir.path(),
        ["query", "ASK {}", "--store", s, "--format", "turtle"],
    )
    .fails_with("cannot hold the answer of an ASK query");
    depeche(
        dir.path(),
        [
            "export",
            "--store",
            s,
            "--format",
            "dot",
            "--query",
            "SELECT * WHERE { ?s ?p ?o }",
        ],
    )
    .fails_with("must be a CONSTRUCT or DESCRIBE query");
    assert_eq!(count_query(dir.path(), &store, QUADS_IN_GRAPHS), before);
}

#[test]
fn a_store_in_use_by_another_process() {
    let dir = tempdir();
    let store = dir.path().join("store");
    // The test process holds the RocksDB lock; the binary is another process.
    let held = depeche::store::Store::open(&store).unwrap();
    depeche(
        dir.path(),
        [
            "query".as_ref(),
            "ASK {}".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
        ],
    )
    .fails_with("is in use by another depeche process");
    depeche(
        dir.path(),
        [
            "ingest".as_ref(),
            seed().as_os_str(),
            "--store".as_ref(),
            store.as_os_str(),
        ],
    )
    .fails_with("is in use by another depeche process");
    drop(held);
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempdir();
    for args in [
        vec!["query", "ASK {}", "--format", "bogus"],
        vec!["extract", "x.txt", "--date", "12/09/2017"],
        vec!["extract", "x.txt", "--lang", "de"],
        vec!["extract", "x.txt", "--base", "not an iri"],
        vec!["extract"],
        vec!["export"],
        vec!["export", "--format", "turtle", "--render", "svg"],
        vec!["frobnicate"],
    ] {
        let run = depeche(dir.path(), &args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(!run.stderr.contains("panicked"), "{args:?}");
    }
}

/// A pipe repeating an article id is refused in the library's words (the record, the id, why
/// it cannot keep the last one) and the command line adds its own remedy, which names a flag.
#[cfg(unix)]
#[test]
fn a_piped_repeated_id_is_refused_with_the_command_lines_remedy() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&feed)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let writer = {
        let feed = feed.clone();
        std::thread::spawn(move || {
            let record = r#"{"id":"a1","title":"Premier","text":"Le ministre Paul Lefort a reçu Karim Benali."}"#;
            std::fs::write(feed, format!("{record}\n{record}\n")).unwrap();
        })
    };
    let run = depeche(
        dir.path(),
        [
            "ingest".as_ref(),
            "--store".as_ref(),
            dir.path().join("store").as_os_str(),
            feed.as_os_str(),
        ],
    );
    writer.join().unwrap();
    run.fails_with("repeats the article id \"a1\"");
    run.fails_with("cannot be chosen; save the input to a file to use --on-duplicate-id keep-last");
}
