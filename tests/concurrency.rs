//! Two processes on one store: the second gets one clear sentence and the store stays whole;
//! `serve` answers queries while an ingest posted to it runs.

mod common;
#[path = "support/corpus.rs"]
mod corpus;

use common::*;
use std::ffi::OsStr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const IN_USE: &str = "is in use by another depeche process";

#[test]
fn every_command_refuses_a_store_a_server_holds() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let before = corpus::store_graphs(&store);
    let server = Server::start(&store, &["--allow-update"]);
    let s = store.as_os_str();
    let article = seed();
    let message = format!("the store at {} {IN_USE}", store.display());
    let attempts: Vec<Vec<&OsStr>> = vec![
        vec!["ingest".as_ref(), article.as_os_str(), "--store".as_ref(), s],
        vec!["query".as_ref(), "ASK {}".as_ref(), "--store".as_ref(), s],
        vec!["export".as_ref(), "--format".as_ref(), "nquads".as_ref(), "--store".as_ref(), s],
        vec!["stats".as_ref(), "--store".as_ref(), s],
    ];
    for args in attempts {
        let run = depeche(dir.path(), &args);
        run.fails_with(&message);
    }
    // The server was not disturbed, and the store is what it was.
    let ask = curl(&["-G", &format!("{}/sparql", server.url), "--data-urlencode", "query=ASK { ?a dp:met ?b }"]);
    assert_eq!(ask.status, 200);
    assert!(ask.text().contains("true"), "{}", ask.text());
    drop(server);
    assert_eq!(corpus::store_graphs(&store), before);
}

#[test]
fn two_ingests_at_once_leave_a_whole_store() {
    let dir = tempdir();
    let corpus_file = dir.path().join("corpus.jsonl");
    corpus::write_corpus(&corpus_file, "race", 120);
    let expected = corpus::expected(&corpus_file);
    let store = dir.path().join("store");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_depeche"))
            .arg("ingest")
            .arg(&corpus_file)
            .arg("--store")
            .arg(&store)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("depeche ingest starts")
    };
    let (first, second) = (spawn(), spawn());
    let mut succeeded = 0;
    for child in [first, second] {
        let output = child.wait_with_output().expect("ingest ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            succeeded += 1;
        } else {
            // The loser says why in one sentence, and nothing else.
            assert_eq!(output.status.code(), Some(1), "{stderr}");
            assert_eq!(
                stderr.trim_end(),
                format!("depeche: the store at {} {IN_USE}", store.display()),
            );
        }
    }
    eprintln!("{succeeded} of the two ingests wrote the store, {} was refused", 2 - succeeded);
    assert!(succeeded >= 1, "one of the two ingests must win the store");
    let graphs = corpus::store_graphs(&store);
    assert_eq!(corpus::assert_whole_articles(&expected, &graphs, "after the race"), expected.len());
}

#[test]
fn serve_answers_queries_while_an_ingest_through_it_runs() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let corpus_file = dir.path().join("corpus.jsonl");
    corpus::write_corpus(&corpus_file, "live", 400);
    let mut expected = corpus::expected(&corpus_file);
    expected.extend(corpus::store_graphs(&store));
    let counts: std::collections::BTreeMap<String, usize> =
        expected.iter().map(|(g, q)| (g.clone(), q.len())).collect();

    let server = Server::start(&store, &["--allow-update", "--timeout", "60"]);
    let ingest_url = format!("{}/ingest", server.url);
    let body = format!("@{}", corpus_file.display());
    let started = Instant::now();
    let posting = std::thread::spawn(move || {
        let answer = curl(&["-H", "Content-Type: application/x-ndjson", "--data-binary", &body, &ingest_url]);
        (answer, Instant::now())
    });

    // Per-article quad counts, read while the ingest writes: each article is whole or absent.
    let sparql = format!("{}/sparql", server.url);
    let query = "query=SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
    let mut answered = Vec::new();
    while !posting.is_finished() && started.elapsed() < Duration::from_secs(120) {
        let asked = Instant::now();
        let answer = curl(&["-G", &sparql, "--data-urlencode", query, "-H", "Accept: application/sparql-results+json"]);
        assert_eq!(answer.status, 200, "{}", answer.text());
        let rows = json_rows(&answer.body);
        for row in &rows {
            let graph = &row["g"];
            let n: usize = row["n"].parse().unwrap();
            assert_eq!(Some(&n), counts.get(graph), "{graph} is half written while read");
        }
        answered.push((asked.elapsed(), rows.len(), Instant::now()));
        std::thread::sleep(Duration::from_millis(50));
    }
    let (posted, finished) = posting.join().expect("the posting thread");
    assert_eq!(posted.status, 200, "{}", posted.text());
    let during: Vec<_> = answered.iter().filter(|(_, _, at)| *at < finished).collect();
    eprintln!(
        "ingest took {:?}; {} queries answered during it, articles seen growing {:?}, slowest answer {:?}",
        finished - started,
        during.len(),
        during.iter().map(|(_, n, _)| n).collect::<Vec<_>>(),
        during.iter().map(|(t, _, _)| *t).max()
    );
    assert!(!during.is_empty(), "no query was answered while the ingest ran");
    assert!(
        during.iter().all(|(took, _, _)| *took < Duration::from_secs(10)),
        "a query waited for the ingest"
    );
    drop(server);
    let graphs = corpus::store_graphs(&store);
    assert_eq!(corpus::assert_whole_articles(&expected, &graphs, "after the ingest"), expected.len());
}
