//! A remote SPARQL 1.1 store as a [`Backend`]: articles written with one Graph Store Protocol
//! `PUT` each, the entities graph refreshed with SPARQL Update, everything else asked with
//! SPARQL queries over depeche's graphs. The HTTP exchanges are [`crate::remote::Endpoint`]'s.

use super::backend::{Backend, Written};
use super::entities::{article_quads, descriptions, refresh_entities, DESCRIBED_PATTERN};
use super::parse::one_line;
use super::{ArticleGraph, QueryOptions, Store, StoreError};
use crate::remote::Endpoint;
use depeche_extract::vocab;
use depeche_output::answer::QueryAnswer;
use depeche_output::syntax::{serialize_quads, sort_triples};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{PreparedSparqlQuery, PreparedSparqlUpdate};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// A SPARQL service holding depeche's graphs beside, perhaps, other data.
pub(super) struct RemoteStore {
    /// Where queries, updates and graph uploads go.
    endpoint: Endpoint,
    /// Held by every write, so that two writers of this process never both find an article's
    /// graph absent and both count it new.
    writes: Mutex<()>,
}

impl RemoteStore {
    /// The store at `url` (see [`Endpoint::new`]), with the credentials of the environment,
    /// once it has answered a query.
    pub(super) fn connect(
        url: &str,
        update: Option<&str>,
        graph_store: Option<&str>,
    ) -> Result<RemoteStore, StoreError> {
        let endpoint = Endpoint::new(url, update, graph_store)?.with_credentials_from_env();
        endpoint.query("ASK { }", SPARQL_JSON, &[], &[])?;
        Ok(RemoteStore {
            endpoint,
            writes: Mutex::new(()),
        })
    }

    /// This store's query and update, for [`crate::aggregates`].
    fn sparql(&self) -> crate::aggregates::Sparql<'_> {
        crate::aggregates::Sparql {
            query: Box::new(|q| {
                remote_query(&self.endpoint, q, false, &QueryOptions::default(), None)
            }),
            update: Box::new(|u| Ok(self.endpoint.update(&with_prefixes(u))?)),
        }
    }

    /// Which of `graphs` the store holds.
    fn existing_graphs(
        &self,
        store: &Store,
        graphs: &[NamedNode],
    ) -> Result<HashSet<NamedNode>, StoreError> {
        Ok(first_column_iris(rows_for_graphs(
            store,
            graphs,
            "SELECT DISTINCT ?g",
            "?s ?p ?o",
        )?)
        .collect())
    }
}

impl Backend for RemoteStore {
    fn digests(
        &self,
        store: &Store,
        graphs: &[NamedNode],
    ) -> Result<HashMap<NamedNode, String>, StoreError> {
        let mut found = HashMap::new();
        for row in rows_for_graphs(store, graphs, "SELECT ?g ?d", "?g dp:digest ?d")? {
            if let [Some(Term::NamedNode(g)), Some(Term::Literal(d))] = row.as_slice() {
                found.insert(g.clone(), d.value().to_string());
            }
        }
        Ok(found)
    }

    fn write(&self, store: &Store, batch: &[ArticleGraph]) -> Result<Written, StoreError> {
        let _writing = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut written = 0;
        let graphs: Vec<NamedNode> = batch.iter().map(|a| a.extraction.graph.clone()).collect();
        let existing = self.existing_graphs(store, &graphs)?;
        // The entities the replaced versions describe, to be refreshed after the PUTs, and the
        // agents whose summaries they count in.
        let mut touched: BTreeSet<NamedNode> = BTreeSet::new();
        let mut agents: BTreeSet<NamedNode> = BTreeSet::new();
        if !existing.is_empty() {
            let old: Vec<NamedNode> = existing.iter().cloned().collect();
            touched.extend(first_column_iris(rows_for_graphs(
                store,
                &old,
                "SELECT DISTINCT ?s",
                DESCRIBED_PATTERN,
            )?));
            agents.extend(first_column_iris(rows_for_graphs(
                store,
                &old,
                "SELECT DISTINCT ?x",
                crate::aggregates::AGENTS_IN_GRAPHS,
            )?));
        }
        // The marker says, until the summaries are refreshed, that they may be out of step: a
        // writer stopped in between leaves it, and the next one rebuilds them all.
        let sparql = self.sparql();
        let stale = matches!((sparql.query)(PENDING_ASK)?, QueryAnswer::Boolean(true));
        if !stale {
            (sparql.update)(&format!("INSERT DATA {{ {PENDING} }}"))?;
        }
        for article in batch {
            let mut quads = Vec::new();
            written += article_quads(article, &mut quads);
            touched.extend(descriptions(&quads).filter_map(|t| match t.subject {
                NamedOrBlankNode::NamedNode(n) => Some(n),
                _ => None,
            }));
            agents.extend(crate::aggregates::agents(&quads));
            let triples: Vec<Quad> = quads
                .into_iter()
                .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
                .collect();
            let body = serialize_quads(&triples, RdfFormat::NTriples).map_err(|source| {
                StoreError::Serialize {
                    format: "N-Triples".into(),
                    source,
                }
            })?;
            self.endpoint.put_graph(&article.extraction.graph, body)?;
        }
        let touched: Vec<NamedNode> = touched.into_iter().collect();
        for chunk in touched.chunks(100) {
            self.endpoint
                .update(&with_prefixes(&refresh_entities(chunk)))?;
        }
        crate::aggregates::settle(&sparql, &agents, stale)?;
        (sparql.update)(PENDING_REMOVED)?;
        Ok(Written {
            existing,
            quads: written,
        })
    }

    fn refresh_summaries(&self, agents: &BTreeSet<NamedNode>) -> Result<(), StoreError> {
        let _writing = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let sparql = self.sparql();
        let stale = matches!((sparql.query)(PENDING_ASK)?, QueryAnswer::Boolean(true));
        crate::aggregates::settle(&sparql, agents, stale)?;
        (sparql.update)(PENDING_REMOVED)
    }

    fn rebuild_summaries(&self) -> Result<usize, StoreError> {
        let _writing = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let sparql = self.sparql();
        let agents = crate::aggregates::rebuild(&sparql)?;
        (sparql.update)(PENDING_REMOVED)?;
        Ok(agents)
    }

    fn ensure_summaries(&self) -> Result<bool, StoreError> {
        let _writing = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let sparql = self.sparql();
        if !crate::aggregates::are_missing(&sparql)? {
            return Ok(false);
        }
        crate::aggregates::rebuild(&sparql)?;
        (sparql.update)(PENDING_REMOVED)?;
        Ok(true)
    }

    fn len(&self, store: &Store) -> Result<usize, StoreError> {
        store.count(&format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ {DEPECHE_GRAPHS} GRAPH ?g {{ ?s ?p ?o }} }}"
        ))
    }

    fn graphs(&self, store: &Store) -> Result<Vec<NamedOrBlankNode>, StoreError> {
        Ok(
            match store.query(&format!(
                "SELECT DISTINCT ?g WHERE {{ {DEPECHE_GRAPHS} GRAPH ?g {{ ?s ?p ?o }} }}"
            ))? {
                QueryAnswer::Solutions { rows, .. } => first_column_iris(rows)
                    .map(NamedOrBlankNode::NamedNode)
                    .collect(),
                _ => Vec::new(),
            },
        )
    }

    /// The graphs [`Backend::graphs`] lists here: those that type themselves a news article.
    fn graph_count(&self, store: &Store) -> Result<usize, StoreError> {
        store.count(
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle } }",
        )
    }

    fn quads(&self, store: &Store) -> Result<Vec<Quad>, StoreError> {
        Ok(
            match store.query(&format!(
                "SELECT ?s ?p ?o ?g WHERE {{ {DEPECHE_GRAPHS} GRAPH ?g {{ ?s ?p ?o }} }}"
            ))? {
                QueryAnswer::Solutions { rows, .. } => rows
                    .into_iter()
                    .filter_map(|row| match <[Option<Term>; 4]>::try_from(row).ok()? {
                        [Some(s), Some(Term::NamedNode(p)), Some(o), Some(Term::NamedNode(g))] => {
                            let s = match s {
                                Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n),
                                Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b),
                                _ => return None,
                            };
                            Some(Quad::new(s, p, o, g))
                        }
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            },
        )
    }

    /// Sends the query with the pre-declared prefixes written out, after it has parsed here: a
    /// syntax error is reported in the same words whichever the store.
    fn query(
        &self,
        sparql: &str,
        _prepared: PreparedSparqlQuery,
        options: &QueryOptions,
        limit: Option<Duration>,
    ) -> Result<QueryAnswer, StoreError> {
        remote_query(
            &self.endpoint,
            sparql,
            returns_graph(sparql),
            options,
            limit,
        )
    }

    fn update(&self, sparql: &str, _prepared: PreparedSparqlUpdate) -> Result<(), StoreError> {
        let _writing = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(self.endpoint.update(&with_prefixes(sparql))?)
    }
}

/// The rows of `select WHERE { VALUES ?g {…} GRAPH ?g { pattern } }` over `graphs`, asked in
/// chunks so that no request grows with the batch.
fn rows_for_graphs(
    store: &Store,
    graphs: &[NamedNode],
    select: &str,
    pattern: &str,
) -> Result<Vec<Vec<Option<Term>>>, StoreError> {
    let mut rows = Vec::new();
    for chunk in graphs.chunks(200) {
        let values: String = chunk.iter().map(|g| format!("{g} ")).collect();
        if let QueryAnswer::Solutions { rows: more, .. } = store.query(&format!(
            "{select} WHERE {{ VALUES ?g {{ {values}}} GRAPH ?g {{ {pattern} }} }}"
        ))? {
            rows.extend(more);
        }
    }
    Ok(rows)
}

const SPARQL_JSON: &str = "application/sparql-results+json";

/// The marker a remote write leaves until the summaries are refreshed: the same
/// `dp:countsPending` a local store keeps (see `store/counts.rs`).
const PENDING: &str = "GRAPH dp:entities { dp:entities dp:countsPending true }";

/// Whether a writer left [`PENDING`] (whatever form the store gave its boolean).
const PENDING_ASK: &str = "ASK { GRAPH dp:entities { dp:entities dp:countsPending ?any } }";

/// Removes [`PENDING`] (whatever form the store gave its boolean).
const PENDING_REMOVED: &str = "DELETE { GRAPH dp:entities { dp:entities dp:countsPending ?any } } WHERE { GRAPH dp:entities { dp:entities dp:countsPending ?any } }";

/// On a remote store, the graphs `?g` that are depeche's: each article's (the article names
/// its graph and types itself `schema:NewsArticle` there) and the entities graph. A shared
/// store holds others that counting and exporting must not take for depeche's: Virtuoso its
/// own from the start (`virtrdf#`, its service description, `ldp#`), a deployment its other
/// data sets.
/// (Virtuoso 7.2 finds nothing when the entities graph comes from `VALUES` in the union.)
const DEPECHE_GRAPHS: &str =
    "{ GRAPH ?g { ?g a schema:NewsArticle } } UNION { BIND(dp:entities AS ?g) }";

/// Whether a query (already known to parse) is a CONSTRUCT or DESCRIBE, which a remote store
/// answers in an RDF syntax rather than as results.
fn returns_graph(sparql: &str) -> bool {
    let mut parser = spargebra::SparqlParser::new();
    for (prefix, namespace) in vocab::PREFIXES {
        parser = match parser.clone().with_prefix(*prefix, *namespace) {
            Ok(p) => p,
            Err(_) => parser,
        };
    }
    matches!(
        parser.parse_query(sparql),
        Ok(spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. })
    )
}

/// The IRIs in the first column of answer rows.
fn first_column_iris(rows: Vec<Vec<Option<Term>>>) -> impl Iterator<Item = NamedNode> {
    rows.into_iter()
        .filter_map(|row| match row.into_iter().next() {
            Some(Some(Term::NamedNode(g))) => Some(g),
            _ => None,
        })
}

/// The query with the contract's prefixes written out, for a store that does not know them.
fn with_prefixes(sparql: &str) -> String {
    let mut text: String = vocab::PREFIXES
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n"))
        .collect();
    text.push_str(sparql);
    text
}

/// A remote store's answer, parsed as it arrives, row by row: its bytes are never held whole,
/// the rows count against the query's memory budget as a local answer's do, and the query's
/// token (time limit, budget, a client gone) stops the reading between two rows; `limit` also
/// bounds a store that stops sending.
fn remote_query(
    endpoint: &Endpoint,
    sparql: &str,
    graph_form: bool,
    options: &QueryOptions,
    limit: Option<Duration>,
) -> Result<QueryAnswer, StoreError> {
    let text = with_prefixes(sparql);
    let accept = if graph_form {
        "application/n-triples"
    } else {
        SPARQL_JSON
    };
    let started = std::time::Instant::now();
    // Past the limit, a failed exchange is the limit's doing: reported as a stopped query.
    let out_of_time = || limit.is_some_and(|l| started.elapsed() >= l);
    let body = endpoint
        .query_stream(
            &text,
            accept,
            &options.default_graphs,
            &options.named_graphs,
            limit,
        )
        .map_err(|e| {
            if out_of_time() {
                StoreError::Cancelled
            } else {
                e.into()
            }
        })?;
    let unreadable = |e: &dyn fmt::Display| {
        if out_of_time() {
            return StoreError::Cancelled;
        }
        StoreError::Evaluation(format!(
            "the answer of {} cannot be read: {}",
            endpoint.query_url(),
            one_line(&e.to_string())
        ))
    };
    let alive = || match &options.cancel {
        Some(token) if token.is_cancelled() => Err(StoreError::Cancelled),
        _ => Ok(()),
    };
    if graph_form {
        let mut seen = HashSet::new();
        let mut triples = Vec::new();
        for quad in oxigraph::io::RdfParser::from_format(RdfFormat::NTriples).for_reader(body) {
            alive()?;
            let triple = Triple::from(quad.map_err(|e| unreadable(&e))?);
            if seen.insert(triple.clone()) {
                triples.push(triple);
            }
        }
        sort_triples(&mut triples);
        return Ok(QueryAnswer::Graph(triples));
    }
    match QueryResultsParser::from_format(QueryResultsFormat::Json)
        .for_reader(body)
        .map_err(|e| unreadable(&e))?
    {
        ReaderQueryResultsParserOutput::Boolean(value) => Ok(QueryAnswer::Boolean(value)),
        ReaderQueryResultsParserOutput::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for solution in solutions {
                alive()?;
                let solution = solution.map_err(|e| unreadable(&e))?;
                rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
            }
            Ok(QueryAnswer::Solutions { variables, rows })
        }
    }
}
