//! `depeche serve`: the store over HTTP, as a SPARQL 1.1 Protocol endpoint and a browser page.
//!
//! Over 600 lines because routes, content negotiation and the accept loop are still one file,
//! moved whole so history follows; issue 14 splits them (routes, protocol, assets).
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

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use depeche_extract::article::{self, Article, ArticleError, Lang, Overrides};
use depeche_store::export::{self, ExportFormat, Render, View};
use depeche_store::store::{
    serialize_quads, AnswerError, AnswerFormat, QueryAnswer, QueryOptions, Store, StoreError,
};
use oxigraph::model::{GraphName, NamedNode, Term, Triple};
use oxigraph::sparql::CancellationToken;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
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

/// The bundled queries of `queries/`, offered by the page.
pub const BUNDLED_QUERIES: &[(&str, &str)] = &[
    (
        "who-met-whom.rq",
        include_str!("../../../queries/who-met-whom.rq"),
    ),
    ("meetings.rq", include_str!("../../../queries/meetings.rq")),
    ("roles.rq", include_str!("../../../queries/roles.rq")),
    (
        "entities-by-type.rq",
        include_str!("../../../queries/entities-by-type.rq"),
    ),
    ("evidence.rq", include_str!("../../../queries/evidence.rq")),
    (
        "meeting-graph.rq",
        include_str!("../../../queries/meeting-graph.rq"),
    ),
    (
        "people-graph.rq",
        include_str!("../../../queries/people-graph.rq"),
    ),
    ("timeline.rq", include_str!("../../../queries/timeline.rq")),
];

const INDEX_HTML: &str = include_str!("../../../web/index.html");
const APP_JS: &str = include_str!("../../../web/app.js");
const STYLE_CSS: &str = include_str!("../../../web/style.css");
const CYTOSCAPE_JS: &str = include_str!("../../../web/vendor/cytoscape.min.js");

/// Queries running at once; more wait (up to the time limit) for a free slot.
const CONCURRENT_QUERIES: usize = 4;
/// Resources a SELECT answer may put in the page's graph.
const GRAPH_LIMIT: usize = 500;

struct App {
    store: Arc<Store>,
    options: ServeOptions,
    slots: Arc<Semaphore>,
}

/// A failed request: a status and one sentence, sent as plain text.
#[derive(Debug)]
struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }

    fn bad(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n", self.message),
        )
            .into_response()
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        let status = match error {
            StoreError::Syntax(_)
            | StoreError::UpdateSyntax(_)
            | StoreError::Answer(AnswerError::Mismatch { .. }) => StatusCode::BAD_REQUEST,
            StoreError::Evaluation(_) | StoreError::UpdateFailed(_) => StatusCode::BAD_REQUEST,
            StoreError::Cancelled | StoreError::OverMemory { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            StoreError::TooDeep { .. } | StoreError::TooLong { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure::new(status, error.to_string())
    }
}

impl From<export::ExportError> for Failure {
    fn from(error: export::ExportError) -> Failure {
        match error {
            export::ExportError::Store(e) => e.into(),
            export::ExportError::NotAGraphQuery(_) => Failure::bad(error.to_string()),
            export::ExportError::Graphviz(export::GraphvizError::Missing) => {
                Failure::new(StatusCode::NOT_IMPLEMENTED, error.to_string())
            }
            other => Failure::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
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
        .route("/ingest", post(ingest))
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

/// The names a request's `Host` may give: a page of another site can point its own name at this
/// server's address (DNS rebinding) and then read and write through the visitor's browser as if
/// it were the same site; the name in `Host` is the one thing it cannot change.
struct AllowedHosts {
    /// Names or addresses, lower case, without port.
    names: Vec<String>,
    /// Bound to every interface: any IP address is this server's.
    any_address: bool,
}

impl AllowedHosts {
    fn new(bind: SocketAddr, extra: &[String]) -> AllowedHosts {
        let mut names: Vec<String> = extra
            .iter()
            .map(|h| host_name(h).to_ascii_lowercase())
            .collect();
        let ip = bind.ip();
        names.push(host_name(&SocketAddr::new(ip, 0).to_string()).to_string());
        if ip.is_loopback() || ip.is_unspecified() {
            names.extend(["localhost", "127.0.0.1", "[::1]"].map(String::from));
        }
        AllowedHosts {
            names,
            any_address: ip.is_unspecified(),
        }
    }

    fn check(&self, headers: &HeaderMap) -> Result<(), Failure> {
        // A client that sends no Host (HTTP/1.0 tools) is no browser.
        let Some(value) = headers.get(header::HOST) else {
            return Ok(());
        };
        let refused = |shown: &str| {
            Failure::new(
                StatusCode::MISDIRECTED_REQUEST,
                format!("this server does not answer for the host name {shown:?}; start it with depeche serve --allowed-host NAME to accept a name a proxy forwards"),
            )
        };
        let Ok(text) = value.to_str() else {
            return Err(refused(&String::from_utf8_lossy(value.as_bytes())));
        };
        let name = host_name(text).to_ascii_lowercase();
        let is_ip = name.parse::<std::net::IpAddr>().is_ok()
            || name
                .strip_prefix('[')
                .and_then(|n| n.strip_suffix(']'))
                .is_some_and(|n| n.parse::<std::net::Ipv6Addr>().is_ok());
        if self.names.contains(&name) || (self.any_address && is_ip) {
            Ok(())
        } else {
            Err(refused(text))
        }
    }
}

/// `host:port` without its port; IPv6 addresses keep their brackets.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(end) = host.strip_prefix('[').and_then(|h| h.find(']')) {
        return &host[..end + 2];
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Answers carry article text (labels, evidence, error messages quoting a query): a browser
/// must take each for the type it says, never guess HTML in a JSON or text answer and run it.
async fn no_sniffing(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
        .into_response()
}

/// The request's parameters: the URL's query string, then a form body's fields; and a body of
/// another type with its media type.
struct Params {
    pairs: Vec<(String, String)>,
    body: Option<(String, Bytes)>,
}

impl Params {
    fn all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let name = name.to_string();
        self.pairs
            .iter()
            .filter(move |(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// One value at most: the protocol forbids repeating `query` or `update`.
    fn one(&self, name: &str) -> Result<Option<&str>, Failure> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(Failure::bad(format!(
                "the parameter {name} is given more than once"
            )));
        }
        Ok(first)
    }

    fn has(&self, name: &str) -> bool {
        self.all(name).next().is_some()
    }
}

fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
}

async fn read_params(app: &App, request: Request) -> Result<(Method, HeaderMap, Params), Failure> {
    let (parts, body) = request.into_parts();
    let mut pairs: Vec<(String, String)> = match parts.uri.query() {
        Some(q) => form_pairs(q.as_bytes(), "URL's query string")?,
        None => Vec::new(),
    };
    let limit = app.options.max_body;
    let too_large = || {
        Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than this server's limit of {limit} bytes (depeche serve --max-body)"),
        )
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut found = None;
    if parts.method == Method::POST {
        // A client that stops sending its body would hold the connection and its memory.
        let seconds = app.options.timeout.as_secs_f64();
        let bytes = tokio::time::timeout(app.options.timeout, axum::body::to_bytes(body, limit))
            .await
            .map_err(|_| {
                Failure::new(
                    StatusCode::REQUEST_TIMEOUT,
                    format!(
                        "the request body did not arrive within this server's limit of {seconds} s"
                    ),
                )
            })?
            .map_err(|_| too_large())?;
        match media_type(&parts.headers).as_deref() {
            Some("application/x-www-form-urlencoded") => {
                pairs.extend(form_pairs(&bytes, "form body")?);
            }
            Some(other) => found = Some((other.to_string(), bytes)),
            None if bytes.is_empty() => {}
            None => found = Some((String::new(), bytes)),
        }
    }
    Ok((parts.method, parts.headers, Params { pairs, body: found }))
}

/// The `name=value` pairs of a query string or form body, refused with 400 when a percent-escape
/// decodes to invalid UTF-8: read leniently, the bytes would become U+FFFD and a query other
/// than the one sent would run.
fn form_pairs(input: &[u8], what: &str) -> Result<Vec<(String, String)>, Failure> {
    let decode = |part: &[u8]| -> Result<String, Failure> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(bytes).map_err(|e| {
            Failure::bad(format!(
                "the {what} is not valid UTF-8 once decoded (invalid byte at offset {} of a parameter); percent-encode text as UTF-8",
                e.utf8_error().valid_up_to()
            ))
        })
    };
    input
        .split(|&b| b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = match piece.iter().position(|&b| b == b'=') {
                Some(i) => (&piece[..i], &piece[i + 1..]),
                None => (piece, &[][..]),
            };
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

fn utf8(bytes: &Bytes, what: &str) -> Result<String, Failure> {
    String::from_utf8(bytes.to_vec())
        .map_err(|_| Failure::bad(format!("the {what} is not valid UTF-8 text")))
}

fn graph_iris(params: &Params, name: &str) -> Result<Vec<NamedNode>, Failure> {
    params
        .all(name)
        .map(|v| {
            NamedNode::new(v)
                .map_err(|e| Failure::bad(format!("{name} {v:?} is not an absolute IRI: {e}")))
        })
        .collect()
}

/// Refuses writes started by another site's page: a form on any web page can POST to
/// 127.0.0.1, and the browser then names that page's origin.
fn same_origin(headers: &HeaderMap) -> Result<(), Failure> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or(origin);
    if origin_host == host {
        Ok(())
    } else {
        Err(Failure::new(
            StatusCode::FORBIDDEN,
            format!("writes from another site's page ({origin}) are refused"),
        ))
    }
}

fn read_only() -> Failure {
    Failure::new(
        StatusCode::FORBIDDEN,
        "this server is read-only; start it with depeche serve --allow-update to accept SPARQL Update and ingest",
    )
}

/// Runs blocking store work on the blocking pool, within the time limit and a free slot.
/// A query past the limit is cancelled through `token` and answered with 503.
async fn limited<T: Send + 'static>(
    app: &App,
    token: CancellationToken,
    what: &'static str,
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    run_in_slot(app, Some(token), what, work).await
}

/// Runs blocking store work on the blocking pool once a slot is free. With a token, the work is
/// cancelled and answered with 503 past the time limit; without one it runs to the end, for work
/// that cannot be stopped half-way without the answer lying about what was written (ingest).
async fn run_in_slot<T: Send + 'static>(
    app: &App,
    token: Option<CancellationToken>,
    what: &'static str,
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let started = Instant::now();
    let limit = app.options.timeout;
    let seconds = limit.as_secs_f64();
    let slot = tokio::time::timeout(limit, app.slots.clone().acquire_owned())
        .await
        .map_err(|_| {
            Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the server is busy with other queries and none finished within {seconds} s; try again later"),
            )
        })?
        .map_err(|_| Failure::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down"))?;
    // Dropped with this future when the client goes away before the answer: the query stops
    // and frees its slot rather than run on for nobody.
    let _disconnect = token.clone().map(CancelOnDrop);
    let task = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    });
    let Some(token) = token else {
        return task.await.unwrap_or_else(|_| {
            Err(Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the {what} failed inside the server; this is a bug in depeche, please report it"),
            ))
        });
    };
    let remaining = limit.saturating_sub(started.elapsed());
    match tokio::time::timeout(remaining, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "the {what} failed inside the server; this is a bug in depeche, please report it"
            ),
        )),
        Err(_) => {
            token.cancel();
            Err(Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the {what} ran longer than this server's limit of {seconds} s and was stopped (depeche serve --timeout)"),
            ))
        }
    }
}

/// Cancels a query when dropped: its request ended, answered or abandoned.
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The options of a query run for a request: stopped by `cancel`, within the memory budget.
fn query_options(app: &App, cancel: &CancellationToken) -> QueryOptions {
    QueryOptions {
        cancel: Some(cancel.clone()),
        memory_limit: Some(app.options.max_query_memory),
        time_limit: Some(app.options.timeout),
        ..QueryOptions::default()
    }
}

/// Runs a query with the request's dataset, cancelled past the time limit.
async fn run_query(
    app: &App,
    text: String,
    mut options: QueryOptions,
) -> Result<QueryAnswer, Failure> {
    let token = CancellationToken::new();
    options.cancel = Some(token.clone());
    options.memory_limit = Some(app.options.max_query_memory);
    options.time_limit = Some(app.options.timeout);
    let store = app.store.clone();
    limited(app, token, "query", move || {
        store.query_with(&text, &options).map_err(Failure::from)
    })
    .await
}

/// The query text of a protocol request, or a write refused on a read-only server.
fn query_of(app: &App, params: &Params) -> Result<String, Failure> {
    if params.has("update")
        || params
            .body
            .as_ref()
            .is_some_and(|(t, _)| t == "application/sparql-update")
    {
        return Err(if app.options.allow_update {
            Failure::bad("send SPARQL Update with POST to /update")
        } else {
            read_only()
        });
    }
    if let Some((media, bytes)) = &params.body {
        if media == "application/sparql-query" {
            if params.has("query") {
                return Err(Failure::bad(
                    "the query is given twice, in the body and as a query parameter",
                ));
            }
            return utf8(bytes, "query");
        }
        return Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("a query body must be application/sparql-query or application/x-www-form-urlencoded, not {:?}", media),
        ));
    }
    params.one("query")?.map(str::to_string).ok_or_else(|| {
        Failure::bad("missing the query parameter: send ?query=SELECT... or POST the query")
    })
}

const SOLUTION_TYPES: &[(&str, AnswerFormat)] = &[
    ("application/sparql-results+json", AnswerFormat::Json),
    ("application/json", AnswerFormat::Json),
    ("application/sparql-results+xml", AnswerFormat::Xml),
    ("application/xml", AnswerFormat::Xml),
    ("text/xml", AnswerFormat::Xml),
    ("text/csv", AnswerFormat::Csv),
    ("text/tab-separated-values", AnswerFormat::Tsv),
    ("text/plain", AnswerFormat::Table),
];

const GRAPH_TYPES: &[(&str, AnswerFormat)] = &[
    ("text/turtle", AnswerFormat::Turtle),
    ("application/x-turtle", AnswerFormat::Turtle),
    ("application/n-triples", AnswerFormat::NTriples),
    ("application/n-quads", AnswerFormat::NQuads),
    ("application/trig", AnswerFormat::TriG),
    ("application/ld+json", AnswerFormat::JsonLd),
    ("application/json", AnswerFormat::JsonLd),
    ("application/rdf+xml", AnswerFormat::RdfXml),
    ("application/xml", AnswerFormat::RdfXml),
    ("text/n3", AnswerFormat::N3),
    ("text/plain", AnswerFormat::NTriples),
];

fn content_type(format: AnswerFormat) -> &'static str {
    match format {
        AnswerFormat::Json => "application/sparql-results+json",
        AnswerFormat::Xml => "application/sparql-results+xml",
        AnswerFormat::Csv => "text/csv; charset=utf-8",
        AnswerFormat::Tsv => "text/tab-separated-values; charset=utf-8",
        AnswerFormat::Table => "text/plain; charset=utf-8",
        AnswerFormat::Turtle => "text/turtle",
        AnswerFormat::NTriples => "application/n-triples",
        AnswerFormat::NQuads => "application/n-quads",
        AnswerFormat::TriG => "application/trig",
        AnswerFormat::JsonLd => "application/ld+json",
        AnswerFormat::RdfXml => "application/rdf+xml",
        AnswerFormat::N3 => "text/n3",
    }
}

/// The format of the answer: `format=` (a name or a media type) wins, then the `Accept`
/// header by preference, then JSON results or Turtle.
fn choose_format(
    params: &Params,
    headers: &HeaderMap,
    answer: &QueryAnswer,
) -> Result<AnswerFormat, Failure> {
    let graph = matches!(answer, QueryAnswer::Graph(_));
    let (table, kind, names) = if graph {
        (
            GRAPH_TYPES,
            "a CONSTRUCT or DESCRIBE answer",
            "turtle, ntriples, nquads, trig, jsonld, rdfxml, n3",
        )
    } else {
        (
            SOLUTION_TYPES,
            "a SELECT or ASK answer",
            "json, xml, csv, tsv, table",
        )
    };
    let fits = |f: AnswerFormat| {
        if f == AnswerFormat::Table {
            return true;
        }
        f.rdf_format().is_some() == graph
    };
    if let Some(asked) = params.one("format")? {
        let asked = asked.trim();
        let found = if asked.contains('/') {
            table
                .iter()
                .find(|(m, _)| m.eq_ignore_ascii_case(asked))
                .map(|(_, f)| *f)
        } else {
            asked.parse::<AnswerFormat>().ok().filter(|f| fits(*f))
        };
        return found.ok_or_else(|| {
            Failure::bad(format!(
                "format={asked} cannot hold {kind}; use one of {names}"
            ))
        });
    }
    let default = if graph {
        AnswerFormat::Turtle
    } else {
        AnswerFormat::Json
    };
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(default);
    };
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut pieces = item.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty() && q > 0.0).then_some((q, i, media))
        })
        .collect();
    if ranges.is_empty() {
        return Ok(default);
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, media) in &ranges {
        if media == "*/*" || media == "application/*" && !graph || media == "text/*" && graph {
            return Ok(default);
        }
        if let Some((_, f)) = table.iter().find(|(m, _)| m == media) {
            return Ok(*f);
        }
        if media == "text/*" {
            return Ok(AnswerFormat::Tsv);
        }
        if media == "application/*" {
            return Ok(AnswerFormat::NTriples);
        }
    }
    Err(Failure::new(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the accepted types ({accept}) can hold {kind}; accept one of {}, or give format=",
            table.iter().map(|(m, _)| *m).collect::<Vec<_>>().join(", ")
        ),
    ))
}

async fn sparql(State(app): State<Arc<App>>, request: Request) -> Answer {
    let (_, headers, params) = read_params(&app, request).await?;
    let text = query_of(&app, &params)?;
    let options = QueryOptions {
        default_graphs: graph_iris(&params, "default-graph-uri")?,
        named_graphs: graph_iris(&params, "named-graph-uri")?,
        ..QueryOptions::default()
    };
    let answer = run_query(&app, text, options).await?;
    let format = choose_format(&params, &headers, &answer)?;
    let bytes = answer.render(format).map_err(StoreError::from)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type(format)),
            (header::VARY, "Accept"),
        ],
        bytes,
    )
        .into_response())
}

async fn update(State(app): State<Arc<App>>, request: Request) -> Answer {
    if !app.options.allow_update {
        return Err(read_only());
    }
    same_origin(request.headers())?;
    let (_, _, params) = read_params(&app, request).await?;
    let text = match &params.body {
        Some((media, bytes)) if media == "application/sparql-update" => utf8(bytes, "update")?,
        Some((media, _)) => {
            return Err(Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("an update body must be application/sparql-update or application/x-www-form-urlencoded, not {media:?}"),
            ))
        }
        None => params
            .one("update")?
            .map(str::to_string)
            .ok_or_else(|| Failure::bad("missing the update parameter: POST update=INSERT... or an application/sparql-update body"))?,
    };
    let store = app.store.clone();
    // Not stopped at the time limit: Oxigraph's updates do not heed a cancellation token, so a
    // 503 would say "stopped" of an update that goes on and is applied.
    run_in_slot(&app, None, "update", move || {
        store.update(&text).map_err(Failure::from)
    })
    .await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "update applied\n",
    )
        .into_response())
}

/// A stable id for a posted article without one: the same text replaces itself on re-post.
fn content_id(text: &str) -> String {
    // FNV-1a: stable across Rust versions, unlike the standard hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("posted-{hash:016x}")
}

async fn ingest(State(app): State<Arc<App>>, request: Request) -> Answer {
    if !app.options.allow_update {
        return Err(read_only());
    }
    same_origin(request.headers())?;
    let (_, _, params) = read_params(&app, request).await?;
    let overrides =
        Overrides {
            date: match params.one("date")? {
                Some(d) => Some(article::parse_date(d).ok_or_else(|| {
                    Failure::bad(format!("date={d} is not a date like 2017-09-12"))
                })?),
                None => None,
            },
            lang: match params.one("lang")? {
                None | Some("auto") => None,
                Some(l) => Some(Lang::parse(l).ok_or_else(|| {
                    Failure::bad(format!(
                        "lang={l} is not a language depeche reads (fr or en)"
                    ))
                })?),
            },
        };
    let id = params.one("id")?.map(str::to_string);
    let Some((media, bytes)) = &params.body else {
        return Err(Failure::bad(
            "POST the article as the body: text/plain (front matter allowed) or application/x-ndjson (JSON Lines)",
        ));
    };
    let origin = id.clone().unwrap_or_else(|| "posted".to_string());
    let limits = app.options.limits;
    let too_large = |origin: String, size: usize| {
        Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ArticleError::TooLarge {
                origin,
                size: Some(size as u64),
                limit: limits.max_article_bytes,
            }
            .to_string()
                + "; if it is one article, raise the limit with depeche serve --max-article-size",
        )
    };
    let plain = matches!(media.as_str(), "text/plain" | "text/markdown" | "");
    if plain && bytes.len() as u64 > limits.max_article_bytes {
        return Err(too_large(
            format!("the posted article ({origin})"),
            bytes.len(),
        ));
    }
    let text = article::decode(&origin, bytes).map_err(|e| Failure::bad(e.to_string()))?;
    let mut articles: Vec<Article> = match media.as_str() {
        "text/plain" | "text/markdown" | "" => {
            let origin = id.clone().unwrap_or_else(|| content_id(&text));
            vec![Article::from_text(&origin, &text).map_err(|e| Failure::bad(e.to_string()))?]
        }
        "application/x-ndjson"
        | "application/jsonl"
        | "application/jsonlines"
        | "application/json-lines"
        | "application/json" => {
            if id.is_some() {
                return Err(Failure::bad(
                    "id= names one article; JSON Lines give each article its own \"id\"",
                ));
            }
            article::from_json_lines_with("posted", &text, &limits)
                .into_iter()
                .collect::<Result<Vec<_>, ArticleError>>()
                .map_err(|e| match e {
                    ArticleError::TooLarge { origin, size, .. } => {
                        too_large(origin, size.unwrap_or_default() as usize)
                    }
                    e => Failure::bad(e.to_string()),
                })?
        }
        other => {
            return Err(Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("post articles as text/plain or application/x-ndjson, not {other:?}"),
            ))
        }
    };
    if articles.is_empty() {
        return Err(Failure::bad("the body holds no article"));
    }
    // Records of one body that repeat an id would name one graph, as on the command line.
    let keep_last = match params.one("on-duplicate-id")? {
        None | Some("error") => false,
        Some("keep-last") => true,
        Some(other) => {
            return Err(Failure::bad(format!(
                "on-duplicate-id={other} is not a choice; use error or keep-last"
            )))
        }
    };
    let mut warnings = Vec::new();
    if articles.len() > 1 {
        let survey =
            depeche_extract::duplicates::survey(|| Ok(articles.iter().cloned().map(Ok)), false)
                .map_err(|e| Failure::bad(e.to_string()))?;
        if let Some(example) = survey.duplicates.first() {
            if !keep_last {
                let others = survey.repeated_ids - 1;
                let and = if others > 0 {
                    format!(", and {others} other ids repeat too")
                } else {
                    String::new()
                };
                return Err(Failure::bad(format!("{example}{and}; nothing was written: add on-duplicate-id=keep-last to keep the last record of each id")));
            }
            warnings = survey
                .duplicates
                .iter()
                .map(|d| format!("{d}; the last record is kept"))
                .collect();
            articles = survey
                .keep_last(articles.into_iter().map(Ok))
                .collect::<Result<_, _>>()
                .map_err(|e| Failure::bad(e.to_string()))?;
        }
    }
    for article in &mut articles {
        if let Some(id) = &id {
            article.id = id.clone();
        }
        article.apply(&overrides);
    }
    let store = app.store.clone();
    // Not stopped at the time limit: each article commits on its own, so an ingest stopped
    // half-way would have written part of the body while answering that it failed. The body
    // limit and the article size limit bound how long it runs instead.
    let summary = run_in_slot(&app, None, "ingest", move || {
        let ids: Vec<String> = articles
            .iter()
            .map(|a| {
                depeche_extract::rdf::article_iri(depeche_extract::vocab::DEFAULT_BASE, a)
                    .as_str()
                    .to_string()
            })
            .collect();
        let options = depeche_store::ingest::IngestOptions::default();
        let report = depeche_store::ingest::ingest(
            &store,
            articles.into_iter().map(Ok),
            &options,
            &mut |_| {},
        )
        .map_err(|e| match e {
            depeche_store::ingest::IngestError::Store(e) => Failure::from(e),
            e => Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        })?;
        Ok(serde_json::json!({
            "articles": report.articles,
            "new": report.new,
            "replaced": report.replaced,
            "unchanged": report.unchanged,
            "triples": report.quads,
            "entities": report.entities,
            "events": report.events,
            "meetings": report.meetings,
            "linked": report.linked,
            "graphs": ids,
            "warnings": warnings,
        }))
    })
    .await?;
    Ok(json_response(&summary))
}

fn json_response(value: &serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_vec(value).unwrap_or_default(),
    )
        .into_response()
}

fn view_of(params: &Params) -> Result<View, Failure> {
    match params.one("view")? {
        None => Ok(View::Full),
        Some(v) => View::from_name(v).ok_or_else(|| {
            Failure::bad(format!(
                "view={v} is not a view; use full, people or timeline"
            ))
        }),
    }
}

/// The triples to draw for a query: a graph answer as is, the resources of a SELECT answer
/// with their neighbourhood.
fn triples_of(store: &Store, answer: &QueryAnswer) -> Result<Vec<Triple>, Failure> {
    Ok(export::answer_graph(store, answer, GRAPH_LIMIT)?)
}

async fn export_file(State(app): State<Arc<App>>, request: Request) -> Answer {
    let (_, _, params) = read_params(&app, request).await?;
    let view = view_of(&params)?;
    let name = params
        .one("format")?
        .ok_or_else(|| Failure::bad("missing format=: dot, svg, png, graphml, json, mermaid, csv-nodes, csv-edges or an RDF format"))?
        .to_ascii_lowercase();
    let (format, picture) = match name.as_str() {
        "svg" => (ExportFormat::Dot, Some(Render::Svg)),
        "png" => (ExportFormat::Dot, Some(Render::Png)),
        other => (
            ExportFormat::from_name(other).ok_or_else(|| {
                Failure::bad(format!("format={other} is not an export format; use dot, svg, png, graphml, json, mermaid, csv-nodes, csv-edges, turtle, nquads, trig, ntriples, n3, jsonld or rdfxml"))
            })?,
            None,
        ),
    };
    let query = params.one("query")?.map(str::to_string);
    let store = app.store.clone();
    let token = CancellationToken::new();
    let options_for_export = query_options(&app, &token);
    let bytes = limited(&app, token, "export", move || {
        let bytes = match query {
            None => export::export(&store, format, view, None)?,
            Some(text) => {
                let options = options_for_export;
                let answer = store.query_with(&text, &options)?;
                let triples = triples_of(&store, &answer)?;
                match format.rdf_format() {
                    Some(rdf) => {
                        let quads: Vec<_> = triples
                            .into_iter()
                            .map(|t| t.in_graph(GraphName::DefaultGraph))
                            .collect();
                        serialize_quads(&quads, rdf).map_err(|e| {
                            Failure::new(
                                StatusCode::INTERNAL_SERVER_ERROR,
                                format!("cannot write the graph as {}: {e}", format.name()),
                            )
                        })?
                    }
                    None => export::draw(&triples, format, view)
                        .unwrap_or_default()
                        .into_bytes(),
                }
            }
        };
        Ok(match picture {
            Some(p) => export::render(&bytes, p).map_err(export::ExportError::from)?,
            None => bytes,
        })
    })
    .await?;
    let (media, extension) = match picture {
        Some(Render::Svg) => ("image/svg+xml", "svg"),
        Some(Render::Png) => ("image/png", "png"),
        None => (format.media_type(), format.extension()),
    };
    let suffix = match format {
        ExportFormat::CsvNodes => "-nodes",
        ExportFormat::CsvEdges => "-edges",
        _ => "",
    };
    let disposition = format!(
        "attachment; filename=\"depeche-{}{suffix}.{extension}\"",
        view.name()
    );
    let mut response = ([(header::CONTENT_TYPE, media)], bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

async fn graph(State(app): State<Arc<App>>, request: Request) -> Answer {
    let (_, _, params) = read_params(&app, request).await?;
    let view = view_of(&params)?;
    let text = query_of(&app, &params)?;
    let store = app.store.clone();
    let token = CancellationToken::new();
    let options = query_options(&app, &token);
    let json = limited(&app, token, "query", move || {
        let answer = store.query_with(&text, &options)?;
        let triples = triples_of(&store, &answer)?;
        let view = if matches!(answer, QueryAnswer::Graph(_)) {
            view
        } else {
            View::Full
        };
        Ok(export::draw(&triples, ExportFormat::Json, view).unwrap_or_default())
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

fn cell(row: &[Option<Term>], i: usize) -> Option<String> {
    match row.get(i)?.as_ref()? {
        Term::Literal(l) => Some(l.value().to_string()),
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::BlankNode(b) => Some(b.to_string()),
    }
}

fn rows_of(answer: QueryAnswer) -> Vec<Vec<Option<Term>>> {
    match answer {
        QueryAnswer::Solutions { rows, .. } => rows,
        _ => Vec::new(),
    }
}

async fn node(State(app): State<Arc<App>>, request: Request) -> Answer {
    let (_, _, params) = read_params(&app, request).await?;
    let iri = params
        .one("iri")?
        .ok_or_else(|| Failure::bad("missing iri=: the IRI of the node to describe"))?;
    let node = NamedNode::new(iri)
        .map_err(|e| Failure::bad(format!("iri={iri:?} is not an absolute IRI: {e}")))?;
    let store = app.store.clone();
    let token = CancellationToken::new();
    let options = query_options(&app, &token);
    let value = limited(&app, token, "query", move || {
        let ask = |q: String| store.query_with(&q, &options).map(rows_of);
        let mut labels = Vec::new();
        let mut names = Vec::new();
        let mut types = Vec::new();
        let mut facts = Vec::new();
        // An entity's description is read once from the entities graph (through the union it
        // comes once per article naming the entity), with the titles the articles give it;
        // anything else (an event, an article, a role) lives in one article graph.
        let entity = matches!(store.query_with(&format!("ASK {{ GRAPH dp:entities {{ {node} ?p ?o }} }}"), &options)?, QueryAnswer::Boolean(true));
        let facts_query = if entity {
            format!(
                "SELECT DISTINCT ?p ?o (LANG(?o) AS ?lang) WHERE {{
                   {{ GRAPH dp:entities {{ {node} ?p ?o }} FILTER(isLiteral(?o) || ?p = rdf:type) }}
                   UNION {{ VALUES ?p {{ schema:jobTitle }} {node} ?p ?o }}
                 }} ORDER BY ?p ?o"
            )
        } else {
            format!("SELECT DISTINCT ?p ?o (LANG(?o) AS ?lang) WHERE {{ {node} ?p ?o FILTER(isLiteral(?o) || ?p = rdf:type) }} ORDER BY ?p ?o")
        };
        for row in ask(facts_query)? {
            let (Some(p), Some(o)) = (cell(&row, 0), cell(&row, 1)) else { continue };
            let lang = cell(&row, 2).unwrap_or_default();
            let entry = serde_json::json!({ "value": o, "lang": lang });
            if p == depeche_extract::vocab::rdfs::LABEL.as_str() {
                labels.push(entry);
            } else if p == depeche_extract::vocab::schema::ALTERNATE_NAME.as_str() {
                names.push(entry);
            } else if p == depeche_extract::vocab::rdf::TYPE.as_str() {
                types.push(serde_json::json!(depeche_store::store::short_iri(&o)));
            } else if p != depeche_extract::vocab::dp::EVIDENCE.as_str() {
                facts.push(serde_json::json!({ "property": depeche_store::store::short_iri(&p), "value": o, "lang": lang }));
            }
        }
        let evidence: Vec<serde_json::Value> = ask(format!(
            "SELECT ?event (SAMPLE(?c) AS ?class) ?sentence (SAMPLE(?a) AS ?article) WHERE {{
               {{ BIND({node} AS ?event) }}
               UNION {{ VALUES ?role {{ sem:hasActor sem:hasPlace dp:speaker dp:recipient dp:object }} ?event ?role {node} }}
               UNION {{ {node} dp:holdsRole ?event }}
               ?event dp:evidence ?sentence .
               OPTIONAL {{ ?event a ?c FILTER(?c != sem:Event && ?c != schema:Role) }}
               OPTIONAL {{ ?event prov:wasDerivedFrom ?a }}
             }} GROUP BY ?event ?sentence ORDER BY ?article ?event LIMIT 100"
        ))?
        .iter()
        .map(|row| {
            serde_json::json!({
                "event": cell(row, 0),
                "class": cell(row, 1).map(|c| depeche_store::store::short_iri(&c)),
                "sentence": cell(row, 2),
                "article": cell(row, 3),
            })
        })
        .collect();
        let articles: Vec<serde_json::Value> = ask(format!(
            "SELECT ?article (SAMPLE(?h) AS ?headline) (SAMPLE(?d) AS ?date) (SAMPLE(?u) AS ?url) WHERE {{
               {{ GRAPH ?article {{ {node} a ?type }} FILTER(?article != dp:entities) }} UNION {{ ?article schema:mentions {node} }} UNION {{ {node} prov:wasDerivedFrom ?article }}
               ?article a schema:NewsArticle .
               OPTIONAL {{ ?article schema:headline ?h }}
               OPTIONAL {{ ?article schema:datePublished ?d }}
               OPTIONAL {{ ?article schema:url ?u }}
             }} GROUP BY ?article ORDER BY ?date ?article LIMIT 100"
        ))?
        .iter()
        .map(|row| {
            serde_json::json!({
                "iri": cell(row, 0),
                "headline": cell(row, 1),
                "date": cell(row, 2),
                "url": cell(row, 3).filter(|u| is_web_address(u)),
            })
        })
        .collect();
        Ok(serde_json::json!({
            "iri": node.as_str(),
            "types": types,
            "labels": labels,
            "alternateNames": names,
            "facts": facts,
            "evidence": evidence,
            "articles": articles,
        }))
    })
    .await?;
    Ok(json_response(&value))
}

/// Whether a URL is safe to hand the page as a link: an article's `url` comes from its text,
/// and a `javascript:` address would run in this server's origin when clicked.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The first comment block of a query file: what it answers.
fn query_title(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn queries() -> Response {
    let list: Vec<serde_json::Value> = BUNDLED_QUERIES
        .iter()
        .map(|(name, text)| serde_json::json!({ "name": name, "title": query_title(text), "text": text }))
        .collect();
    json_response(&serde_json::json!(list))
}

async fn info(State(app): State<Arc<App>>) -> Answer {
    let store = app.store.clone();
    let (triples, graphs) = limited(&app, CancellationToken::new(), "query", move || {
        Ok((store.len()?, store.graph_count()?))
    })
    .await?;
    Ok(json_response(&serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "store": app.store.path().display().to_string(),
        "triples": triples,
        "articles": graphs,
        "allowUpdate": app.options.allow_update,
        "timeoutSeconds": app.options.timeout.as_secs_f64(),
        "maxBody": app.options.max_body,
        "formats": AnswerFormat::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "exportFormats": ExportFormat::ALL.iter().map(|(n, _)| *n).chain(["svg", "png"]).collect::<Vec<_>>(),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params {
            pairs: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: None,
        }
    }

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn formats_follow_the_parameter_then_accept() {
        let select = QueryAnswer::Boolean(true);
        let graph = QueryAnswer::Graph(Vec::new());
        let none = HeaderMap::new();
        assert_eq!(
            choose_format(&params(&[]), &none, &select).unwrap(),
            AnswerFormat::Json
        );
        assert_eq!(
            choose_format(&params(&[]), &none, &graph).unwrap(),
            AnswerFormat::Turtle
        );
        assert_eq!(
            choose_format(
                &params(&[("format", "csv")]),
                &accept("application/sparql-results+xml"),
                &select
            )
            .unwrap(),
            AnswerFormat::Csv
        );
        assert_eq!(
            choose_format(
                &params(&[]),
                &accept("text/csv;q=0.5, application/sparql-results+xml"),
                &select
            )
            .unwrap(),
            AnswerFormat::Xml
        );
        assert_eq!(
            choose_format(&params(&[]), &accept("application/ld+json"), &graph).unwrap(),
            AnswerFormat::JsonLd
        );
        assert_eq!(
            choose_format(&params(&[]), &accept("text/html, */*;q=0.8"), &select).unwrap(),
            AnswerFormat::Json
        );
        let refused = choose_format(&params(&[]), &accept("image/png"), &select).unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE);
        let mismatch = choose_format(&params(&[("format", "turtle")]), &none, &select).unwrap_err();
        assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn every_query_file_is_bundled() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../queries");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rq"))
            .collect();
        files.sort();
        let mut bundled: Vec<String> = BUNDLED_QUERIES.iter().map(|(n, _)| n.to_string()).collect();
        bundled.sort();
        assert_eq!(
            files, bundled,
            "add new queries/*.rq files to BUNDLED_QUERIES"
        );
    }

    #[test]
    fn posted_ids_are_stable() {
        assert_eq!(content_id("abc"), content_id("abc"));
        assert_ne!(content_id("abc"), content_id("abd"));
        assert!(content_id("").starts_with("posted-"));
    }
}
