//! The `depeche` command line: a thin layer over the library.
//!
//! Every command does all its reading and computing first and writes last, so an error leaves
//! standard output empty, `-o` files untouched and the store as it was. `extract` streams
//! instead (its input may be larger than memory): it checks every input first, and should
//! extraction still fail, an `-o` file is left untouched, and on standard output the error
//! says how many articles were written before it. Errors are one sentence
//! on standard error, prefixed `depeche: `, with exit code 1 (2 for usage errors).

mod cli;
mod commands;
mod files;
mod progress;
mod watchdog;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand};
use cli::*;
use commands::*;
use depeche::article::{self, Lang, Overrides};
use depeche::duplicates::{self, OnDuplicateId, Survey};
use depeche::export::{self, ExportFormat, Render, View};
use depeche::ingest::{catch_bug, IngestOptions, ON_DUPLICATE_ID};
use depeche::output::{Piece, RdfWriter};
use depeche::pipeline::{self, Options};
use depeche::stats::StatsFormat;
use depeche::store::{AnswerFormat, Store};
use depeche_output::syntax::RdfSyntax;
use files::*;
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use progress::*;
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use watchdog::*;

// Extraction allocates many small strings on several threads at once, where glibc's allocator
// spends a third of the time; mimalloc halves that.
// Budgeted counts what each query allocates, so that `serve` can stop one past its budget.
#[global_allocator]
static ALLOCATOR: depeche::limits::Budgeted<mimalloc::MiMalloc> =
    depeche::limits::Budgeted(mimalloc::MiMalloc);

unsafe extern "C" {
    /// mimalloc's own: returns the calling thread's freed pages to the system.
    fn mi_collect(force: bool);
}

/// Gives a large query's freed memory back to the system on its thread.
fn release_query_memory() {
    // SAFETY: a plain call into the allocator linked into this binary, no pointers involved.
    unsafe { mi_collect(true) }
}

fn main() -> ExitCode {
    install_panic_hook();
    depeche::limits::on_large_query_end(release_query_memory);
    let cli = Cli::parse();
    // Parsing and evaluating a query recurse with its shape: `query` and `export` run on a
    // thread with the same 64 MiB of stack (reserved, touched only as used) as the server's
    // query threads. Other commands keep the main thread, and their address space small.
    let outcome = if matches!(cli.command, Command::Query { .. } | Command::Export { .. }) {
        let worker = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || run(cli.command));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| std::process::exit(101)),
            Err(error) => Err(anyhow::Error::new(error).context("cannot start the query thread")),
        }
    } else {
        run(cli.command)
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let mut message = sentence(&error);
            if let Some(advice) = advice(&error) {
                message.push_str("; ");
                message.push_str(advice);
            }
            eprintln!("depeche: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What the command line adds to a library error: the option that would change the outcome.
/// Library errors carry the limit as data and leave the wording of the remedy to their caller.
fn advice(error: &anyhow::Error) -> Option<&'static str> {
    use depeche::ingest::IngestError;
    use depeche::store::StoreError;
    for cause in error.chain() {
        // Transparent wrappers forward their source past the wrapped error: look inside them.
        let article = cause.downcast_ref::<article::ArticleError>().or(
            match cause.downcast_ref::<IngestError>() {
                Some(IngestError::Article(e)) => Some(e),
                _ => None,
            },
        );
        match article {
            Some(article::ArticleError::TooLarge { .. }) => {
                return Some("if it is one article, raise the limit with --max-article-size")
            }
            Some(article::ArticleError::RepeatedId { .. }) => {
                return Some("save the input to a file to use --on-duplicate-id keep-last")
            }
            _ => {}
        }
        let store = cause.downcast_ref::<StoreError>().or(
            match (
                cause.downcast_ref::<IngestError>(),
                cause.downcast_ref::<export::ExportError>(),
                cause.downcast_ref::<depeche::stats::StatsError>(),
            ) {
                (Some(IngestError::Store(e)), _, _)
                | (_, Some(export::ExportError::Store(e)), _)
                | (_, _, Some(depeche::stats::StatsError::Store(e))) => Some(e),
                _ => None,
            },
        );
        match store {
            Some(StoreError::TimedOut { .. }) => {
                return Some("give --timeout SECONDS to allow more")
            }
            Some(StoreError::Missing(_)) => return Some("run depeche ingest first"),
            Some(StoreError::NoSummaries { .. }) => {
                return Some("run depeche link on the store with write access to add them")
            }
            _ => {}
        }
    }
    None
}

/// The error and its causes as one sentence. Library errors often quote their cause already
/// ("cannot read x: No such file"), so a cause whose text is already there is not repeated.
fn sentence(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A bug should still read as one line, not a wall of backtrace; RUST_BACKTRACE adds it back.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let kept = depeche::ingest::keep_panic_message(format!("{}: {message}", at.trim_start()));
        if kept {
            return;
        }
        eprintln!(
            "depeche: internal error{at}: {message}; this is a bug in depeche, please report it"
        );
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            eprintln!("{backtrace}");
        }
    }));
}
