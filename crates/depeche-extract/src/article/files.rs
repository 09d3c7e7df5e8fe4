//! One input file: plain text, JSON Lines or gzipped JSON Lines, told apart by name.

use super::{decode, Article, ArticleError, JsonLines, Limits};
use std::path::{Path, PathBuf};

pub(super) fn is_json_lines(path: &Path) -> bool {
    let plain = if is_gzip(path) {
        path.file_stem().map(Path::new)
    } else {
        Some(path)
    };
    plain
        .and_then(Path::extension)
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// `.jsonl.gz` and `.ndjson.gz`: feeds are often kept compressed, and decompressing on the fly
/// keeps them so on disk.
pub(super) fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

pub(super) fn is_article_file(path: &Path) -> bool {
    is_json_lines(path)
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Reads one file into articles (a plain-text file is one article; JSON Lines may be many),
/// within the default [`Limits`].
pub fn read_file(path: &Path) -> Result<Vec<Result<Article, ArticleError>>, ArticleError> {
    read_file_with(path, &Limits::default())
}

/// [`read_file`] with chosen limits. A plain-text file larger than the limit is refused from its
/// size, before it is read; one that grows while read (a pipe) is refused at the limit.
pub fn read_file_with(
    path: &Path,
    limits: &Limits,
) -> Result<Vec<Result<Article, ArticleError>>, ArticleError> {
    let mut articles: Vec<_> = open_file(path, limits)?.collect();
    // A stream that is not JSON Lines at all fails the file, as a bad plain-text file does.
    if let Some(Err(
        ArticleError::Io { .. } | ArticleError::Binary { .. } | ArticleError::Encoding { .. },
    )) = articles.last()
    {
        if let Some(Err(error)) = articles.pop() {
            return Err(error);
        }
    }
    Ok(articles)
}

/// The articles of one file as a stream: a plain-text file is one article, a JSON Lines file
/// (gzip-compressed or not) is read record by record.
///
/// ```no_run
/// use depeche_extract::article::{open_file, Limits};
/// for article in open_file("feed.jsonl.gz".as_ref(), &Limits::default())? {
///     println!("{}", article?.id);
/// }
/// # Ok::<_, depeche_extract::article::ArticleError>(())
/// ```
pub fn open_file(
    path: &Path,
    limits: &Limits,
) -> Result<Box<dyn Iterator<Item = Result<Article, ArticleError>> + Send>, ArticleError> {
    use std::io::Read as _;
    let io = |source| ArticleError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let origin = path.display().to_string();
    if is_json_lines(path) {
        // Ids default to the file name without `.jsonl`, compressed or not.
        let named = if is_gzip(path) {
            origin
                .strip_suffix(".gz")
                .or_else(|| origin.strip_suffix(".GZ"))
                .unwrap_or(&origin)
                .to_string()
        } else {
            origin
        };
        let limits = *limits;
        if is_gzip(path) {
            let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
                std::io::BufReader::new(file),
            ));
            return Ok(Box::new(GzipErrors {
                inner: JsonLines::new(&named, reader, limits),
                path: path.to_path_buf(),
            }));
        }
        return Ok(Box::new(JsonLines::new(
            &named,
            std::io::BufReader::new(file),
            limits,
        )));
    }
    let limit = limits.max_article_bytes;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(ArticleError::TooLarge {
            origin,
            size: Some(size),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ArticleError::TooLarge {
            origin,
            size: None,
            limit,
        });
    }
    let text = decode(&origin, &bytes)?;
    Ok(Box::new(std::iter::once(Article::from_text(
        &origin, &text,
    ))))
}

/// Says "not a gzip file" in the words of the file name, rather than flate2's "invalid gzip header".
pub(super) struct GzipErrors<R> {
    pub(super) inner: JsonLines<R>,
    pub(super) path: PathBuf,
}

impl<R: std::io::BufRead> Iterator for GzipErrors<R> {
    type Item = Result<Article, ArticleError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.inner.next()? {
            Err(ArticleError::Io { source, .. }) => {
                let problem = if source.kind() == std::io::ErrorKind::InvalidInput
                    || source.kind() == std::io::ErrorKind::InvalidData
                    || source.kind() == std::io::ErrorKind::UnexpectedEof
                {
                    "is not a complete gzip file"
                } else {
                    "cannot be read"
                };
                Err(ArticleError::Compressed {
                    origin: self.path.display().to_string(),
                    problem,
                    cause: source.to_string(),
                })
            }
            other => other,
        })
    }
}
