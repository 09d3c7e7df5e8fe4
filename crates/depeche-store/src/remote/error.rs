//! Why a request to a remote store failed: the URL and what went wrong, as data; each message
//! names the URL.

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
    /// The server sent only the first rows of the answer (Virtuoso's `ResultSetMaxRows`, 10 000
    /// by default, marked by its `X-SPARQL-MaxRows` header): an answer cut short silently
    /// would be a wrong answer.
    #[error("the SPARQL store at {url} sends at most {rows} rows of an answer and this one has that many or more; raise its limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")]
    Truncated {
        /// The URL.
        url: String,
        /// The server's limit.
        rows: String,
    },
}
