//! JSON Lines: one article a record, read record by record within the size limit.

use super::text_file::default_id;
use super::{clean, Article, ArticleError, Limits};
use crate::text::Normalized;
use std::path::PathBuf;

/// The fields of one JSON Lines record, as `ingest` and `extract` read them; public so that
/// callers holding records already parsed (the Python package's dicts) make the same articles.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Record {
    /// A string, or a number written as JSON writes it; `None` for the default id.
    pub id: Option<serde_json::Value>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` (a timestamp is read by its date part).
    pub date: Option<String>,
    /// `fr`, `en` or `auto`.
    pub lang: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The article's text.
    pub text: Option<String>,
}

/// One JSON Lines record (a line without its line end) to an article; `None` for a blank line.
pub(super) fn json_record(
    origin: &str,
    stem: &str,
    number: usize,
    line: &str,
) -> Option<Result<Article, ArticleError>> {
    if line.trim().is_empty() {
        return None;
    }
    let where_ = format!("{origin}:{number}");
    Some(json_article(where_, stem, number, line))
}

pub(super) fn json_article(
    where_: String,
    stem: &str,
    number: usize,
    line: &str,
) -> Result<Article, ArticleError> {
    let record: Record = serde_json::from_str(line).map_err(|e| {
        let message = if e.to_string().starts_with("recursion limit exceeded") {
            // serde_json stops at 128 levels, before the stack could overflow.
            "it is nested more than 128 levels deep, and an article is one flat object".to_string()
        } else {
            e.to_string()
        };
        ArticleError::Json {
            origin: where_.clone(),
            message,
        }
    })?;
    Article::from_record(where_, || format!("{stem}-{number}"), record)
}

impl Article {
    /// Builds an article from a record's fields, exactly as a JSON Lines record is read: no
    /// front matter, the fields checked (a bad date or language is an error naming `origin`),
    /// `default_id` called when the record has no usable id.
    ///
    /// ```
    /// use depeche_extract::article::{Article, Record};
    /// let record = Record { text: Some("Le président a reçu le ministre.".into()), date: Some("2017-09-12".into()), ..Default::default() };
    /// let article = Article::from_record("record 1".into(), || "r1".into(), record).unwrap();
    /// assert_eq!((article.id.as_str(), article.date.unwrap().to_string().as_str()), ("r1", "2017-09-12"));
    /// ```
    pub fn from_record(
        origin: String,
        default_id: impl FnOnce() -> String,
        record: Record,
    ) -> Result<Article, ArticleError> {
        let body = record.text.unwrap_or_default();
        let mut article = Article {
            id: match record.id {
                Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                Some(serde_json::Value::Number(n)) => n.to_string(),
                _ => default_id(),
            },
            title: None,
            date: None,
            lang: None,
            source: None,
            url: None,
            body: Normalized::new(&clean(&body, true)),
            origin,
        };
        for (key, value) in [
            ("title", record.title),
            ("date", record.date),
            ("lang", record.lang),
            ("source", record.source),
            ("url", record.url),
        ] {
            if let Some(v) = value {
                article.set_field(key, v)?;
            }
        }
        article.check_not_empty()?;
        Ok(article)
    }
}

/// Parses JSON Lines text: one article a line, blank lines skipped; each record within the
/// default [`Limits`].
pub fn from_json_lines(origin: &str, text: &str) -> Vec<Result<Article, ArticleError>> {
    from_json_lines_with(origin, text, &Limits::default())
}

/// [`from_json_lines`] with chosen limits: a record longer than `max_article_bytes` is refused.
pub fn from_json_lines_with(
    origin: &str,
    text: &str,
    limits: &Limits,
) -> Vec<Result<Article, ArticleError>> {
    let stem = default_id(origin);
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            if line.len() as u64 > limits.max_article_bytes {
                return Some(Err(ArticleError::TooLarge {
                    origin: format!("{origin}:{}", i + 1),
                    size: Some(line.len() as u64),
                    limit: limits.max_article_bytes,
                }));
            }
            json_record(origin, &stem, i + 1, line)
        })
        .collect()
}

/// A JSON Lines stream read one record at a time: memory holds one record, never the file, and
/// a 2 GB line is refused after `max_article_bytes`, not loaded.
///
/// A record that cannot be used is one `Err` item and reading goes on; a stream that is not
/// JSON Lines at all (binary, UTF-16, an I/O failure) ends with its one `Err`.
///
/// ```
/// use depeche_extract::article::{JsonLines, Limits};
/// let data = "{\"id\": \"a\", \"text\": \"Le président a reçu.\"}\n";
/// let articles: Vec<_> = JsonLines::new("feed.jsonl", data.as_bytes(), Limits::default()).collect();
/// assert_eq!(articles[0].as_ref().unwrap().id, "a");
/// ```
pub struct JsonLines<R> {
    origin: String,
    stem: String,
    reader: R,
    limit: u64,
    line: Vec<u8>,
    number: usize,
    offset: usize,
    done: bool,
}

impl<R: std::io::BufRead> JsonLines<R> {
    /// Reads records from `reader`; `origin` names the stream in messages and ids (`origin:line`).
    pub fn new(origin: &str, reader: R, limits: Limits) -> Self {
        JsonLines {
            origin: origin.to_string(),
            stem: default_id(origin),
            reader,
            limit: limits.max_article_bytes,
            line: Vec::new(),
            number: 0,
            offset: 0,
            done: false,
        }
    }

    pub(super) fn fail(&mut self, error: ArticleError) -> Option<Result<Article, ArticleError>> {
        self.done = true;
        Some(Err(error))
    }
}

impl<R: std::io::BufRead> Iterator for JsonLines<R> {
    type Item = Result<Article, ArticleError>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::io::{BufRead as _, Read as _};
        let io = |origin: &str, source| ArticleError::Io {
            path: PathBuf::from(origin),
            source,
        };
        while !self.done {
            self.number += 1;
            let number = self.number;
            self.line.clear();
            let read = match (&mut self.reader)
                .take(self.limit.saturating_add(2))
                .read_until(b'\n', &mut self.line)
            {
                Ok(read) => read,
                Err(e) => return self.fail(io(&self.origin, e)),
            };
            if read == 0 {
                self.done = true;
                break;
            }
            let start = self.offset;
            self.offset += read;
            let ended = self.line.ends_with(b"\n");
            let content = self.line.strip_suffix(b"\n").unwrap_or(&self.line);
            let content = content.strip_suffix(b"\r").unwrap_or(content);
            if content.len() as u64 > self.limit {
                // Skip the rest of the record without keeping it.
                if !ended {
                    match skip_line(&mut self.reader) {
                        Ok(n) => self.offset += n,
                        Err(e) => return self.fail(io(&self.origin, e)),
                    }
                }
                return Some(Err(ArticleError::TooLarge {
                    origin: format!("{}:{number}", self.origin),
                    size: None,
                    limit: self.limit,
                }));
            }
            let mark = if number == 1 && content.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            let content = &content[mark..];
            if number == 1
                && (content.starts_with(&[0xFF, 0xFE]) || content.starts_with(&[0xFE, 0xFF]))
            {
                let error = ArticleError::Encoding {
                    origin: self.origin.clone(),
                    what: "is UTF-16 text, and JSON Lines are UTF-8 by definition",
                    encoding: "UTF-16",
                };
                return self.fail(error);
            }
            if content.contains(&0) {
                let error = ArticleError::Binary {
                    origin: self.origin.clone(),
                };
                return self.fail(error);
            }
            let record = match std::str::from_utf8(content) {
                Ok(text) => json_record(&self.origin, &self.stem, number, text),
                Err(e) => Some(Err(ArticleError::NotUtf8 {
                    origin: format!("{}:{number}", self.origin),
                    offset: start + mark + e.valid_up_to(),
                })),
            };
            if record.is_some() {
                return record;
            }
        }
        None
    }
}

/// Consumes the stream up to and including the next line end; returns how many bytes it skipped.
pub(super) fn skip_line(reader: &mut impl std::io::BufRead) -> std::io::Result<usize> {
    let mut skipped = 0;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(skipped);
        }
        match buffer.iter().position(|b| *b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(skipped + i + 1);
            }
            None => {
                let n = buffer.len();
                reader.consume(n);
                skipped += n;
            }
        }
    }
}
