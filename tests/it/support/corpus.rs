//! A corpus of many articles as one JSON Lines file, made from the bundled articles, and the
//! per-article checks the crash and concurrency tests share: every article graph in a store is
//! either exactly what extraction gives or absent.

#![allow(dead_code)] // each test file uses its own subset

use oxigraph::model::{NamedOrBlankNode, Quad};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The bundled articles (the seed and the development set), as (lang, text without front matter).
fn bundled() -> Vec<(&'static str, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("data/eval/articles"))
        .expect("data/eval/articles")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        // The first five only (ids without "-d"): among the later Wikinews articles a surname in
        // one names a person in full in another, and the store then links them across articles
        // (owl:sameAs in the article's graph), which a graph extracted alone cannot expect.
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("-d"))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a bundled article");
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let lang = if name.starts_with("en") { "en" } else { "fr" };
            let body = match text
                .strip_prefix("---\n")
                .and_then(|rest| rest.split_once("\n---\n"))
            {
                Some((_, body)) => body.to_string(),
                None => text,
            };
            (lang, body)
        })
        .collect()
}

/// Writes `n` articles (`{prefix}-0` ...) cycling through the bundled ones, each dated a
/// different day so that no two graphs are the same.
pub fn write_corpus(path: &Path, prefix: &str, n: usize) {
    write_corpus_version(path, prefix, n, "");
}

/// [`write_corpus`] with `version` appended to every title: the same ids with other digests and
/// graphs, for re-ingests that replace every article.
pub fn write_corpus_version(path: &Path, prefix: &str, n: usize, version: &str) {
    let articles = bundled();
    let mut out = String::new();
    for i in 0..n {
        let (lang, text) = &articles[i % articles.len()];
        let date =
            chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + chrono::Days::new(i as u64);
        let record = serde_json::json!({
            "id": format!("{prefix}-{i}"),
            "lang": lang,
            "date": date.format("%Y-%m-%d").to_string(),
            "title": format!("Article {i}{version}"),
            "text": text,
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).expect("the corpus is written");
}

/// Every article of `paths`, read as `ingest` reads them (all must be readable).
pub fn read_articles(paths: &[std::path::PathBuf]) -> Vec<depeche::article::Article> {
    use depeche::article::{Articles, Limits, Overrides};
    Articles::new(paths, Overrides::default(), Limits::default())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The bundled articles and the Wikinews corpus, then the same again under other ids: every
/// person is in twice as many articles, which is what made queries joining through the union
/// grow as a power of that number.
pub fn bundled_twice_over() -> Vec<depeche::article::Article> {
    let articles = read_articles(&[
        crate::common::repo("data/articles"),
        crate::common::repo("data/corpus/wikinews.jsonl.gz"),
    ]);
    assert!(articles.len() > 250, "the bundled corpus is there");
    let copies: Vec<_> = articles
        .iter()
        .cloned()
        .map(|mut a| {
            a.id = format!("{}-copy", a.id);
            a
        })
        .collect();
    articles.into_iter().chain(copies).collect()
}

/// Graph IRI → its quads.
pub type Graphs = BTreeMap<String, HashSet<Quad>>;

fn graph_key(quad: &Quad) -> String {
    match &quad.graph_name {
        oxigraph::model::GraphName::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

/// What each article of a corpus file should hold in the store, from the library's extractor.
pub fn expected(corpus: &Path) -> Graphs {
    let articles = depeche::article::read_all(&[corpus.to_path_buf()], &Default::default())
        .expect("the corpus reads");
    let options = depeche::pipeline::Options::default();
    let mut graphs = Graphs::new();
    for article in &articles {
        let extraction = depeche::pipeline::extract(article, &options);
        let mut quads: HashSet<Quad> = extraction.quads.into_iter().collect();
        // What the store adds: the digest that lets a re-ingest skip the article.
        let digest = oxigraph::model::Literal::new_simple_literal(depeche::ingest::digest(article));
        quads.insert(Quad::new(
            extraction.graph.clone(),
            depeche::vocab::dp::DIGEST,
            digest,
            extraction.graph.clone(),
        ));
        assert!(!quads.is_empty());
        let previous = graphs.insert(extraction.graph.as_str().to_string(), quads);
        assert!(previous.is_none(), "two articles with one graph");
    }
    graphs
}

/// Every quad of the store at `dir`, by graph. Opening it is part of the check: a store a crash
/// left unreadable fails here.
pub fn store_graphs(dir: &Path) -> Graphs {
    let store = depeche::store::Store::open_existing(dir)
        .unwrap_or_else(|e| panic!("the store does not open after the crash: {e}"));
    let mut graphs = Graphs::new();
    let mut entities: HashSet<oxigraph::model::Triple> = HashSet::new();
    for quad in store.quads().expect("the store reads") {
        if quad.graph_name.as_ref()
            == oxigraph::model::GraphNameRef::NamedNode(depeche::store::ENTITIES_GRAPH)
        {
            entities.insert(quad.into());
            continue;
        }
        graphs.entry(graph_key(&quad)).or_default().insert(quad);
    }
    // The entities graph is in step with the article graphs: their descriptions, each once, and
    // for each entity the number of article graphs that type it.
    let mut described: HashSet<oxigraph::model::Triple> = HashSet::new();
    let mut typed: BTreeMap<String, usize> = BTreeMap::new();
    for quads in graphs.values() {
        let quads: Vec<Quad> = quads.iter().cloned().collect();
        let mut subjects = std::collections::BTreeSet::new();
        for t in depeche::store::descriptions(&quads) {
            if t.predicate.as_ref() == depeche::vocab::rdf::TYPE {
                subjects.insert(t.subject.to_string());
            }
            described.insert(t);
        }
        for s in subjects {
            *typed.entry(s).or_default() += 1;
        }
    }
    // An ingest killed before it wrote the counts it kept in memory leaves the marker, and the
    // counts for the next ingest to repair; otherwise each entity has its one exact count.
    let pending = entities
        .iter()
        .any(|t| t.predicate.as_ref() == depeche::vocab::dp::COUNTS_PENDING);
    entities.retain(|t| t.predicate.as_ref() != depeche::vocab::dp::COUNTS_PENDING);
    // The summaries of who met whom and of roles live there too; without the marker, and
    // complete, they are what a rebuild from the article graphs makes.
    let summaries: HashSet<oxigraph::model::Triple> =
        entities.iter().filter(|t| is_summary(t)).cloned().collect();
    entities.retain(|t| !is_summary(t));
    // Without their version (a rebuild was stopped) they are incomplete by design: the next
    // writer or reader rebuilds them.
    let complete = summaries
        .iter()
        .any(|t| t.predicate.as_ref() == depeche::vocab::dp::SUMMARIES_VERSION);
    if !pending && complete {
        store.rebuild_summaries().expect("the summaries rebuild");
        let rebuilt: HashSet<oxigraph::model::Triple> = store
            .quads()
            .expect("the store reads")
            .into_iter()
            .filter(|q| {
                q.graph_name.as_ref()
                    == oxigraph::model::GraphNameRef::NamedNode(depeche::store::ENTITIES_GRAPH)
            })
            .map(oxigraph::model::Triple::from)
            .filter(is_summary)
            .collect();
        assert!(
            summaries == rebuilt,
            "the summaries are out of step: {} triples, a rebuild makes {}",
            summaries.len(),
            rebuilt.len()
        );
    }
    let (counts, entities): (HashSet<_>, HashSet<_>) = entities
        .into_iter()
        .partition(|t| t.predicate.as_ref() == depeche::vocab::dp::MENTION_COUNT);
    assert!(
        entities == described,
        "the entities graph is out of step: {} triples, the articles describe {}",
        entities.len(),
        described.len()
    );
    if !pending {
        let mut stored: BTreeMap<String, usize> = BTreeMap::new();
        for t in &counts {
            let n = match &t.object {
                oxigraph::model::Term::Literal(l) => l.value().parse().unwrap(),
                _ => 0,
            };
            assert!(
                stored.insert(t.subject.to_string(), n).is_none(),
                "two counts for {}",
                t.subject
            );
        }
        assert!(
            stored == typed,
            "the article counts of the entities graph are out of step"
        );
    }
    // A named graph with no quad would be an article half-written down to nothing.
    for graph in store.graphs().expect("the graphs list") {
        if let NamedOrBlankNode::NamedNode(n) = graph {
            graphs.entry(n.as_str().to_string()).or_default();
        }
    }
    graphs
}

/// A triple of the summaries in the entities graph (`depeche::aggregates`): about a summary
/// node, or the version saying they are complete.
pub fn is_summary(t: &oxigraph::model::Triple) -> bool {
    t.subject
        .to_string()
        .starts_with(&format!("<{}", depeche::aggregates::SUMMARY_BASE))
        || t.predicate.as_ref() == depeche::vocab::dp::SUMMARIES_VERSION
}

/// The update that removes the summaries and their version: what a store an older depeche
/// wrote looks like.
pub fn forget_summaries() -> String {
    format!(
        "DELETE {{ GRAPH dp:entities {{ ?s ?p ?o }} }} WHERE {{ GRAPH dp:entities {{ ?s ?p ?o
           FILTER(STRSTARTS(STR(?s), \"{}\") || ?p = dp:summariesVersion) }} }}",
        depeche::aggregates::SUMMARY_BASE
    )
}

/// Whether the store at `dir` still holds the sign of counts an ingest kept in memory and did
/// not write (it was killed): the next ingest repairs them and removes it.
pub fn counts_pending(dir: &Path) -> bool {
    let store = depeche::store::Store::open_existing(dir).expect("the store opens");
    match store
        .query("ASK { GRAPH dp:entities { dp:entities dp:countsPending ?x } }")
        .expect("the store answers")
    {
        depeche::store::QueryAnswer::Boolean(b) => b,
        other => panic!("an ASK answers a boolean, not {other:?}"),
    }
}

/// Asserts that every article in `actual` is exactly as expected (no half article, no stray
/// graph); returns how many articles are present.
#[track_caller]
pub fn assert_whole_articles(expected: &Graphs, actual: &Graphs, when: &str) -> usize {
    for (graph, quads) in actual {
        let Some(wanted) = expected.get(graph) else {
            panic!("{when}: a graph that no article names: {graph}");
        };
        if quads != wanted {
            panic!(
                "{when}: the article {graph} is half there: {} of its {} quads, {} foreign",
                quads.intersection(wanted).count(),
                wanted.len(),
                quads.difference(wanted).count()
            );
        }
    }
    actual.len()
}
