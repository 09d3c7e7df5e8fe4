//! Inputs walked lazily: folders sorted, each visited once, non-articles skipped; read_all.

use super::files::is_article_file;
use super::{open_file, Article, ArticleError, Limits, Overrides};
use std::path::{Path, PathBuf};

/// Every article under `paths` as one stream, in a stable order: files as given, folders walked
/// depth first with their entries sorted, JSON Lines record by record, each article with
/// `overrides` applied. Nothing is read before it is needed, so memory does not grow with the
/// corpus; a folder of more than 100,000 entries is sorted in runs on disk.
///
/// Paths that do not exist are reported before the first article, so a typo never half-runs.
///
/// Walking a folder reads what looks like articles and nothing else:
/// - each folder once, known by its device and inode, so a symbolic link back to a folder
///   already read (`loop -> .`) is skipped with a warning instead of read forever;
/// - regular files only: a FIFO, a device or a socket with an article's name (a `.jsonl` link
///   to `/dev/zero`) is skipped with a warning, never opened, so it cannot block;
/// - not the files that document a folder: a file whose name before its first dot is one of
///   [`NOT_ARTICLES`] (README.md, SOURCES.md, LICENSE.txt...), in any case;
/// - not hidden files (a name starting with a dot).
///
/// A file given by name is read whatever it is. After [`MAX_ERRORS_IN_A_ROW`] unreadable
/// articles in a row the stream ends with [`ArticleError::TooManyErrors`]: an input that broken
/// is not worth reading to its end, even by a caller that goes on past errors.
///
/// ```no_run
/// use depeche_extract::article::{Articles, Limits, Overrides};
/// let paths = vec![std::path::PathBuf::from("data/articles")];
/// let articles = Articles::new(&paths, Overrides::default(), Limits::default())?
///     .on_warning(|warning| eprintln!("warning: {warning}"));
/// for article in articles {
///     println!("{}", article?.id);
/// }
/// # Ok::<_, depeche_extract::article::ArticleError>(())
/// ```
pub struct Articles {
    /// Folders and files still to visit, the next one last.
    pending: Vec<Pending>,
    current: Option<Box<dyn Iterator<Item = Result<Article, ArticleError>> + Send>>,
    overrides: Overrides,
    limits: Limits,
    /// Folders entered, by device and inode.
    visited: std::collections::HashSet<(u64, u64)>,
    warn: Box<dyn FnMut(String) + Send>,
    errors_in_a_row: usize,
    stopped: bool,
}

/// Names (before the first dot, in any case) of the files that document a folder of articles
/// rather than hold one; a folder walk skips them. Given by name, they are read.
pub const NOT_ARTICLES: &[&str] = &[
    "readme",
    "sources",
    "license",
    "licence",
    "copying",
    "notice",
    "authors",
    "contributors",
    "contributing",
    "changelog",
    "changes",
    "history",
    "citation",
    "todo",
];

/// Unreadable articles in a row after which [`Articles`] gives up on its input.
pub const MAX_ERRORS_IN_A_ROW: usize = 1000;

pub(super) enum Pending {
    /// A path from the command line: a file is read whatever its name; a folder must hold articles.
    Given(PathBuf),
    /// The rest of a folder too large to sort in memory, in order.
    Sorted(Box<SortedEntries>),
    /// A folder met while walking.
    Folder(PathBuf),
    /// An article file met while walking.
    File(PathBuf),
}

/// What a folder entry is, seen through symbolic links.
pub(super) enum Entry {
    Folder,
    Article,
    /// An article's name on a FIFO, a device or a socket.
    NotRegular,
    Other,
}

pub(super) fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Whether a file documents its folder rather than holds an article; see [`NOT_ARTICLES`].
pub fn is_documentation(path: &Path) -> bool {
    path.file_name().is_some_and(|name| {
        let name = name.to_string_lossy();
        let stem = name.split('.').next().unwrap_or("");
        NOT_ARTICLES.iter().any(|n| stem.eq_ignore_ascii_case(n))
    })
}

pub(super) fn entry_kind(path: &Path) -> Entry {
    if is_hidden(path) {
        return Entry::Other;
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Entry::Folder,
        _ if !is_article_file(path) || is_documentation(path) => Entry::Other,
        Ok(meta) if !meta.is_file() => Entry::NotRegular,
        // A broken link with an article's name: opening it says why it cannot be read.
        _ => Entry::Article,
    }
}

pub(super) fn folder_key(dir: &Path) -> std::io::Result<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = std::fs::metadata(dir)?;
    Ok((meta.dev(), meta.ino()))
}

impl Articles {
    /// Streams the articles under `paths`; fails at once if one of them does not exist.
    /// Warnings (skipped entries) are dropped unless [`Articles::on_warning`] takes them.
    pub fn new(
        paths: &[PathBuf],
        overrides: Overrides,
        limits: Limits,
    ) -> Result<Articles, ArticleError> {
        for path in paths {
            std::fs::metadata(path).map_err(|source| ArticleError::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok(Articles {
            pending: paths.iter().rev().cloned().map(Pending::Given).collect(),
            current: None,
            overrides,
            limits,
            visited: Default::default(),
            warn: Box::new(|_| {}),
            errors_in_a_row: 0,
            stopped: false,
        })
    }

    /// Hands each warning (a folder entry skipped, and why) to `warn`, one sentence each.
    pub fn on_warning(mut self, warn: impl FnMut(String) + Send + 'static) -> Self {
        self.warn = Box::new(warn);
        self
    }

    /// Pushes a folder's entries, sorted, so that the first is visited next.
    pub(super) fn enter(&mut self, dir: &Path, given: bool) -> Result<(), ArticleError> {
        let io = |source| ArticleError::Io {
            path: dir.to_path_buf(),
            source,
        };
        if !self.visited.insert(folder_key(dir).map_err(io)?) {
            (self.warn)(format!("skipped {}: that folder was already read (a symbolic link loop, or a folder given twice)", dir.display()));
            return Ok(());
        }
        if given && !has_article_below(dir) {
            return Err(ArticleError::NoArticles {
                path: dir.to_path_buf(),
            });
        }
        match list_sorted(dir, FOLDER_RUN).map_err(io)? {
            Listing::InMemory(entries) => {
                for path in entries.into_iter().rev() {
                    self.push_entry(path);
                }
            }
            Listing::Spilled(sorted) => self.pending.push(Pending::Sorted(Box::new(sorted))),
        }
        Ok(())
    }

    /// Queues one folder entry to be visited next, or warns that it is skipped.
    pub(super) fn push_entry(&mut self, path: PathBuf) {
        match entry_kind(&path) {
            Entry::Folder => self.pending.push(Pending::Folder(path)),
            Entry::Article => self.pending.push(Pending::File(path)),
            Entry::NotRegular => (self.warn)(format!(
                "skipped {}: it is not a regular file (a FIFO, a device or a socket)",
                path.display()
            )),
            Entry::Other => {}
        }
    }
}

/// Entries of one folder sorted in memory; a larger folder is sorted in runs of this many,
/// spilled to temporary files and merged as it is walked, so memory does not grow with it.
pub(super) const FOLDER_RUN: usize = 100_000;

/// A folder's entries in sorted order.
pub(super) enum Listing {
    InMemory(Vec<PathBuf>),
    Spilled(SortedEntries),
}

/// Lists `dir` sorted by name; past `run` entries, in sorted runs on disk (see [`FOLDER_RUN`]).
pub(super) fn list_sorted(dir: &Path, run: usize) -> std::io::Result<Listing> {
    use std::io::Write as _;
    use std::os::unix::ffi::OsStrExt as _;
    let mut names: Vec<std::ffi::OsString> = Vec::new();
    let mut runs: Vec<std::io::BufReader<std::fs::File>> = Vec::new();
    let spill = |names: &mut Vec<std::ffi::OsString>| -> std::io::Result<std::io::BufReader<std::fs::File>> {
        names.sort();
        let mut file = std::io::BufWriter::new(tempfile::tempfile()?);
        for name in names.drain(..) {
            let bytes = name.as_bytes();
            file.write_all(&(bytes.len() as u32).to_le_bytes())?;
            file.write_all(bytes)?;
        }
        let mut file = file.into_inner().map_err(|e| e.into_error())?;
        std::io::Seek::rewind(&mut file)?;
        Ok(std::io::BufReader::new(file))
    };
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name());
        if names.len() >= run {
            runs.push(spill(&mut names)?);
        }
    }
    if runs.is_empty() {
        names.sort();
        return Ok(Listing::InMemory(
            names.into_iter().map(|n| dir.join(n)).collect(),
        ));
    }
    if !names.is_empty() {
        runs.push(spill(&mut names)?);
    }
    let mut sorted = SortedEntries {
        dir: dir.to_path_buf(),
        runs,
        heads: std::collections::BinaryHeap::new(),
    };
    for i in 0..sorted.runs.len() {
        sorted.refill(i)?;
    }
    Ok(Listing::Spilled(sorted))
}

/// The merge of a large folder's sorted runs: one name per run in memory.
pub(super) struct SortedEntries {
    pub(super) dir: PathBuf,
    pub(super) runs: Vec<std::io::BufReader<std::fs::File>>,
    /// The next name of each run that has one, smallest first.
    pub(super) heads: std::collections::BinaryHeap<std::cmp::Reverse<(Vec<u8>, usize)>>,
}

impl SortedEntries {
    /// Reads the next name of run `i` into the heap, if it has one.
    pub(super) fn refill(&mut self, i: usize) -> std::io::Result<()> {
        use std::io::Read as _;
        let mut len = [0u8; 4];
        match self.runs[i].read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let mut name = vec![0u8; u32::from_le_bytes(len) as usize];
        self.runs[i].read_exact(&mut name)?;
        self.heads.push(std::cmp::Reverse((name, i)));
        Ok(())
    }

    /// The next entry in name order.
    pub(super) fn next_entry(&mut self) -> Option<std::io::Result<PathBuf>> {
        use std::os::unix::ffi::OsStrExt as _;
        let std::cmp::Reverse((name, i)) = self.heads.pop()?;
        if let Err(e) = self.refill(i) {
            return Some(Err(e));
        }
        Some(Ok(self.dir.join(std::ffi::OsStr::from_bytes(&name))))
    }
}

/// Whether a folder holds an article file at any depth (checked once per folder given on the
/// command line, so that "contains no article files" is said before anything is read). Each
/// folder is looked into once, so links in a loop end.
pub(super) fn has_article_below(dir: &Path) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        if !folder_key(&dir).is_ok_and(|key| seen.insert(key)) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry_kind(&path) {
                Entry::Article => return true,
                Entry::Folder => todo.push(path),
                Entry::NotRegular | Entry::Other => {}
            }
        }
    }
    false
}

impl Iterator for Articles {
    type Item = Result<Article, ArticleError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stopped {
            return None;
        }
        let item = self.next_item()?;
        match &item {
            Ok(_) => self.errors_in_a_row = 0,
            Err(_) => {
                self.errors_in_a_row += 1;
                if self.errors_in_a_row >= MAX_ERRORS_IN_A_ROW {
                    self.stopped = true;
                    let last = item.err().map(|e| e.to_string()).unwrap_or_default();
                    return Some(Err(ArticleError::TooManyErrors {
                        count: self.errors_in_a_row,
                        last,
                    }));
                }
            }
        }
        Some(item)
    }
}

impl Articles {
    pub(super) fn next_item(&mut self) -> Option<Result<Article, ArticleError>> {
        loop {
            if let Some(current) = &mut self.current {
                match current.next() {
                    Some(Ok(mut article)) => {
                        article.apply(&self.overrides);
                        return Some(Ok(article));
                    }
                    Some(Err(e)) => return Some(Err(e)),
                    None => self.current = None,
                }
            }
            let entered = match self.pending.pop()? {
                Pending::Sorted(mut sorted) => match sorted.next_entry() {
                    None => Ok(()),
                    Some(Ok(path)) => {
                        // The rest of the folder after this entry (and all it holds).
                        self.pending.push(Pending::Sorted(sorted));
                        self.push_entry(path);
                        Ok(())
                    }
                    Some(Err(source)) => Err(ArticleError::Io {
                        path: sorted.dir.clone(),
                        source,
                    }),
                },
                Pending::Given(path) if path.is_dir() => self.enter(&path, true),
                Pending::Folder(path) => self.enter(&path, false),
                Pending::Given(path) | Pending::File(path) => {
                    open_file(&path, &self.limits).map(|articles| self.current = Some(articles))
                }
            };
            if let Err(e) = entered {
                return Some(Err(e));
            }
        }
    }
}

/// Reads every article under `paths`, failing on the first unreadable one, within the default
/// [`Limits`].
///
/// All-or-nothing is what `ingest` needs: a store is never half-updated because the fifth file
/// of a command line was binary.
pub fn read_all(paths: &[PathBuf], overrides: &Overrides) -> Result<Vec<Article>, ArticleError> {
    read_all_with(paths, overrides, &Limits::default())
}

/// [`read_all`] with chosen limits.
pub fn read_all_with(
    paths: &[PathBuf],
    overrides: &Overrides,
    limits: &Limits,
) -> Result<Vec<Article>, ArticleError> {
    Articles::new(paths, overrides.clone(), *limits)?.collect()
}
