//! Why a store operation failed: [`StoreError`], whose variants carry what went wrong as data
//! and whose messages are one sentence each; the CLI and the server add their own remedies.

use crate::remote::RemoteError;
use depeche_output::answer::AnswerError;
use oxigraph::store::StorageError;
use std::io;
use std::path::PathBuf;

/// Why the store could not be opened, read, written or queried.
///
/// Every message is one sentence meant for the person at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store path names a regular file.
    #[error("the store path {} is a file, not a store directory", .0.display())]
    NotADirectory(PathBuf),
    /// The store path is a directory with other content: RocksDB would scatter files into it.
    #[error("{} is not a depeche store: the directory already holds other files (choose a new or empty directory)", .0.display())]
    NotAStore(PathBuf),
    /// `query` or `export` was pointed at a store that was never created (the CLI adds how to
    /// create one).
    #[error("no store at {}", .0.display())]
    Missing(PathBuf),
    /// The store directory could not be created.
    #[error("cannot create the store directory {}: {source}", .path.display())]
    Create {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// RocksDB holds a lock file: another process has the store open.
    #[error("the store at {} is in use by another depeche process", .0.display())]
    Locked(PathBuf),
    /// Any other failure to open.
    #[error("cannot open the store at {}: {message}", .path.display())]
    Open {
        /// The directory.
        path: PathBuf,
        /// What RocksDB or the file system said.
        message: String,
    },
    /// Reading or writing an open store failed.
    #[error("cannot read or write the store at {}: {source}", .path.display())]
    Storage {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: StorageError,
    },
    /// A remote store could not be reached or refused a request.
    #[error(transparent)]
    Remote(#[from] RemoteError),
    /// The query text does not parse.
    #[error("the query is not valid SPARQL: {0}")]
    Syntax(String),
    /// The query parsed but could not be evaluated.
    #[error("the query failed: {0}")]
    Evaluation(String),
    /// The query was stopped through its cancellation token (a time limit).
    #[error("the query was stopped before it finished")]
    Cancelled,
    /// The query or update nests brackets deeper than [`crate::limits::MAX_NESTING`]: refused
    /// before parsing, which would recurse once per level and could overflow the stack.
    #[error(
        "the {what} nests brackets {depth} levels deep, more than the {} depeche accepts",
        crate::limits::MAX_NESTING
    )]
    TooDeep {
        /// "query" or "update".
        what: &'static str,
        /// How deep it nests.
        depth: usize,
    },
    /// The query or update chains more links than [`crate::limits::MAX_LINKS`], which the
    /// parser and evaluator would nest as deeply.
    #[error("the {what} chains {links} patterns and operators (UNION, OPTIONAL, BIND, FILTER, group patterns, + or || and the like), more than the {} depeche accepts", crate::limits::MAX_LINKS)]
    TooLong {
        /// "query" or "update".
        what: &'static str,
        /// How many links.
        links: usize,
    },
    /// The query used more memory than its budget ([`QueryOptions::memory_limit`](super::QueryOptions::memory_limit)) and was stopped.
    #[error("the query needed more than the {megabytes} MB of memory a query may use and was stopped; add a LIMIT, or filter before joining")]
    OverMemory {
        /// The budget.
        megabytes: usize,
    },
    /// The query ran past the limit set with [`Store::limit_queries`](super::Store::limit_queries).
    #[error("the query ran longer than the limit of {seconds} s and was stopped")]
    TimedOut {
        /// The limit.
        seconds: f64,
    },
    /// The update text does not parse.
    #[error("the update is not valid SPARQL Update: {0}")]
    UpdateSyntax(String),
    /// The update parsed but could not be applied; the store is unchanged.
    #[error("the update failed and changed nothing: {0}")]
    UpdateFailed(String),
    /// The store holds articles but not the summaries of who met whom and of roles (it was
    /// written before depeche kept them), and adding them failed.
    #[error("the store at {location} was written before depeche kept its summaries of who met whom and of roles, and they could not be added: {reason}")]
    NoSummaries {
        /// The store's directory or URL.
        location: String,
        /// Why the rebuild failed.
        reason: String,
    },
    /// The answer could not be written in the requested format.
    #[error(transparent)]
    Answer(#[from] AnswerError),
    /// Serialising the answer failed.
    #[error("cannot write the answer as {format}: {source}")]
    Serialize {
        /// The format.
        format: String,
        /// The cause.
        source: io::Error,
    },
}
