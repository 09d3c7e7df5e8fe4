//! The persistent knowledge graph: an on-disk Oxigraph (RocksDB) store, one named graph per article.
//!
//! This module is the store's API and its query front (prefixes, limits, the reasons a query
//! stops); each method hands the work to a `backend::Backend`: `local` (RocksDB, opened by
//! `open`, its mention counts in `counts`) or `remote_store` (SPARQL over HTTP). The
//! entities graph is `entities`', parsing and the wording of parser errors `parse`'s, the
//! error type `error`'s.
//!
//! Writing is all-or-nothing per article: [`Store::write_extractions`] replaces an article's graph inside one
//! transaction, so a re-ingested article never leaves duplicates and a crash never leaves half an
//! article. Reading is SPARQL over the union of all article graphs, with the contract's prefixes
//! pre-declared ([`depeche_extract::vocab::PREFIXES`]).
//!
//! Answers are collected in full ([`QueryAnswer`]) and rendered to bytes ([`QueryAnswer::render`])
//! before anything is printed, so a query that fails half-way prints nothing.
//!
//! ```no_run
//! use depeche_store::store::{AnswerFormat, Store};
//! let store = Store::open_existing("depeche-store")?;
//! let answer = store.query("SELECT DISTINCT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }")?;
//! print!("{}", String::from_utf8_lossy(&answer.render(AnswerFormat::Table)?));
//! # Ok::<_, depeche_store::store::StoreError>(())
//! ```

mod backend;
mod counts;
mod entities;
mod error;
mod local;
mod open;
mod parse;
mod remote_store;
#[cfg(test)]
mod tests;

pub(crate) use entities::DESCRIBED_PATTERN;
pub use entities::{descriptions, refresh_entities, ENTITIES_GRAPH};
pub use error::StoreError;

use backend::Backend;
use depeche_extract::pipeline::Extraction;
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::CancellationToken;
use parse::{check_nesting, evaluator, position_message, syntax_message};
use remote_store::RemoteStore;
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
// The answer types and RDF writers live in the output crate; re-exported so that
// `depeche_store::store::QueryAnswer` and the other paths stay what they were.
pub use depeche_output::answer::{AnswerError, AnswerFormat, QueryAnswer};
pub use depeche_output::iri::{display_term, short_iri};
pub use depeche_output::syntax::{serialize_quads, sort_quads, sort_triples};

/// What [`Store::write_extractions`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Articles written.
    pub articles: usize,
    /// Of those, articles that were already in the store and had their graph replaced.
    pub replaced: usize,
    /// Quads written (the sum of the articles' graph sizes).
    pub quads: usize,
    /// Entities, summed over articles (an entity in two articles counts twice).
    pub entities: usize,
    /// Events of any class, summed over articles.
    pub events: usize,
    /// Meetings, summed over articles.
    pub meetings: usize,
}

/// The persistent store.
///
/// ```no_run
/// let store = depeche_store::store::Store::open("depeche-store")?;
/// println!("{} quads in {} article graphs", store.len()?, store.graphs()?.len());
/// # Ok::<_, depeche_store::store::StoreError>(())
/// ```
pub struct Store {
    /// Where the quads live.
    backend: Box<dyn Backend>,
    /// The directory, or the URL of a remote store.
    location: Location,
    /// Cancelled when the limit of [`Store::limit_queries`] is reached, with the limit in
    /// seconds.
    deadline: Option<(CancellationToken, f64)>,
    /// The store was seen to hold its summaries ([`crate::aggregates`]) in this layout: a
    /// query reading them need not ask again. Reset by [`Store::update`].
    summaries_seen: AtomicBool,
}

/// Where a store is: the directory of a local one, the URL of a remote one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An Oxigraph (RocksDB) store in this directory.
    Directory(PathBuf),
    /// A SPARQL 1.1 store at this URL (its query endpoint, or the URL it was opened with).
    Url(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Directory(path) => write!(f, "{}", path.display()),
            Location::Url(url) => f.write_str(url),
        }
    }
}

/// An article's graph ready to be written: its quads and the digest of what it was extracted
/// from ([`crate::ingest::digest`]), which the store keeps to skip the article next time.
#[derive(Debug, Clone, Copy)]
pub struct ArticleGraph<'a> {
    /// The article's graph name and quads.
    pub extraction: &'a Extraction,
    /// The digest stored as `<graph> dp:digest "…"` in the graph.
    pub digest: &'a str,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// A store over `backend`, without a time limit.
    fn over(backend: Box<dyn Backend>, location: Location) -> Store {
        Store {
            backend,
            location,
            deadline: None,
            summaries_seen: AtomicBool::new(false),
        }
    }

    /// Stops every query of this store that is still running `limit` from now, with
    /// [`StoreError::TimedOut`]: the command line's `--timeout`, so a query that would run for
    /// ever neither hangs a script nor holds the store's lock for good.
    ///
    /// ```no_run
    /// let mut store = depeche_store::store::Store::open_existing("depeche-store")?;
    /// store.limit_queries(std::time::Duration::from_secs(60));
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn limit_queries(&mut self, limit: std::time::Duration) {
        let token = CancellationToken::new();
        let timer = token.clone();
        // Detached: it only ever cancels, and the process does not wait for it to exit.
        std::thread::spawn(move || {
            std::thread::sleep(limit);
            timer.cancel();
        });
        self.deadline = Some((token, limit.as_secs_f64()));
    }

    /// Connects to a SPARQL 1.1 store over HTTP (see [`crate::remote::Endpoint::new`] for how the query,
    /// update and graph store URLs are found) and checks that it answers a query.
    ///
    /// The store's default graph should be the union of its named graphs, as depeche's own is:
    /// `oxigraph serve --union-default-graph`, Fuseki's `tdb2:unionDefaultGraph true`; Virtuoso
    /// and GraphDB do so by default.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open_remote("http://127.0.0.1:7878", None, None)?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn open_remote(
        url: &str,
        update: Option<&str>,
        graph_store: Option<&str>,
    ) -> Result<Store, StoreError> {
        let remote = RemoteStore::connect(url, update, graph_store)?;
        Ok(Store::over(
            Box::new(remote),
            Location::Url(url.to_string()),
        ))
    }

    /// Opens `location`: a remote store when it is an http(s) URL ([`Store::open_remote`], with
    /// its update and graph store endpoints when they are elsewhere), else a directory, created
    /// when `create` is set ([`Store::open`]) or required to exist ([`Store::open_existing`]).
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open_location("http://127.0.0.1:7878", None, None, false)?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn open_location(
        location: &str,
        update: Option<&str>,
        graph_store: Option<&str>,
        create: bool,
    ) -> Result<Store, StoreError> {
        if crate::remote::is_url(location) {
            Store::open_remote(location, update, graph_store)
        } else if create {
            Store::open(location)
        } else {
            Store::open_existing(location)
        }
    }

    /// Where the store is: its directory, or its URL.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Writes each article's quads into its named graph, replacing what the graph held before,
    /// with no digest: the next ingest of these articles extracts them again.
    ///
    /// ```no_run
    /// # let extractions: Vec<depeche_extract::pipeline::Extraction> = Vec::new();
    /// let store = depeche_store::store::Store::open("depeche-store")?;
    /// let summary = store.write_extractions(&extractions)?;
    /// eprintln!("{} articles, {} quads", summary.articles, summary.quads);
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn write_extractions(
        &self,
        extractions: &[Extraction],
    ) -> Result<IngestSummary, StoreError> {
        let graphs: Vec<ArticleGraph> = extractions
            .iter()
            .map(|extraction| ArticleGraph {
                extraction,
                digest: "",
            })
            .collect();
        let summary = self.write_articles(&graphs)?;
        self.settle_counts()?;
        Ok(summary)
    }

    /// The digests stored with these article graphs (`dp:digest`), for those that have one.
    ///
    /// ```no_run
    /// # let graphs: Vec<oxigraph::model::NamedNode> = Vec::new();
    /// let store = depeche_store::store::Store::open("depeche-store")?;
    /// let known = store.digests(&graphs)?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn digests(&self, graphs: &[NamedNode]) -> Result<HashMap<NamedNode, String>, StoreError> {
        self.backend.digests(self, graphs)
    }

    /// Writes a batch of article graphs, each replacing what its graph held before, and keeps
    /// the entities graph ([`ENTITIES_GRAPH`]) in step.
    ///
    /// Locally the batch is one atomic commit: graphs being replaced are removed, the new ones
    /// inserted and the entities graph updated in one transaction; a batch that replaces nothing
    /// and is large goes through Oxigraph's bulk loader, whose commit adds all its files to
    /// RocksDB at once. A crash leaves each article of the batch wholly old or wholly new, never
    /// half and never absent. Writers are serialized, so two writers of one article id leave
    /// exactly one version, the one written last. Remotely, each article is one Graph Store
    /// Protocol `PUT`, which the server applies whole, then one update refreshes the entities.
    ///
    /// Locally, the entities' `dp:mentionCount` changes are kept in memory and written by
    /// [`Store::settle_counts`] ([`Store::flush`] calls it), once per ingest rather than once
    /// per batch; a process stopped before then leaves counts that the next settle recounts.
    ///
    /// ```no_run
    /// # let extraction: depeche_extract::pipeline::Extraction = todo!();
    /// use depeche_store::store::{ArticleGraph, Store};
    /// let store = Store::open("depeche-store")?;
    /// store.write_articles(&[ArticleGraph { extraction: &extraction, digest: "sha256:…" }])?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn write_articles(&self, batch: &[ArticleGraph]) -> Result<IngestSummary, StoreError> {
        let written = self.backend.write(self, batch)?;
        let mut summary = IngestSummary {
            quads: written.quads,
            ..IngestSummary::default()
        };
        for article in batch {
            let extraction = article.extraction;
            summary.articles += 1;
            summary.replaced += usize::from(written.existing.contains(&extraction.graph));
            summary.entities += extraction.entities;
            summary.events += extraction.events;
            summary.meetings += extraction.meetings;
        }
        Ok(summary)
    }

    /// Writes the `dp:mentionCount` changes that [`Store::write_articles`] kept in memory into
    /// the entities graph, so that each entity's count is the number of article graphs that
    /// type it; after a process was stopped before it settled (the store still held the
    /// marker when opened), recounts every entity from the article graphs instead. A no-op for
    /// a remote store, whose counts are refreshed with each batch.
    ///
    /// [`Store::flush`] and [`crate::identity::link_surnames`] call it; call it after writing articles
    /// with [`Store::write_articles`] directly.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open("depeche-store")?;
    /// store.settle_counts()?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn settle_counts(&self) -> Result<(), StoreError> {
        self.backend.settle_counts()
    }

    /// Sets the summaries ([`crate::aggregates`]) of `agents` to what the article graphs state
    /// now, after a change made outside [`Store::write_articles`] (the identity step), and
    /// removes the `dp:countsPending` marker that change wrote first.
    pub fn refresh_summaries(
        &self,
        agents: &std::collections::BTreeSet<NamedNode>,
    ) -> Result<(), StoreError> {
        self.backend.refresh_summaries(agents)
    }

    /// Rebuilds every summary ([`crate::aggregates`]) from the article graphs, as
    /// [`crate::link::link`] does; returns how many agents (persons and organizations) they
    /// cover.
    pub fn rebuild_summaries(&self) -> Result<usize, StoreError> {
        self.backend.rebuild_summaries()
    }

    /// Makes sure the summaries ([`crate::aggregates`]) the bundled queries, `stats` and the
    /// people view read are there: a store written before they existed holds articles and no
    /// summaries, and would answer empty. Rebuilds them then (returns `true`); a store that
    /// cannot be written (a read-only endpoint) fails with [`StoreError::NoSummaries`].
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open_existing("depeche-store")?;
    /// store.ensure_summaries()?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn ensure_summaries(&self) -> Result<bool, StoreError> {
        if self.summaries_seen.load(Ordering::Relaxed) {
            return Ok(false);
        }
        // Asked first without the write lock, which a reader need not wait for.
        let current = matches!(
            self.query(&crate::aggregates::current_query())?,
            QueryAnswer::Boolean(true)
        );
        let rebuilt = !current
            && self
                .backend
                .ensure_summaries()
                .map_err(|e| StoreError::NoSummaries {
                    location: self.location.to_string(),
                    reason: e.to_string(),
                })?;
        self.summaries_seen.store(true, Ordering::Relaxed);
        Ok(rebuilt)
    }

    /// Makes everything written so far durable on disk, the mention counts
    /// ([`Store::settle_counts`]) included (a no-op for a remote store, whose requests are
    /// durable when answered).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.backend.flush()
    }

    /// Number of quads in the store's named graphs (a triple stated by two articles counts twice);
    /// on a remote store, in depeche's graphs only (article graphs and the entities graph).
    pub fn len(&self) -> Result<usize, StoreError> {
        self.backend.len(self)
    }

    /// True when the store holds no quad.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.backend.is_empty(self)
    }

    /// The number in the first cell of a counting query's answer, 0 without one.
    fn count(&self, sparql: &str) -> Result<usize, StoreError> {
        match self.query(sparql)? {
            QueryAnswer::Solutions { rows, .. } => Ok(rows
                .first()
                .and_then(|row| row.first().cloned().flatten())
                .and_then(|n| match n {
                    Term::Literal(l) => l.value().parse().ok(),
                    _ => None,
                })
                .unwrap_or(0)),
            _ => Ok(0),
        }
    }

    /// The article graphs (one per article; not [`ENTITIES_GRAPH`]), sorted by IRI.
    pub fn graphs(&self) -> Result<Vec<NamedOrBlankNode>, StoreError> {
        let mut graphs = self.backend.graphs(self)?;
        graphs.retain(
            |g| !matches!(g, NamedOrBlankNode::NamedNode(n) if n.as_ref() == ENTITIES_GRAPH),
        );
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(graphs)
    }

    /// How many article graphs [`Store::graphs`] would list, without listing them.
    ///
    /// Listing decodes every graph's IRI: one read of the strings' column per article, which
    /// filled Oxigraph's 128 MB cache of that column and held the names and their sort keys
    /// (some 200 bytes an article) at the end of every ingest, so the peak memory of an ingest
    /// grew with the store. Counting reads the graphs' encoded ids only.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open_existing("depeche-store")?;
    /// println!("{} article graphs", store.graph_count()?);
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn graph_count(&self) -> Result<usize, StoreError> {
        self.backend.graph_count(self)
    }

    /// Every quad of the store, in a stable, readable order (see [`sort_quads`]); on a remote
    /// store, those of depeche's graphs (article graphs and the entities graph).
    pub fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = self.backend.quads(self)?;
        sort_quads(&mut quads);
        Ok(quads)
    }

    /// The whole store serialised in `format`.
    ///
    /// Formats without named graphs (Turtle, N-Triples, RDF/XML) get the union of the article
    /// graphs, each triple once.
    ///
    /// ```no_run
    /// use oxigraph::io::RdfFormat;
    /// let store = depeche_store::store::Store::open_existing("depeche-store")?;
    /// let trig = store.dump(RdfFormat::TriG)?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn dump(&self, format: RdfFormat) -> Result<Vec<u8>, StoreError> {
        serialize_quads(&self.quads()?, format).map_err(|source| StoreError::Serialize {
            format: format.name().to_string(),
            source,
        })
    }

    /// Runs a SPARQL 1.1 query and collects its whole answer.
    ///
    /// The default graph is the union of all article graphs (unless the query names its own
    /// dataset with `FROM`), and the prefixes of [`vocab::PREFIXES`](depeche_extract::vocab::PREFIXES) are pre-declared; a `PREFIX`
    /// line in the query wins over them. Oxigraph's union keeps duplicates: a triple stated by
    /// two articles matches twice, so counting queries want `DISTINCT`, as in `queries/`.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open_existing("depeche-store")?;
    /// let answer = store.query("ASK { ?a dp:met ?b }")?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn query(&self, sparql: &str) -> Result<QueryAnswer, StoreError> {
        self.query_with(sparql, &QueryOptions::default())
    }

    /// [`Store::query`] with a dataset chosen by the caller (the SPARQL protocol's
    /// `default-graph-uri` and `named-graph-uri`) and a way to stop it.
    ///
    /// A cancelled query fails with [`StoreError::Cancelled`]. A remote store is sent the query
    /// with the pre-declared prefixes written out, after it has parsed here: a syntax error is
    /// reported in the same words whichever the store.
    ///
    /// ```no_run
    /// use depeche_store::store::{QueryOptions, Store};
    /// let store = Store::open_existing("depeche-store")?;
    /// let options = QueryOptions::default();
    /// let answer = store.query_with("ASK { ?a dp:met ?b }", &options)?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn query_with(
        &self,
        sparql: &str,
        options: &QueryOptions,
    ) -> Result<QueryAnswer, StoreError> {
        let timed = options.cancel.is_none() && self.deadline.is_some();
        let own;
        let options = match (&options.cancel, &self.deadline) {
            (None, Some((token, _))) => {
                own = QueryOptions {
                    cancel: Some(token.clone()),
                    ..options.clone()
                };
                &own
            }
            _ => options,
        };
        check_nesting(sparql, "query")?;
        if crate::aggregates::reads_summaries(sparql) {
            self.ensure_summaries()?;
        }
        let prepared = evaluator(options)?
            .parse_query(sparql)
            .map_err(|e| StoreError::Syntax(syntax_message(sparql, &e.to_string())))?;
        let seconds = self.deadline.as_ref().map_or(0.0, |(_, s)| *s);
        let _budget = match (options.memory_limit, &options.cancel) {
            (Some(bytes), Some(token)) => Some(crate::limits::budget(bytes, token)),
            _ => None,
        };
        // Why a query was cancelled: its memory budget, the store's time limit, or its caller.
        let stopped = || {
            if crate::limits::over_budget() && options.memory_limit.is_some() {
                StoreError::OverMemory {
                    megabytes: options.memory_limit.unwrap_or(0) >> 20,
                }
            } else if timed {
                StoreError::TimedOut { seconds }
            } else {
                StoreError::Cancelled
            }
        };
        let limit = options
            .time_limit
            .or((seconds > 0.0).then(|| std::time::Duration::from_secs_f64(seconds)));
        self.backend
            .query(sparql, prepared, options, limit)
            .map_err(|e| match e {
                StoreError::Cancelled => stopped(),
                e => e,
            })
    }

    /// Runs a SPARQL 1.1 Update (`INSERT DATA`, `DELETE WHERE`, `CLEAR GRAPH`...) in one
    /// transaction, with the same pre-declared prefixes as [`Store::query`].
    ///
    /// Updates write where they say: triples inserted without `GRAPH` go to the store's default
    /// graph, which queries see as part of the union.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open("depeche-store")?;
    /// store.update("INSERT DATA { GRAPH <urn:notes> { <urn:a> dp:met <urn:b> } }")?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn update(&self, sparql: &str) -> Result<(), StoreError> {
        check_nesting(sparql, "update")?;
        let prepared = evaluator(&QueryOptions::default())?
            .parse_update(sparql)
            .map_err(|e| StoreError::UpdateSyntax(position_message(sparql, &e.to_string())))?;
        // An update may remove the summaries: the next query reading them looks again.
        self.summaries_seen.store(false, Ordering::Relaxed);
        self.backend.update(sparql, prepared)
    }
}

/// Where a query reads from and how it can be stopped; the default reads the union of all
/// article graphs and runs to the end.
#[derive(Clone, Default)]
pub struct QueryOptions {
    /// Graphs whose union is the default graph (`default-graph-uri`); empty means all graphs.
    pub default_graphs: Vec<NamedNode>,
    /// Graphs `GRAPH ?g` may match (`named-graph-uri`); empty means all graphs.
    pub named_graphs: Vec<NamedNode>,
    /// Cancelling this token stops the query with [`StoreError::Cancelled`].
    pub cancel: Option<CancellationToken>,
    /// Bytes the query may allocate while it runs (joins, sorts, the rows of its answer) before
    /// it is stopped with [`StoreError::OverMemory`]; needs `cancel`, and the binary's
    /// [`crate::limits::Budgeted`] allocator to be counted.
    pub memory_limit: Option<usize>,
    /// How long a remote store may take to send the whole answer; a local query is stopped
    /// through `cancel` instead.
    pub time_limit: Option<std::time::Duration>,
}

impl fmt::Debug for QueryOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryOptions")
            .field("default_graphs", &self.default_graphs)
            .field("named_graphs", &self.named_graphs)
            .field("cancellable", &self.cancel.is_some())
            .field("memory_limit", &self.memory_limit)
            .finish()
    }
}
