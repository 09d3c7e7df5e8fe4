//! What a place holding quads does for [`Store`]: the one seam between the store's API (the
//! query front, summaries, sorting) and where the quads live, so that each method of [`Store`]
//! calls its backend once instead of matching on local or remote.
//!
//! Two implement it: [`super::local::LocalStore`] (Oxigraph over RocksDB on this machine) and
//! [`super::remote_store::RemoteStore`] (any SPARQL 1.1 store over HTTP). A method that asks the
//! backend for something it answers with SPARQL is handed the [`Store`], so that its queries go
//! through the same front as the user's (prefixes, nesting limits, the time limit).

use super::{ArticleGraph, QueryOptions, Store, StoreError};
use depeche_output::answer::QueryAnswer;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use oxigraph::sparql::{PreparedSparqlQuery, PreparedSparqlUpdate};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

/// What [`Backend::write`] did with a batch.
pub(super) struct Written {
    /// The graphs of the batch that the store held before, now replaced.
    pub(super) existing: HashSet<NamedNode>,
    /// Quads written into the article graphs, digests included.
    pub(super) quads: usize,
}

/// A place that holds depeche's quads. See the module documentation.
pub(super) trait Backend: Send + Sync {
    /// The digests stored with these article graphs (`dp:digest`), for those that have one.
    fn digests(
        &self,
        store: &Store,
        graphs: &[NamedNode],
    ) -> Result<HashMap<NamedNode, String>, StoreError>;

    /// Writes a batch of article graphs, each replacing what its graph held, and keeps the
    /// entities graph in step (see [`Store::write_articles`] for the guarantees).
    fn write(&self, store: &Store, batch: &[ArticleGraph]) -> Result<Written, StoreError>;

    /// Writes the mention counts kept in memory (see [`Store::settle_counts`]); nothing to do
    /// for a backend that keeps none.
    fn settle_counts(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Sets the summaries ([`crate::aggregates`]) of `agents` to what the article graphs state
    /// now, and removes the `dp:countsPending` marker a caller wrote before changing them.
    fn refresh_summaries(&self, agents: &BTreeSet<NamedNode>) -> Result<(), StoreError>;

    /// Rebuilds every summary from the article graphs; returns how many agents they cover.
    fn rebuild_summaries(&self) -> Result<usize, StoreError>;

    /// Rebuilds the summaries of a store that holds articles but no summaries in this layout
    /// (written before they existed); returns whether it did.
    fn ensure_summaries(&self) -> Result<bool, StoreError>;

    /// Makes everything written so far durable; nothing to do for a backend whose writes are
    /// durable when answered.
    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Number of quads in depeche's graphs (see [`Store::len`]).
    fn len(&self, store: &Store) -> Result<usize, StoreError>;

    /// True when the store holds no quad.
    fn is_empty(&self, store: &Store) -> Result<bool, StoreError> {
        Ok(self.len(store)? == 0)
    }

    /// The named graphs, the entities graph included, in no particular order.
    fn graphs(&self, store: &Store) -> Result<Vec<NamedOrBlankNode>, StoreError>;

    /// How many article graphs there are (see [`Store::graph_count`]).
    fn graph_count(&self, store: &Store) -> Result<usize, StoreError>;

    /// Every quad of depeche's graphs, in no particular order.
    fn quads(&self, store: &Store) -> Result<Vec<Quad>, StoreError>;

    /// Runs a query that [`Store::query_with`] has checked and parsed (`prepared`, from the
    /// text `sparql`). A stopped query fails with [`StoreError::Cancelled`], which the caller
    /// words as the reason it was stopped; `limit` bounds how long a remote answer may take.
    fn query(
        &self,
        sparql: &str,
        prepared: PreparedSparqlQuery,
        options: &QueryOptions,
        limit: Option<Duration>,
    ) -> Result<QueryAnswer, StoreError>;

    /// Applies an update that [`Store::update`] has checked and parsed.
    fn update(&self, sparql: &str, prepared: PreparedSparqlUpdate) -> Result<(), StoreError>;
}
