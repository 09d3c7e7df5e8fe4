//! Untrusted text in output: labels, headlines and evidence made of quotes, backslashes,
//! `</script>`, line breaks, DOT keywords, spreadsheet formulas and Mermaid entities never break
//! out of an RDF literal, a DOT label, a GraphML value, a CSV cell, a Mermaid label, a JSON
//! string or the browser page's answers: each format read back gives the same text, and
//! Graphviz sees exactly the nodes and edges drawn.

use crate::common::*;
use depeche::pipeline::Extraction;
use depeche::vocab::{dp, prov, rdf, rdfs, schema, sem};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use std::collections::BTreeSet;
use std::path::Path;

const HOSTILE: &[&str] = &[
    "Quote \" and 'single' and \"\"\"triple\"\"\"",
    "Back\\slash \\N \\G \\L \\\" end\\",
    "</script><script>alert(1)</script>",
    "Line one\nLine two",
    "digraph } node [shape=box]; edge -> subgraph strict graph { n0 -> n1",
    "=HYPERLINK(\"http://example.org\",\"click\")",
    "@SUM(1+1)",
    "#quot; `markdown` &amp; <b>bold</b> %% comment",
    "comma, \"quoted\", and ]]> end",
    "]]></data><data key=\"kind\">event",
];

fn iri(local: &str) -> NamedNode {
    NamedNode::new(format!("https://purl.org/depeche/id/{local}")).unwrap()
}

/// One article whose persons are named by the hostile strings, all at one meeting whose
/// evidence is hostile too, and whose URL is a `javascript:` address.
fn hostile_extraction() -> Extraction {
    let graph = iri("article/hostile");
    let g = GraphName::NamedNode(graph.clone());
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(s.clone(), p, o, g.clone()));
    };
    let meeting = iri("event/hostile/meeting-1");
    add(&graph, rdf::TYPE, schema::NEWS_ARTICLE.into());
    add(
        &graph,
        schema::HEADLINE,
        Literal::new_language_tagged_literal(HOSTILE[2], "fr")
            .unwrap()
            .into(),
    );
    add(
        &graph,
        schema::URL,
        NamedNode::new("javascript:alert(document.domain)")
            .unwrap()
            .into(),
    );
    add(&meeting, rdf::TYPE, sem::EVENT.into());
    add(&meeting, rdf::TYPE, dp::MEETING.into());
    add(&meeting, prov::WAS_DERIVED_FROM, graph.clone().into());
    add(
        &meeting,
        dp::EVIDENCE,
        Literal::new_simple_literal(HOSTILE.join(" | ")).into(),
    );
    add(
        &meeting,
        rdfs::LABEL,
        Literal::new_language_tagged_literal(HOSTILE[4], "fr")
            .unwrap()
            .into(),
    );
    for (i, label) in HOSTILE.iter().enumerate() {
        let person = iri(&format!("person/p{i}"));
        add(&person, rdf::TYPE, schema::PERSON.into());
        add(
            &person,
            rdfs::LABEL,
            Literal::new_language_tagged_literal(*label, "fr")
                .unwrap()
                .into(),
        );
        add(&person, prov::WAS_DERIVED_FROM, graph.clone().into());
        add(&meeting, sem::HAS_ACTOR, person.into());
    }
    add(&iri("person/p0"), dp::MET, iri("person/p1").into());
    add(&iri("person/p1"), dp::MET, iri("person/p0").into());
    Extraction {
        graph,
        quads,
        entities: HOSTILE.len(),
        events: 1,
        meetings: 1,
        skipped: Vec::new(),
    }
}

fn hostile_store(dir: &Path) -> (std::path::PathBuf, Vec<Quad>) {
    let store = dir.join("store");
    let extraction = hostile_extraction();
    let quads = extraction.quads.clone();
    depeche::store::Store::open(&store)
        .unwrap()
        .write_extractions(&[extraction])
        .unwrap();
    (store, quads)
}

fn export(dir: &Path, store: &Path, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["export", "--store", store.to_str().unwrap()];
    all.extend(args);
    let run = depeche(dir, &all);
    assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
    run.stdout
}

/// Minimal RFC 4180 reader: fields, quoted fields with doubled quotes and line breaks.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "the CSV ends inside a field"
    );
    rows
}

fn xml_unescape(text: &str) -> String {
    text.replace("&#10;", "\n")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn rdf_syntaxes_keep_every_literal_inside_its_quotes() {
    let dir = tempdir();
    let (store, quads) = hostile_store(dir.path());
    let triples: BTreeSet<String> = quads
        .iter()
        .map(|q| oxigraph::model::Triple::from(q.clone()).to_string())
        .collect();
    for (name, format) in [
        ("nquads", RdfFormat::NQuads),
        ("trig", RdfFormat::TriG),
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("n3", RdfFormat::N3),
        ("rdfxml", RdfFormat::RdfXml),
        ("jsonld", RdfFormat::from_extension("jsonld").unwrap()),
    ] {
        let parsed = parse_rdf(&export(dir.path(), &store, &["--format", name]), format);
        // The store adds the entities graph: the same descriptions, each entity's article
        // count, and the summaries of who met whom and of roles.
        let got: BTreeSet<String> = parsed
            .into_iter()
            .filter(|q| q.predicate.as_ref() != depeche::vocab::dp::MENTION_COUNT)
            .filter(|q| !depeche::aggregates::is_summary(q))
            .map(|q| oxigraph::model::Triple::from(q).to_string())
            .collect();
        assert_eq!(got, triples, "{name} does not read back as the same graph");
    }
}

#[test]
fn pictures_keep_every_label_inside_its_field() {
    let dir = tempdir();
    let (store, _) = hostile_store(dir.path());
    let labels: BTreeSet<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    // Full view: the persons and the meeting; an edge to each actor, and the one met pair.
    let (nodes, edges) = (HOSTILE.len() + 1, HOSTILE.len() + 1);

    let json: serde_json::Value =
        serde_json::from_slice(&export(dir.path(), &store, &["--format", "json"])).unwrap();
    let got: BTreeSet<String> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "person")
        .map(|n| n["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, labels, "node-link JSON");
    assert_eq!(json["links"].as_array().unwrap().len(), edges);

    let graphml = String::from_utf8(export(dir.path(), &store, &["--format", "graphml"])).unwrap();
    let mut got = BTreeSet::new();
    for piece in graphml.split("<data key=\"label\">").skip(1) {
        let value = piece.split("</data>").next().unwrap();
        assert!(
            !value.contains('<'),
            "raw markup inside a GraphML value: {value}"
        );
        got.insert(xml_unescape(value));
    }
    assert!(labels.is_subset(&got), "GraphML: {got:?}");
    assert_eq!(graphml.matches("<node id=").count(), nodes);
    assert_eq!(
        graphml.matches("<data key=\"kind\">").count(),
        nodes,
        "an injected kind"
    );

    for (format, header) in [("csv-nodes", "Id,Label"), ("csv-edges", "Source,Target")] {
        let text = String::from_utf8(export(dir.path(), &store, &["--format", format])).unwrap();
        let rows = read_csv(&text);
        assert!(rows[0].join(",").starts_with(header));
        let width = rows[0].len();
        assert!(
            rows.iter().all(|r| r.len() == width),
            "{format}: a row with a cell too many or too few"
        );
        assert_eq!(
            rows.len() - 1,
            if format == "csv-nodes" { nodes } else { edges }
        );
        if format == "csv-nodes" {
            let got: BTreeSet<String> = rows[1..].iter().map(|r| r[1].clone()).collect();
            for label in &labels {
                // A formula is kept as text: a leading quote tells spreadsheets not to run it.
                let wanted = if label.starts_with(['=', '@']) {
                    format!("'{label}")
                } else {
                    label.clone()
                };
                assert!(got.contains(&wanted), "{wanted:?} not in {got:?}");
            }
        }
    }

    let mermaid = String::from_utf8(export(dir.path(), &store, &["--format", "mermaid"])).unwrap();
    let node_lines: Vec<&str> = mermaid
        .lines()
        .filter(|l| l.starts_with("  n") && l.contains(":::"))
        .collect();
    assert_eq!(node_lines.len(), nodes);
    for line in node_lines {
        let inside = &line[line.find('"').unwrap() + 1..line.rfind('"').unwrap()];
        assert!(
            !inside.contains(['"', '<', '>', '`', '\n']) || inside.contains("<br/>"),
            "{line}"
        );
        assert!(
            !inside.replace("<br/>", "").contains(['"', '<', '>', '`']),
            "{line}"
        );
    }

    let dot = String::from_utf8(export(dir.path(), &store, &["--format", "dot"])).unwrap();
    if graphviz_available() {
        // Graphviz's own reading: exactly the nodes and edges drawn, none injected by a label.
        let out = std::process::Command::new("dot")
            .arg("-Tjson")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(dot.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(out.status.success(), "Graphviz refused the DOT:\n{dot}");
        let drawn: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            drawn["objects"].as_array().map_or(0, Vec::len),
            nodes,
            "{dot}"
        );
        assert_eq!(
            drawn["edges"].as_array().map_or(0, Vec::len),
            edges,
            "{dot}"
        );
        let drawn_labels: Vec<&str> = drawn["objects"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|o| o["label"].as_str())
            .collect();
        assert!(
            drawn_labels
                .iter()
                .any(|l| l.contains("</script><script>alert(1)</script>")),
            "{drawn_labels:?}"
        );
        // Drawn as written: Graphviz reads entities in labels, so `&amp;` in the text must
        // come out `&amp;` in the picture, not `&`.
        let svg = export(dir.path(), &store, &["--format", "dot", "--render", "svg"]);
        let svg = String::from_utf8(svg).unwrap();
        let drawn_text: String = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| Some(xml_unescape(t.split_once('>')?.1.split("</text>").next()?)))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(drawn_text.contains("&amp; <b>bold</b>"), "{drawn_text}");
    }
}

#[test]
fn every_csv_keeps_formulas_as_text() {
    let dir = tempdir();
    let (store, _) = hostile_store(dir.path());
    let query = "SELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?l";
    let formula = HOSTILE.iter().find(|l| l.starts_with('=')).unwrap();
    let guarded = format!("'{formula}");
    let cli = depeche(
        dir.path(),
        [
            "query",
            query,
            "--store",
            store.to_str().unwrap(),
            "--format",
            "csv",
        ],
    )
    .ok();
    let export = String::from_utf8(export(dir.path(), &store, &["--format", "csv-nodes"])).unwrap();
    // The server holds the store's lock: it starts last.
    let server = Server::start(&store, &[]);
    let http = curl(&[
        "-G",
        &format!("{}/sparql", server.url),
        "--data-urlencode",
        &format!("query={query}"),
        "--data-urlencode",
        "format=csv",
    ]);
    assert_eq!(http.status, 200, "{}", http.text());
    for (source, text) in [
        ("query --format csv", cli),
        ("/sparql CSV", http.text()),
        ("export csv-nodes", export),
    ] {
        let cells: Vec<String> = read_csv(&text.replace("\r\n", "\n"))
            .into_iter()
            .flatten()
            .collect();
        assert!(cells.contains(&guarded), "{source}: {cells:?}");
        assert!(
            !cells.iter().any(|c| c.starts_with(['=', '@'])),
            "{source}: a cell a spreadsheet would run: {cells:?}"
        );
    }
}

#[test]
fn the_page_gets_hostile_text_as_data_and_no_script_link() {
    let dir = tempdir();
    let (store, _) = hostile_store(dir.path());
    let server = Server::start(&store, &[]);
    let node = curl(&[
        "-G",
        &format!("{}/api/node", server.url),
        "--data-urlencode",
        "iri=https://purl.org/depeche/id/person/p2",
    ]);
    assert_eq!(node.status, 200);
    assert!(
        node.content_type.starts_with("application/json"),
        "{}",
        node.content_type
    );
    let value: serde_json::Value = serde_json::from_slice(&node.body).unwrap();
    assert_eq!(value["labels"][0]["value"], HOSTILE[2]);
    assert!(value["evidence"][0]["sentence"]
        .as_str()
        .unwrap()
        .contains(HOSTILE[3]));
    // The article's javascript: URL is not offered to the page as a link.
    assert_eq!(value["articles"][0]["headline"], HOSTILE[2]);
    assert!(value["articles"][0]["url"].is_null(), "{value}");

    // Every answer says what it is, so no browser guesses HTML in it.
    for args in [
        vec![
            format!("{}/api/graph", server.url),
            "--data-urlencode".into(),
            "query=SELECT ?p WHERE { ?p a schema:Person }".into(),
        ],
        vec![
            format!("{}/sparql", server.url),
            "--data-urlencode".into(),
            "query=SELECT ?l WHERE { ?p rdfs:label ?l }".into(),
        ],
        vec![
            format!("{}/sparql", server.url),
            "--data-urlencode".into(),
            "query=</script><script>alert(1)</script>".into(),
        ],
    ] {
        let headers = std::process::Command::new("curl")
            .args(["-sS", "-o", "/dev/null", "-D", "-", "-G"])
            .args(&args)
            .output()
            .unwrap();
        let headers = String::from_utf8_lossy(&headers.stdout).to_ascii_lowercase();
        assert!(
            headers.contains("x-content-type-options: nosniff"),
            "{args:?}: {headers}"
        );
        assert!(
            !headers.contains("content-type: text/html"),
            "{args:?}: {headers}"
        );
    }
}

#[test]
fn the_terminal_table_keeps_one_line_per_row() {
    let dir = tempdir();
    let (store, _) = hostile_store(dir.path());
    let run = depeche(dir.path(), ["query", "SELECT ?l WHERE { GRAPH dp:entities { ?p a schema:Person ; rdfs:label ?l } } ORDER BY ?l", "--store", store.to_str().unwrap(), "--format", "table"]);
    let out = run.ok();
    // Header, rule, one line per person, the count.
    assert_eq!(out.lines().count(), HOSTILE.len() + 3, "{out}");
    assert!(!out.contains('\r'));
}
