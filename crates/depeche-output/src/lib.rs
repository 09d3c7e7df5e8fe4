//! depeche's writers: triples and query answers to bytes, with no store, no HTTP and no RocksDB.
//!
//! - [`syntax`]: quads to an RDF syntax ([`syntax::serialize_quads`]), the fast N-Quads writer,
//!   JSON-LD with the standard prefixes, the stable quad order.
//! - [`document`]: one RDF document written article after article (`depeche extract`).
//! - [`answer`]: a SPARQL answer ([`answer::QueryAnswer`]) in an [`answer::AnswerFormat`],
//!   including the aligned table people read.
//! - [`graph`]: pictures of the graph (DOT, GraphML, JSON, Mermaid, CSV) in three views.
//! - [`format`](mod@format): the shape of the format tables, one per family, each format declared once.
//! - [`iri`]: IRIs shortened with the standard prefixes, one rule for every writer.

pub mod answer;
pub mod document;
pub mod format;
pub mod graph;
pub mod iri;
pub mod syntax;
