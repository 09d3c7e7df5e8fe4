//! `depeche serve` through an independent HTTP client (curl): the SPARQL 1.1 Protocol, its
//! errors, updates and ingest, the page's API and graph downloads.
//!
//! Every server listens on a port of 127.0.0.1 the system picks, and is killed when its test
//! ends, passed or failed.

use crate::common::*;
use std::collections::BTreeSet;

/// A temporary directory with the seed article ingested into `store`.
fn who_met_whom() -> String {
    std::fs::read_to_string(query_file("who-met-whom.rq")).unwrap()
}

fn pair_of(rows: &[std::collections::BTreeMap<String, String>]) -> BTreeSet<String> {
    assert_eq!(rows.len(), 1, "one pair: {rows:?}");
    [rows[0]["name1"].clone(), rows[0]["name2"].clone()].into()
}

#[test]
fn queries_by_get_and_post_in_every_results_format() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &[]);
    let sparql = format!("{}/sparql", server.url);
    let gold = SeedGold::read().met();
    let query = who_met_whom();

    // GET with the query in the URL: JSON results by default.
    let get = curl(&["-G", &sparql, "--data-urlencode", &format!("query={query}")]);
    assert_eq!(get.status, 200, "{}", get.text());
    assert_eq!(get.content_type, "application/sparql-results+json");
    assert_eq!(pair_of(&json_rows(&get.body)), gold);

    // POST as a form, and POST the query itself.
    let form = curl(&["--data-urlencode", &format!("query={query}"), &sparql]);
    assert_eq!(pair_of(&json_rows(&form.body)), gold);
    let direct = curl(&[
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        &query,
        &sparql,
    ]);
    assert_eq!(direct.status, 200, "{}", direct.text());
    assert_eq!(pair_of(&json_rows(&direct.body)), gold);

    // The Accept header chooses the format, with preferences.
    let names = "SELECT ?name WHERE { ?p a schema:Person ; dp:met ?o ; rdfs:label ?name }";
    let ask = |accept: &str| {
        curl(&[
            "-G",
            &sparql,
            "-H",
            &format!("Accept: {accept}"),
            "--data-urlencode",
            &format!("query={names}"),
        ])
    };
    let xml = ask("application/sparql-results+xml");
    assert_eq!(xml.content_type, "application/sparql-results+xml");
    assert!(xml.text().contains("<sparql") && gold.iter().all(|n| xml.text().contains(n.as_str())));
    let csv = ask("text/csv");
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(
        csv.text().starts_with("name\r\n") || csv.text().starts_with("name\n"),
        "{}",
        csv.text()
    );
    let tsv = ask("text/csv;q=0.2, text/tab-separated-values");
    assert!(
        tsv.content_type.starts_with("text/tab-separated-values"),
        "{}",
        tsv.content_type
    );
    assert!(tsv.text().starts_with("?name"));
    assert_eq!(
        ask("text/html,*/*;q=0.8").content_type,
        "application/sparql-results+json"
    );

    // The format parameter wins over Accept.
    let by_param = curl(&[
        "-G",
        &sparql,
        "-H",
        "Accept: application/sparql-results+xml",
        "--data-urlencode",
        &format!("query={names}"),
        "--data-urlencode",
        "format=tsv",
    ]);
    assert!(by_param
        .content_type
        .starts_with("text/tab-separated-values"));

    // ASK answers in JSON.
    let yes = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=ASK { ?a dp:met ?b }",
    ]);
    assert_eq!(yes.text(), r#"{"head":{},"boolean":true}"#);
}

#[test]
fn construct_answers_in_rdf_formats() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &[]);
    let sparql = format!("{}/sparql", server.url);
    let construct = "CONSTRUCT { ?a dp:met ?b } WHERE { ?a dp:met ?b }";
    let with = |accept: &str| {
        curl(&[
            "-G",
            &sparql,
            "-H",
            &format!("Accept: {accept}"),
            "--data-urlencode",
            &format!("query={construct}"),
        ])
    };
    let turtle = with("*/*");
    assert_eq!(turtle.content_type, "text/turtle");
    assert_eq!(
        parse_rdf(&turtle.body, oxigraph::io::RdfFormat::Turtle).len(),
        2
    );
    let nt = with("application/n-triples");
    assert_eq!(nt.content_type, "application/n-triples");
    assert_eq!(nt.text().lines().count(), 2);
    let jsonld = with("application/ld+json");
    assert_eq!(jsonld.content_type, "application/ld+json");
    assert!(
        jsonld.text().contains("\"dp:met\""),
        "compact IRIs: {}",
        jsonld.text()
    );
    let xml = with("application/rdf+xml");
    assert_eq!(xml.content_type, "application/rdf+xml");
    // A graph answer cannot be SPARQL results.
    let refused = with("application/sparql-results+json");
    assert_eq!(refused.status, 406, "{}", refused.text());
    assert!(refused.text().contains("CONSTRUCT"), "{}", refused.text());
}

#[test]
fn errors_are_http_statuses_with_a_sentence() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &["--max-body", "2000", "--timeout", "1"]);
    let sparql = format!("{}/sparql", server.url);

    // A malformed query: 400 with the parser's message, the same sentence as the CLI's.
    let bad = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=SELECT ?x WHERE { ?x",
    ]);
    assert_eq!(bad.status, 400);
    assert!(bad.content_type.starts_with("text/plain"));
    // The server holds its store's lock: the CLI asks a copy.
    let (other_dir, other) = seeded();
    let cli = depeche(
        other_dir.path(),
        [
            "query",
            "SELECT ?x WHERE { ?x",
            "--store",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(
        format!("depeche: {}", bad.text().trim_end()),
        cli.stderr.trim_end(),
        "the server says what the CLI says"
    );
    assert!(
        bad.text().starts_with("the query is not valid SPARQL: "),
        "{}",
        bad.text()
    );

    let missing = curl(&[&sparql]);
    assert_eq!(missing.status, 400);
    assert!(
        missing.text().contains("missing the query parameter"),
        "{}",
        missing.text()
    );

    // Writes on a read-only server: 403, wherever they are sent.
    for args in [
        vec![
            "--data-urlencode",
            "update=INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            &sparql,
        ],
        vec![
            "-H",
            "Content-Type: application/sparql-update",
            "--data-binary",
            "CLEAR ALL",
            &sparql,
        ],
    ] {
        let refused = curl(&args);
        assert_eq!(refused.status, 403, "{}", refused.text());
        assert!(refused.text().contains("read-only"), "{}", refused.text());
    }
    let update_url = format!("{}/update", server.url);
    let update = curl(&["--data-urlencode", "update=CLEAR ALL", &update_url]);
    assert_eq!(update.status, 403);
    let ingest_url = format!("{}/ingest", server.url);
    let ingest = curl(&[
        "-H",
        "Content-Type: text/plain",
        "--data-binary",
        "Texte.",
        &ingest_url,
    ]);
    assert_eq!(ingest.status, 403);

    // Too large: 413 with the limit.
    let big = format!("query=SELECT * WHERE {{ ?s ?p ?o }} #{}", "x".repeat(3000));
    let large = curl(&[
        "--data-binary",
        &big,
        "-H",
        "Content-Type: application/x-www-form-urlencoded",
        &sparql,
    ]);
    assert_eq!(large.status, 413);
    assert!(large.text().contains("2000 bytes"), "{}", large.text());

    // Unknown body type: 415; unknown path: 404; unknown answer format: 400.
    let unknown = curl(&[
        "-H",
        "Content-Type: text/plain",
        "--data-binary",
        "ASK {}",
        &sparql,
    ]);
    assert_eq!(unknown.status, 415, "{}", unknown.text());
    assert_eq!(curl(&[&format!("{}/nope", server.url)]).status, 404);
    let wrong = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=ASK {}",
        "--data-urlencode",
        "format=turtle",
    ]);
    assert_eq!(wrong.status, 400);
    assert!(
        wrong.text().contains("format=turtle cannot hold"),
        "{}",
        wrong.text()
    );

    // Past the time limit: 503 with a message, and the server still answers afterwards.
    let slow =
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }";
    let started = std::time::Instant::now();
    let stopped = curl(&["-G", &sparql, "--data-urlencode", &format!("query={slow}")]);
    assert_eq!(stopped.status, 503, "{}", stopped.text());
    assert!(
        stopped.text().contains("limit of 1 s"),
        "{}",
        stopped.text()
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let after = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=ASK { ?a dp:met ?b }",
    ]);
    assert_eq!(after.status, 200);
}

#[test]
fn updates_and_ingest_when_allowed() {
    let (dir, store) = seeded();
    let server = Server::start(&store, &["--allow-update"]);
    let sparql = format!("{}/sparql", server.url);
    let ask = |q: &str| curl(&["-G", &sparql, "--data-urlencode", &format!("query={q}")]).text();

    let update_url = format!("{}/update", server.url);
    let done = curl(&[
        "--data-urlencode",
        "update=INSERT DATA { GRAPH <urn:notes> { <urn:x> dp:met <urn:y> } }",
        &update_url,
    ]);
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(
        ask("ASK { <urn:x> dp:met <urn:y> }"),
        r#"{"head":{},"boolean":true}"#
    );
    let body = curl(&[
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        "DROP GRAPH <urn:notes>",
        &update_url,
    ]);
    assert_eq!(body.status, 200, "{}", body.text());
    assert_eq!(
        ask("ASK { <urn:x> dp:met <urn:y> }"),
        r#"{"head":{},"boolean":false}"#
    );
    let bad = curl(&["--data-urlencode", "update=INSERT DATA {", &update_url]);
    assert_eq!(bad.status, 400);
    assert!(
        bad.text()
            .starts_with("the update is not valid SPARQL Update"),
        "{}",
        bad.text()
    );

    // A page of another site cannot write through the visitor's browser.
    let forged = curl(&[
        "-H",
        "Origin: http://example.org",
        "--data-urlencode",
        "update=CLEAR ALL",
        &update_url,
    ]);
    assert_eq!(forged.status, 403, "{}", forged.text());
    assert!(
        ask("ASK { ?a dp:met ?b }").contains("true"),
        "nothing was cleared"
    );

    // Ingest: a made-up article as JSON Lines, then the seed as plain text.
    let ingest_url = format!("{}/ingest", server.url);
    let article = r#"{"id":"test-1","date":"2020-03-03","lang":"fr","title":"Essai","text":"Le président Karim Benali a reçu mardi à Tunis le ministre Paul Lefort."}"#;
    let posted = curl(&[
        "-H",
        "Content-Type: application/x-ndjson",
        "--data-binary",
        article,
        &ingest_url,
    ]);
    assert_eq!(posted.status, 200, "{}", posted.text());
    let summary: serde_json::Value = serde_json::from_slice(&posted.body).unwrap();
    assert_eq!(summary["articles"], 1);
    assert!(summary["triples"].as_u64().unwrap() > 0, "{summary}");
    assert!(
        ask("ASK { GRAPH <https://purl.org/depeche/id/article/test-1> { ?s ?p ?o } }")
            .contains("true")
    );

    // One body that gives an id twice is refused whole, as `depeche ingest` refuses it, unless
    // asked to keep the last record.
    let twice = [
        r#"{"id":"twice","lang":"fr","text":"Le président Karim Benali a reçu mardi le ministre Paul Lefort."}"#,
        r#"{"id":"other","lang":"fr","text":"Le ministre Paul Lefort a rencontré lundi Anne Morel."}"#,
        r#"{"id":"twice","lang":"fr","text":"Le président Karim Benali a reçu jeudi le ministre Paul Lefort."}"#,
    ]
    .join("\n");
    let refused = curl(&[
        "-H",
        "Content-Type: application/x-ndjson",
        "--data-binary",
        &twice,
        &ingest_url,
    ]);
    assert_eq!(refused.status, 400, "{}", refused.text());
    assert!(
        refused.text().starts_with(
            "posted:3 repeats the article id \"twice\" of posted:1; nothing was written"
        ),
        "{}",
        refused.text()
    );
    assert!(
        ask("ASK { GRAPH <https://purl.org/depeche/id/article/other> { ?s ?p ?o } }")
            .contains("false"),
        "nothing was written"
    );
    let kept = curl(&[
        "-H",
        "Content-Type: application/x-ndjson",
        "--data-binary",
        &twice,
        &format!("{ingest_url}?on-duplicate-id=keep-last"),
    ]);
    assert_eq!(kept.status, 200, "{}", kept.text());
    let summary: serde_json::Value = serde_json::from_slice(&kept.body).unwrap();
    assert_eq!(summary["new"], 2, "{summary}");
    assert!(
        summary["warnings"][0]
            .as_str()
            .unwrap()
            .contains("the last record is kept"),
        "{summary}"
    );
    assert!(ask("ASK { GRAPH <https://purl.org/depeche/id/article/twice> { ?s ?p ?o . FILTER(CONTAINS(STR(?o), \"jeudi\")) } }").contains("true"), "the last record is the one kept");

    let before = ask("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }");
    let text = std::fs::read_to_string(seed()).unwrap();
    let again = curl(&[
        "-H",
        "Content-Type: text/plain",
        "--data-binary",
        &text,
        &ingest_url,
    ]);
    assert_eq!(again.status, 200, "{}", again.text());
    let summary: serde_json::Value = serde_json::from_slice(&again.body).unwrap();
    assert_eq!(
        (summary["unchanged"].as_u64(), summary["replaced"].as_u64()),
        (Some(1), Some(0)),
        "the seed's front matter id names the same graph, and its text is unchanged: {summary}"
    );
    assert_eq!(
        ask("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        before
    );

    let empty = curl(&[
        "-H",
        "Content-Type: text/plain",
        "--data-binary",
        " ",
        &ingest_url,
    ]);
    assert_eq!(empty.status, 400, "{}", empty.text());
    drop(server);
    assert!(count_query(dir.path(), &store, QUADS_IN_GRAPHS) > 0);
}

#[test]
fn the_page_and_its_api() {
    let (_dir, store) = seeded();
    let server = Server::start(&store, &[]);
    let page = curl(&[&format!("{}/", server.url)]);
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    let html = page.text();
    assert!(html.contains("/vendor/cytoscape.min.js") && html.contains("/app.js"));
    assert!(
        !html.contains("https://") && !html.contains("http://"),
        "no CDN: everything comes from the server"
    );
    let script = curl(&[&format!("{}/vendor/cytoscape.min.js", server.url)]);
    assert_eq!(script.status, 200);
    assert!(script.body.len() > 100_000);
    let app = curl(&[&format!("{}/app.js", server.url)]);
    assert!(app.text().contains("cytoscape("));

    let queries: serde_json::Value =
        serde_json::from_slice(&curl(&[&format!("{}/api/queries", server.url)]).body).unwrap();
    let names: Vec<&str> = queries
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"who-met-whom.rq") && names.contains(&"meetings.rq"),
        "{names:?}"
    );

    // The graph of the who-met-whom answer: the two persons and the edge between them.
    let graph = curl(&[
        "--data-urlencode",
        &format!("query={}", who_met_whom()),
        &format!("{}/api/graph", server.url),
    ]);
    assert_eq!(graph.status, 200, "{}", graph.text());
    let graph: serde_json::Value = serde_json::from_slice(&graph.body).unwrap();
    let label = |id: &str| {
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .map(|n| n["label"].as_str().unwrap().to_string())
    };
    let met: Vec<BTreeSet<String>> = graph["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["symmetric"] == true)
        .map(|l| {
            [
                label(l["source"].as_str().unwrap()).unwrap(),
                label(l["target"].as_str().unwrap()).unwrap(),
            ]
            .into()
        })
        .collect();
    assert_eq!(met, vec![SeedGold::read().met()]);

    // A node's details: its labels, the sentences about it and its article.
    let person = graph["links"][0]["source"].as_str().unwrap().to_string();
    let node = curl(&[
        "-G",
        &format!("{}/api/node", server.url),
        "--data-urlencode",
        &format!("iri={person}"),
    ]);
    let node: serde_json::Value = serde_json::from_slice(&node.body).unwrap();
    assert!(!node["labels"].as_array().unwrap().is_empty());
    assert!(
        node["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["class"] == "dp:Meeting"),
        "{node}"
    );
    assert_eq!(node["articles"].as_array().unwrap().len(), 1);
    let bad = curl(&[
        "-G",
        &format!("{}/api/node", server.url),
        "--data-urlencode",
        "iri=not an iri",
    ]);
    assert_eq!(bad.status, 400);

    // Downloads, as the page links them.
    let graphml = curl(&[
        "-G",
        &format!("{}/export", server.url),
        "-d",
        "format=graphml",
        "-d",
        "view=people",
    ]);
    assert_eq!(graphml.status, 200);
    assert!(graphml.content_type.starts_with("application/graphml+xml"));
    assert!(graphml.text().contains("edgedefault=\"undirected\""));
    let of_query = curl(&[
        "-G",
        &format!("{}/export", server.url),
        "-d",
        "format=csv-edges",
        "--data-urlencode",
        &format!("query={}", who_met_whom()),
    ]);
    assert_eq!(of_query.status, 200, "{}", of_query.text());
    assert_eq!(
        of_query.text().lines().count(),
        2,
        "a header and the pair: {}",
        of_query.text()
    );
    let unknown = curl(&["-G", &format!("{}/export", server.url), "-d", "format=gexf"]);
    assert_eq!(unknown.status, 400);
    if graphviz_available() {
        let svg = curl(&["-G", &format!("{}/export", server.url), "-d", "format=svg"]);
        assert_eq!(svg.content_type, "image/svg+xml");
        assert!(svg.text().contains("<svg"));
    }
}
