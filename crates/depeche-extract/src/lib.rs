//! depeche's extractor: news articles to entities, meetings, roles and RDF quads, with no store.
//!
//! The pipeline, one module a stage, each handing a typed value to the next:
//!
//! 1. [`article`]: files, front matter, JSON Lines → [`article::Article`] (text normalised by [`text`])
//! 2. [`segment`]: sentences and tokens
//! 3. [`mentions`]: entity mentions from the trained [`tagger`], [`lexicon`] and context cues; [`timex`]: dates
//! 4. [`coref`]: mentions → entities, one per real-world thing
//! 5. [`events`]: meetings, visits, statements, roles
//! 6. [`rdf`]: entities and events → `oxrdf` quads in the [`vocab`] of the contract
//!
//! [`pipeline::extract`] runs stages 2 to 6 on one article. The `depeche` crate adds the store,
//! the server, exports and the command line; this one never depends on a store, RocksDB, HTTP or
//! an async runtime, so it builds quickly and embeds anywhere (the Python package).

pub mod article;
pub mod coref;
pub mod duplicates;
pub mod events;
mod kinds;
pub mod lang;
pub mod lexicon;
pub mod mentions;
pub mod pipeline;
pub mod rdf;
pub mod segment;
#[cfg(test)]
mod stage_tables;
pub mod tagger;
pub mod text;
pub mod timex;
pub mod vocab;
