//! Graph files read back by the programs people open them with: GraphML and node-link JSON by
//! networkx, JSON-LD and Turtle by rdflib, DOT by Graphviz, CSV by a CSV reader; each count is
//! compared with the store's own SPARQL answer. Also `depeche stats`.

use crate::common::*;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// `depeche export --store STORE ARGS... -o OUT` and the path written.
#[track_caller]
fn export_to(dir: &Path, store: &Path, args: &[&str], name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    let mut all: Vec<&OsStr> = vec![
        OsStr::new("export"),
        OsStr::new("--store"),
        store.as_os_str(),
    ];
    all.extend(args.iter().map(OsStr::new));
    all.extend([OsStr::new("-o"), out.as_os_str()]);
    depeche(dir, all).ok();
    out
}

/// Persons in the who-met-whom answer, and its pairs: what the people view must draw.
fn people_answer(dir: &Path, store: &Path) -> (usize, usize) {
    let rows = json_rows(
        depeche(
            dir,
            [
                "query",
                query_file("who-met-whom.rq").to_str().unwrap(),
                "--store",
                store.to_str().unwrap(),
                "--format",
                "json",
            ],
        )
        .ok()
        .as_bytes(),
    );
    let persons: BTreeSet<&String> = rows
        .iter()
        .flat_map(|r| [&r["person1"], &r["person2"]])
        .collect();
    (persons.len(), rows.len())
}

/// Entities and events: the nodes of the full view.
fn full_nodes(dir: &Path, store: &Path) -> usize {
    count_query(
        dir,
        store,
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?t FILTER(?t IN (schema:Person, schema:Organization, schema:Place, sem:Event)) }",
    )
}

#[test]
fn graphml_and_node_link_json_read_back_in_networkx() {
    let (dir, store) = seeded();
    let d = dir.path();
    let (persons, pairs) = people_answer(d, &store);
    assert_eq!((persons, pairs), (2, 1));
    let entities_and_events = full_nodes(d, &store);

    let people = export_to(
        d,
        &store,
        &["--format", "graphml", "--view", "people"],
        "people.graphml",
    );
    let full = export_to(d, &store, &["--format", "graphml"], "full.graphml");
    let json = export_to(d, &store, &["--format", "json"], "full.json");
    let people_json = export_to(
        d,
        &store,
        &["--format", "json", "--view", "people"],
        "people.json",
    );
    let timeline = export_to(
        d,
        &store,
        &["--format", "json", "--view", "timeline"],
        "timeline.json",
    );

    // The JSON is valid whatever Python has.
    let full_link: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        full_link["nodes"].as_array().unwrap().len(),
        entities_and_events
    );
    let events = count_query(
        d,
        &store,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event }",
    );
    let line: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&timeline).unwrap()).unwrap();
    let nodes = line["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), events, "the timeline holds every event");
    let dates: Vec<&str> = nodes.iter().filter_map(|n| n["date"].as_str()).collect();
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "events in date order: {dates:?}"
    );
    assert_eq!(
        line["links"].as_array().unwrap().len(),
        dates.len().saturating_sub(1)
    );
    let people_link: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&people_json).unwrap()).unwrap();
    let edge = &people_link["links"][0];
    let gold = SeedGold::read();
    let gold_dates: BTreeSet<String> = gold.meetings().into_iter().map(|(date, _)| date).collect();
    let edge_dates: BTreeSet<String> = edge["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        edge_dates, gold_dates,
        "the people edge carries the meeting dates"
    );
    let gold_places: BTreeSet<String> = gold
        .meetings()
        .into_iter()
        .map(|(_, place)| place)
        .collect();
    assert!(
        gold_places.iter().all(|p| edge["places"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == p.as_str())),
        "{edge}"
    );

    if !python_available() {
        return;
    }
    let read = |kind: &str, path: &Path| {
        python_json("read_graphs.py", &[OsStr::new(kind), path.as_os_str()])
    };
    let p = read("graphml", &people);
    assert_eq!(
        (p["nodes"].as_u64(), p["edges"].as_u64()),
        (Some(persons as u64), Some(pairs as u64)),
        "{p}"
    );
    assert_eq!(p["directed"], false, "who met whom is symmetric");
    assert_eq!(p["typed"], true, "{p}");
    assert_eq!(p["edge_labels"][0].as_array().unwrap().len(), 2);
    let met: BTreeSet<String> = p["edge_labels"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert_eq!(met, gold.met());
    for attr in ["dates", "places", "meetings", "symmetric"] {
        assert!(
            p["edge_attrs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == attr),
            "{attr}: {p}"
        );
    }

    let f = read("graphml", &full);
    assert_eq!(f["nodes"].as_u64(), Some(entities_and_events as u64), "{f}");
    assert_eq!(f["directed"], true);
    assert_eq!(f["typed"], true, "{f}");
    for attr in ["kind", "iri", "label"] {
        assert!(
            f["node_attrs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == attr),
            "{attr}: {f}"
        );
    }
    let j = read("nodelink", &json);
    assert_eq!(j["nodes"], f["nodes"]);
    assert_eq!(j["edges"], f["edges"]);
    assert_eq!(
        j["edges"].as_u64(),
        Some(full_link["links"].as_array().unwrap().len() as u64)
    );
}

#[test]
fn turtle_and_jsonld_read_back_in_rdflib() {
    let (dir, store) = seeded();
    let d = dir.path();
    let triples = count_query(
        d,
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
    );
    let quads = count_query(d, &store, QUADS_IN_GRAPHS);
    let turtle = export_to(d, &store, &["--format", "turtle"], "store.ttl");
    let jsonld = export_to(d, &store, &["--format", "jsonld"], "store.jsonld");

    // A readable context: the standard prefixes, used in keys and types.
    let text = std::fs::read_to_string(&jsonld).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for prefix in ["dp", "schema", "sem", "prov", "rdfs", "xsd"] {
        assert!(
            json["@context"][prefix].is_string(),
            "{prefix} in the context"
        );
    }
    assert!(
        text.contains("\"schema:Person\"")
            && text.contains("\"rdfs:label\"")
            && text.contains("\"dp:met\"")
    );
    // Oxigraph reads it back too, as the same dataset.
    assert_eq!(
        parse_rdf(
            text.as_bytes(),
            oxigraph::io::RdfFormat::from_extension("jsonld").unwrap()
        )
        .len(),
        quads
    );

    if !python_available() {
        return;
    }
    let t = python_json(
        "read_graphs.py",
        &[OsStr::new("turtle"), turtle.as_os_str()],
    );
    assert_eq!(t["triples"].as_u64(), Some(triples as u64), "{t}");
    let j = python_json(
        "read_graphs.py",
        &[OsStr::new("jsonld"), jsonld.as_os_str()],
    );
    assert_eq!(j["quads"].as_u64(), Some(quads as u64), "{j}");
    assert_eq!(j["triples"].as_u64(), Some(triples as u64), "{j}");
    // The seed's article graph and the entities graph, which holds each description once.
    assert_eq!(
        j["graphs"], 2,
        "one graph per article and the entities graph: {j}"
    );
}

#[test]
fn dot_counts_match_in_graphviz() {
    let (dir, store) = seeded();
    let d = dir.path();
    let (persons, pairs) = people_answer(d, &store);
    let people = export_to(
        d,
        &store,
        &["--format", "dot", "--view", "people"],
        "people.dot",
    );
    let full = export_to(d, &store, &["--format", "dot"], "full.dot");
    let timeline = export_to(
        d,
        &store,
        &["--format", "dot", "--view", "timeline"],
        "timeline.dot",
    );
    if !graphviz_available() {
        return;
    }
    let counts = |path: &Path| {
        let out = Command::new("dot")
            .arg("-Tjson")
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "Graphviz refused {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let n = |k: &str| json[k].as_array().map_or(0, Vec::len);
        (n("objects"), n("edges"))
    };
    assert_eq!(counts(&people), (persons, pairs));
    assert_eq!(counts(&full).0, full_nodes(d, &store));
    let events = count_query(
        d,
        &store,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event }",
    );
    assert_eq!(counts(&timeline).0, events);
}

#[test]
fn csv_node_and_edge_lists_and_mermaid() {
    let (dir, store) = seeded();
    let d = dir.path();
    let out = d.join("csv");
    depeche(
        d,
        [
            "export".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
            "--format".as_ref(),
            "csv".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    )
    .ok();
    let nodes = std::fs::read_to_string(out.join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(out.join("edges.csv")).unwrap();
    assert!(
        nodes.starts_with("Id,Label,Kind,"),
        "Gephi's column names: {nodes}"
    );
    assert!(edges.starts_with("Source,Target,Type,"), "{edges}");
    // Every edge names listed nodes (IRIs never hold commas or quotes).
    let ids: BTreeSet<&str> = nodes
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids.len(), full_nodes(d, &store));
    for line in edges.lines().skip(1) {
        let mut fields = line.split(',');
        let (s, t) = (fields.next().unwrap(), fields.next().unwrap());
        assert!(ids.contains(s) && ids.contains(t), "{line}");
    }
    assert!(
        edges.contains(",Undirected,"),
        "who met whom is undirected: {edges}"
    );
    // The single-file forms give the same lists.
    let one = depeche(
        d,
        [
            "export",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "csv-edges",
        ],
    )
    .ok();
    assert_eq!(one, edges);
    // Without a directory, csv is a usage error.
    assert_eq!(
        depeche(
            d,
            [
                "export",
                "--store",
                store.to_str().unwrap(),
                "--format",
                "csv"
            ]
        )
        .code,
        Some(2)
    );

    let mermaid = depeche(
        d,
        [
            "export",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "mermaid",
            "--view",
            "people",
        ],
    )
    .ok();
    assert!(mermaid.contains("\nflowchart LR\n"), "{mermaid}");
    assert_eq!(mermaid.matches(":::person").count(), 2, "{mermaid}");
    assert_eq!(mermaid.matches(" ---|").count(), 1, "{mermaid}");
    assert!(SeedGold::read()
        .met()
        .iter()
        .all(|n| mermaid.contains(n.as_str())));

    // Every RDF format Oxigraph writes.
    for format in [
        "turtle", "ntriples", "nquads", "trig", "n3", "jsonld", "rdfxml",
    ] {
        let out = depeche(
            d,
            [
                "export",
                "--store",
                store.to_str().unwrap(),
                "--format",
                format,
                "--view",
                "people",
            ],
        );
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        assert!(!out.stdout.is_empty(), "{format}");
    }
}

#[test]
fn stats_count_what_the_store_holds() {
    let (dir, store) = seeded();
    let d = dir.path();
    let json = depeche(
        d,
        [
            "stats",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "json",
        ],
    )
    .ok();
    let stats: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(stats["articles"], 1);
    let persons = count_query(
        d,
        &store,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }",
    );
    assert_eq!(stats["entities"]["Person"].as_u64(), Some(persons as u64));
    let meetings = count_query(
        d,
        &store,
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dp:Meeting }",
    );
    assert_eq!(
        stats["event_classes"]["Meeting"].as_u64(),
        Some(meetings as u64)
    );
    let (_, pairs) = people_answer(d, &store);
    assert_eq!(stats["network_pairs"].as_u64(), Some(pairs as u64));
    let people: BTreeSet<String> = stats["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(people, SeedGold::read().met());
    assert!(stats["people"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["degree"] == 1 && p["pagerank"].as_f64().unwrap() > 0.0));
    assert_eq!(stats["group_count"], 1);
    let dates: BTreeSet<String> = SeedGold::read()
        .meetings()
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    assert_eq!(
        stats["event_span"]["from"].as_str(),
        dates.iter().next().map(String::as_str)
    );

    let table = depeche(d, ["stats", "--store", store.to_str().unwrap()]).ok();
    assert!(
        table.contains("most connected people") && table.contains("pagerank"),
        "{table}"
    );
    depeche(d, ["stats", "--store", d.join("nope").to_str().unwrap()]).fails_with("no store at");
}
