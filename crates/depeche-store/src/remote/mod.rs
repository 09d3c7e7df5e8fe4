//! A remote SPARQL store spoken to over the W3C protocols: SPARQL 1.1 Query and Update
//! (`application/sparql-query`, `application/sparql-update`) and the Graph Store HTTP Protocol
//! (`PUT ?graph=IRI` with an N-Triples body, one request per article graph).
//!
//! Nothing here knows about articles or the extractor: [`crate::store::Store`] decides what to
//! send, this module only sends it and reads the answer back with Oxigraph's parsers, so a
//! remote answer and a local one are the same Rust values.
//!
//! This file holds the endpoint and its requests (the HTTP client); beside it, `auth` answers a
//! store that asks for credentials, `answer` turns a response into a body or a [`RemoteError`],
//! and `error` defines that error.
//!
//! ```no_run
//! use depeche_store::remote::Endpoint;
//! let endpoint = Endpoint::new("http://127.0.0.1:7878", None, None)?;
//! let body = endpoint.query("ASK { ?s ?p ?o }", "application/sparql-results+json", &[], &[])?;
//! # Ok::<_, depeche_store::remote::RemoteError>(())
//! ```

mod answer;
mod auth;
mod error;

pub use error::RemoteError;

use answer::{open_answer, read_answer};
pub(crate) use auth::md5_hex;
use auth::Auth;
use oxigraph::model::NamedNode;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use std::fmt;
use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

/// The environment variables holding the user name and password for a store that asks for
/// them. There are no flags for them: a command line is visible to every user of the machine
/// and kept in shell histories.
pub const USER_VARIABLE: &str = "DEPECHE_STORE_USER";
/// See [`USER_VARIABLE`].
pub const PASSWORD_VARIABLE: &str = "DEPECHE_STORE_PASSWORD";

/// One SPARQL service: where queries, updates and graph uploads go.
///
/// ```no_run
/// // Fuseki serves all three protocols at the dataset URL.
/// let fuseki = depeche_store::remote::Endpoint::new("http://localhost:3030/news", None, None)?;
/// # Ok::<_, depeche_store::remote::RemoteError>(())
/// ```
#[derive(Clone)]
pub struct Endpoint {
    query_url: String,
    update_url: String,
    graph_store_url: String,
    agent: ureq::Agent,
    /// Shared by the clones of an endpoint, so they learn the server's challenge once.
    auth: Option<Arc<Auth>>,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("query", &self.query_url)
            .field("update", &self.update_url)
            .field("graph_store", &self.graph_store_url)
            .field("user", &self.auth.as_ref().map(|a| &a.user))
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
    pub fn new(
        url: &str,
        update: Option<&str>,
        graph_store: Option<&str>,
    ) -> Result<Endpoint, RemoteError> {
        for u in [Some(url), update, graph_store].into_iter().flatten() {
            if !is_url(u) {
                return Err(RemoteError::BadUrl { url: u.to_string() });
            }
        }
        let trimmed = url.trim_end_matches('/');
        let bare = trimmed
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.contains('/'));
        let (query_url, default_update, default_store) = if bare {
            (
                format!("{trimmed}/query"),
                format!("{trimmed}/update"),
                format!("{trimmed}/store"),
            )
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
            auth: None,
        })
    }

    /// The same endpoint, answering a server that asks for credentials (`401`, HTTP Basic or
    /// Digest) with these.
    ///
    /// ```no_run
    /// let virtuoso = depeche_store::remote::Endpoint::new("http://localhost:8890/sparql-auth", None, Some("http://localhost:8890/sparql-graph-crud-auth"))?
    ///     .with_credentials("depeche", "secret");
    /// # Ok::<_, depeche_store::remote::RemoteError>(())
    /// ```
    pub fn with_credentials(mut self, user: &str, password: &str) -> Endpoint {
        self.auth = Some(Arc::new(Auth::new(user, password)));
        self
    }

    /// [`Endpoint::with_credentials`] from [`USER_VARIABLE`] and [`PASSWORD_VARIABLE`] when the
    /// first is set (an unset password is empty).
    pub fn with_credentials_from_env(self) -> Endpoint {
        match std::env::var(USER_VARIABLE) {
            Ok(user) if !user.is_empty() => {
                let password = std::env::var(PASSWORD_VARIABLE).unwrap_or_default();
                self.with_credentials(&user, &password)
            }
            _ => self,
        }
    }

    /// Where queries go.
    pub fn query_url(&self) -> &str {
        &self.query_url
    }

    /// Sends a query (POST, form-encoded `query=`) and returns the answer's bytes in the
    /// `accept` media type. `default_graphs` and `named_graphs` are the protocol's
    /// `default-graph-uri` and `named-graph-uri`.
    pub fn query(
        &self,
        sparql: &str,
        accept: &str,
        default_graphs: &[NamedNode],
        named_graphs: &[NamedNode],
    ) -> Result<Vec<u8>, RemoteError> {
        let mut body = Vec::new();
        self.query_stream(sparql, accept, default_graphs, named_graphs, None)?
            .read_to_end(&mut body)
            .map_err(|e| RemoteError::Unreachable {
                url: self.query_url.clone(),
                message: e.to_string(),
            })?;
        Ok(body)
    }

    /// [`Endpoint::query`] whose answer is read as it arrives, for a parser to take row by
    /// row: a large answer is never held whole as bytes. With `limit`, the whole exchange
    /// (connection, answer, reading it) fails past that time, so a store that stalls cannot
    /// hold the caller.
    ///
    /// The query goes as an HTML form (`application/x-www-form-urlencoded`), which every
    /// SPARQL 1.1 server takes: Virtuoso 7.2 never answers the protocol's other POST form, a
    /// body of type `application/sparql-query` (openlink/virtuoso-opensource#842).
    pub fn query_stream(
        &self,
        sparql: &str,
        accept: &str,
        default_graphs: &[NamedNode],
        named_graphs: &[NamedNode],
        limit: Option<Duration>,
    ) -> Result<Box<dyn Read + Send>, RemoteError> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("query", sparql);
        for g in default_graphs {
            form.append_pair("default-graph-uri", g.as_str());
        }
        for g in named_graphs {
            form.append_pair("named-graph-uri", g.as_str());
        }
        let body = form.finish().into_bytes();
        let answer = self.send(
            Method::Post,
            &self.query_url,
            "application/x-www-form-urlencoded",
            Some(accept),
            &body,
            limit,
        );
        let response = open_answer(&self.query_url, answer)?;
        if let Some(rows) = response.headers().get("x-sparql-maxrows") {
            return Err(RemoteError::Truncated {
                url: self.query_url.clone(),
                rows: rows.to_str().unwrap_or("?").to_string(),
            });
        }
        Ok(Box::new(
            response
                .into_body()
                .into_with_config()
                .limit(u64::MAX)
                .reader(),
        ))
    }

    /// Applies a SPARQL Update (POST, `application/sparql-update`).
    pub fn update(&self, sparql: &str) -> Result<(), RemoteError> {
        let answer = self.send(
            Method::Post,
            &self.update_url,
            "application/sparql-update; charset=utf-8",
            None,
            sparql.as_bytes(),
            None,
        );
        read_answer(&self.update_url, answer).map(drop)
    }

    /// Replaces the named graph `graph` with `ntriples` (Graph Store Protocol `PUT`): the server
    /// swaps the graph in one request, so a reader never sees half an article.
    pub fn put_graph(&self, graph: &NamedNode, ntriples: Vec<u8>) -> Result<(), RemoteError> {
        let separator = if self.graph_store_url.contains('?') {
            '&'
        } else {
            '?'
        };
        let url = format!(
            "{}{separator}graph={}",
            self.graph_store_url,
            utf8_percent_encode(graph.as_str(), NON_ALPHANUMERIC)
        );
        let answer = self.send(
            Method::Put,
            &url,
            "application/n-triples",
            None,
            &ntriples,
            None,
        );
        read_answer(&self.graph_store_url, answer).map(drop)
    }

    /// Sends one request, signed with the credentials if there are any: with the server's last
    /// challenge when one is known (so a large upload is not sent twice), else, on a `401`
    /// that asks for them, once more with them.
    fn send(
        &self,
        method: Method,
        url: &str,
        content_type: &str,
        accept: Option<&str>,
        body: &[u8],
        limit: Option<Duration>,
    ) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let attempt = |authorization: Option<String>| {
            let mut request = match method {
                Method::Post => self.agent.post(url),
                Method::Put => self.agent.put(url),
            }
            .header("Content-Type", content_type);
            if let Some(accept) = accept {
                request = request.header("Accept", accept);
            }
            if let Some(authorization) = authorization {
                request = request.header("Authorization", authorization);
            }
            if let Some(limit) = limit {
                request = request.config().timeout_global(Some(limit)).build();
            }
            request.send(body)
        };
        let Some(auth) = &self.auth else {
            return attempt(None);
        };
        let response = attempt(auth.authorization(method, url))?;
        if response.status().as_u16() != 401 {
            return Ok(response);
        }
        let challenges: Vec<&str> = response
            .headers()
            .get_all("www-authenticate")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if !auth.learn(&challenges) {
            return Ok(response);
        }
        attempt(auth.authorization(method, url))
    }
}

/// The two methods depeche sends.
#[derive(Clone, Copy)]
pub(super) enum Method {
    Post,
    Put,
}

impl Method {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
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
        assert_eq!(
            (
                e.query_url.as_str(),
                e.update_url.as_str(),
                e.graph_store_url.as_str()
            ),
            (
                "http://localhost:3030/news",
                "http://localhost:3030/news",
                "http://localhost:3030/news"
            )
        );
        let g = Endpoint::new(
            "http://h:7200/repositories/r",
            Some("http://h:7200/repositories/r/statements"),
            Some("http://h:7200/repositories/r/rdf-graphs/service"),
        )
        .unwrap();
        assert_eq!(g.update_url, "http://h:7200/repositories/r/statements");
        assert_eq!(
            g.graph_store_url,
            "http://h:7200/repositories/r/rdf-graphs/service"
        );
    }

    #[test]
    fn only_http_urls_are_stores() {
        assert!(is_url("http://x") && is_url("HTTPS://x"));
        assert!(!is_url("depeche-store") && !is_url("ftp://x"));
        assert!(matches!(
            Endpoint::new("http://h/q", Some("file:///x"), None),
            Err(RemoteError::BadUrl { .. })
        ));
    }

    #[test]
    fn a_closed_port_is_unreachable_in_one_sentence() {
        // Port 9 (discard) is closed on any machine that runs these tests.
        let e = Endpoint::new("http://127.0.0.1:9", None, None).unwrap();
        let error = e
            .query("ASK {}", "application/sparql-results+json", &[], &[])
            .unwrap_err();
        assert!(matches!(error, RemoteError::Unreachable { .. }), "{error}");
        assert!(
            error
                .to_string()
                .starts_with("cannot reach the SPARQL store at http://127.0.0.1:9/query"),
            "{error}"
        );
    }
}
