//! depeche's store: the knowledge graph on disk (Oxigraph over RocksDB) or in a remote SPARQL
//! store, read with SPARQL and written article by article.
//!
//! - [`store`]: opening and locking the local store, the remote one ([`remote`]), queries,
//!   updates, the entities graph.
//! - [`ingest`]: a corpus streamed, extracted in parallel, written in batches.
//! - [`identity`]: surname-only persons linked across articles; [`link`] runs the store-wide
//!   steps on quads loaded some other way.
//! - [`limits`]: what keeps one query from taking the whole process down.
//! - [`aggregates`]: who met whom and who holds which office, summed up in the entities
//!   graph at ingest for the questions asked all the time.
//! - [`export`]: views of the store written by the output crate; [`stats`]: the store at a glance.

pub mod aggregates;
pub mod export;
pub mod identity;
pub mod ingest;
pub mod limits;
pub mod link;
pub mod remote;
pub mod stats;
pub mod store;
