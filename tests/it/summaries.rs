//! The summaries of who met whom and of roles (`depeche::aggregates`), kept in the entities
//! graph at ingest, against a from-scratch count: the bundled queries as they were before the
//! summaries (`tests/it/from_articles/`, reading every article graph) must give the same
//! answers as the bundled queries reading the summaries, and the summaries must be what a
//! rebuild from the article graphs makes, after the corpus is ingested twice over, after
//! articles are replaced, after an article stops stating anything, and whatever the order of
//! ingest. A store written before the summaries existed gets them on first use.

use crate::common::{depeche, repo, tempdir};
use crate::support::corpus::{bundled_twice_over, is_summary, read_articles};
use depeche::article::Article;
use depeche::ingest::{ingest, IngestOptions};
use depeche::store::{QueryAnswer, Store, ENTITIES_GRAPH};
use depeche::text::Normalized;
use oxigraph::model::{GraphNameRef, Triple};
use std::collections::BTreeSet;

pub(crate) const WHO_MET_WHOM_FROM_ARTICLES: &str =
    include_str!("from_articles/who-met-whom-from-articles.rq");
pub(crate) const ROLES_FROM_ARTICLES: &str = include_str!("from_articles/roles-from-articles.rq");
const PEOPLE_FROM_ARTICLES: &str = include_str!("from_articles/people-graph-from-articles.rq");
const WHO_MET_WHOM: &str = include_str!("../../queries/who-met-whom.rq");
const ROLES: &str = include_str!("../../queries/roles.rq");
const PEOPLE: &str = include_str!("../../queries/people-graph.rq");

/// A CONSTRUCT's triples, in N-Triples form.
fn triples(store: &Store, query: &str) -> BTreeSet<String> {
    match store.query(query).unwrap() {
        QueryAnswer::Graph(triples) => triples.iter().map(|t| t.to_string()).collect(),
        other => panic!("a CONSTRUCT answers triples, not {other:?}"),
    }
}

/// The answer's rows, each as its cells' N-Triples forms, in their order.
fn lines(store: &Store, query: &str) -> Vec<String> {
    match store.query(query).unwrap() {
        QueryAnswer::Solutions { rows, .. } => rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| cell.as_ref().map(|t| t.to_string()).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect(),
        other => panic!("a SELECT answers rows, not {other:?}"),
    }
}

/// The summary triples of the entities graph.
fn summaries(store: &Store) -> BTreeSet<String> {
    store
        .quads()
        .unwrap()
        .into_iter()
        .filter(|q| q.graph_name.as_ref() == GraphNameRef::NamedNode(ENTITIES_GRAPH))
        .map(Triple::from)
        .filter(is_summary)
        .map(|t| t.to_string())
        .collect()
}

/// Checks the summaries against the article graphs: the bundled queries answer as their
/// from-scratch versions, and a rebuild changes nothing. Returns the who-met-whom answer.
#[track_caller]
fn assert_in_step(store: &Store, when: &str) -> Vec<String> {
    let pairs = lines(store, WHO_MET_WHOM);
    assert_eq!(
        pairs,
        lines(store, WHO_MET_WHOM_FROM_ARTICLES),
        "who-met-whom {when}"
    );
    assert_eq!(
        lines(store, ROLES),
        lines(store, ROLES_FROM_ARTICLES),
        "roles {when}"
    );
    let people = triples(store, PEOPLE);
    let from_articles = triples(store, PEOPLE_FROM_ARTICLES);
    assert!(
        people == from_articles,
        "people-graph {when}: {:?} only from the summaries, {:?} only from the articles",
        people
            .difference(&from_articles)
            .take(3)
            .collect::<Vec<_>>(),
        from_articles
            .difference(&people)
            .take(3)
            .collect::<Vec<_>>()
    );
    let kept = summaries(store);
    assert!(!kept.is_empty(), "summaries {when}");
    store.rebuild_summaries().unwrap();
    let rebuilt = summaries(store);
    assert!(
        kept == rebuilt,
        "the summaries {when} differ from a rebuild: {:?} kept only, {:?} rebuilt only",
        kept.difference(&rebuilt).take(3).collect::<Vec<_>>(),
        rebuilt.difference(&kept).take(3).collect::<Vec<_>>()
    );
    pairs
}

fn ingest_all(store: &Store, articles: Vec<Article>) {
    ingest(
        store,
        articles.into_iter().map(Ok),
        &IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap();
}

#[test]
fn summaries_answer_as_the_article_graphs_through_ingest_replace_and_removal() {
    let dir = tempdir();
    let store = Store::open(dir.path().join("store")).unwrap();
    let all = bundled_twice_over();
    ingest_all(&store, all.clone());
    let first = assert_in_step(&store, "after the corpus twice over");
    assert!(first.len() >= 15, "the corpus's pairs: {first:#?}");

    // The copies of the articles that state a meeting, replaced by their first half: some
    // meetings and roles stay, some go.
    let meets =
        |a: &Article| a.body.as_str().contains("rencontr") || a.body.as_str().contains("met ");
    let halves: Vec<Article> = all
        .iter()
        .filter(|a| a.id.ends_with("-copy") && meets(a))
        .cloned()
        .map(|mut a| {
            let text = a.body.as_str();
            let mut cut = text.len() / 2;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            a.body = Normalized::new(&text[..cut]);
            a
        })
        .collect();
    assert!(halves.len() > 10, "articles stating meetings");
    ingest_all(&store, halves);
    let replaced = assert_in_step(&store, "after replacing articles");
    assert_ne!(replaced, first, "replacing articles changes the counts");

    // Every copy now states nothing: the counts are those of the corpus once.
    let nothing: Vec<Article> = all
        .iter()
        .filter(|a| a.id.ends_with("-copy"))
        .cloned()
        .map(|mut a| {
            a.body = Normalized::new("Il a plu.");
            a
        })
        .collect();
    ingest_all(&store, nothing);
    let once = assert_in_step(&store, "after the copies stopped stating anything");

    // The corpus once, in another order, into a new store: the same summaries.
    let other = Store::open(dir.path().join("other")).unwrap();
    let mut originals: Vec<Article> = all
        .iter()
        .filter(|a| !a.id.ends_with("-copy"))
        .cloned()
        .collect();
    originals.reverse();
    ingest_all(&other, originals);
    assert_eq!(assert_in_step(&other, "in another order"), once);
    // The copies state nothing now: the first store's summaries are the corpus's alone.
    assert_eq!(summaries(&other), summaries(&store));
}

#[test]
fn a_store_written_before_the_summaries_gets_them_on_first_use() {
    let dir = tempdir();
    let path = dir.path().join("store");
    {
        let store = Store::open(&path).unwrap();
        ingest_all(&store, read_articles(&[repo("data/articles")]));
        let before = lines(&store, WHO_MET_WHOM);
        assert!(!before.is_empty(), "the bundled articles state meetings");
        // What an older depeche wrote: no summaries, no version.
        store
            .update(&crate::support::corpus::forget_summaries())
            .unwrap();
        assert!(summaries(&store).is_empty(), "the summaries are gone");
        // A query reading them rebuilds them rather than answer empty.
        assert_eq!(lines(&store, WHO_MET_WHOM), before);
        assert!(!summaries(&store).is_empty());
        store
            .update(&crate::support::corpus::forget_summaries())
            .unwrap();
    }
    // Through the command line: stats finds the network, which it reads from the summaries.
    let stats = depeche(
        dir.path(),
        [
            "stats",
            "--store",
            path.to_str().unwrap(),
            "--format",
            "json",
        ],
    )
    .ok();
    let json: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert!(
        json["network_pairs"].as_u64().unwrap_or(0) > 0,
        "the network is there: {stats}"
    );
    let store = Store::open_existing(&path).unwrap();
    assert_in_step(&store, "after the rebuild on first use");
}
