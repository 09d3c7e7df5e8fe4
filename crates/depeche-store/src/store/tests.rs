//! Unit tests of the store: replacement, the entities graph and its counts, opening and
//! locking, queries, limits and error wording, on a local store in a temporary directory.

use super::parse::syntax_message;
use super::*;
use depeche_extract::pipeline::Extraction;
use depeche_extract::vocab::{self, dp, rdfs, schema};
use oxigraph::model::{GraphName, GraphNameRef, Literal};
use oxigraph::sparql::SparqlEvaluator;

fn iri(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("https://purl.org/depeche/id/{local}"))
}

/// A hand-built extraction: two people who met, in one article graph.
pub(crate) fn sample(article: &str, a: &str, b: &str) -> Extraction {
    let graph = iri(&format!("article/{article}"));
    let g = GraphName::NamedNode(graph.clone());
    let mut quads = Vec::new();
    for (who, name) in [(a, a), (b, b)] {
        quads.push(Quad::new(
            iri(who),
            vocab::rdf::TYPE,
            schema::PERSON,
            g.clone(),
        ));
        quads.push(Quad::new(
            iri(who),
            rdfs::LABEL,
            Literal::new_language_tagged_literal_unchecked(name, "fr"),
            g.clone(),
        ));
    }
    quads.push(Quad::new(iri(a), dp::MET, iri(b), g.clone()));
    quads.push(Quad::new(iri(b), dp::MET, iri(a), g.clone()));
    Extraction {
        graph,
        quads,
        entities: 2,
        events: 0,
        meetings: 0,
        skipped: Vec::new(),
    }
}

/// Quads of the article graphs (the entities graph aside).
fn article_quads_in(store: &Store) -> usize {
    store
        .quads()
        .unwrap()
        .iter()
        .filter(|q| q.graph_name.as_ref() != GraphNameRef::NamedNode(ENTITIES_GRAPH))
        .count()
}

#[test]
fn reingest_replaces_the_graph() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("s")).unwrap();
    let first = store
        .write_extractions(&[sample("one", "assad", "choigou")])
        .unwrap();
    assert_eq!((first.articles, first.replaced, first.quads), (1, 0, 6));
    assert_eq!(article_quads_in(&store), 6);
    let again = store
        .write_extractions(&[sample("one", "assad", "poutine")])
        .unwrap();
    assert_eq!(again.replaced, 1);
    assert_eq!(
        article_quads_in(&store),
        6,
        "the old graph is replaced, not added to"
    );
    store
        .write_extractions(&[sample("two", "assad", "choigou")])
        .unwrap();
    assert_eq!(store.graphs().unwrap().len(), 2);
    assert_eq!(
        store.graph_count().unwrap(),
        2,
        "the entities graph is no article's"
    );
}

#[test]
fn the_entities_graph_follows_replacements() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("s")).unwrap();
    store
        .write_extractions(&[
            sample("one", "assad", "choigou"),
            sample("two", "assad", "lavrov"),
        ])
        .unwrap();
    let described = |who: &str| -> Vec<String> {
        let QueryAnswer::Solutions { rows, .. } = store
            .query(&format!("SELECT ?p ?o WHERE {{ GRAPH dp:entities {{ <https://purl.org/depeche/id/{who}> ?p ?o }} }} ORDER BY ?p ?o"))
            .unwrap()
        else {
            panic!("a SELECT")
        };
        rows.iter()
            .map(|r| format!("{} {}", r[0].as_ref().unwrap(), r[1].as_ref().unwrap()))
            .collect()
    };
    let count = |n: usize| {
        format!("<https://purl.org/depeche/ns#mentionCount> \"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer>")
    };
    assert_eq!(
        described("assad").len(),
        3,
        "type, label and count, once: {:?}",
        described("assad")
    );
    assert!(described("assad").contains(&count(2)));
    // "one" now names poutine instead of choigou: choigou's description goes, assad's stays.
    store
        .write_extractions(&[sample("one", "assad", "poutine")])
        .unwrap();
    assert!(
        described("choigou").is_empty(),
        "{:?}",
        described("choigou")
    );
    assert_eq!(described("poutine").len(), 3);
    assert!(described("assad").contains(&count(2)));
    assert!(described("lavrov").contains(&count(1)));
}

#[test]
fn counts_left_pending_are_recounted_by_the_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    let count_of = |store: &Store, who: &str| -> Vec<String> {
        let QueryAnswer::Solutions { rows, .. } = store
            .query(&format!("SELECT ?n WHERE {{ GRAPH dp:entities {{ <https://purl.org/depeche/id/{who}> dp:mentionCount ?n }} }}"))
            .unwrap()
        else {
            panic!("a SELECT")
        };
        rows.iter()
            .map(|r| display_term(r[0].as_ref().unwrap()))
            .collect()
    };
    {
        let store = Store::open(&path).unwrap();
        store
            .write_extractions(&[
                sample("one", "assad", "choigou"),
                sample("two", "assad", "lavrov"),
            ])
            .unwrap();
        assert_eq!(count_of(&store, "assad"), ["2"]);
        // What a writer killed before it settled leaves: the marker, and counts that miss
        // what it kept in memory (here wrong ones, and one for an entity no longer there).
        store
            .update(
                "DELETE WHERE { GRAPH dp:entities { ?e dp:mentionCount ?n } } ;
                     INSERT DATA { GRAPH dp:entities { dp:entities dp:countsPending true .
                       <https://purl.org/depeche/id/assad> dp:mentionCount 7 .
                       <https://purl.org/depeche/id/gone> dp:mentionCount 3 } }",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(count_of(&store, "assad"), ["7"], "a reader changes nothing");
    store.settle_counts().unwrap();
    assert_eq!(count_of(&store, "assad"), ["2"]);
    assert_eq!(count_of(&store, "lavrov"), ["1"]);
    assert!(count_of(&store, "gone").is_empty());
    assert_eq!(
        store
            .query("ASK { GRAPH dp:entities { dp:entities dp:countsPending ?x } }")
            .unwrap(),
        QueryAnswer::Boolean(false)
    );
}

#[test]
fn queries_see_the_union_with_builtin_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .write_extractions(&[
            sample("one", "assad", "choigou"),
            sample("two", "assad", "poutine"),
        ])
        .unwrap();
    let answer = store
        .query("SELECT DISTINCT ?a ?b WHERE { ?x dp:met ?y . ?x rdfs:label ?a . ?y rdfs:label ?b FILTER(STR(?x) < STR(?y)) } ORDER BY ?b")
        .unwrap();
    let table = String::from_utf8(answer.render(AnswerFormat::Table).unwrap()).unwrap();
    assert_eq!(
        table,
        "a      b\n-----  -------\nassad  choigou\nassad  poutine\n(2 rows)\n"
    );
    // A query's own PREFIX wins over the built-in one.
    let own = store
        .query("PREFIX dp: <http://example.org/> ASK { ?x dp:met ?y }")
        .unwrap();
    assert_eq!(own, QueryAnswer::Boolean(false));
}

#[test]
fn format_mismatch_and_syntax_errors_are_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let err = store.query("SELEC ?x WHERE {").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the query is not valid SPARQL: "),
        "{err}"
    );
    assert!(!err.to_string().contains('\n'));
}

#[test]
fn syntax_errors_point_at_the_mistake() {
    let message = |q: &str| {
        syntax_message(
            q,
            &SparqlEvaluator::new()
                .parse_query(q)
                .err()
                .unwrap()
                .to_string(),
        )
    };
    assert_eq!(
        message("SELEC ?x"),
        "a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not \"SELEC\""
    );
    assert_eq!(message("# nothing\n"), "the query is empty");
    assert_eq!(
        message("CLEAR ALL"),
        "CLEAR is a SPARQL update, and a query only reads the store"
    );
    assert!(message("SELECT * WHERE { ?s nope:p ?o }")
        .starts_with("unknown prefix \"nope:\" at line 1, column 21"));
    assert_eq!(
        message("PREFIX a: <http://x/>\nSELECT ?x WHERE { ?x a:met }"),
        "syntax error at line 2, column 28 near \"}\""
    );
}

#[test]
fn opening_refuses_files_foreign_dirs_and_missing_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert!(matches!(
        Store::open(&file),
        Err(StoreError::NotADirectory(_))
    ));
    assert!(matches!(
        Store::open(dir.path()),
        Err(StoreError::NotAStore(_))
    ));
    assert!(matches!(
        Store::open_existing(dir.path().join("nope")),
        Err(StoreError::Missing(_))
    ));
    assert!(
        !dir.path().join("nope").exists(),
        "open_existing never creates"
    );
}

#[test]
fn a_second_open_reports_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    let second = Store::open_existing(dir.path());
    assert!(matches!(second, Err(StoreError::Locked(_))), "{second:?}");
}

#[test]
fn a_store_killed_while_being_created_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    // What RocksDB has written before CURRENT, when the process dies in between.
    for (name, text) in [
        ("LOCK", ""),
        ("LOG", "created\n"),
        ("IDENTITY", "b2c1e7a0-0000-4000-8000-000000000000\n"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    store
        .write_extractions(&[sample("one", "assad", "choigou")])
        .unwrap();
    drop(store);
    assert_eq!(
        article_quads_in(&Store::open_existing(dir.path()).unwrap()),
        6
    );
    // Anything else in the directory still makes it someone else's.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("LOCK"), "").unwrap();
    std::fs::write(other.path().join("notes.txt"), "mine").unwrap();
    assert!(matches!(
        Store::open(other.path()),
        Err(StoreError::NotAStore(_))
    ));
}

#[test]
fn queries_past_the_limit_stop() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .write_extractions(&[sample("one", "assad", "choigou")])
        .unwrap();
    store.limit_queries(std::time::Duration::from_millis(200));
    let started = std::time::Instant::now();
    let err = store
        .query("CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r . ?s ?t ?u }")
        .unwrap_err();
    assert!(matches!(err, StoreError::TimedOut { .. }), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(
        err.to_string(),
        "the query ran longer than the limit of 0.2 s and was stopped"
    );
}
