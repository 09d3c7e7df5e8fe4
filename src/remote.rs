//! A remote SPARQL store spoken to over the W3C protocols: SPARQL 1.1 Query and Update
//! (`application/sparql-query`, `application/sparql-update`) and the Graph Store HTTP Protocol
//! (`PUT ?graph=IRI` with an N-Triples body, one request per article graph).
//!
//! Nothing here knows about articles or the extractor: [`crate::store::Store`] decides what to
//! send, this module only sends it and reads the answer back with Oxigraph's parsers, so a
//! remote answer and a local one are the same Rust values.
//!
//! ```no_run
//! use depeche::remote::Endpoint;
//! let endpoint = Endpoint::new("http://127.0.0.1:7878", None, None)?;
//! let body = endpoint.query("ASK { ?s ?p ?o }", "application/sparql-results+json", &[], &[])?;
//! # Ok::<_, depeche::remote::RemoteError>(())
//! ```

use oxigraph::model::NamedNode;
use std::fmt;
use std::io::Read;
use std::time::Duration;

/// Why a request to the remote store failed. Each message names the URL.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// The URL given for the store, or one derived from it, is not an http(s) URL.
    #[error("{url} is not an http:// or https:// URL of a SPARQL endpoint")]
    BadUrl {
        /// The URL.
        url: String,
    },
    /// No answer: the server is down, the name does not resolve, the connection broke.
    #[error("cannot reach the SPARQL store at {url}: {message}")]
    Unreachable {
        /// The URL.
        url: String,
        /// What the HTTP client said.
        message: String,
    },
    /// The server answered with an error status.
    #[error("the SPARQL store at {url} answered {status}: {message}")]
    Status {
        /// The URL.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// The first line of the answer's body.
        message: String,
    },
}

/// One SPARQL service: where queries, updates and graph uploads go.
///
/// ```no_run
/// // Fuseki serves all three protocols at the dataset URL.
/// let fuseki = depeche::remote::Endpoint::new("http://localhost:3030/news", None, None)?;
/// # Ok::<_, depeche::remote::RemoteError>(())
/// ```
#[derive(Clone)]
pub struct Endpoint {
    query_url: String,
    update_url: String,
    graph_store_url: String,
    agent: ureq::Agent,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("query", &self.query_url)
            .field("update", &self.update_url)
            .field("graph_store", &self.graph_store_url)
            .finish_non_exhaustive()
    }
}

/// Whether a `--store` value names a remote store rather than a directory.
pub fn is_url(location: &str) -> bool {
    let lower = location.get(..8).unwrap_or(location).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

impl Endpoint {
    /// The service at `url`. A URL without a path (`http://host:7878`) is an Oxigraph server,
    /// whose endpoints are `/query`, `/update` and `/store`; any other URL receives all three
    /// protocols itself (Fuseki's dataset URL, Virtuoso's `/sparql`), unless `update` or
    /// `graph_store` name other URLs (GraphDB's `/statements` and `/rdf-graphs/service`).
    pub fn new(url: &str, update: Option<&str>, graph_store: Option<&str>) -> Result<Endpoint, RemoteError> {
        for u in [Some(url), update, graph_store].into_iter().flatten() {
            if !is_url(u) {
                return Err(RemoteError::BadUrl { url: u.to_string() });
            }
        }
        let trimmed = url.trim_end_matches('/');
        let bare = trimmed.split_once("://").is_some_and(|(_, rest)| !rest.contains('/'));
        let (query_url, default_update, default_store) = if bare {
            (format!("{trimmed}/query"), format!("{trimmed}/update"), format!("{trimmed}/store"))
        } else {
            (url.to_string(), url.to_string(), url.to_string())
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .build();
        Ok(Endpoint {
            query_url,
            update_url: update.map_or(default_update, str::to_string),
            graph_store_url: graph_store.map_or(default_store, str::to_string),
            agent: config.into(),
        })
    }

    /// Where queries go.
    pub fn query_url(&self) -> &str {
        &self.query_url
    }

    /// Sends a query (POST, `application/sparql-query`) and returns the answer's bytes in the
    /// `accept` media type. `default_graphs` and `named_graphs` are the protocol's
    /// `default-graph-uri` and `named-graph-uri`.
    pub fn query(&self, sparql: &str, accept: &str, default_graphs: &[NamedNode], named_graphs: &[NamedNode]) -> Result<Vec<u8>, RemoteError> {
        let mut body = Vec::new();
        self.query_stream(sparql, accept, default_graphs, named_graphs, None)?
            .read_to_end(&mut body)
            .map_err(|e| RemoteError::Unreachable { url: self.query_url.clone(), message: e.to_string() })?;
        Ok(body)
    }

    /// [`Endpoint::query`] whose answer is read as it arrives, for a parser to take row by
    /// row: a large answer is never held whole as bytes. With `limit`, the whole exchange
    /// (connection, answer, reading it) fails past that time, so a store that stalls cannot
    /// hold the caller.
    pub fn query_stream(
        &self,
        sparql: &str,
        accept: &str,
        default_graphs: &[NamedNode],
        named_graphs: &[NamedNode],
        limit: Option<Duration>,
    ) -> Result<Box<dyn Read + Send>, RemoteError> {
        let pairs = default_graphs
            .iter()
            .map(|g| ("default-graph-uri", g.as_str()))
            .chain(named_graphs.iter().map(|g| ("named-graph-uri", g.as_str())));
        let request = self
            .agent
            .post(&self.query_url)
            .query_pairs(pairs)
            .header("Content-Type", "application/sparql-query; charset=utf-8")
            .header("Accept", accept);
        let request = match limit {
            Some(limit) => request.config().timeout_global(Some(limit)).build(),
            None => request,
        };
        let answer = request.send(sparql.as_bytes());
        let response = open_answer(&self.query_url, answer)?;
        Ok(Box::new(response.into_body().into_with_config().limit(u64::MAX).reader()))
    }

    /// Applies a SPARQL Update (POST, `application/sparql-update`).
    pub fn update(&self, sparql: &str) -> Result<(), RemoteError> {
        let answer = self
            .agent
            .post(&self.update_url)
            .header("Content-Type", "application/sparql-update; charset=utf-8")
            .send(sparql.as_bytes());
        read_answer(&self.update_url, answer).map(drop)
    }

    /// Replaces the named graph `graph` with `ntriples` (Graph Store Protocol `PUT`): the server
    /// swaps the graph in one request, so a reader never sees half an article.
    pub fn put_graph(&self, graph: &NamedNode, ntriples: Vec<u8>) -> Result<(), RemoteError> {
        let answer = self
            .agent
            .put(&self.graph_store_url)
            .query("graph", graph.as_str())
            .header("Content-Type", "application/n-triples")
            .send(ntriples);
        read_answer(&self.graph_store_url, answer).map(drop)
    }
}

/// The response if its status is a success; otherwise the status with the first line of the
/// body (read up to 64 KiB: an error page says what it has to say at the top).
fn open_answer(url: &str, answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<ureq::http::Response<ureq::Body>, RemoteError> {
    let unreachable = |e: &dyn fmt::Display| RemoteError::Unreachable { url: url.to_string(), message: e.to_string() };
    let mut response = answer.map_err(|e| unreachable(&e))?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(response);
    }
    let mut body = Vec::new();
    let _ = response.body_mut().with_config().limit(u64::MAX).reader().take(64 * 1024).read_to_end(&mut body);
    let text = String::from_utf8_lossy(&body);
    let message = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("no explanation").chars().take(300).collect();
    Err(RemoteError::Status { url: url.to_string(), status, message })
}

/// Reads a whole (small) answer of an update or upload.
fn read_answer(url: &str, answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<Vec<u8>, RemoteError> {
    let mut body = Vec::new();
    open_answer(url, answer)?
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .reader()
        .read_to_end(&mut body)
        .map_err(|e| RemoteError::Unreachable { url: url.to_string(), message: e.to_string() })?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_server_url_gets_oxigraph_endpoints() {
        let e = Endpoint::new("http://127.0.0.1:7878/", None, None).unwrap();
        assert_eq!(e.query_url, "http://127.0.0.1:7878/query");
        assert_eq!(e.update_url, "http://127.0.0.1:7878/update");
        assert_eq!(e.graph_store_url, "http://127.0.0.1:7878/store");
    }

    #[test]
    fn a_dataset_url_takes_every_protocol_unless_told_otherwise() {
        let e = Endpoint::new("http://localhost:3030/news", None, None).unwrap();
        assert_eq!((e.query_url.as_str(), e.update_url.as_str(), e.graph_store_url.as_str()), ("http://localhost:3030/news", "http://localhost:3030/news", "http://localhost:3030/news"));
        let g = Endpoint::new("http://h:7200/repositories/r", Some("http://h:7200/repositories/r/statements"), Some("http://h:7200/repositories/r/rdf-graphs/service")).unwrap();
        assert_eq!(g.update_url, "http://h:7200/repositories/r/statements");
        assert_eq!(g.graph_store_url, "http://h:7200/repositories/r/rdf-graphs/service");
    }

    #[test]
    fn only_http_urls_are_stores() {
        assert!(is_url("http://x") && is_url("HTTPS://x"));
        assert!(!is_url("depeche-store") && !is_url("ftp://x"));
        assert!(matches!(Endpoint::new("http://h/q", Some("file:///x"), None), Err(RemoteError::BadUrl { .. })));
    }

    #[test]
    fn a_closed_port_is_unreachable_in_one_sentence() {
        // Port 9 (discard) is closed on any machine that runs these tests.
        let e = Endpoint::new("http://127.0.0.1:9", None, None).unwrap();
        let error = e.query("ASK {}", "application/sparql-results+json", &[], &[]).unwrap_err();
        assert!(matches!(error, RemoteError::Unreachable { .. }), "{error}");
        assert!(error.to_string().starts_with("cannot reach the SPARQL store at http://127.0.0.1:9/query"), "{error}");
    }
}
