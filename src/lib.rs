//! depeche reads news articles and builds a knowledge graph of who met whom, where and when.
//!
//! Stages 1 to 6 are the `depeche-extract` crate (`crates/depeche-extract`), re-exported here.
//!
//! The pipeline, one module a stage, each handing a typed value to the next:
//!
//! 1. [`article`]: files, front matter, JSON Lines → [`article::Article`] (text normalised by [`text`])
//! 2. [`segment`]: sentences and tokens
//! 3. [`mentions`]: entity mentions from the trained [`tagger`], [`lexicon`] and context cues; [`timex`]: dates
//! 4. [`coref`]: mentions → entities, one per real-world thing
//! 5. [`events`]: meetings, visits, statements, roles
//! 6. [`rdf`]: entities and events → quads in the [`vocab`] of the contract
//! 7. [`store`]: the Oxigraph store or a remote one ([`remote`]), SPARQL; [`export`]: graph files
//!
//! [`ingest`] runs the chain over a corpus: articles streamed, extracted in parallel, written in
//! batches, unchanged ones skipped; [`identity`] then links surname-only persons across articles.
//! [`link`] runs that last step, and rebuilds the entities graph, on quads loaded some other way.
//!
//! [`pipeline::extract`] runs stages 2 to 6 on one article.

// The extraction stages live in crates/depeche-extract; re-exported so that `depeche::events`
// and the other paths stay what they were.
pub use depeche_extract::{
    article, coref, duplicates, events, lang, lexicon, mentions, pipeline, rdf, segment, tagger,
    text, timex, vocab,
};

pub mod eval;
// The store, its queries, ingest and identity live in crates/depeche-store; re-exported so
// that `depeche::store::Store` and the other paths stay what they were.
/// One RDF document written article after article.
pub use depeche_output::document as output;
/// The store over HTTP (crates/depeche-server).
pub use depeche_server::serve;
pub use depeche_store::{aggregates, export, identity, ingest, limits, link, remote, stats, store};
