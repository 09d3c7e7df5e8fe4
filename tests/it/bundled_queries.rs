//! Every bundled query, the page's queries, `stats` and the exports, run on the bundled corpus
//! twice over (the seed, the Wikinews corpus, and the corpus again under other ids), each under
//! a time limit. A guard, not a benchmark: a query that joins names through the union default
//! graph multiplies its rows with the number of articles naming a person, and ran for minutes on
//! this store; a query written for scale answers in well under a second (`scripts/bench_scale.py`
//! measures it). The limit is generous so that a loaded machine does not fail the test.

use crate::common::repo;
use crate::support::corpus::bundled_twice_over;
use depeche::export::{answer_graph, export, ExportFormat, View};
use depeche::ingest::{ingest, IngestOptions};
use depeche::store::{QueryAnswer, Store};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Generous: each query of this test takes well under a second on a 2-core machine.
const LIMIT: Duration = Duration::from_secs(20);

/// The store, built once for every test of this file.
fn store() -> &'static Store {
    static STORE: OnceLock<(tempfile::TempDir, Store)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(dir.path().join("store")).unwrap();
            let all = bundled_twice_over().into_iter().map(Ok);
            ingest(&store, all, &IngestOptions::default(), &mut |_| {}).unwrap();
            // Before the time limit starts: the limit is one deadline for every query of the
            // store, and this check reads every article graph.
            check_mention_counts(&store);
            store.limit_queries(LIMIT);
            (dir, store)
        })
        .1
}

fn timed<T>(what: &str, run: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = run();
    let took = started.elapsed();
    assert!(took < LIMIT, "{what} took {took:?}");
    out
}

fn rows(answer: &QueryAnswer) -> usize {
    match answer {
        QueryAnswer::Solutions { rows, .. } => rows.len(),
        QueryAnswer::Graph(triples) => triples.len(),
        QueryAnswer::Boolean(_) => 1,
    }
}

#[test]
fn every_bundled_query_answers_within_the_limit() {
    let store = store();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the bundled queries are there");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let answer = timed(&name, || store.query(&text)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            rows(&answer) > 0,
            "{name} answers something on the bundled corpus"
        );
    }
}

#[test]
fn who_met_whom_counts_each_pair_once_with_its_articles() {
    let store = store();
    let text = std::fs::read_to_string(repo("queries/who-met-whom.rq")).unwrap();
    let QueryAnswer::Solutions { variables, rows } = store.query(&text).unwrap() else {
        panic!("a SELECT")
    };
    let column = |name: &str| variables.iter().position(|v| v.as_str() == name).unwrap();
    let (p1, p2, articles) = (column("person1"), column("person2"), column("articles"));
    let mut pairs = std::collections::HashSet::new();
    for row in &rows {
        let pair = (row[p1].clone(), row[p2].clone());
        assert!(pairs.insert(pair), "each pair once");
        let n: usize = match &row[articles] {
            Some(oxigraph::model::Term::Literal(l)) => l.value().parse().unwrap(),
            other => panic!("a count, not {other:?}"),
        };
        // Every article is in the store twice, under two ids.
        assert!(
            n >= 2 && n.is_multiple_of(2),
            "{n} articles for a pair stated in the corpus and its copy"
        );
        assert!(
            row[column("name1")].is_some() && row[column("name2")].is_some(),
            "both names"
        );
        assert!(row[column("first")].is_some(), "a date");
    }
    assert!(
        rows.len() >= 15,
        "the pairs of the bundled corpus, not {}",
        rows.len()
    );
}

#[test]
fn the_page_stats_and_exports_answer_within_the_limit() {
    let store = store();
    // The page's first answer: its default query, then the graph drawn from its answer.
    let first = timed("the page's query", || {
        store.query(include_str!("../../queries/who-met-whom.rq"))
    })
    .unwrap();
    let drawn = timed("the page's graph", || answer_graph(store, &first, 500)).unwrap();
    assert!(!drawn.is_empty(), "the page draws the pairs");
    let stats = timed("stats", || depeche::stats::Stats::compute(store, 10)).unwrap();
    assert!(stats.to_table().contains("Person"), "{}", stats.to_table());
    for view in [View::People, View::Timeline] {
        let dot = timed(view.name(), || export(store, ExportFormat::Dot, view, None)).unwrap();
        assert!(dot.len() > 1000, "the {} view draws something", view.name());
    }
}

#[test]
fn names_in_the_entities_graph_are_stated_once() {
    let store = store();
    // The union repeats a person's label once per article graph; the entities graph once.
    let count = |q: &str| match store.query(q).unwrap() {
        QueryAnswer::Solutions { rows, .. } => match &rows[0][0] {
            Some(oxigraph::model::Term::Literal(l)) => l.value().parse::<usize>().unwrap(),
            _ => 0,
        },
        _ => 0,
    };
    let in_entities = count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH dp:entities { ?p a schema:Person ; rdfs:label ?l } }");
    let distinct = count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p ?l WHERE { GRAPH ?g { ?p a schema:Person ; rdfs:label ?l } FILTER(?g != dp:entities) } }");
    assert!(in_entities > 100);
    assert_eq!(
        in_entities, distinct,
        "the entities graph is the article graphs' descriptions, each once"
    );
}

/// Every stored `dp:mentionCount` is what a from-scratch count of the article graphs gives.
fn check_mention_counts(store: &Store) {
    let pairs = |q: &str| -> std::collections::BTreeMap<String, String> {
        match store.query(q).unwrap() {
            QueryAnswer::Solutions { rows, .. } => rows
                .into_iter()
                .map(|r| {
                    (
                        r[0].as_ref().unwrap().to_string(),
                        depeche::store::display_term(r[1].as_ref().unwrap()),
                    )
                })
                .collect(),
            other => panic!("a SELECT answers rows, not {other:?}"),
        }
    };
    // Written once at the end of the ingest from counts kept in memory; what a from-scratch
    // count of the article graphs gives.
    let stored = pairs("SELECT ?e ?n WHERE { GRAPH dp:entities { ?e dp:mentionCount ?n } }");
    let counted = pairs(
        "SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {
           { SELECT DISTINCT ?e WHERE { GRAPH dp:entities { ?e a ?t } } }
           GRAPH ?g { ?e a ?u } FILTER(?g != dp:entities)
         } GROUP BY ?e",
    );
    assert!(counted.len() > 100, "the corpus names entities");
    assert!(
        stored == counted,
        "{} stored counts, {} entities counted; first differing: {:?}",
        stored.len(),
        counted.len(),
        counted.iter().find(|(e, n)| stored.get(*e) != Some(n))
    );
    assert!(
        counted.values().any(|n| n != "1" && n != "2"),
        "some entity is in several articles"
    );
}

#[test]
fn mention_counts_are_the_articles_typing_each_entity() {
    // The store's setup runs check_mention_counts before it sets the time limit, and panics
    // when a count is wrong.
    store();
}
