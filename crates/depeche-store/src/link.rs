//! The store-wide steps that `ingest` runs after writing, callable on their own.
//!
//! Quads can reach a store without `ingest`: N-Quads from `depeche extract` or a Spark job,
//! loaded by a bulk loader (Oxigraph's, Virtuoso's `rdf_loader_run`) or a Graph Store upload.
//! Such a store has its article graphs but neither the entities graph
//! ([`crate::store::ENTITIES_GRAPH`]) nor cross-article identity. [`link`] rebuilds the first
//! from the article graphs, with the same SPARQL Update that keeps it in step after the identity
//! step ([`crate::store::refresh_entities`]), then runs that step ([`crate::identity::link_surnames`]).
//! Last it rebuilds the summaries of who met whom and of roles ([`crate::aggregates`]).
//! The store then answers as if the same articles had been ingested.
//!
//! Both steps read only the article graphs and leave what they write determined by them, so
//! linking a store twice, or linking a store `ingest` wrote, changes nothing.

use crate::identity::{self, SurnameLinks};
use crate::store::{QueryAnswer, Store, StoreError, DESCRIBED_PATTERN};
use oxigraph::model::{NamedNode, Term};
use std::collections::BTreeSet;

/// Entities refreshed by one SPARQL Update: large enough that a big store takes few requests,
/// small enough that one request stays a few hundred kilobytes.
const ENTITIES_PER_UPDATE: usize = 500;

/// What [`link`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkReport {
    /// Entities whose description the entities graph now holds (or held and no longer does,
    /// their articles gone).
    pub entities: usize,
    /// What the identity step found.
    pub identity: SurnameLinks,
    /// Persons and organizations the rebuilt summaries ([`crate::aggregates`]) cover.
    pub agents: usize,
}

/// Rebuilds the entities graph from the article graphs, then links surname-only persons to
/// their full names across articles; see the module documentation.
///
/// ```no_run
/// let store = depeche_store::store::Store::open_location("http://127.0.0.1:7878", None, None, false)?;
/// let report = depeche_store::link::link(&store)?;
/// eprintln!("{} entities, {} surname-only persons linked", report.entities, report.identity.linked);
/// # Ok::<_, depeche_store::store::StoreError>(())
/// ```
pub fn link(store: &Store) -> Result<LinkReport, StoreError> {
    // Entities the article graphs describe, and those the entities graph describes already
    // (a loaded store may hold stale descriptions: their refresh removes them). Only description
    // predicates: the entities graph may also hold the store's own bookkeeping.
    let described = store.query(&format!(
        "SELECT DISTINCT ?s WHERE {{
           {{ GRAPH ?g {{ {DESCRIBED_PATTERN} }} FILTER(?g != dp:entities) }}
           UNION {{ GRAPH dp:entities {{ ?s ?p ?o FILTER(?p IN (rdf:type, rdfs:label, schema:alternateName, owl:sameAs, dp:mentionCount)) }} }}
         }}"
    ))?;
    let entities: BTreeSet<NamedNode> = match described {
        QueryAnswer::Solutions { rows, .. } => rows
            .into_iter()
            .filter_map(|row| match row.into_iter().next() {
                Some(Some(Term::NamedNode(n))) => Some(n),
                _ => None,
            })
            // The summaries are typed in the entities graph too; they are rebuilt below.
            .filter(|n| !n.as_str().starts_with(crate::aggregates::SUMMARY_BASE))
            .collect(),
        _ => BTreeSet::new(),
    };
    let entities: Vec<NamedNode> = entities.into_iter().collect();
    for chunk in entities.chunks(ENTITIES_PER_UPDATE) {
        store.update(&crate::store::refresh_entities(chunk))?;
    }
    let identity = identity::link_surnames(store)?;
    let agents = store.rebuild_summaries()?;
    store.flush()?;
    Ok(LinkReport {
        entities: entities.len(),
        identity,
        agents,
    })
}
