//! The persistent knowledge graph: an on-disk Oxigraph (RocksDB) store, one named graph per article.
//!
//! Over 600 lines because the local and remote backends are still matched in each method and
//! the SPARQL error rewriting lives here; issue 14 item 1 splits them (a backend trait, an
//! errors module), not done yet.
//!
//! Writing is all-or-nothing per article: [`Store::ingest`] replaces an article's graph inside one
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

mod entities;
mod error;
mod parse;
#[cfg(test)]
mod tests;

pub use entities::{descriptions, refresh_entities, ENTITIES_GRAPH};
pub(crate) use entities::DESCRIBED_PATTERN;
use entities::{article_quads, count_quad, max_count, typed_entities};
pub use error::StoreError;
use parse::{check_nesting, evaluator, one_line, position_message, syntax_message};

use crate::remote::Endpoint;
use depeche_extract::pipeline::Extraction;
use depeche_extract::vocab;
use oxigraph::io::RdfFormat;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term, Triple,
};
// The answer types and RDF writers live in the output crate; re-exported so that
// `depeche_store::store::QueryAnswer` and the other paths stay what they were.
pub use depeche_output::answer::{AnswerError, AnswerFormat, QueryAnswer};
pub use depeche_output::iri::{display_term, short_iri};
pub use depeche_output::syntax::{serialize_quads, sort_quads, sort_triples};
use oxigraph::model::Literal;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{CancellationToken, QueryResults};
use oxigraph::store::StorageError;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// What [`Store::ingest`] did.
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
    backend: Backend,
    /// The directory, or the URL of a remote store.
    path: PathBuf,
    /// Cancelled when the limit of [`Store::limit_queries`] is reached.
    deadline: Option<(CancellationToken, f64)>,
    /// Held by every write: two writers of one article id must not both find its graph absent
    /// and both load (one graph holding two versions), and RocksDB's flush must not run beside
    /// another writer's commit (see [`Store::flush`]). It guards the number of quads written
    /// through transactions since the last flush (see [`FLUSH_AFTER_QUADS`]).
    writes: std::sync::Mutex<usize>,
    /// Mention counts written articles changed but the entities graph does not hold yet (see
    /// [`Store::settle_counts`]); locked after `writes`, never before.
    counts: std::sync::Mutex<PendingCounts>,
}

/// The `dp:mentionCount` changes [`Store::write_articles`] keeps in memory instead of rewriting
/// every entity's count with every batch: for a popular entity that was one read, one delete and
/// one insert per batch, about 30% of an ingest's CPU and 35% of the bytes it wrote.
#[derive(Debug, Default)]
struct PendingCounts {
    /// How many more (or fewer) article graphs type each entity than its count says.
    delta: HashMap<NamedNode, i64>,
    /// The store holds [`counts_pending_marker`]: written with the first batch whose counts
    /// wait, removed when they are settled, so a process killed in between leaves the sign.
    marked: bool,
    /// The marker was there when the store was opened: a writer stopped before it settled, the
    /// counts are wrong by what it kept in memory, and the next settle recounts every entity.
    stale: bool,
}

/// Entities whose count changes [`Store::write_articles`] keeps in memory before it writes them
/// (some 15 MB): an ingest of entities seen once each would otherwise hold one entry per entity.
const MAX_PENDING_COUNTS: usize = 100_000;

/// Count changes written per transaction when they are settled.
const SETTLE_CHUNK: usize = 10_000;

/// `dp:entities dp:countsPending true` in the entities graph: some `dp:mentionCount` may be
/// out of step with the article graphs (see [`PendingCounts::marked`]).
fn counts_pending_marker() -> Quad {
    Quad::new(
        ENTITIES_GRAPH,
        vocab::dp::COUNTS_PENDING,
        Literal::from(true),
        ENTITIES_GRAPH,
    )
}

/// Where the quads live.
enum Backend {
    /// An Oxigraph store on this machine's disk.
    Local(oxigraph::store::Store),
    /// Any SPARQL 1.1 store over HTTP.
    Remote(Endpoint),
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

impl Drop for Store {
    /// Writes the counts a caller of [`Store::write_articles`] left in memory, if it can: not
    /// doing so loses nothing but time, the next settle recounting them.
    fn drop(&mut self) {
        // Only what this process changed: a store merely read keeps its marker for the next
        // writer to repair, as a reader should not write.
        let mine = self
            .counts
            .get_mut()
            .is_ok_and(|pending| !pending.delta.is_empty());
        if mine {
            let _ = self.settle_counts();
        }
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// RocksDB writes `CURRENT` on creation; its presence is what makes a directory a store.
fn is_store_dir(dir: &Path) -> bool {
    dir.join("CURRENT").is_file()
}

/// A store whose creation was cut short (the process was killed before RocksDB wrote
/// `CURRENT`), or is under way in another process (which has written its `LOG` but not yet
/// taken its `LOCK`): only RocksDB's own files. Opening it completes the creation, or meets the
/// other process's lock; refusing it as "not a store" would leave the user a directory no
/// command accepts, or the loser of two first ingests the wrong message.
fn is_unfinished_store(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut any = false;
    for entry in entries {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        any = true;
        let rocksdb_file = matches!(name.as_ref(), "LOCK" | "IDENTITY" | "LOG")
            || name.starts_with("MANIFEST-")
            || name.starts_with("OPTIONS-")
            || name.starts_with("LOG.old.")
            || name.ends_with(".log")
            || name.ends_with(".dbtmp");
        if !rocksdb_file {
            return false;
        }
    }
    any
}

impl Store {
    /// Opens the store in `dir`, creating it (and the directory) when it does not exist yet.
    ///
    /// Refuses a path that is a regular file, and a non-empty directory that is not a store, so a
    /// mistyped `--store src` never scatters RocksDB files into a source tree.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open("depeche-store")?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let dir = dir.as_ref();
        // Checked before creating anything: RocksDB would refuse the path after the mkdir.
        if dir.to_str().is_none() {
            return Err(StoreError::Open {
                path: dir.to_path_buf(),
                message: "RocksDB needs a path that is valid UTF-8".into(),
            });
        }
        match std::fs::metadata(dir) {
            Ok(meta) if !meta.is_dir() => return Err(StoreError::NotADirectory(dir.to_path_buf())),
            Ok(_) => {
                if !is_store_dir(dir) && !is_unfinished_store(dir) {
                    let mut entries = std::fs::read_dir(dir).map_err(|e| StoreError::Open {
                        path: dir.to_path_buf(),
                        message: e.to_string(),
                    })?;
                    if entries.next().is_some() {
                        return Err(StoreError::NotAStore(dir.to_path_buf()));
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Create {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            Err(e) => {
                return Err(StoreError::Open {
                    path: dir.to_path_buf(),
                    message: e.to_string(),
                })
            }
        }
        Self::open_rocksdb(dir)
    }

    /// Opens a store that must already exist; never creates one.
    ///
    /// This is what `query` and `export` use: a typo in `--store` should say so, not answer from
    /// a fresh empty store.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open_existing("depeche-store")?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn open_existing(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let dir = dir.as_ref();
        match std::fs::metadata(dir) {
            Ok(meta) if !meta.is_dir() => Err(StoreError::NotADirectory(dir.to_path_buf())),
            Ok(_) if !is_store_dir(dir) => Err(StoreError::Missing(dir.to_path_buf())),
            Ok(_) => Self::open_rocksdb(dir),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::Missing(dir.to_path_buf()))
            }
            Err(e) => Err(StoreError::Open {
                path: dir.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }

    fn open_rocksdb(dir: &Path) -> Result<Store, StoreError> {
        // Read-write even for queries: Oxigraph calls a read-only instance next to a writer
        // undefined behaviour, whereas the RocksDB lock turns a concurrent writer into a clear error.
        // Oxigraph keeps every SST file open, and RocksDB each open file's index block in
        // memory (6.6 KB per MB of SST data, some 60 MB for a 1 GB input). Capping the open
        // files (`StoreOptions::with_max_open_files`) would bound that, but at 64 it made ingest
        // a third slower and a join query 70% slower once the store had more files: not done.
        match oxigraph::store::Store::open(dir) {
            Ok(inner) => {
                // Left by a writer that was stopped before it settled its counts.
                let stale = inner.contains(&counts_pending_marker()).map_err(|source| {
                    StoreError::Storage {
                        path: dir.to_path_buf(),
                        source,
                    }
                })?;
                Ok(Store {
                    backend: Backend::Local(inner),
                    path: dir.to_path_buf(),
                    deadline: None,
                    writes: std::sync::Mutex::new(0),
                    counts: std::sync::Mutex::new(PendingCounts {
                        delta: HashMap::new(),
                        marked: stale,
                        stale,
                    }),
                })
            }
            Err(e) => {
                let message = e.to_string();
                // RocksDB says "IO error: While lock file: <dir>/LOCK: Resource temporarily unavailable".
                if message.contains("lock file") || message.contains("/LOCK") {
                    Err(StoreError::Locked(dir.to_path_buf()))
                } else {
                    Err(StoreError::Open {
                        path: dir.to_path_buf(),
                        message,
                    })
                }
            }
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

    /// Connects to a SPARQL 1.1 store over HTTP (see [`Endpoint::new`] for how the query,
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
        let endpoint = Endpoint::new(url, update, graph_store)?.with_credentials_from_env();
        endpoint.query("ASK { }", SPARQL_JSON, &[], &[])?;
        Ok(Store {
            path: PathBuf::from(url),
            backend: Backend::Remote(endpoint),
            deadline: None,
            writes: std::sync::Mutex::new(0),
            counts: Default::default(),
        })
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

    /// The directory of the store, or its URL.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn storage_error(&self, source: StorageError) -> StoreError {
        StoreError::Storage {
            path: self.path.clone(),
            source,
        }
    }

    /// Writes each article's quads into its named graph, replacing what the graph held before,
    /// with no digest: the next ingest of these articles extracts them again.
    ///
    /// ```no_run
    /// # let extractions: Vec<depeche_extract::pipeline::Extraction> = Vec::new();
    /// let store = depeche_store::store::Store::open("depeche-store")?;
    /// let summary = store.ingest(&extractions)?;
    /// eprintln!("{} articles, {} quads", summary.articles, summary.quads);
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn ingest(&self, extractions: &[Extraction]) -> Result<IngestSummary, StoreError> {
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
        let mut found = HashMap::new();
        match &self.backend {
            Backend::Local(inner) => {
                for graph in graphs {
                    let pattern = inner.quads_for_pattern(
                        Some(graph.as_ref().into()),
                        Some(vocab::dp::DIGEST),
                        None,
                        Some(graph.as_ref().into()),
                    );
                    for quad in pattern {
                        if let Term::Literal(digest) =
                            quad.map_err(|e| self.storage_error(e))?.object
                        {
                            found.insert(graph.clone(), digest.value().to_string());
                        }
                    }
                }
            }
            Backend::Remote(_) => {
                for row in self.rows_for_graphs(graphs, "SELECT ?g ?d", "?g dp:digest ?d")? {
                    if let [Some(Term::NamedNode(g)), Some(Term::Literal(d))] = row.as_slice() {
                        found.insert(g.clone(), d.value().to_string());
                    }
                }
            }
        }
        Ok(found)
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
        let mut summary = IngestSummary::default();
        // Graphs of the batch that the store holds already, found before anything is written.
        let mut existing = HashSet::new();
        let mut unflushed = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match &self.backend {
            Backend::Local(inner) => {
                for article in batch {
                    let graph = article.extraction.graph.as_ref();
                    if inner
                        .contains_named_graph(graph)
                        .map_err(|e| self.storage_error(e))?
                    {
                        existing.insert(article.extraction.graph.clone());
                    }
                }
                let mut quads = Vec::new();
                for article in batch {
                    summary.quads += article_quads(article, &mut quads);
                }
                let described: HashSet<Triple> = batch
                    .iter()
                    .flat_map(|a| descriptions(&a.extraction.quads))
                    .collect();
                // Only the descriptions the entities graph lacks: a popular entity's are there
                // already, and writing them again with every batch would be most of its writes.
                let mut entity_quads = Vec::new();
                for t in &described {
                    let quad = t.as_ref().in_graph(ENTITIES_GRAPH);
                    if !inner.contains(quad).map_err(|e| self.storage_error(e))? {
                        entity_quads.push(quad.into_owned());
                    }
                }
                // How many more (or fewer) articles describe each entity after this batch.
                let mut delta: HashMap<NamedNode, i64> = HashMap::new();
                for article in batch {
                    for entity in typed_entities(&article.extraction.quads) {
                        *delta.entry(entity).or_default() += 1;
                    }
                }
                let mut pending = self
                    .counts
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                // The counts wait in memory: the marker, committed with the batch, says so on
                // disk until they are written.
                let marker = (!pending.marked).then(counts_pending_marker);
                if existing.is_empty() && quads.len() >= BULK_LOAD_FROM {
                    // Nothing to remove: the loader's atomic ingestion is the one commit. A
                    // description already in the entities graph is rewritten as it was.
                    quads.extend(entity_quads);
                    quads.extend(marker);
                    let mut loader = inner.bulk_loader().with_num_threads(1);
                    loader
                        .load_quads(quads)
                        .map_err(|e| self.storage_error(e))?;
                    loader.commit().map_err(|e| self.storage_error(e))?;
                } else {
                    let failed = |e| self.storage_error(e);
                    let mut transaction = inner.start_transaction().map_err(failed)?;
                    let mut gone: HashSet<Triple> = HashSet::new();
                    for graph in &existing {
                        let old: Vec<Quad> = transaction
                            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                            .collect::<Result<_, _>>()
                            .map_err(failed)?;
                        gone.extend(descriptions(&old).filter(|t| !described.contains(t)));
                        for entity in typed_entities(&old) {
                            *delta.entry(entity).or_default() -= 1;
                        }
                        transaction
                            .remove_named_graph(graph.as_ref())
                            .map_err(failed)?;
                    }
                    transaction.extend(&quads);
                    transaction.extend(&entity_quads);
                    transaction.extend(&marker);
                    // A description the replaced versions gave stays while another article gives it.
                    for t in &gone {
                        let mut stated = transaction.quads_for_pattern(
                            Some(t.subject.as_ref()),
                            Some(t.predicate.as_ref()),
                            Some(t.object.as_ref()),
                            None,
                        );
                        let elsewhere = stated.any(|q| {
                            q.is_ok_and(|q| {
                                q.graph_name.as_ref() != GraphNameRef::NamedNode(ENTITIES_GRAPH)
                            })
                        });
                        drop(stated);
                        if !elsewhere {
                            transaction.remove(t.as_ref().in_graph(ENTITIES_GRAPH));
                        }
                    }
                    transaction.commit().map_err(failed)?;
                    *unflushed += quads.len() + entity_quads.len();
                }
                pending.marked = true;
                for (entity, more) in delta {
                    *pending.delta.entry(entity).or_default() += more;
                }
                if pending.delta.len() >= MAX_PENDING_COUNTS {
                    *unflushed += self.settle_locked(inner, &mut pending)?;
                }
                if *unflushed >= FLUSH_AFTER_QUADS {
                    inner.flush().map_err(|e| self.storage_error(e))?;
                    *unflushed = 0;
                }
            }
            Backend::Remote(endpoint) => {
                let graphs: Vec<NamedNode> =
                    batch.iter().map(|a| a.extraction.graph.clone()).collect();
                existing = self.existing_graphs(&graphs)?;
                // The entities the replaced versions describe, to be refreshed after the PUTs.
                let mut touched: BTreeSet<NamedNode> = BTreeSet::new();
                if !existing.is_empty() {
                    let old: Vec<NamedNode> = existing.iter().cloned().collect();
                    touched.extend(first_column_iris(self.rows_for_graphs(
                        &old,
                        "SELECT DISTINCT ?s",
                        DESCRIBED_PATTERN,
                    )?));
                }
                for article in batch {
                    let mut quads = Vec::new();
                    summary.quads += article_quads(article, &mut quads);
                    touched.extend(descriptions(&quads).filter_map(|t| match t.subject {
                        NamedOrBlankNode::NamedNode(n) => Some(n),
                        _ => None,
                    }));
                    let triples: Vec<Quad> = quads
                        .into_iter()
                        .map(|q| {
                            Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)
                        })
                        .collect();
                    let body =
                        serialize_quads(&triples, RdfFormat::NTriples).map_err(|source| {
                            StoreError::Serialize {
                                format: "N-Triples".into(),
                                source,
                            }
                        })?;
                    endpoint.put_graph(&article.extraction.graph, body)?;
                }
                let touched: Vec<NamedNode> = touched.into_iter().collect();
                for chunk in touched.chunks(100) {
                    endpoint.update(&with_prefixes(&refresh_entities(chunk)))?;
                }
            }
        }
        for article in batch {
            let extraction = article.extraction;
            summary.articles += 1;
            summary.replaced += usize::from(existing.contains(&extraction.graph));
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
    /// [`Store::flush`] and [`crate::identity::resolve`] call it; call it after writing articles
    /// with [`Store::write_articles`] directly.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open("depeche-store")?;
    /// store.settle_counts()?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn settle_counts(&self) -> Result<(), StoreError> {
        let mut unflushed = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Backend::Local(inner) = &self.backend {
            let mut pending = self
                .counts
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            *unflushed += self.settle_locked(inner, &mut pending)?;
        }
        Ok(())
    }

    /// [`Store::settle_counts`] with the locks held; returns how many quads it wrote.
    fn settle_locked(
        &self,
        inner: &oxigraph::store::Store,
        pending: &mut PendingCounts,
    ) -> Result<usize, StoreError> {
        if !pending.marked && !pending.stale && pending.delta.is_empty() {
            return Ok(0);
        }
        let failed = |e| self.storage_error(e);
        // Should a write fail half-way, the changes are gone from memory: the next settle of
        // this process recounts, as the next process would from the marker.
        let was_stale = std::mem::replace(&mut pending.stale, true);
        let delta = std::mem::take(&mut pending.delta);
        let written = if was_stale {
            self.recount(inner)?
        } else {
            self.apply_counts(inner, delta)?
        };
        let mut transaction = inner.start_transaction().map_err(failed)?;
        transaction.remove(&counts_pending_marker());
        transaction.commit().map_err(failed)?;
        pending.stale = false;
        pending.marked = false;
        Ok(written + 1)
    }

    /// Adds `delta` to the stored counts, in transactions of [`SETTLE_CHUNK`] entities.
    fn apply_counts(
        &self,
        inner: &oxigraph::store::Store,
        delta: HashMap<NamedNode, i64>,
    ) -> Result<usize, StoreError> {
        let failed = |e| self.storage_error(e);
        let changes: Vec<(NamedNode, i64)> =
            delta.into_iter().filter(|(_, more)| *more != 0).collect();
        let mut written = 0;
        for chunk in changes.chunks(SETTLE_CHUNK) {
            let mut transaction = inner.start_transaction().map_err(failed)?;
            for (entity, more) in chunk {
                let known: Vec<Quad> = transaction
                    .quads_for_pattern(
                        Some(entity.as_ref().into()),
                        Some(vocab::dp::MENTION_COUNT),
                        None,
                        Some(ENTITIES_GRAPH.into()),
                    )
                    .collect::<Result<_, _>>()
                    .map_err(failed)?;
                let count = max_count(&known) + more;
                for quad in &known {
                    transaction.remove(quad);
                }
                if count > 0 {
                    transaction.insert(&count_quad(entity, count));
                }
                written += known.len() + 1;
            }
            transaction.commit().map_err(failed)?;
        }
        Ok(written)
    }

    /// Sets every entity's count to the number of article graphs that type it, reading the
    /// entities graph subject by subject: memory holds one entity and a chunk of corrections.
    fn recount(&self, inner: &oxigraph::store::Store) -> Result<usize, StoreError> {
        let failed = |e| self.storage_error(e);
        let mut fixes: Vec<(Vec<Quad>, Option<Quad>)> = Vec::new();
        let mut written = 0;
        let mut commit = |fixes: &mut Vec<(Vec<Quad>, Option<Quad>)>| -> Result<(), StoreError> {
            let mut transaction = inner.start_transaction().map_err(failed)?;
            for (old, new) in fixes.drain(..) {
                written += old.len() + usize::from(new.is_some());
                for quad in &old {
                    transaction.remove(quad);
                }
                if let Some(quad) = new {
                    transaction.insert(&quad);
                }
            }
            transaction.commit().map_err(failed)
        };
        // In the entities graph's own order (by subject), one subject's quads come together.
        let mut subject: Option<NamedNode> = None;
        let mut typed = false;
        let mut known: Vec<Quad> = Vec::new();
        let settle_one = |entity: NamedNode,
                          typed: bool,
                          known: Vec<Quad>,
                          fixes: &mut Vec<(Vec<Quad>, Option<Quad>)>|
         -> Result<(), StoreError> {
            let count = if typed {
                let mut graphs = HashSet::new();
                for quad in inner.quads_for_pattern(
                    Some(entity.as_ref().into()),
                    Some(vocab::rdf::TYPE),
                    None,
                    None,
                ) {
                    let quad = quad.map_err(failed)?;
                    if quad.graph_name.as_ref() != GraphNameRef::NamedNode(ENTITIES_GRAPH) {
                        graphs.insert(quad.graph_name);
                    }
                }
                graphs.len() as i64
            } else {
                0
            };
            let right = if count > 0 {
                known.len() == 1 && max_count(&known) == count
            } else {
                known.is_empty()
            };
            if !right {
                fixes.push((known, (count > 0).then(|| count_quad(&entity, count))));
            }
            Ok(())
        };
        for quad in inner.quads_for_pattern(None, None, None, Some(ENTITIES_GRAPH.into())) {
            let quad = quad.map_err(failed)?;
            let NamedOrBlankNode::NamedNode(s) = &quad.subject else {
                continue;
            };
            if subject.as_ref() != Some(s) {
                if let Some(done) = subject.replace(s.clone()) {
                    settle_one(done, typed, std::mem::take(&mut known), &mut fixes)?;
                    if fixes.len() >= SETTLE_CHUNK {
                        commit(&mut fixes)?;
                    }
                }
                typed = false;
            }
            if quad.predicate.as_ref() == vocab::rdf::TYPE {
                typed = true;
            } else if quad.predicate.as_ref() == vocab::dp::MENTION_COUNT {
                known.push(quad);
            }
        }
        if let Some(done) = subject {
            settle_one(done, typed, known, &mut fixes)?;
        }
        commit(&mut fixes)?;
        Ok(written)
    }

    /// Which of `graphs` a remote store holds.
    fn existing_graphs(&self, graphs: &[NamedNode]) -> Result<HashSet<NamedNode>, StoreError> {
        Ok(
            first_column_iris(self.rows_for_graphs(graphs, "SELECT DISTINCT ?g", "?s ?p ?o")?)
                .collect(),
        )
    }

    /// The rows of `select WHERE { VALUES ?g {…} GRAPH ?g { pattern } }` over `graphs`, asked in
    /// chunks so that no request grows with the batch.
    fn rows_for_graphs(
        &self,
        graphs: &[NamedNode],
        select: &str,
        pattern: &str,
    ) -> Result<Vec<Vec<Option<Term>>>, StoreError> {
        let mut rows = Vec::new();
        for chunk in graphs.chunks(200) {
            let values: String = chunk.iter().map(|g| format!("{g} ")).collect();
            if let QueryAnswer::Solutions { rows: more, .. } = self.query(&format!(
                "{select} WHERE {{ VALUES ?g {{ {values}}} GRAPH ?g {{ {pattern} }} }}"
            ))? {
                rows.extend(more);
            }
        }
        Ok(rows)
    }

    /// Makes everything written so far durable on disk, the mention counts
    /// ([`Store::settle_counts`]) included (a no-op for a remote store, whose requests are
    /// durable when answered).
    pub fn flush(&self) -> Result<(), StoreError> {
        // RocksDB's flush waits for the memtables to reach disk; run beside another writer's
        // commit or bulk ingestion it was seen to wait forever (issue 16), so it takes the lock.
        let mut unflushed = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match &self.backend {
            Backend::Local(inner) => {
                let mut pending = self
                    .counts
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                self.settle_locked(inner, &mut pending)?;
                inner.flush().map_err(|e| self.storage_error(e))?;
                *unflushed = 0;
                Ok(())
            }
            Backend::Remote(_) => Ok(()),
        }
    }

    /// Number of quads in the store's named graphs (a triple stated by two articles counts twice);
    /// on a remote store, in depeche's graphs only (article graphs and the entities graph).
    pub fn len(&self) -> Result<usize, StoreError> {
        match &self.backend {
            Backend::Local(inner) => inner.len().map_err(|e| self.storage_error(e)),
            Backend::Remote(_) => self.count(&format!(
                "SELECT (COUNT(*) AS ?n) WHERE {{ {DEPECHE_GRAPHS} GRAPH ?g {{ ?s ?p ?o }} }}"
            )),
        }
    }

    /// True when the store holds no quad.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        match &self.backend {
            Backend::Local(inner) => inner.is_empty().map_err(|e| self.storage_error(e)),
            Backend::Remote(_) => Ok(self.len()? == 0),
        }
    }

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
        let mut graphs = match &self.backend {
            Backend::Local(inner) => inner
                .named_graphs()
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.storage_error(e))?,
            Backend::Remote(_) => match self.query(&format!(
                "SELECT DISTINCT ?g WHERE {{ {DEPECHE_GRAPHS} GRAPH ?g {{ ?s ?p ?o }} }}"
            ))? {
                QueryAnswer::Solutions { rows, .. } => first_column_iris(rows)
                    .map(NamedOrBlankNode::NamedNode)
                    .collect(),
                _ => Vec::new(),
            },
        };
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
        match &self.backend {
            Backend::Local(inner) => {
                let all = self.count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { } }")?;
                let entities = inner
                    .contains_named_graph(ENTITIES_GRAPH)
                    .map_err(|e| self.storage_error(e))?;
                Ok(all.saturating_sub(usize::from(entities)))
            }
            // The graphs `graphs` lists there: those that type themselves a news article.
            Backend::Remote(_) => self.count(
                "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle } }",
            ),
        }
    }

    /// Every quad of the store, in a stable, readable order (see [`sort_quads`]); on a remote
    /// store, those of depeche's graphs (article graphs and the entities graph).
    pub fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = match &self.backend {
            Backend::Local(inner) => inner
                .iter()
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.storage_error(e))?,
            Backend::Remote(_) => match self.query(&format!(
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
        };
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
    /// dataset with `FROM`), and the prefixes of [`vocab::PREFIXES`] are pre-declared; a `PREFIX`
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
        let mut prepared = evaluator(options)?
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
        let inner = match &self.backend {
            Backend::Local(inner) => inner,
            Backend::Remote(endpoint) => {
                let limit = options
                    .time_limit
                    .or((seconds > 0.0).then(|| std::time::Duration::from_secs_f64(seconds)));
                return remote_query(endpoint, sparql, returns_graph(sparql), options, limit)
                    .map_err(|e| match e {
                        StoreError::Cancelled => stopped(),
                        e => e,
                    });
            }
        };
        if !options.default_graphs.is_empty() || !options.named_graphs.is_empty() {
            let dataset = prepared.dataset_mut();
            if !options.default_graphs.is_empty() {
                dataset.set_default_graph(
                    options
                        .default_graphs
                        .iter()
                        .cloned()
                        .map(GraphName::NamedNode)
                        .collect(),
                );
            }
            if !options.named_graphs.is_empty() {
                dataset.set_available_named_graphs(
                    options
                        .named_graphs
                        .iter()
                        .cloned()
                        .map(NamedOrBlankNode::NamedNode)
                        .collect(),
                );
            }
        }
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        let evaluation = |e: oxigraph::sparql::QueryEvaluationError| match e {
            oxigraph::sparql::QueryEvaluationError::Cancelled => stopped(),
            e => StoreError::Evaluation(one_line(&e.to_string())),
        };
        match prepared.on_store(inner).execute().map_err(evaluation)? {
            QueryResults::Boolean(value) => Ok(QueryAnswer::Boolean(value)),
            QueryResults::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let rows = solutions
                    .map(|solution| solution.map(|s| s.values().to_vec()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(evaluation)?;
                Ok(QueryAnswer::Solutions { variables, rows })
            }
            QueryResults::Graph(triples) => {
                let mut seen = HashSet::new();
                let mut triples: Vec<Triple> = triples
                    .filter(|t| t.as_ref().map_or(true, |t| seen.insert(t.clone())))
                    .collect::<Result<_, _>>()
                    .map_err(evaluation)?;
                sort_triples(&mut triples);
                Ok(QueryAnswer::Graph(triples))
            }
        }
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
        let mut unflushed = self
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match &self.backend {
            Backend::Local(inner) => {
                // An update may set counts from the article graphs (the identity step's
                // refresh); changes still in memory would then be added to them a second time.
                let mut pending = self
                    .counts
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                *unflushed += self.settle_locked(inner, &mut pending)?;
                drop(pending);
                // One transaction, durable through RocksDB's write-ahead log: no flush here,
                // which per update wrote a small file per index and most of the compaction.
                prepared
                    .on_store(inner)
                    .execute()
                    .map_err(|e| StoreError::UpdateFailed(one_line(&e.to_string())))
            }
            Backend::Remote(endpoint) => Ok(endpoint.update(&with_prefixes(sparql))?),
        }
    }
}

const SPARQL_JSON: &str = "application/sparql-results+json";

/// On a remote store, the graphs `?g` that are depeche's: each article's (the article names
/// its graph and types itself `schema:NewsArticle` there) and the entities graph. A shared
/// store holds others that counting and exporting must not take for depeche's: Virtuoso its
/// own from the start (`virtrdf#`, its service description, `ldp#`), a deployment its other
/// data sets.
/// (Virtuoso 7.2 finds nothing when the entities graph comes from `VALUES` in the union.)
const DEPECHE_GRAPHS: &str =
    "{ GRAPH ?g { ?g a schema:NewsArticle } } UNION { BIND(dp:entities AS ?g) }";

/// Below this many quads a batch is one transaction: the bulk loader's fixed cost (an SST file
/// per index, about 0.1 s) would dominate a few articles. Both commit atomically.
const BULK_LOAD_FROM: usize = 20_000;

/// Quads written through transactions after which [`Store::write_articles`] flushes RocksDB's
/// memtables to disk. Oxigraph sizes them for a 512 MB budget per index (128 MB each before a
/// flush, a dozen indexes), so without this an ingest's memory grew with its input until
/// RocksDB flushed on its own: 630 MB for half a million quads, most of it memtables. A
/// flush every this many quads bounds them to some 60 MB whatever the input.
const FLUSH_AFTER_QUADS: usize = 100_000;

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
    limit: Option<std::time::Duration>,
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


