//! Requests that once took a server down or held it: deep nesting (a stack overflow aborted the
//! process), queries that ran on past their timeout or their client, queries that took all the
//! memory, connections that never send their headers, foreign `Host` names, invalid UTF-8 in a
//! URL. Each is bounded in count and time; every server listens on 127.0.0.1 only.

use crate::common::*;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// A query that would run for hours on any store: a COUNT over a five-way cross product, which
/// joins in memory and reads the store only once per million combinations.
const ENDLESS: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }";
const CHEAP: &str = "ASK { ?a dp:met ?b }";

fn get(url: &str, query: &str, extra: &[&str]) -> Http {
    let mut args = vec!["-G", url, "--data-urlencode"];
    let q = format!("query={query}");
    args.push(&q);
    args.extend(extra);
    curl(&args)
}

fn nested(open: &str, close: &str, levels: usize) -> (String, String) {
    (open.repeat(levels), close.repeat(levels))
}

#[test]
fn deep_nesting_is_refused_in_one_sentence_by_the_cli_and_the_server() {
    let (dir, store) = seeded();
    // The CLI: one sentence, exit 1, never an abort (134).
    let (open, close) = nested("{", "}", 5000);
    let run = depeche(
        dir.path(),
        [
            "query",
            &format!("ASK {open}{close}"),
            "--store",
            store.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("nests brackets 5000 levels deep, more than the 128"),
        "{}",
        run.stderr
    );
    // Real queries nest far less and still run: 100 levels of a FILTER.
    let (open, close) = nested("(", ")", 100);
    let fine = depeche(
        dir.path(),
        [
            "query",
            &format!("ASK {{ ?a dp:met ?b FILTER {open}true{close} }}"),
            "--store",
            store.to_str().unwrap(),
        ],
    );
    assert_eq!(fine.code, Some(0), "{}", fine.stderr);
    assert_eq!(fine.stdout_text().trim(), "true");
    for chain in [
        format!("ASK {{ FILTER({} > 0) }}", vec!["1"; 50_000].join("+")),
        format!(
            "SELECT * {{ {} }} LIMIT 1",
            vec!["{ ?s ?p ?o }"; 5000].join(" UNION ")
        ),
    ] {
        let query = dir.path().join("chain.rq");
        std::fs::write(&query, chain).unwrap();
        let run = depeche(
            dir.path(),
            [
                "query",
                query.to_str().unwrap(),
                "--store",
                store.to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains("more than the 1000 depeche accepts"),
            "{}",
            run.stderr
        );
    }

    let server = Server::start(&store, &["--allow-update"]);
    let sparql = format!("{}/sparql", server.url);
    let (open, close) = nested("{", "}", 4000);
    let post = curl(&[
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        &format!("ASK {open}{close}"),
        &sparql,
    ]);
    assert_eq!(post.status, 400, "{}", post.text());
    assert!(post.text().contains("levels deep"), "{}", post.text());
    let (open, close) = nested("(", ")", 5000);
    let filter = get(&sparql, &format!("ASK {{ FILTER {open}1{close} }}"), &[]);
    assert_eq!(filter.status, 400, "{}", filter.text());
    let (open, close) = nested("{", "}", 5000);
    let update = curl(&[
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        &format!("DELETE WHERE {open}{close}"),
        &format!("{}/update", server.url),
    ]);
    assert_eq!(update.status, 400, "{}", update.text());
    assert!(
        update.text().starts_with("the update nests brackets"),
        "{}",
        update.text()
    );
    // Chains nest without brackets: 5,000 UNIONs or BINDs overflowed a stack too.
    let unions = format!(
        "SELECT * {{ {} }} LIMIT 1",
        vec!["{ ?s ?p ?o }"; 5000].join(" UNION ")
    );
    let chained = curl(&[
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        &unions,
        &sparql,
    ]);
    assert_eq!(chained.status, 400, "{}", chained.text());
    assert!(
        chained
            .text()
            .contains("more than the 1000 depeche accepts"),
        "{}",
        chained.text()
    );
    let binds: String = (0..5000).map(|i| format!("BIND({i} AS ?v{i}) ")).collect();
    let form = curl(&[
        "--data-urlencode",
        &format!("query=SELECT * {{ {binds} }}"),
        &sparql,
    ]);
    assert_eq!(form.status, 400, "{}", form.text());
    assert_eq!(
        get(&sparql, CHEAP, &[]).text(),
        r#"{"head":{},"boolean":true}"#,
        "the server still answers"
    );
}

#[test]
fn every_query_stops_at_the_timeout_and_frees_its_worker() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &["--timeout", "1"]);
    let sparql = format!("{}/sparql", server.url);
    // Four query slots: had one stopped query kept its worker, the fifth round would find the
    // server busy, and every cheap query after it would wait for a slot.
    let mut worst = Duration::ZERO;
    for round in 0..20 {
        let started = Instant::now();
        let stopped = get(&sparql, ENDLESS, &[]);
        assert_eq!(stopped.status, 503, "round {round}: {}", stopped.text());
        assert!(
            stopped.text().contains("limit of 1 s"),
            "{}",
            stopped.text()
        );
        let cheap_started = Instant::now();
        let cheap = get(&sparql, CHEAP, &[]);
        assert_eq!(cheap.status, 200, "round {round}: {}", cheap.text());
        worst = worst.max(cheap_started.elapsed());
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "round {round} took {:?}",
            started.elapsed()
        );
    }
    assert!(
        worst < Duration::from_millis(900),
        "a cheap query after a stopped one waited {worst:?}"
    );
}

#[test]
fn a_client_that_goes_away_frees_its_query() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &["--timeout", "120"]);
    let sparql = format!("{}/sparql", server.url);
    // Six clients give up after a second; with four slots, had their queries run on to the
    // 120 s limit, the next query would wait for one.
    let clients: Vec<_> = (0..6)
        .map(|_| {
            std::process::Command::new("curl")
                .args([
                    "-sS",
                    "-o",
                    "/dev/null",
                    "--max-time",
                    "1",
                    "-G",
                    &sparql,
                    "--data-urlencode",
                    &format!("query={ENDLESS}"),
                ])
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut client in clients {
        let _ = client.wait();
    }
    let started = Instant::now();
    let cheap = get(&sparql, CHEAP, &["--max-time", "20"]);
    assert_eq!(cheap.status, 200, "{}", cheap.text());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "waited {:?} for a slot",
        started.elapsed()
    );
}

#[test]
fn a_query_past_its_memory_budget_is_stopped_and_its_memory_freed() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &["--timeout", "120", "--max-query-memory", "64M"]);
    let sparql = format!("{}/sparql", server.url);
    // ORDER BY collects the whole cross product before it sorts.
    let sorted = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i";
    let started = Instant::now();
    let refused = get(&sparql, sorted, &[]);
    assert_eq!(refused.status, 503, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("more than the 64 MB of memory a query may use"),
        "{}",
        refused.text()
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(get(&sparql, CHEAP, &[]).status, 200);
    let rss = server_rss_mb(&server);
    assert!(
        rss < 400.0,
        "the server holds {rss} MB after the stopped query"
    );
}

/// Resident memory of the server process, from /proc (Linux).
fn server_rss_mb(server: &Server) -> f64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[test]
fn only_the_servers_own_host_names_are_answered() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &["--allowed-host", "graph.example.org"]);
    let sparql = format!("{}/sparql", server.url);
    let port = server.url.rsplit(':').next().unwrap().to_string();
    let with_host = |host: &str| get(&sparql, CHEAP, &["-H", &format!("Host: {host}")]);
    // A page of another site whose name now points at 127.0.0.1 (DNS rebinding).
    let rebound = with_host(&format!("attacker.example:{port}"));
    assert_eq!(rebound.status, 421, "{}", rebound.text());
    assert!(
        rebound.text().contains("--allowed-host"),
        "{}",
        rebound.text()
    );
    let page = curl(&["-H", "Host: attacker.example", &format!("{}/", server.url)]);
    assert_eq!(page.status, 421);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "graph.example.org".to_string(),
        "GRAPH.example.org:443".to_string(),
    ] {
        assert_eq!(with_host(&host).status, 200, "{host}");
    }
}

#[test]
fn idle_connections_are_closed_and_limited() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &["--header-timeout", "1", "--max-connections", "4"]);
    let address = server.url.trim_start_matches("http://").to_string();
    // A connection that sends half a request and waits is closed after the header timeout.
    let mut half = std::net::TcpStream::connect(&address).unwrap();
    half.write_all(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    half.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = half.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the half-sent request held its connection {:?}",
        started.elapsed()
    );
    // Twelve silent connections against a limit of four: they are served four at a time and
    // cut, so the process never holds more than four, and a real client gets its turn.
    let silent: Vec<_> = (0..12)
        .map(|_| std::net::TcpStream::connect(&address).unwrap())
        .collect();
    let started = Instant::now();
    let cheap = get(
        &format!("{}/sparql", server.url),
        CHEAP,
        &["--max-time", "30"],
    );
    assert_eq!(cheap.status, 200, "{}", cheap.text());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    drop(silent);
}

#[test]
fn invalid_utf8_in_a_url_is_refused_like_in_a_body() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &[]);
    let url = format!("{}/sparql?query=ASK%20%7B%7D%20%23%FF%FE", server.url);
    let refused = curl(&[&url]);
    assert_eq!(refused.status, 400, "{}", refused.text());
    assert!(
        refused.text().contains("not valid UTF-8"),
        "{}",
        refused.text()
    );
    let form = curl(&[
        "-H",
        "Content-Type: application/x-www-form-urlencoded",
        "--data-binary",
        "query=ASK%20%7B%7D%20%23%C3",
        &format!("{}/sparql", server.url),
    ]);
    assert_eq!(form.status, 400, "{}", form.text());
    // Valid escapes, "+" for a space and an escaped U+FFFD still read.
    let fine = curl(&[&format!(
        "{}/sparql?query=ASK+%7B%7D+%23%EF%BF%BD",
        server.url
    )]);
    assert_eq!(fine.status, 200, "{}", fine.text());
}

#[test]
fn a_remote_store_that_stalls_mid_answer_does_not_hold_the_workers() {
    // A SPARQL store that answers the connection check, then starts every other answer and
    // stops sending (a store under load, a proxy that hangs).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let remote = format!("http://{}/sparql", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                stream
                    .set_read_timeout(Some(Duration::from_secs(2)))
                    .unwrap();
                // Queries arrive form-encoded (`query=ASK+%7B+%7D`), as Virtuoso needs them.
                let decoded = |request: &[u8]| {
                    let text = String::from_utf8_lossy(request).replace('+', " ");
                    percent_encoding::percent_decode_str(&text)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                while let Ok(n) = stream.read(&mut buffer) {
                    request.extend_from_slice(&buffer[..n]);
                    let text = decoded(&request);
                    if n == 0 || text.contains("ASK") || text.ends_with('}') {
                        break;
                    }
                }
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n\r\n";
                if decoded(&request).contains("ASK { }") {
                    let _ = stream
                        .write_all(format!("{head}{{\"head\":{{}},\"boolean\":true}}").as_bytes());
                    return;
                }
                let _ = stream.write_all(
                    format!("{head}{{\"head\":{{\"vars\":[\"s\"]}},\"results\":{{\"bindings\":[")
                        .as_bytes(),
                );
                std::thread::sleep(Duration::from_secs(60));
            });
        }
    });
    let server = Server::start(std::path::Path::new(&remote), &["--timeout", "1"]);
    // Six queries against four slots: each must be stopped by its own limit, none find the
    // server busy with the ones before, still waiting on the stalled store.
    for round in 0..6 {
        let started = Instant::now();
        let stopped = get(
            &format!("{}/sparql", server.url),
            "SELECT ?s WHERE { ?s ?p ?o }",
            &[],
        );
        assert_eq!(stopped.status, 503, "round {round}: {}", stopped.text());
        assert!(
            stopped
                .text()
                .contains("ran longer than this server's limit"),
            "round {round}: {}",
            stopped.text()
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "round {round}: {:?}",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}
