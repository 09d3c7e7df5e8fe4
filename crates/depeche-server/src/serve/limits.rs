//! What keeps one client from taking the server: the host names it answers (DNS rebinding),
//! writes from other sites' pages, the query slots, the time limit and its cancellation.

use super::protocol::Failure;
use super::App;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use depeche_store::store::{QueryAnswer, QueryOptions};
use oxigraph::sparql::CancellationToken;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// The names a request's `Host` may give: a page of another site can point its own name at this
/// server's address (DNS rebinding) and then read and write through the visitor's browser as if
/// it were the same site; the name in `Host` is the one thing it cannot change.
pub(super) struct AllowedHosts {
    /// Names or addresses, lower case, without port.
    names: Vec<String>,
    /// Bound to every interface: any IP address is this server's.
    any_address: bool,
}

impl AllowedHosts {
    pub(super) fn new(bind: SocketAddr, extra: &[String]) -> AllowedHosts {
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

    pub(super) fn check(&self, headers: &HeaderMap) -> Result<(), Failure> {
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
pub(super) fn host_name(host: &str) -> &str {
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
pub(super) async fn no_sniffing(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Refuses writes started by another site's page: a form on any web page can POST to
/// 127.0.0.1, and the browser then names that page's origin.
pub(super) fn same_origin(headers: &HeaderMap) -> Result<(), Failure> {
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

pub(super) fn read_only() -> Failure {
    Failure::new(
        StatusCode::FORBIDDEN,
        "this server is read-only; start it with depeche serve --allow-update to accept SPARQL Update and ingest",
    )
}

/// Runs blocking store work on the blocking pool, within the time limit and a free slot.
/// A query past the limit is cancelled through `token` and answered with 503.
pub(super) async fn limited<T: Send + 'static>(
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
pub(super) async fn run_in_slot<T: Send + 'static>(
    app: &App,
    token: Option<CancellationToken>,
    what: &'static str,
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    run_limited(app.slots.clone(), app.options.timeout, token, what, work).await
}

/// [`run_in_slot`] over the server's `slots` and time `limit`.
///
/// Work stopped past the deadline is answered with the deadline's sentence whether the server's
/// timer or the work noticed first: a remote store's answer is bounded by the same limit
/// (`QueryOptions::time_limit`), and on a loaded machine the work can end with the store's own
/// "stopped" before this task is woken by its timer.
async fn run_limited<T: Send + 'static>(
    slots: Arc<Semaphore>,
    limit: Duration,
    token: Option<CancellationToken>,
    what: &'static str,
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let started = Instant::now();
    let seconds = limit.as_secs_f64();
    let slot = tokio::time::timeout(limit, slots.acquire_owned())
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
    let bug = || {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "the {what} failed inside the server; this is a bug in depeche, please report it"
            ),
        )
    };
    let Some(token) = token else {
        return task.await.unwrap_or_else(|_| Err(bug()));
    };
    let timed_out = || {
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the {what} ran longer than this server's limit of {seconds} s and was stopped (depeche serve --timeout)"),
        )
    };
    let remaining = limit.saturating_sub(started.elapsed());
    match tokio::time::timeout(remaining, task).await {
        Ok(Ok(Err(failure))) if failure.stopped && started.elapsed() >= limit => {
            token.cancel();
            Err(timed_out())
        }
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(bug()),
        Err(_) => {
            token.cancel();
            Err(timed_out())
        }
    }
}

/// Cancels a query when dropped: its request ended, answered or abandoned.
pub(super) struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The options of a query run for a request: stopped by `cancel`, within the memory budget.
pub(super) fn query_options(app: &App, cancel: &CancellationToken) -> QueryOptions {
    QueryOptions {
        cancel: Some(cancel.clone()),
        memory_limit: Some(app.options.max_query_memory),
        time_limit: Some(app.options.timeout),
        ..QueryOptions::default()
    }
}

/// Runs a query with the request's dataset, cancelled past the time limit.
pub(super) async fn run_query(
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

#[cfg(test)]
mod tests {
    use super::*;
    use depeche_store::store::StoreError;
    use std::sync::mpsc;

    /// The work below takes 300 ms: past this limit, however loaded the machine.
    const LIMIT: Duration = Duration::from_millis(200);

    /// Runs `work` under `limit` on a one-thread runtime whose thread is held busy until the
    /// work has ended (as a loaded machine holds it), so the work's own answer is there before
    /// the server's timer is looked at.
    fn on_a_busy_runtime(
        limit: Duration,
        work: impl FnOnce() -> Result<(), Failure> + Send + 'static,
    ) -> Result<(), Failure> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let (done, ended) = mpsc::channel();
        runtime.block_on(async move {
            let run = run_limited(
                Arc::new(Semaphore::new(1)),
                limit,
                Some(CancellationToken::new()),
                "query",
                move || {
                    let answer = work();
                    done.send(()).unwrap();
                    answer
                },
            );
            let busy = async move {
                ended.recv().unwrap();
                // The blocking task stores its answer just after the work returns.
                std::thread::sleep(Duration::from_millis(100));
            };
            tokio::join!(run, busy).0
        })
    }

    #[test]
    fn work_stopped_past_the_deadline_gets_the_deadline_s_sentence_whoever_noticed_first() {
        let failure = on_a_busy_runtime(LIMIT, || {
            // A remote store whose own time limit (the same as the server's) ran out.
            std::thread::sleep(Duration::from_millis(300));
            Err(Failure::from(StoreError::Cancelled))
        })
        .unwrap_err();
        assert_eq!(failure.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            failure
                .message
                .starts_with("the query ran longer than this server's limit of 0.2 s"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn other_answers_past_the_deadline_are_kept() {
        // A failure of its own, and a result, that came late: not the deadline's doing.
        let failure = on_a_busy_runtime(LIMIT, || {
            std::thread::sleep(Duration::from_millis(300));
            Err(Failure::bad("the query is not valid SPARQL: x"))
        })
        .unwrap_err();
        assert_eq!(failure.message, "the query is not valid SPARQL: x");
        assert!(on_a_busy_runtime(LIMIT, || {
            std::thread::sleep(Duration::from_millis(300));
            Ok(())
        })
        .is_ok());
        // Stopped before the deadline (the client went away): the store's own sentence.
        let failure = on_a_busy_runtime(Duration::from_secs(30), || {
            Err(Failure::from(StoreError::Cancelled))
        })
        .unwrap_err();
        assert_eq!(failure.message, StoreError::Cancelled.to_string());
    }
}
