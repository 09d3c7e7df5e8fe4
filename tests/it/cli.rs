//! End to end through the binary: extract, ingest and query the seed article (its graph files:
//! `export_formats`).
//!
//! Each test works in its own temporary directory and store, offline.

use crate::common::*;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Quad};
use std::collections::{BTreeSet, HashSet};
use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;

/// A temporary directory with the seed article ingested into `store`.
fn query(dir: &std::path::Path, store: &std::path::Path, query: &str, format: &str) -> Run {
    depeche(
        dir,
        [
            "query",
            query,
            "--store",
            store.to_str().unwrap(),
            "--format",
            format,
        ],
    )
}

#[test]
fn version_and_help() {
    let dir = tempdir();
    let version = depeche(dir.path(), ["--version"]).ok();
    assert_eq!(
        version.trim(),
        format!("depeche {}", env!("CARGO_PKG_VERSION"))
    );
    let help = depeche(dir.path(), ["--help"]).ok();
    for command in ["extract", "ingest", "query", "export"] {
        assert!(help.contains(command), "{help}");
    }
    // No command at all is a usage error: exit 2.
    assert_eq!(
        depeche(dir.path(), std::iter::empty::<&str>()).code,
        Some(2)
    );
}

#[test]
fn ingest_reports_a_one_line_summary() {
    let dir = tempdir();
    let store = dir.path().join("store");
    let run = depeche(
        dir.path(),
        [
            "ingest".as_ref(),
            seed().as_os_str(),
            "--store".as_ref(),
            store.as_os_str(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "ingest reports on stderr only");
    let summary = run.stderr.trim_end();
    assert_eq!(summary.lines().count(), 1, "{summary}");
    assert!(summary.starts_with("ingested 1 article"), "{summary}");
    for word in ["triples", "entities", "meeting"] {
        assert!(summary.contains(word), "{summary}");
    }
}

#[test]
fn the_default_store_is_depeche_store_in_the_working_directory() {
    let dir = tempdir();
    depeche(dir.path(), ["ingest".as_ref(), seed().as_os_str()]).ok();
    assert!(dir.path().join("depeche-store").is_dir());
    let answer = depeche(
        dir.path(),
        ["query", "ASK { ?a dp:met ?b }", "--format", "csv"],
    )
    .ok();
    assert_eq!(answer.trim(), "true");
}

#[test]
fn who_met_whom_is_exactly_the_gold_pair() {
    let (dir, store) = seeded();
    let path = query_file("who-met-whom.rq");
    let rows = json_rows(
        &query(dir.path(), &store, path.to_str().unwrap(), "json")
            .ok()
            .into_bytes(),
    );
    assert_eq!(rows.len(), 1, "one pair: {rows:?}");
    let pair: BTreeSet<String> = [rows[0]["name1"].clone(), rows[0]["name2"].clone()].into();
    assert_eq!(pair, SeedGold::read().met());
}

#[test]
fn meetings_with_the_gold_places_and_dates() {
    let (dir, store) = seeded();
    let path = query_file("meetings.rq");
    let rows = json_rows(
        &query(dir.path(), &store, path.to_str().unwrap(), "json")
            .ok()
            .into_bytes(),
    );
    let found: HashSet<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.get("date").map_or("", String::as_str),
                r.get("place").map_or("", String::as_str),
            )
        })
        .collect();
    let gold = SeedGold::read().meetings();
    assert_eq!(gold.len(), 2);
    for (date, place) in &gold {
        let expected = (date.as_str(), place.as_str());
        assert!(
            found.contains(&expected),
            "no meeting {expected:?} in {rows:?}"
        );
    }
    for row in &rows {
        assert!(
            row.get("evidence").is_some_and(|e| !e.is_empty()),
            "every meeting has its sentence: {row:?}"
        );
    }
}

#[test]
fn every_query_file_runs_and_says_what_it_answers() {
    let (dir, store) = seeded();
    let mut files: Vec<_> = std::fs::read_dir(repo("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in [
        "who-met-whom.rq",
        "meetings.rq",
        "roles.rq",
        "entities-by-type.rq",
        "evidence.rq",
        "meeting-graph.rq",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "queries/{required} is missing"
        );
    }
    for file in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            text.starts_with('#'),
            "{} starts with a comment saying what it answers",
            file.display()
        );
        let run = query(dir.path(), &store, file.to_str().unwrap(), "table");
        assert_eq!(run.code, Some(0), "{}: {}", file.display(), run.stderr);
    }
}

#[test]
fn answers_in_every_results_format() {
    let (dir, store) = seeded();
    let select =
        "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name";
    let csv = query(dir.path(), &store, select, "csv").ok();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("name"));
    let names: Vec<&str> = lines.collect();
    let met = SeedGold::read().met();
    let first = met.iter().next().unwrap().clone();
    assert!(met.iter().all(|m| names.contains(&m.as_str())), "{csv}");

    let tsv = query(dir.path(), &store, select, "tsv").ok();
    assert!(tsv.starts_with("?name\n"), "{tsv}");
    assert!(
        tsv.contains(&format!("\"{first}\"@fr")),
        "TSV keeps RDF terms: {tsv}"
    );

    let rows = json_rows(&query(dir.path(), &store, select, "json").ok().into_bytes());
    assert_eq!(rows.len(), names.len());

    let xml = query(dir.path(), &store, select, "xml").ok();
    assert!(xml.contains("<sparql") && xml.contains(&first), "{xml}");

    let table = query(dir.path(), &store, select, "table").ok();
    assert!(table.starts_with("name\n----"), "{table}");
    assert!(
        table.contains(&format!("\n{first}\n")) && !table.contains("@fr"),
        "bare values in tables: {table}"
    );

    // Piped without --format: TSV.
    let piped = depeche(
        dir.path(),
        ["query", select, "--store", store.to_str().unwrap()],
    )
    .ok();
    assert_eq!(piped, tsv);
}

#[test]
fn ask_and_construct_answers() {
    let (dir, store) = seeded();
    assert_eq!(
        query(dir.path(), &store, "ASK { ?a dp:met ?b }", "json").ok(),
        r#"{"head":{},"boolean":true}"#
    );
    assert_eq!(
        query(dir.path(), &store, "ASK { ?a dp:met ?a }", "table").ok(),
        "false\n"
    );
    let construct = "CONSTRUCT { ?a dp:met ?b } WHERE { ?a dp:met ?b }";
    let turtle = query(dir.path(), &store, construct, "turtle").ok();
    let triples = parse_rdf(turtle.as_bytes(), RdfFormat::Turtle);
    assert_eq!(triples.len(), 2, "met is stated both ways: {turtle}");
    let ntriples = query(dir.path(), &store, construct, "ntriples").ok();
    assert_eq!(parse_rdf(ntriples.as_bytes(), RdfFormat::NTriples), triples);
    // A CONSTRUCT answer cannot be CSV: a clear error, not an empty file.
    query(dir.path(), &store, construct, "csv").fails_with("cannot hold the answer of a CONSTRUCT");
}

#[test]
fn prefixes_are_predeclared_and_a_query_may_redeclare_them() {
    let (dir, store) = seeded();
    let own = "PREFIX dp: <https://purl.org/depeche/ns#>\nASK { ?a dp:met ?b }";
    assert_eq!(query(dir.path(), &store, own, "csv").ok().trim(), "true");
    let other = "PREFIX dp: <http://example.org/elsewhere#>\nASK { ?a dp:met ?b }";
    assert_eq!(
        query(dir.path(), &store, other, "csv").ok().trim(),
        "false",
        "the query's own PREFIX wins"
    );
}

#[test]
fn query_text_from_a_file_or_standard_input() {
    let (dir, store) = seeded();
    let file = dir.path().join("ask.rq");
    std::fs::write(&file, "# a comment\nASK { ?a dp:met ?b }\n").unwrap();
    assert_eq!(
        query(dir.path(), &store, file.to_str().unwrap(), "csv")
            .ok()
            .trim(),
        "true"
    );
    let mut child = depeche_command()
        .args([
            "query",
            "-",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "csv",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ASK { ?a dp:met ?b }")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "true");
}

#[test]
fn extract_is_deterministic_and_nquads_equals_trig() {
    let dir = tempdir();
    let seed = seed();
    let nquads = |d: &std::path::Path| {
        depeche(
            d,
            [
                "extract".as_ref(),
                seed.as_os_str(),
                "--format".as_ref(),
                "nquads".as_ref(),
            ],
        )
    };
    let first = nquads(dir.path());
    let second = nquads(dir.path());
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(
        first.stdout, second.stdout,
        "extract twice gives the same bytes"
    );

    let trig = depeche(dir.path(), ["extract".as_ref(), seed.as_os_str()]);
    assert_eq!(trig.code, Some(0), "{}", trig.stderr);
    let from_nquads = parse_rdf(&first.stdout, RdfFormat::NQuads);
    let from_trig = parse_rdf(&trig.stdout, RdfFormat::TriG);
    assert!(!from_nquads.is_empty());
    assert_eq!(
        from_nquads, from_trig,
        "TriG (the default) and N-Quads hold the same quads"
    );
    let graphs: HashSet<&GraphName> = from_nquads.iter().map(|q| &q.graph_name).collect();
    assert_eq!(graphs.len(), 1, "one named graph per article");
    assert!(!graphs.contains(&GraphName::DefaultGraph));
}

#[test]
fn extract_honours_base_and_output_file() {
    let dir = tempdir();
    let out = dir.path().join("seed.nq");
    let run = depeche(
        dir.path(),
        [
            "extract".as_ref(),
            seed().as_os_str(),
            "--format".as_ref(),
            "nquads".as_ref(),
            "--base".as_ref(),
            "http://example.org/news/".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "-o leaves stdout empty");
    let quads = parse_rdf(&std::fs::read(&out).unwrap(), RdfFormat::NQuads);
    for quad in &quads {
        assert!(
            quad.graph_name
                .to_string()
                .starts_with("<http://example.org/news/"),
            "{quad}"
        );
    }
    assert!(
        !dir.path().join("seed.nq.tmp").exists(),
        "no temporary file left behind"
    );
}

#[test]
fn the_store_gives_back_what_was_extracted() {
    let (dir, store) = seeded();
    let extracted = depeche(
        dir.path(),
        [
            "extract".as_ref(),
            seed().as_os_str(),
            "--format".as_ref(),
            "nquads".as_ref(),
        ],
    );
    let mut extracted = parse_rdf(&extracted.stdout, RdfFormat::NQuads);
    // The store adds one quad to what was extracted: the digest that lets re-ingest skip the
    // article, a digest of exactly the text and fields the extraction read.
    let article = depeche::article::read_all(&[seed()], &Default::default())
        .unwrap()
        .remove(0);
    let graph = oxigraph::model::NamedNode::new(format!(
        "{}article/{}",
        depeche::vocab::DEFAULT_BASE,
        article.id
    ))
    .unwrap();
    extracted.insert(Quad::new(
        graph.clone(),
        depeche::vocab::dp::DIGEST,
        oxigraph::model::Literal::new_simple_literal(depeche::ingest::digest(&article)),
        graph,
    ));

    let exported = depeche(
        dir.path(),
        [
            "export",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "nquads",
        ],
    )
    .ok();
    // The store adds the entities graph: the article graphs' descriptions, each once.
    let entities =
        oxigraph::model::GraphName::NamedNode(depeche::store::ENTITIES_GRAPH.into_owned());
    let articles_only = |quads: HashSet<Quad>| -> HashSet<Quad> {
        quads
            .into_iter()
            .filter(|q| q.graph_name != entities)
            .collect()
    };
    let exported = parse_rdf(exported.as_bytes(), RdfFormat::NQuads);
    assert!(
        exported.iter().any(|q| q.graph_name == entities),
        "the entities graph is exported"
    );
    assert_eq!(
        articles_only(exported),
        extracted,
        "export nquads = extract nquads"
    );

    let trig = depeche(
        dir.path(),
        [
            "export",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "trig",
        ],
    )
    .ok();
    assert_eq!(
        articles_only(parse_rdf(trig.as_bytes(), RdfFormat::TriG)),
        extracted
    );

    // Turtle has no named graphs: the union of the article graphs, as triples.
    let turtle = depeche(
        dir.path(),
        [
            "export",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "turtle",
        ],
    )
    .ok();
    let as_triples = |quads: &HashSet<Quad>| -> HashSet<Quad> {
        quads
            .iter()
            .map(|q| {
                Quad::new(
                    q.subject.clone(),
                    q.predicate.clone(),
                    q.object.clone(),
                    GraphName::DefaultGraph,
                )
            })
            .collect()
    };
    // The union adds to the articles' triples only the entities graph's article counts and
    // the summaries of who met whom and of roles.
    let union: HashSet<Quad> = parse_rdf(turtle.as_bytes(), RdfFormat::Turtle)
        .into_iter()
        .filter(|q| q.predicate.as_ref() != depeche::vocab::dp::MENTION_COUNT)
        .filter(|q| !depeche::aggregates::is_summary(q))
        .collect();
    assert_eq!(union, as_triples(&extracted));

    for (format, syntax) in [
        ("ntriples", RdfFormat::NTriples),
        ("rdfxml", RdfFormat::RdfXml),
    ] {
        let out = depeche(
            dir.path(),
            [
                "export",
                "--store",
                store.to_str().unwrap(),
                "--format",
                format,
            ],
        )
        .ok();
        let union: HashSet<Quad> = parse_rdf(out.as_bytes(), syntax)
            .into_iter()
            .filter(|q| q.predicate.as_ref() != depeche::vocab::dp::MENTION_COUNT)
            .filter(|q| !depeche::aggregates::is_summary(q))
            .collect();
        assert_eq!(union, as_triples(&extracted), "{format}");
    }
    let jsonld = depeche(
        dir.path(),
        [
            "export",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "jsonld",
        ],
    )
    .ok();
    assert_eq!(
        articles_only(parse_rdf(
            jsonld.as_bytes(),
            RdfFormat::from_extension("jsonld").unwrap()
        )),
        extracted,
        "jsonld"
    );
}

#[test]
fn reingesting_changes_nothing() {
    let (dir, store) = seeded();
    let before = count_query(dir.path(), &store, QUADS_IN_GRAPHS);
    let dump = |d: &std::path::Path| {
        depeche(
            d,
            [
                "export",
                "--store",
                store.to_str().unwrap(),
                "--format",
                "nquads",
            ],
        )
        .ok()
    };
    let first = dump(dir.path());
    assert!(before > 0);
    ingest(dir.path(), &store, &[&seed()]);
    ingest(dir.path(), &store, &[&repo("data/articles")]);
    ingest(dir.path(), &store, &[&seed()]);
    // Other articles in data/articles may add graphs; the seed's own graph must be unchanged.
    let seed_graph = |nq: &str| -> BTreeSet<String> {
        let quads = parse_rdf(nq.as_bytes(), RdfFormat::NQuads);
        // The seed's article graph (the store also holds the entities graph).
        let graph = parse_rdf(first.as_bytes(), RdfFormat::NQuads)
            .into_iter()
            .find(|q| {
                q.graph_name
                    != oxigraph::model::GraphName::NamedNode(
                        depeche::store::ENTITIES_GRAPH.into_owned(),
                    )
            })
            .unwrap()
            .graph_name;
        quads
            .into_iter()
            .filter(|q| q.graph_name == graph)
            .map(|q| q.to_string())
            .collect()
    };
    assert_eq!(seed_graph(&dump(dir.path())), seed_graph(&first));

    let fresh = tempdir();
    let other = fresh.path().join("store");
    ingest(fresh.path(), &other, &[&seed()]);
    ingest(fresh.path(), &other, &[&seed()]);
    assert_eq!(
        count_query(fresh.path(), &other, QUADS_IN_GRAPHS),
        before,
        "re-ingest replaces, never duplicates"
    );
}

/// The refactors of issue 14 keep the extraction byte for byte: `extract --format nquads` over
/// every bundled article (data/articles) and every meeting fixture equals the output the binary
/// gave before them, committed in tests/fixtures/extracted/. A change that means to alter the
/// quads regenerates them with `DEPECHE_BLESS=1` and shows the difference in its commit.
#[test]
fn extraction_is_byte_for_byte_what_it_was() {
    let expected_dir = repo("tests/fixtures/extracted");
    let mut articles: Vec<PathBuf> = ["data/articles", "tests/fixtures"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(repo(dir)).expect("a fixture folder"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    articles.sort();
    assert!(articles.len() >= 9, "{articles:?}");
    let dir = tempdir();
    let bless = std::env::var_os("DEPECHE_BLESS").is_some();
    for article in &articles {
        let name = article.file_stem().unwrap().to_string_lossy();
        let expected = expected_dir.join(format!("{name}.nq"));
        let run = depeche(
            dir.path(),
            [
                OsStr::new("extract"),
                OsStr::new("--format"),
                OsStr::new("nquads"),
                article.as_os_str(),
            ],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        if bless {
            std::fs::write(&expected, &run.stdout).expect("the expected file is written");
            continue;
        }
        let before = std::fs::read(&expected).unwrap_or_else(|_| {
            panic!(
                "{} is missing: run with DEPECHE_BLESS=1",
                expected.display()
            )
        });
        assert!(
            run.stdout == before,
            "the quads of {} changed; differing lines:\n{}",
            article.display(),
            line_diff(&before, &run.stdout)
        );
    }
    // An expected file without its article would let a removed fixture go unnoticed.
    let expected_count = std::fs::read_dir(&expected_dir).unwrap().count();
    assert_eq!(
        expected_count,
        articles.len(),
        "tests/fixtures/extracted holds one file per article"
    );
}

/// Lines present in one output and not the other, for a readable failure.
fn line_diff(before: &[u8], after: &[u8]) -> String {
    let before: BTreeSet<&str> = std::str::from_utf8(before).unwrap_or("").lines().collect();
    let after: BTreeSet<&str> = std::str::from_utf8(after).unwrap_or("").lines().collect();
    let gone = before.difference(&after).map(|line| format!("- {line}"));
    let new = after.difference(&before).map(|line| format!("+ {line}"));
    gone.chain(new).take(40).collect::<Vec<_>>().join("\n")
}
