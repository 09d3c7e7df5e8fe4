//! Records that repeat an article id within one run, found in memory that does not grow with
//! the input.
//!
//! Two records with one id name one article graph: loaded together they would mix two texts in
//! one graph, or one would silently replace the other. [`survey`] reads the input once, before
//! anything is written, and finds every id given more than once; the caller then refuses the run
//! ([`OnDuplicateId::Error`]) or keeps the last record of each id ([`KeepLast`]).
//!
//! Ids are compared as the graphs they name ([`crate::rdf::slug`]: `"A 1"` and `"a-1"` are one
//! article). Each id is remembered as a 128-bit hash: up to [`RUN_IDS`] hashes in memory, then
//! sorted runs spilled to an anonymous temporary file and merged at the end, so memory holds
//! [`RUN_IDS`] hashes and a buffer per run whatever the number of articles. What does grow is
//! the list of repeated ids, only when there are some.
//!
//! ```
//! use depeche_extract::duplicates::{survey, OnDuplicateId};
//! let feed = "{\"id\":\"a\",\"text\":\"Un.\"}\n{\"id\":\"b\",\"text\":\"Deux.\"}\n{\"id\":\"a\",\"text\":\"Trois.\"}\n";
//! let read = || Ok(depeche_extract::article::JsonLines::new("feed.jsonl", feed.as_bytes(), Default::default()));
//! let found = survey(read, false).unwrap();
//! assert_eq!(found.articles, 3);
//! assert_eq!(found.duplicates[0].to_string(), "feed.jsonl:3 repeats the article id \"a\" of feed.jsonl:1");
//! ```

use crate::article::{Article, ArticleError};
use std::collections::HashMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Seek as _, Write as _};

/// What to do with records that repeat an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDuplicateId {
    /// Keep the last record of each id, with a warning per repeated id.
    KeepLast,
    /// Refuse the run before anything is written.
    Error,
}

/// One id given to several records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The id of the first record.
    pub id: String,
    /// Where the first record is (`path:line`, or the file).
    pub first: String,
    /// The id of the second record, when it differs in form (`"A 1"` after `"a-1"`).
    pub second_id: String,
    /// Where the second record is.
    pub second: String,
    /// How many records carry the id.
    pub count: u64,
}

impl fmt::Display for Duplicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.second_id == self.id {
            write!(
                f,
                "{} repeats the article id {:?} of {}",
                self.second, self.id, self.first
            )?;
        } else {
            write!(
                f,
                "{} has the article id {:?}, which names the same article as {:?} of {}",
                self.second, self.second_id, self.id, self.first
            )?;
        }
        if self.count > 2 {
            write!(f, " ({} records in all)", self.count)?;
        }
        Ok(())
    }
}

/// What one reading of the input found.
#[derive(Debug, Default)]
pub struct Survey {
    /// Articles read.
    pub articles: u64,
    /// Articles that could not be read (counted only when the survey goes on past them).
    pub errors: u64,
    /// Repeated ids in the order their second record comes, at most [`MAX_LISTED`] of them.
    pub duplicates: Vec<Duplicate>,
    /// How many ids are repeated (may exceed the list).
    pub repeated_ids: u64,
    /// Records of each repeated id, by hash: what [`KeepLast`] needs.
    counts: HashMap<u128, u64>,
}

impl Survey {
    /// Records that [`Survey::keep_last`] leaves out: all but the last of each repeated id.
    pub fn replaced(&self) -> u64 {
        self.counts.values().map(|count| count - 1).sum()
    }

    /// Keeps only the last record of each repeated id in `articles`, a second reading of the
    /// same input.
    pub fn keep_last<I>(&self, articles: I) -> KeepLast<I> {
        KeepLast {
            inner: articles,
            seen: self
                .counts
                .iter()
                .map(|(hash, count)| (*hash, (0, *count)))
                .collect(),
        }
    }
}

/// Hashes held in memory before a sorted run is spilled to disk: 32 MiB.
pub const RUN_IDS: usize = 2 << 20;

/// Repeated ids described one by one; more are only counted.
pub const MAX_LISTED: usize = 1000;

/// The key of an article id: the graph it names, hashed to 128 bits (a collision among a
/// billion ids has odds of one in 10^20).
fn key(id: &str) -> u128 {
    let slug = crate::rdf::slug(id);
    let half = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        salt.hash(&mut hasher);
        slug.hash(&mut hasher);
        hasher.finish() as u128
    };
    (half(0) << 64) | half(1)
}

/// Reads the articles `read` gives and finds the ids given more than once; see the module
/// documentation. An unreadable article stops the survey with its error, unless `keep_going`,
/// when it is counted. Repeated ids take a second reading (`read` is called again), only when
/// there are some.
pub fn survey<I>(
    mut read: impl FnMut() -> Result<I, ArticleError>,
    keep_going: bool,
) -> Result<Survey, ArticleError>
where
    I: Iterator<Item = Result<Article, ArticleError>>,
{
    let mut census = Census::default();
    let mut survey = Survey::default();
    for article in read()? {
        match article {
            Ok(article) => {
                survey.articles += 1;
                census.add(key(&article.id)).map_err(spill_error)?;
            }
            Err(_) if keep_going => survey.errors += 1,
            Err(error) => return Err(error),
        }
    }
    survey.counts = census.repeated().map_err(spill_error)?;
    survey.repeated_ids = survey.counts.len() as u64;
    if survey.counts.is_empty() {
        return Ok(survey);
    }
    // The second reading names them: the first two records of each, in input order.
    let mut firsts: HashMap<u128, (String, String)> = HashMap::new();
    for article in read()?.flatten() {
        let hash = key(&article.id);
        let Some(count) = survey.counts.get(&hash) else {
            continue;
        };
        match firsts.get(&hash) {
            None => {
                firsts.insert(hash, (article.id, article.origin));
            }
            Some((id, first)) if survey.duplicates.len() < MAX_LISTED && !first.is_empty() => {
                survey.duplicates.push(Duplicate {
                    id: id.clone(),
                    first: first.clone(),
                    second_id: article.id,
                    second: article.origin,
                    count: *count,
                });
                // Listed once.
                firsts.insert(hash, (String::new(), String::new()));
            }
            Some(_) => {}
        }
    }
    Ok(survey)
}

fn spill_error(source: std::io::Error) -> ArticleError {
    ArticleError::Io {
        path: std::env::temp_dir(),
        source,
    }
}

/// The articles of a second reading, without the records a later one with the same id
/// replaces. Made by [`Survey::keep_last`].
pub struct KeepLast<I> {
    inner: I,
    /// Records seen so far and in all, for each repeated id.
    seen: HashMap<u128, (u64, u64)>,
}

impl<I: Iterator<Item = Result<Article, ArticleError>>> Iterator for KeepLast<I> {
    type Item = Result<Article, ArticleError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let article = self.inner.next()?;
            if let Ok(found) = &article {
                if let Some((seen, all)) = self.seen.get_mut(&key(&found.id)) {
                    *seen += 1;
                    if *seen < *all {
                        continue;
                    }
                }
            }
            return Some(article);
        }
    }
}

/// The articles of an input that can be read only once (a pipe), with an error in place of
/// each record whose id an earlier one had. Without a second reading, every id is kept in
/// memory (as a 128-bit hash, some 40 bytes an article): piped input is the one case where
/// memory grows with the number of articles.
pub fn refuse_repeats<I>(articles: I) -> RefuseRepeats<I> {
    RefuseRepeats {
        inner: articles,
        seen: std::collections::HashSet::new(),
    }
}

/// Made by [`refuse_repeats`].
pub struct RefuseRepeats<I> {
    inner: I,
    seen: std::collections::HashSet<u128>,
}

impl<I: Iterator<Item = Result<Article, ArticleError>>> Iterator for RefuseRepeats<I> {
    type Item = Result<Article, ArticleError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.inner.next()? {
            Ok(article) if !self.seen.insert(key(&article.id)) => Err(ArticleError::RepeatedId {
                origin: article.origin,
                id: article.id,
            }),
            other => other,
        })
    }
}

/// Every key added, as sorted runs: the last in memory, the others in a temporary file.
#[derive(Default)]
struct Census {
    current: Vec<u128>,
    spilled: Option<std::fs::File>,
    /// Start (in bytes) and length (in keys) of each run in the file.
    runs: Vec<(u64, u64)>,
}

impl Census {
    fn add(&mut self, key: u128) -> std::io::Result<()> {
        self.current.push(key);
        if self.current.len() >= RUN_IDS {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> std::io::Result<()> {
        self.current.sort_unstable();
        if self.spilled.is_none() {
            self.spilled = Some(tempfile::tempfile()?);
        }
        let Some(file) = self.spilled.as_mut() else {
            return Ok(());
        };
        let start = file.seek(std::io::SeekFrom::End(0))?;
        let mut out = std::io::BufWriter::new(&*file);
        for key in &self.current {
            out.write_all(&key.to_le_bytes())?;
        }
        out.flush()?;
        self.runs.push((start, self.current.len() as u64));
        self.current.clear();
        Ok(())
    }

    /// The keys added more than once, with their counts: a merge of the sorted runs.
    fn repeated(mut self) -> std::io::Result<HashMap<u128, u64>> {
        self.current.sort_unstable();
        let mut runs: Vec<Run> = Vec::new();
        if let Some(file) = &self.spilled {
            for &(start, len) in &self.runs {
                runs.push(Run::on_disk(file, start, len));
            }
        }
        runs.push(Run::in_memory(std::mem::take(&mut self.current)));
        let mut heap = std::collections::BinaryHeap::new();
        for (i, run) in runs.iter_mut().enumerate() {
            if let Some(key) = run.next()? {
                heap.push(std::cmp::Reverse((key, i)));
            }
        }
        let mut repeated = HashMap::new();
        let mut last: Option<(u128, u64)> = None;
        while let Some(std::cmp::Reverse((key, i))) = heap.pop() {
            last = match last {
                Some((k, n)) if k == key => Some((k, n + 1)),
                Some((k, n)) => {
                    if n > 1 {
                        repeated.insert(k, n);
                    }
                    Some((key, 1))
                }
                None => Some((key, 1)),
            };
            if let Some(next) = runs[i].next()? {
                heap.push(std::cmp::Reverse((next, i)));
            }
        }
        if let Some((k, n)) = last.filter(|(_, n)| *n > 1) {
            repeated.insert(k, n);
        }
        Ok(repeated)
    }
}

/// One sorted run, read a block at a time.
struct Run<'a> {
    file: Option<&'a std::fs::File>,
    /// Next byte to read from the file, and bytes left.
    at: u64,
    left: u64,
    buffer: Vec<u128>,
    next: usize,
}

impl<'a> Run<'a> {
    const BLOCK: usize = 8192;

    fn on_disk(file: &'a std::fs::File, start: u64, len: u64) -> Self {
        Run {
            file: Some(file),
            at: start,
            left: len,
            buffer: Vec::new(),
            next: 0,
        }
    }

    fn in_memory(keys: Vec<u128>) -> Self {
        Run {
            file: None,
            at: 0,
            left: 0,
            buffer: keys,
            next: 0,
        }
    }

    fn next(&mut self) -> std::io::Result<Option<u128>> {
        use std::os::unix::fs::FileExt as _;
        if self.next == self.buffer.len() {
            let Some(file) = self.file.filter(|_| self.left > 0) else {
                return Ok(None);
            };
            let n = (self.left as usize).min(Self::BLOCK);
            let mut bytes = vec![0u8; n * 16];
            file.read_exact_at(&mut bytes, self.at)?;
            self.at += bytes.len() as u64;
            self.left -= n as u64;
            self.buffer = bytes
                .chunks_exact(16)
                .map(|c| u128::from_le_bytes(c.try_into().unwrap_or([0; 16])))
                .collect();
            self.next = 0;
        }
        self.next += 1;
        Ok(Some(self.buffer[self.next - 1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_runs_merge_to_the_exact_repeats() {
        let mut census = Census::default();
        // Three runs' worth, with repeats inside a run, across runs, and between the last run
        // (in memory) and the spilled ones.
        let total = RUN_IDS as u128 * 2 + 1000;
        for k in 0..total {
            census.add(k * 7).unwrap();
        }
        census.add(5 * 7).unwrap();
        census.add(5 * 7).unwrap();
        census.add((RUN_IDS as u128 + 3) * 7).unwrap();
        census.add((total - 1) * 7).unwrap();
        assert_eq!(census.runs.len(), 2, "two runs spilled");
        let repeated = census.repeated().unwrap();
        let expected: HashMap<u128, u64> = [
            (35, 3),
            ((RUN_IDS as u128 + 3) * 7, 2),
            ((total - 1) * 7, 2),
        ]
        .into_iter()
        .collect();
        assert_eq!(repeated, expected);
    }

    #[test]
    fn keep_last_drops_the_earlier_records_only() {
        let feed = "{\"id\":\"a\",\"text\":\"Un.\"}\n{\"id\":\"A\",\"text\":\"Deux.\"}\n{\"id\":\"b\",\"text\":\"Trois.\"}\n{\"id\":\"a\",\"text\":\"Quatre.\"}\n";
        let read = || {
            Ok(crate::article::JsonLines::new(
                "f.jsonl",
                feed.as_bytes(),
                Default::default(),
            ))
        };
        let found = survey(read, false).unwrap();
        assert_eq!(
            (found.articles, found.repeated_ids, found.replaced()),
            (4, 1, 2)
        );
        assert_eq!(found.duplicates[0].to_string(), "f.jsonl:2 has the article id \"A\", which names the same article as \"a\" of f.jsonl:1 (3 records in all)");
        let kept: Vec<String> = found
            .keep_last(read().unwrap())
            .map(|a| a.unwrap().body.as_str().to_string())
            .collect();
        assert_eq!(kept, ["Trois.", "Quatre."]);
    }
}
