//! Oxigraph over RocksDB on this machine's disk as a [`Backend`]: batches committed atomically
//! (a transaction, or the bulk loader for a large batch of new articles), the entities graph
//! kept in step in the same commit, the mention counts settled later ([`super::counts`]).

use super::backend::{Backend, Written};
use super::counts::{counts_pending_marker, PendingCounts, MAX_PENDING_AGENTS, MAX_PENDING_COUNTS};
use super::entities::{article_quads, descriptions, typed_entities, ENTITIES_GRAPH};
use super::parse::{evaluator, one_line, position_message, syntax_message};
use super::{ArticleGraph, QueryOptions, Store, StoreError};
use depeche_extract::vocab;
use depeche_output::answer::QueryAnswer;
use depeche_output::syntax::sort_triples;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::sparql::{
    PreparedSparqlQuery, PreparedSparqlUpdate, QueryEvaluationError, QueryResults,
};
use oxigraph::store::StorageError;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// Below this many quads a batch is one transaction: the bulk loader's fixed cost (an SST file
/// per index, about 0.1 s) would dominate a few articles. Both commit atomically.
const BULK_LOAD_FROM: usize = 20_000;

/// Quads written through transactions after which [`Store::write_articles`] flushes RocksDB's
/// memtables to disk. Oxigraph sizes them for a 512 MB budget per index (128 MB each before a
/// flush, a dozen indexes), so without this an ingest's memory grew with its input until
/// RocksDB flushed on its own: 630 MB for half a million quads, most of it memtables. A
/// flush every this many quads bounds them to some 60 MB whatever the input.
const FLUSH_AFTER_QUADS: usize = 100_000;
/// An Oxigraph store on this machine's disk, opened by [`super::open`].
pub(super) struct LocalStore {
    /// The store itself.
    pub(super) inner: oxigraph::store::Store,
    /// Its directory, for error messages.
    pub(super) path: PathBuf,
    /// Held by every write: two writers of one article id must not both find its graph absent
    /// and both load (one graph holding two versions), and RocksDB's flush must not run beside
    /// another writer's commit (see [`Backend::flush`]). It guards the number of quads written
    /// through transactions since the last flush (see [`FLUSH_AFTER_QUADS`]).
    pub(super) writes: Mutex<usize>,
    /// Mention counts written articles changed but the entities graph does not hold yet (see
    /// [`super::Store::settle_counts`]); locked after `writes`, never before.
    pub(super) counts: Mutex<PendingCounts>,
}

impl Drop for LocalStore {
    /// Writes the counts a caller of [`super::Store::write_articles`] left in memory, if it
    /// can: not doing so loses nothing but time, the next settle recounting them.
    fn drop(&mut self) {
        // Only what this process changed: a store merely read keeps its marker for the next
        // writer to repair, as a reader should not write.
        let mine = self
            .counts
            .get_mut()
            .is_ok_and(|pending| !pending.delta.is_empty() || !pending.agents.is_empty());
        if mine {
            let _ = self.settle_counts();
        }
    }
}

impl LocalStore {
    /// `source` as the error of this store.
    pub(super) fn storage_error(&self, source: StorageError) -> StoreError {
        StoreError::Storage {
            path: self.path.clone(),
            source,
        }
    }

    /// The number of quads written since the last flush, locked: held by every write.
    fn lock_writes(&self) -> std::sync::MutexGuard<'_, usize> {
        self.writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A query run on this store at once, outside the query front's limits: for the store's
    /// own bookkeeping, run with the write lock held.
    fn own_query(&self, sparql: &str) -> Result<QueryAnswer, StoreError> {
        let options = QueryOptions::default();
        let prepared = evaluator(&options)?
            .parse_query(sparql)
            .map_err(|e| StoreError::Syntax(syntax_message(sparql, &e.to_string())))?;
        self.query(sparql, prepared, &options, None)
    }

    /// An update run on this store at once, for its own bookkeeping, with the write lock held.
    fn own_update(&self, sparql: &str) -> Result<(), StoreError> {
        let prepared = evaluator(&QueryOptions::default())?
            .parse_update(sparql)
            .map_err(|e| StoreError::UpdateSyntax(position_message(sparql, &e.to_string())))?;
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| StoreError::UpdateFailed(one_line(&e.to_string())))
    }

    /// This store's query and update, for [`crate::aggregates`].
    pub(super) fn sparql(&self) -> crate::aggregates::Sparql<'_> {
        crate::aggregates::Sparql {
            query: Box::new(|q| self.own_query(q)),
            update: Box::new(|u| self.own_update(u)),
        }
    }

    /// The counts kept in memory, locked (after [`LocalStore::lock_writes`]).
    fn lock_counts(&self) -> std::sync::MutexGuard<'_, PendingCounts> {
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Backend for LocalStore {
    fn digests(
        &self,
        _store: &Store,
        graphs: &[NamedNode],
    ) -> Result<HashMap<NamedNode, String>, StoreError> {
        let mut found = HashMap::new();
        for graph in graphs {
            let pattern = self.inner.quads_for_pattern(
                Some(graph.as_ref().into()),
                Some(vocab::dp::DIGEST),
                None,
                Some(graph.as_ref().into()),
            );
            for quad in pattern {
                if let Term::Literal(digest) = quad.map_err(|e| self.storage_error(e))?.object {
                    found.insert(graph.clone(), digest.value().to_string());
                }
            }
        }
        Ok(found)
    }

    fn write(&self, _store: &Store, batch: &[ArticleGraph]) -> Result<Written, StoreError> {
        let inner = &self.inner;
        let mut written = 0;
        // Graphs of the batch that the store holds already, found before anything is written.
        let mut existing = HashSet::new();
        let mut unflushed = self.lock_writes();
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
            written += article_quads(article, &mut quads);
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
        // Agents whose summaries the batch changes: those its articles name, and (below) those
        // the versions it replaces named.
        let mut agents = std::collections::BTreeSet::new();
        for article in batch {
            for entity in typed_entities(&article.extraction.quads) {
                *delta.entry(entity).or_default() += 1;
            }
            agents.extend(crate::aggregates::agents(&article.extraction.quads));
        }
        let mut pending = self.lock_counts();
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
                agents.extend(crate::aggregates::agents(&old));
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
        pending.agents.extend(agents);
        if pending.delta.len() >= MAX_PENDING_COUNTS || pending.agents.len() >= MAX_PENDING_AGENTS {
            *unflushed += self.settle_locked(&mut pending)?;
        }
        if *unflushed >= FLUSH_AFTER_QUADS {
            inner.flush().map_err(|e| self.storage_error(e))?;
            *unflushed = 0;
        }
        Ok(Written {
            existing,
            quads: written,
        })
    }

    fn settle_counts(&self) -> Result<(), StoreError> {
        let mut unflushed = self.lock_writes();
        let mut pending = self.lock_counts();
        *unflushed += self.settle_locked(&mut pending)?;
        Ok(())
    }

    fn refresh_summaries(
        &self,
        agents: &std::collections::BTreeSet<NamedNode>,
    ) -> Result<(), StoreError> {
        let mut unflushed = self.lock_writes();
        let mut pending = self.lock_counts();
        pending.agents.extend(agents.iter().cloned());
        // The caller's update wrote the marker: the settle removes it with the refresh.
        pending.marked = true;
        *unflushed += self.settle_locked(&mut pending)?;
        Ok(())
    }

    fn rebuild_summaries(&self) -> Result<usize, StoreError> {
        let _unflushed = self.lock_writes();
        let _pending = self.lock_counts();
        crate::aggregates::rebuild(&self.sparql())
    }

    fn ensure_summaries(&self) -> Result<bool, StoreError> {
        let mut unflushed = self.lock_writes();
        let mut pending = self.lock_counts();
        let sparql = self.sparql();
        if !crate::aggregates::are_missing(&sparql)? {
            return Ok(false);
        }
        if pending.stale {
            // Counts to recount too: the settle does both.
            *unflushed += self.settle_locked(&mut pending)?;
        } else {
            crate::aggregates::rebuild(&sparql)?;
        }
        Ok(true)
    }

    fn flush(&self) -> Result<(), StoreError> {
        // RocksDB's flush waits for the memtables to reach disk; run beside another writer's
        // commit or bulk ingestion it was seen to wait forever (issue 16), so it takes the lock.
        let mut unflushed = self.lock_writes();
        let mut pending = self.lock_counts();
        self.settle_locked(&mut pending)?;
        self.inner.flush().map_err(|e| self.storage_error(e))?;
        *unflushed = 0;
        Ok(())
    }

    fn len(&self, _store: &Store) -> Result<usize, StoreError> {
        self.inner.len().map_err(|e| self.storage_error(e))
    }

    fn is_empty(&self, _store: &Store) -> Result<bool, StoreError> {
        self.inner.is_empty().map_err(|e| self.storage_error(e))
    }

    fn graphs(&self, _store: &Store) -> Result<Vec<NamedOrBlankNode>, StoreError> {
        self.inner
            .named_graphs()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.storage_error(e))
    }

    fn graph_count(&self, store: &Store) -> Result<usize, StoreError> {
        let all = store.count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { } }")?;
        let entities = self
            .inner
            .contains_named_graph(ENTITIES_GRAPH)
            .map_err(|e| self.storage_error(e))?;
        Ok(all.saturating_sub(usize::from(entities)))
    }

    fn quads(&self, _store: &Store) -> Result<Vec<Quad>, StoreError> {
        self.inner
            .iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.storage_error(e))
    }

    fn query(
        &self,
        _sparql: &str,
        mut prepared: PreparedSparqlQuery,
        options: &QueryOptions,
        _limit: Option<Duration>,
    ) -> Result<QueryAnswer, StoreError> {
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
        let evaluation = |e: QueryEvaluationError| match e {
            QueryEvaluationError::Cancelled => StoreError::Cancelled,
            e => StoreError::Evaluation(one_line(&e.to_string())),
        };
        match prepared
            .on_store(&self.inner)
            .execute()
            .map_err(evaluation)?
        {
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

    fn update(&self, _sparql: &str, prepared: PreparedSparqlUpdate) -> Result<(), StoreError> {
        let mut unflushed = self.lock_writes();
        // An update may set counts from the article graphs (the identity step's refresh);
        // changes still in memory would then be added to them a second time.
        let mut pending = self.lock_counts();
        *unflushed += self.settle_locked(&mut pending)?;
        drop(pending);
        // One transaction, durable through RocksDB's write-ahead log: no flush here, which per
        // update wrote a small file per index and most of the compaction.
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| StoreError::UpdateFailed(one_line(&e.to_string())))
    }
}
