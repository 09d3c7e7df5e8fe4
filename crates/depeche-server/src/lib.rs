//! depeche's server: the store over HTTP, as a SPARQL 1.1 Protocol endpoint and a browser page.
//!
//! [`serve`] holds the routes, content negotiation, the protocol's limits and the page assets
//! (`web/`, bundled `queries/`); queries, ingest and pictures are the store and output crates'.

pub mod serve;
