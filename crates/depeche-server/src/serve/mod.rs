//! `depeche serve`: the store over HTTP, as a SPARQL 1.1 Protocol endpoint and a browser page.
//!
//! This module runs the server (options, the accept loop, the router); the parts live beside it:
//! `protocol` (parameters, content negotiation, failures), `limits` (host names, origins,
//! slots and time limits), `routes` (the handlers), `ingest` (posted articles) and
//! `assets` (the page's files and the bundled queries).
//!
//! | path | what |
//! | --- | --- |
//! | `GET /` | the browser page: a SPARQL editor with the bundled queries, the answer as a table and as a graph |
//! | `GET, POST /sparql` | SPARQL 1.1 Protocol queries: `?query=`, a form body, or an `application/sparql-query` body; the answer format from `format=` or the `Accept` header |
//! | `POST /update` | SPARQL 1.1 Update (form `update=` or `application/sparql-update`), only with `--allow-update` |
//! | `POST /ingest` | articles to extract and store: plain text (front matter allowed) or JSON Lines, only with `--allow-update` |
//! | `GET /export` | graph files: `format=` (as `depeche export`, plus `svg` and `png`), `view=`, optional `query=` |
//! | `GET /api/graph` | the answer to `query=` as node-link JSON, for the page's graph |
//! | `GET /api/node` | labels, evidence sentences and source articles of `iri=` |
//! | `GET /api/queries`, `/api/info` | the bundled queries; what the server holds and allows |
//!
//! Errors are plain text, one sentence: 400 for a malformed query (the parser's message), 403
//! for a write to a read-only server, 404, 405, 406 when no asked-for format can hold the
//! answer, 413 beyond the body limit, 415 for an unknown body type, 503 when a query runs past
//! the time limit (it is then cancelled) or the server is busy.
//!
//! ```no_run
//! use depeche_server::serve::{serve, ServeOptions};
//! let store = depeche_store::store::Store::open_existing("depeche-store")?;
//! let options = ServeOptions::default();
//! serve(store, options, |address| eprintln!("listening on http://{address}/"))?;
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod assets;
mod ingest;
mod limits;
mod protocol;
mod routes;

pub use assets::BUNDLED_QUERIES;

use assets::{asset, queries, APP_JS, CYTOSCAPE_JS, INDEX_HTML, STYLE_CSS};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use depeche_extract::article;
use depeche_store::store::Store;
use limits::{no_sniffing, AllowedHosts};
use protocol::Failure;
use routes::{export_file, graph, info, node, sparql, update};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on; port 0 lets the system pick a free one.
    pub bind: SocketAddr,
    /// Accept SPARQL Update and article ingest.
    pub allow_update: bool,
    /// Longest a query may run before it is cancelled.
    pub timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// What `/ingest` accepts as one article.
    pub limits: article::Limits,
    /// Memory one query may allocate before it is stopped, in bytes.
    pub max_query_memory: usize,
    /// Connections open at once; more wait in the system's backlog until one closes.
    pub max_connections: usize,
    /// Longest a client may take to send a request's headers (and to wait between requests on a
    /// kept-alive connection) before the connection is closed.
    pub header_timeout: Duration,
    /// Host names the server answers besides its bind address (and `localhost` on a loopback
    /// address): the name a reverse proxy forwards. Others get 421, which keeps a page of
    /// another site whose name was re-pointed at this address (DNS rebinding) out.
    pub allowed_hosts: Vec<String>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            allow_update: false,
            timeout: Duration::from_secs(30),
            max_body: 10 * 1024 * 1024,
            limits: article::Limits::default(),
            max_query_memory: 1 << 30,
            max_connections: 256,
            header_timeout: Duration::from_secs(10),
            allowed_hosts: Vec::new(),
        }
    }
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address is taken or not allowed.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The async runtime could not start.
    #[error("cannot start the server's runtime: {0}")]
    Runtime(std::io::Error),
    /// Serving failed.
    #[error("the server stopped with an error: {0}")]
    Server(std::io::Error),
}

/// Queries running at once; more wait (up to the time limit) for a free slot.
const CONCURRENT_QUERIES: usize = 4;

struct App {
    store: Arc<Store>,
    options: ServeOptions,
    slots: Arc<Semaphore>,
}

type Answer = Result<Response, Failure>;

/// Runs the server until Ctrl-C or SIGTERM; `on_listen` is told the address once it listens.
pub fn serve(
    store: Store,
    options: ServeOptions,
    on_listen: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Queries are parsed and evaluated on the blocking threads, recursing with the query's
        // nesting. limits::MAX_NESTING bounds the nesting the check sees; this much stack (only
        // reserved, touched as used) keeps a query that slips past it from overflowing.
        .thread_stack_size(64 << 20)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .map_err(|source| ServeError::Bind {
                address: options.bind,
                source,
            })?;
        let address = listener.local_addr().map_err(|source| ServeError::Bind {
            address: options.bind,
            source,
        })?;
        let connections = options.max_connections.max(1);
        let header_timeout = options.header_timeout;
        let app = router(store, options, address);
        on_listen(address);
        accept_loop(listener, app, connections, header_timeout).await;
        Ok(())
    })
}

/// Serves connections until Ctrl-C or SIGTERM, at most `connections` at once, each closed if
/// its headers take longer than `header_timeout`; then lets the requests under way finish
/// (for up to a minute).
async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: Router,
    connections: usize,
    header_timeout: Duration,
) {
    let open = Arc::new(Semaphore::new(connections));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut signal = std::pin::pin!(shutdown());
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = &mut signal => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors or a connection reset before it was accepted:
                    // wait for one to close rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut signal => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = stopped.changed() => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
    let _ = stop.send(true);
    drop(listener);
    // Every connection holds a permit: all of them back means all are closed.
    let all = u32::try_from(connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(Duration::from_secs(60), open.acquire_many(all)).await;
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

fn router(store: Store, options: ServeOptions, address: SocketAddr) -> Router {
    let hosts = Arc::new(AllowedHosts::new(address, &options.allowed_hosts));
    let app = Arc::new(App {
        store: Arc::new(store),
        options,
        slots: Arc::new(Semaphore::new(CONCURRENT_QUERIES)),
    });
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }),
        )
        .route(
            "/vendor/cytoscape.min.js",
            get(|| async { asset("text/javascript; charset=utf-8", CYTOSCAPE_JS) }),
        )
        .route("/sparql", get(sparql).post(sparql))
        .route("/update", post(update))
        .route("/ingest", post(ingest::ingest))
        .route("/export", get(export_file).post(export_file))
        .route("/api/graph", get(graph).post(graph))
        .route("/api/node", get(node))
        .route("/api/queries", get(queries))
        .route("/api/info", get(info))
        .fallback(|| async {
            Failure::new(
                StatusCode::NOT_FOUND,
                "no such page; the SPARQL endpoint is /sparql and the browser page is /",
            )
        })
        .layer(axum::middleware::from_fn(
            move |request: Request, next: axum::middleware::Next| {
                let hosts = hosts.clone();
                async move {
                    match hosts.check(request.headers()) {
                        Ok(()) => next.run(request).await,
                        Err(failure) => failure.into_response(),
                    }
                }
            },
        ))
        .layer(axum::middleware::map_response(no_sniffing))
        .with_state(app)
}
