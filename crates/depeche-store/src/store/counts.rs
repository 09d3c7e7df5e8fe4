//! The entities' `dp:mentionCount`, kept in memory while a local store is written and settled
//! in a few large transactions; a marker in the entities graph says when they are out of step,
//! so that a process stopped before it settled leaves a sign the next writer repairs.

use super::entities::{count_quad, max_count, ENTITIES_GRAPH};
use super::local::LocalStore;
use super::StoreError;
use depeche_extract::vocab;
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The `dp:mentionCount` changes [`super::Store::write_articles`] keeps in memory instead of
/// rewriting every entity's count with every batch: for a popular entity that was one read, one
/// delete and one insert per batch, about 30% of an ingest's CPU and 35% of the bytes it wrote.
#[derive(Debug, Default)]
pub(super) struct PendingCounts {
    /// How many more (or fewer) article graphs type each entity than its count says.
    pub(super) delta: HashMap<NamedNode, i64>,
    /// The store holds [`counts_pending_marker`]: written with the first batch whose counts
    /// wait, removed when they are settled, so a process killed in between leaves the sign.
    pub(super) marked: bool,
    /// The marker was there when the store was opened: a writer stopped before it settled, the
    /// counts are wrong by what it kept in memory, and the next settle recounts every entity
    /// (and rebuilds every summary, [`crate::aggregates`]).
    pub(super) stale: bool,
    /// Agents whose summaries ([`crate::aggregates`]) written articles changed, refreshed when
    /// the counts are settled, under the same marker.
    pub(super) agents: BTreeSet<NamedNode>,
}

/// Entities whose count changes [`super::Store::write_articles`] keeps in memory before it
/// writes them (some 15 MB): an ingest of entities seen once each would otherwise hold one entry
/// per entity.
pub(super) const MAX_PENDING_COUNTS: usize = 100_000;

/// Agents whose summaries [`super::Store::write_articles`] keeps to refresh before it
/// refreshes them (see [`PendingCounts::agents`]).
pub(super) const MAX_PENDING_AGENTS: usize = 20_000;

/// Count changes written per transaction when they are settled.
const SETTLE_CHUNK: usize = 10_000;

/// `dp:entities dp:countsPending true` in the entities graph: some `dp:mentionCount` may be
/// out of step with the article graphs (see [`PendingCounts::marked`]).
pub(super) fn counts_pending_marker() -> Quad {
    Quad::new(
        ENTITIES_GRAPH,
        vocab::dp::COUNTS_PENDING,
        Literal::from(true),
        ENTITIES_GRAPH,
    )
}

impl LocalStore {
    /// [`super::Store::settle_counts`] with the locks held; returns how many quads it wrote.
    pub(super) fn settle_locked(&self, pending: &mut PendingCounts) -> Result<usize, StoreError> {
        let inner = &self.inner;
        if !pending.marked
            && !pending.stale
            && pending.delta.is_empty()
            && pending.agents.is_empty()
        {
            return Ok(0);
        }
        let failed = |e| self.storage_error(e);
        // Should a write fail half-way, the changes are gone from memory: the next settle of
        // this process recounts, as the next process would from the marker.
        let was_stale = std::mem::replace(&mut pending.stale, true);
        let delta = std::mem::take(&mut pending.delta);
        let agents = std::mem::take(&mut pending.agents);
        let written = if was_stale {
            self.recount()?
        } else {
            self.apply_counts(delta)?
        };
        crate::aggregates::settle(&self.sparql(), &agents, was_stale)?;
        let mut transaction = inner.start_transaction().map_err(failed)?;
        transaction.remove(&counts_pending_marker());
        transaction.commit().map_err(failed)?;
        pending.stale = false;
        pending.marked = false;
        Ok(written + 1)
    }

    /// Adds `delta` to the stored counts, in transactions of [`SETTLE_CHUNK`] entities.
    fn apply_counts(&self, delta: HashMap<NamedNode, i64>) -> Result<usize, StoreError> {
        let inner = &self.inner;
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
    fn recount(&self) -> Result<usize, StoreError> {
        let inner = &self.inner;
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
}
