//! Corpus ingest: articles streamed from files, extracted in parallel, written in batches.
//!
//! [`ingest`] pulls articles from any iterator (usually [`depeche_extract::article::Articles`], which
//! reads folders and JSON Lines lazily), gathers a batch, asks the store which of its articles
//! it already holds with the same [`digest`], extracts the others on all cores (rayon), and
//! writes the batch in one go ([`Store::write_articles`]). Memory holds one batch, whatever the
//! size of the corpus. At the end, [`crate::identity::link_surnames`] links surname-only persons to
//! the full names other articles give them.
//!
//! Invariants:
//! - an article is written whole or not at all, each in its own named graph;
//! - an article whose digest is unchanged is not extracted nor written again, so ingesting a
//!   corpus twice leaves the store as it was;
//! - the store's content depends on the set of articles, not on the order they came in (the
//!   last of two articles with the same id wins, as it would one command later).
//!
//! ```no_run
//! use depeche_extract::article::{Articles, Limits, Overrides};
//! use depeche_store::ingest::{ingest, IngestOptions};
//! let store = depeche_store::store::Store::open("depeche-store")?;
//! let articles = Articles::new(&["data/articles".into()], Overrides::default(), Limits::default())?;
//! let report = ingest(&store, articles, &IngestOptions::default(), &mut |_| {})?;
//! eprintln!("{} articles, {} triples", report.articles, report.quads);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

use crate::store::{ArticleGraph, IngestSummary, Store, StoreError};
use depeche_extract::article::{Article, ArticleError};
use depeche_extract::duplicates::OnDuplicateId;
use depeche_extract::pipeline::{self, Extraction, Options, Skipped};
use rayon::prelude::*;
use sha2::{Digest as _, Sha256};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Each policy for records that repeat an article id, by the name `--on-duplicate-id` (the
/// command line) and `on-duplicate-id=` (the server's `/ingest`) give it: declared once here.
pub const ON_DUPLICATE_ID: &[(&str, OnDuplicateId)] = &[
    ("error", OnDuplicateId::Error),
    ("keep-last", OnDuplicateId::KeepLast),
];

/// Why an ingest stopped. What was written before stays written, whole articles only.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// An input could not be read as articles (only without [`IngestOptions::keep_going`]).
    #[error(transparent)]
    Article(#[from] ArticleError),
    /// The store could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The extractor failed on an article: a bug in depeche.
    #[error(
        "extracting {origin} hit a bug in depeche ({message}); please report it with this article"
    )]
    Bug {
        /// Where the article came from.
        origin: String,
        /// The panic's message and place.
        message: String,
    },
}

/// How [`ingest`] runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Extraction options (the IRI base).
    pub extraction: Options,
    /// Most articles in one batch: one store write, one progress step.
    pub batch_articles: usize,
    /// Most bytes of article text in one batch: what bounds memory.
    pub batch_bytes: usize,
    /// Count unreadable articles and extractor bugs as errors and go on, instead of stopping.
    pub keep_going: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            extraction: Options::default(),
            batch_articles: 256,
            batch_bytes: 8 << 20,
            keep_going: false,
        }
    }
}

/// What an ingest did; also its progress while it runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestReport {
    /// Articles read (written, unchanged or in error).
    pub articles: usize,
    /// Articles new to the store.
    pub new: usize,
    /// Articles whose text changed, their graph replaced.
    pub replaced: usize,
    /// Articles the store held with the same digest: neither extracted nor written.
    pub unchanged: usize,
    /// Articles that could not be read or extracted (with `keep_going`).
    pub errors: usize,
    /// Quads written.
    pub quads: usize,
    /// Entities in the articles written, summed over articles.
    pub entities: usize,
    /// Events in the articles written.
    pub events: usize,
    /// Meetings in the articles written.
    pub meetings: usize,
    /// Bytes of article text read.
    pub bytes: u64,
    /// Words of article text read (whitespace-separated).
    pub words: u64,
    /// Surname-only persons linked to a full name by [`crate::identity::link_surnames`].
    pub linked: usize,
    /// Time since the ingest started.
    pub elapsed: Duration,
}

impl IngestReport {
    /// Articles written (new or replaced).
    pub fn written(&self) -> usize {
        self.new + self.replaced
    }
}

/// What [`ingest`] tells its caller as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// A batch was written: the totals so far.
    Progress(&'a IngestReport),
    /// A sentence the extractor skipped (too long to be a sentence).
    Skipped {
        /// The article.
        origin: &'a str,
        /// What was skipped.
        skipped: &'a Skipped,
    },
    /// An article that could not be read or extracted, with `keep_going`.
    Error(String),
}

/// The digest of what an article's graph is extracted from: depeche's version, the article's
/// fields and its text. Equal digests mean an equal graph, so re-ingest can skip the article.
///
/// ```
/// let a = depeche_extract::article::Article::from_text("a.txt", "Le président a reçu.").unwrap();
/// assert!(depeche_store::ingest::digest(&a).starts_with("sha256:"));
/// ```
pub fn digest(article: &Article) -> String {
    let mut hash = Sha256::new();
    hash.update(concat!("depeche ", env!("CARGO_PKG_VERSION"), "\n"));
    let fields = [
        Some(article.id.as_str()),
        article.title.as_deref(),
        article.lang.map(|l| l.tag()),
        article.source.as_deref(),
        article.url.as_deref(),
    ];
    for field in fields {
        hash.update(field.unwrap_or("\u{0}"));
        hash.update("\n");
    }
    hash.update(article.date.map(|d| d.to_string()).unwrap_or_default());
    hash.update("\n");
    hash.update(article.body.as_str());
    let bytes = hash.finalize();
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for b in bytes.iter() {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Ingests every article of `articles` into `store`; see the module documentation.
///
/// Without `keep_going`, the first unreadable article stops the ingest with its error, after
/// the batches before it were written; callers that want all-or-nothing read the inputs once
/// beforehand (as the command line does).
pub fn ingest(
    store: &Store,
    articles: impl Iterator<Item = Result<Article, ArticleError>>,
    options: &IngestOptions,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport, IngestError> {
    let started = Instant::now();
    let mut report = IngestReport::default();
    // Batch k is written by its own thread while batch k+1 is read and extracted: writing
    // (encoding, sorting, SST files) would otherwise leave the cores idle half the time. The
    // channel holds one batch, so memory holds at most three.
    std::thread::scope(|scope| {
        let (to_writer, batches) = std::sync::mpsc::sync_channel::<Vec<(Extraction, String)>>(1);
        let (to_reader, written) = std::sync::mpsc::channel::<IngestSummary>();
        let writer = scope.spawn(move || -> Result<(), StoreError> {
            for batch in batches {
                let graphs: Vec<ArticleGraph> = batch
                    .iter()
                    .map(|(extraction, digest)| ArticleGraph { extraction, digest })
                    .collect();
                let summary = store.write_articles(&graphs)?;
                // The reader may have stopped on an error of its own; the batch is written anyway.
                let _ = to_reader.send(summary);
            }
            Ok(())
        });
        let absorb = |report: &mut IngestReport, summary: IngestSummary| {
            report.replaced += summary.replaced;
            report.new += summary.articles - summary.replaced;
            report.quads += summary.quads;
            report.entities += summary.entities;
            report.events += summary.events;
            report.meetings += summary.meetings;
        };
        let read = (|| -> Result<(), IngestError> {
            let mut batch: Vec<Article> = Vec::new();
            let mut batch_bytes = 0usize;
            let send = |batch: Vec<Article>,
                        report: &mut IngestReport,
                        on_event: &mut dyn FnMut(Event)|
             -> Result<(), IngestError> {
                let prepared = prepare_batch(store, batch, options, report, on_event)?;
                if to_writer.send(prepared).is_err() {
                    // The writer stopped on an error, which joining it reports.
                    return Ok(());
                }
                while let Ok(summary) = written.try_recv() {
                    absorb(report, summary);
                }
                report.elapsed = started.elapsed();
                on_event(Event::Progress(report));
                Ok(())
            };
            for article in articles {
                match article {
                    Ok(article) => {
                        batch_bytes += article.body.as_str().len();
                        batch.push(article);
                    }
                    Err(e) if options.keep_going => {
                        report.articles += 1;
                        report.errors += 1;
                        on_event(Event::Error(e.to_string()));
                    }
                    Err(e) => return Err(e.into()),
                }
                if batch.len() >= options.batch_articles || batch_bytes >= options.batch_bytes {
                    send(std::mem::take(&mut batch), &mut report, on_event)?;
                    batch_bytes = 0;
                }
            }
            if !batch.is_empty() {
                send(batch, &mut report, on_event)?;
            }
            Ok(())
        })();
        drop(to_writer);
        let wrote = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        for summary in written.try_iter() {
            absorb(&mut report, summary);
        }
        read?;
        wrote?;
        Ok::<_, IngestError>(())
    })
    .inspect_err(|_| {
        // The batches written before the error keep their articles: their counts too.
        let _ = store.settle_counts();
    })?;
    store.flush()?;
    report.linked = crate::identity::link_surnames(store)?.linked;
    // A store written before the summaries existed, to which this ingest added nothing,
    // gets them now: a writer is where they are rebuilt.
    store.ensure_summaries()?;
    report.elapsed = started.elapsed();
    on_event(Event::Progress(&report));
    Ok(report)
}

/// Reads one batch's digests from the store and extracts, on all cores, the articles that
/// changed; returns them with their digests, ready to write.
fn prepare_batch(
    store: &Store,
    batch: Vec<Article>,
    options: &IngestOptions,
    report: &mut IngestReport,
    on_event: &mut dyn FnMut(Event),
) -> Result<Vec<(Extraction, String)>, IngestError> {
    let base = &options.extraction.base;
    report.articles += batch.len();
    let graphs: Vec<_> = batch
        .iter()
        .map(|article| depeche_extract::rdf::article_iri(base, article))
        .collect();
    // Two articles with one id in a batch would share a graph: the later one wins, as it would
    // have in a later batch.
    let last: HashMap<_, _> = graphs
        .iter()
        .enumerate()
        .map(|(i, graph)| (graph, i))
        .collect();
    let (mut digests, words): (Vec<String>, Vec<u64>) = batch
        .par_iter()
        .map(|article| {
            (
                digest(article),
                article.body.as_str().split_whitespace().count() as u64,
            )
        })
        .unzip();
    let known = store.digests(&last.keys().map(|g| (*g).clone()).collect::<Vec<_>>())?;
    let mut todo = Vec::new();
    for (i, article) in batch.iter().enumerate() {
        report.bytes += article.body.as_str().len() as u64;
        report.words += words[i];
        if last.get(&graphs[i]) != Some(&i) || known.get(&graphs[i]) == Some(&digests[i]) {
            report.unchanged += 1;
        } else {
            todo.push(i);
        }
    }
    let extracted: Vec<(usize, Result<Extraction, String>)> = todo
        .par_iter()
        .map(|&i| {
            (
                i,
                catch_bug(|| pipeline::extract(&batch[i], &options.extraction)),
            )
        })
        .collect();
    let mut ready = Vec::with_capacity(extracted.len());
    for (i, result) in extracted {
        match result {
            Ok(extraction) => {
                for skipped in &extraction.skipped {
                    on_event(Event::Skipped {
                        origin: &batch[i].origin,
                        skipped,
                    });
                }
                ready.push((extraction, std::mem::take(&mut digests[i])));
            }
            Err(message) => {
                let bug = IngestError::Bug {
                    origin: batch[i].origin.clone(),
                    message,
                };
                if !options.keep_going {
                    return Err(bug);
                }
                report.errors += 1;
                on_event(Event::Error(bug.to_string()));
            }
        }
    }
    Ok(ready)
}

thread_local! {
    /// Set while [`catch_bug`] runs on this thread: the panic hook then hands the message to
    /// [`keep_panic_message`] instead of printing it, so the error names the input.
    static CATCHING: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `work`, turning a panic into its message (and place, when the process's panic hook
/// passes it to [`keep_panic_message`]).
///
/// ```
/// let caught = depeche_store::ingest::catch_bug(|| -> u8 { panic!("odd sentence") });
/// assert!(caught.is_err());
/// ```
pub fn catch_bug<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    CATCHING.with(|c| *c.borrow_mut() = Some(String::new()));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    let caught = CATCHING.with(|c| c.borrow_mut().take()).unwrap_or_default();
    result.map_err(|payload| {
        if !caught.is_empty() {
            return caught;
        }
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// For a panic hook: keeps `message` for the [`catch_bug`] running on this thread and returns
/// true, or returns false when none is (the hook should then print it).
pub fn keep_panic_message(message: String) -> bool {
    CATCHING.with(|c| match c.borrow_mut().as_mut() {
        Some(slot) => {
            *slot = message;
            true
        }
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        let mut a = Article::from_text(&format!("{id}.txt"), text).unwrap();
        a.id = id.to_string();
        a
    }

    #[test]
    fn the_digest_follows_text_and_fields_only() {
        let a = article("a", "Le président a reçu lundi le ministre.");
        assert_eq!(digest(&a), digest(&a.clone()));
        assert_ne!(
            digest(&a),
            digest(&article("a", "Le président a reçu mardi le ministre."))
        );
        assert_ne!(
            digest(&a),
            digest(&article("b", "Le président a reçu lundi le ministre."))
        );
        let mut dated = a.clone();
        dated.date = depeche_extract::article::parse_date("2017-09-12");
        assert_ne!(digest(&a), digest(&dated));
        assert_eq!(digest(&a).len(), "sha256:".len() + 64);
    }

    #[test]
    fn a_bug_becomes_a_message() {
        assert_eq!(catch_bug(|| 1), Ok(1));
        let caught = catch_bug(|| -> u8 { panic!("odd sentence {}", 7) });
        assert_eq!(caught, Err("odd sentence 7".to_string()));
    }
}
