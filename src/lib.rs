//! depeche reads news articles and builds a knowledge graph of who met whom, where and when.
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

pub mod article;
pub mod coref;
pub mod duplicates;
pub mod eval;
pub mod events;
pub mod export;
pub mod identity;
pub mod ingest;
pub mod lang;
pub mod lexicon;
pub mod limits;
pub mod link;
pub mod mentions;
pub mod output;
pub mod pipeline;
pub mod rdf;
pub mod remote;
pub mod segment;
pub mod serve;
pub mod stats;
pub mod store;
pub mod tagger;
pub mod text;
pub mod timex;
pub mod vocab;
