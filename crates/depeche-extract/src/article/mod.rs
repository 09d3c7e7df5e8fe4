//! Reading articles: plain text with optional front matter, folders of them, and JSON Lines.
//!
//! The reader is the only stage that touches the file system for input. It turns bytes into
//! [`Article`]s with normalised text, and refuses what is not text with one clear sentence.
//!
//! Text is UTF-8 (a byte-order mark is allowed), or UTF-16 with a byte-order mark, which is
//! decoded: evidence offsets then count bytes of its UTF-8 form. JSON Lines are UTF-8 only, as
//! their specification says. An article larger than [`Limits::max_article_bytes`] (a plain-text
//! file, or one JSON Lines record) is refused before it is read whole, so a huge file by mistake
//! costs neither memory nor minutes of extraction.
//!
//! ```
//! use depeche_extract::article::{Article, Lang};
//! let a = Article::from_text("seed", "---\ntitle: T\ndate: 2017-09-12\nlang: fr\n---\nLe texte.\n").unwrap();
//! assert_eq!(a.title.as_deref(), Some("T"));
//! assert_eq!(a.lang, Some(Lang::Fr));
//! assert_eq!(a.body.as_str(), "Le texte.\n");
//! ```

use crate::text::Normalized;
use chrono::NaiveDate;
use std::fmt;
use std::path::{Path, PathBuf};

/// Languages the extractor knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses `fr`, `en`, `fr-FR`, `English`...; `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        match s.split(['-', '_']).next().unwrap_or("") {
            "fr" | "fra" | "fre" | "french" | "français" | "francais" => Some(Lang::Fr),
            "en" | "eng" | "english" | "anglais" => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// One news article, ready for extraction.
#[derive(Debug, Clone)]
pub struct Article {
    /// Stable identifier: front-matter or JSON `id`, else the file name without extension.
    pub id: String,
    /// Headline, when known.
    pub title: Option<String>,
    /// Publication date: the anchor for relative dates.
    pub date: Option<NaiveDate>,
    /// Language, when declared.
    pub lang: Option<Lang>,
    /// Source or publisher ("AFP").
    pub source: Option<String>,
    /// Where the article was published.
    pub url: Option<String>,
    /// Normalised body text, with a map back to the bytes of the input.
    pub body: Normalized,
    /// Where it was read from (file path, or `path:line` for JSON Lines).
    pub origin: String,
}

/// Why an input could not be read as articles.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    /// The path does not exist or cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file holds bytes that are not text.
    #[error("{origin} is not a text file (it contains binary data)")]
    Binary {
        /// Where.
        origin: String,
    },
    /// The file is not valid UTF-8.
    #[error("{origin} is not valid UTF-8 text (invalid byte at offset {offset}); convert it to UTF-8 first")]
    NotUtf8 {
        /// Where.
        origin: String,
        /// Offset of the first bad byte.
        offset: usize,
    },
    /// UTF-16 text whose code units do not pair up.
    #[error(
        "{origin} is not valid UTF-16 text ({problem} at byte {offset}); convert it to UTF-8 first"
    )]
    NotUtf16 {
        /// Where.
        origin: String,
        /// What is wrong ("an unpaired surrogate").
        problem: &'static str,
        /// Byte offset in the file.
        offset: usize,
    },
    /// Text in an encoding depeche does not read, recognised by its byte-order mark or its NULs.
    #[error("{origin} {what}; convert it to UTF-8 first (iconv -f {encoding} -t UTF-8)")]
    Encoding {
        /// Where.
        origin: String,
        /// What it looks like ("is UTF-32 text").
        what: &'static str,
        /// The encoding's name for iconv.
        encoding: &'static str,
    },
    /// The article is larger than the limit. The limit is a field; the CLI and the server say
    /// how to raise it.
    #[error("{origin} is {}the {} an article may be", size.map_or_else(|| "larger than ".to_string(), |n| format!("{}, more than ", human_bytes(n))), human_bytes(*limit))]
    TooLarge {
        /// Where (`path:line` for a JSON Lines record).
        origin: String,
        /// Its size in bytes, when known (a record is not read past the limit).
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// The article has no text.
    #[error("{origin} is an empty article: there is no text to extract from")]
    Empty {
        /// Where.
        origin: String,
    },
    /// A JSON Lines record is malformed.
    #[error("{origin} is not a valid JSON Lines article: {message}")]
    Json {
        /// `path:line`.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// A field has a value that cannot be used.
    #[error("{origin} has an invalid {field} {value:?}: {expected}")]
    BadField {
        /// Where.
        origin: String,
        /// Which field.
        field: &'static str,
        /// The value found.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A compressed file is damaged or truncated.
    #[error("{origin} {problem} ({cause})")]
    Compressed {
        /// The file.
        origin: String,
        /// "is not a complete gzip file".
        problem: &'static str,
        /// What the decompressor said.
        cause: String,
    },
    /// A record of an input read once (a pipe) repeats the id of an earlier one (the CLI adds
    /// how to keep the last record instead).
    #[error("{origin} repeats the article id {id:?} of an earlier record; a piped input is read once, so the last record of each id cannot be chosen")]
    RepeatedId {
        /// `path:line`.
        origin: String,
        /// The id.
        id: String,
    },
    /// Too many unreadable articles in a row: the input is broken, not a few of its records.
    #[error("stopped after {count} unreadable articles in a row, the last one: {last}")]
    TooManyErrors {
        /// How many in a row.
        count: usize,
        /// The last error.
        last: String,
    },
    /// A folder held no article files.
    #[error("{path} contains no article files (.txt, .md, .jsonl, .jsonl.gz)")]
    NoArticles {
        /// The folder.
        path: PathBuf,
    },
}

/// Values given on the command line that override what the article declares.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--date`.
    pub date: Option<NaiveDate>,
    /// `--lang fr|en` (`None` for auto).
    pub lang: Option<Lang>,
}

/// The largest article read by default: 1 MiB, some twenty times a long news article.
/// Extraction time grows faster than the text (a 4 MiB article takes half a minute), so a file
/// far past this is a mistake (a log, a dump, a book) more often than an article.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 1024 * 1024;

/// How much the reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest article in bytes: a plain-text file, or one JSON Lines record.
    pub max_article_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

/// `1048576` → `1.0 MiB`, `512` → `512 bytes`: sizes as people read them.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Parses a size: bytes, or a number with `K`, `M` or `G` (binary multiples, `KiB`/`KB` alike).
///
/// ```
/// use depeche_extract::article::parse_size;
/// assert_eq!(parse_size("4M"), Some(4 * 1024 * 1024));
/// assert_eq!(parse_size("1500"), Some(1500));
/// assert_eq!(parse_size("lots"), None);
/// ```
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(digits);
    let number: u64 = number.parse().ok()?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return None,
    };
    number.checked_mul(1u64 << shift)
}

/// Characters no article field may carry into the graph: control characters (a title with a
/// tab or an escape sequence), and the two that XML cannot hold at all, U+FFFE and U+FFFF,
/// which would make RDF/XML and GraphML unreadable. Text keeps its length in bytes, so the
/// offsets of the body still point into the file as given.
fn clean(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        matches!(c, '\u{FFFE}' | '\u{FFFF}')
            || (c.is_control() && !(keep_newlines && matches!(c, '\n' | '\r' | '\t')))
    };
    if !text.contains(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c {
                // Same UTF-8 length (3 bytes): offsets stay true.
                '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
                c if bad(c) && c.len_utf8() == 1 => ' ',
                // C1 controls are two bytes; a no-break space keeps the length and reads as a space.
                c if bad(c) => '\u{A0}',
                c => c,
            })
            .collect(),
    )
}

/// Parses an ISO date (`2017-09-12`), also accepting a full timestamp by its date part.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

impl Article {
    /// Builds an article from text that may start with a front-matter block.
    pub fn from_text(origin: &str, raw: &str) -> Result<Article, ArticleError> {
        let cleaned = clean(raw, true);
        let raw: &str = &cleaned;
        let (meta, body_start) = split_front_matter(raw);
        let mut article = Article {
            id: default_id(origin),
            title: None,
            date: None,
            lang: None,
            source: None,
            url: None,
            body: Normalized::default(),
            origin: origin.to_string(),
        };
        for (key, value) in meta {
            article.set_field(&key, value)?;
        }
        let mut body = Normalized::new(&raw[body_start..]);
        body.shift_original(body_start);
        article.body = body;
        article.check_not_empty()?;
        Ok(article)
    }

    fn set_field(&mut self, key: &str, value: String) -> Result<(), ArticleError> {
        let value = clean(&value, false).trim().to_string();
        if value.is_empty() {
            return Ok(());
        }
        match key {
            "id" => self.id = value,
            "title" | "headline" => self.title = Some(Normalized::new(&value).as_str().to_string()),
            "date" | "published" | "datePublished" => {
                self.date = Some(parse_date(&value).ok_or_else(|| ArticleError::BadField {
                    origin: self.origin.clone(),
                    field: "date",
                    value: value.clone(),
                    expected: "expected YYYY-MM-DD",
                })?)
            }
            "lang" | "language" if !value.eq_ignore_ascii_case("auto") => {
                self.lang = Some(Lang::parse(&value).ok_or_else(|| ArticleError::BadField {
                    origin: self.origin.clone(),
                    field: "lang",
                    value: value.clone(),
                    expected: "expected fr, en or auto",
                })?)
            }
            "source" | "publisher" => self.source = Some(value),
            "url" => self.url = Some(value),
            _ => {}
        }
        Ok(())
    }

    fn check_not_empty(&self) -> Result<(), ArticleError> {
        if self.body.as_str().trim().is_empty() {
            return Err(ArticleError::Empty {
                origin: self.origin.clone(),
            });
        }
        Ok(())
    }

    /// Applies command-line overrides.
    pub fn apply(&mut self, overrides: &Overrides) {
        if overrides.date.is_some() {
            self.date = overrides.date;
        }
        if overrides.lang.is_some() {
            self.lang = overrides.lang;
        }
    }
}

fn default_id(origin: &str) -> String {
    let path = Path::new(origin);
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| origin.to_string())
}

/// Splits a `---` front-matter block off; returns its `key: value` pairs and where the body starts.
fn split_front_matter(raw: &str) -> (Vec<(String, String)>, usize) {
    let start = if raw.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let rest = &raw[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return (Vec::new(), 0);
    }
    let mut pairs = Vec::new();
    let mut at = start + first_line_end;
    while at < raw.len() {
        let line_end = raw[at..].find('\n').map_or(raw.len(), |i| at + i + 1);
        let line = raw[at..line_end].trim_end();
        if line == "---" {
            return (pairs, line_end);
        }
        if let Some((k, v)) = line.split_once(':') {
            pairs.push((k.trim().to_string(), v.trim().trim_matches('"').to_string()));
        } else if !line.trim().is_empty() {
            // Not a front-matter block after all: a text that starts with a rule.
            return (Vec::new(), 0);
        }
        at = line_end;
    }
    (Vec::new(), 0)
}

/// Checks that bytes are text and decodes them: UTF-8 (with or without a byte-order mark), or
/// UTF-16 with a byte-order mark.
///
/// ```
/// use depeche_extract::article::decode;
/// assert_eq!(decode("a.txt", "Texte.".as_bytes()).unwrap(), "Texte.");
/// let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Été".encode_utf16().flat_map(u16::to_le_bytes)).collect();
/// assert_eq!(decode("a.txt", &utf16).unwrap(), "Été");
/// assert!(decode("a.txt", b"caf\xe9").unwrap_err().to_string().contains("not valid UTF-8"));
/// ```
pub fn decode(origin: &str, bytes: &[u8]) -> Result<String, ArticleError> {
    let encoding = |what, encoding| ArticleError::Encoding {
        origin: origin.to_string(),
        what,
        encoding,
    };
    // UTF-32's marks come first: the little-endian one starts like UTF-16's.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Err(encoding("is UTF-32 text", "UTF-32LE"));
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(encoding("is UTF-32 text", "UTF-32BE"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(origin, rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(origin, rest, u16::from_be_bytes);
    }
    if bytes.contains(&0) {
        return Err(match utf16_without_mark(bytes) {
            Some(name) => encoding("looks like UTF-16 text without a byte-order mark", name),
            None => ArticleError::Binary {
                origin: origin.to_string(),
            },
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(ArticleError::NotUtf8 {
            origin: origin.to_string(),
            offset: e.valid_up_to(),
        }),
    }
}

/// UTF-16 code units after the byte-order mark, to text; a NUL character is still binary.
fn decode_utf16(
    origin: &str,
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
) -> Result<String, ArticleError> {
    let not_utf16 = |problem, offset| ArticleError::NotUtf16 {
        origin: origin.to_string(),
        problem,
        offset,
    };
    if bytes.len() % 2 == 1 {
        return Err(not_utf16(
            "the text ends in the middle of a character",
            bytes.len() + 2,
        ));
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len());
    let mut at = 2;
    for c in char::decode_utf16(units) {
        match c {
            Ok('\0') => {
                return Err(ArticleError::Binary {
                    origin: origin.to_string(),
                })
            }
            Ok(c) => {
                at += c.len_utf16() * 2;
                text.push(c);
            }
            Err(_) => return Err(not_utf16("an unpaired surrogate", at)),
        }
    }
    Ok(text)
}

/// `Some(encoding)` when NUL bytes fall on every other byte, as ASCII text in UTF-16 does.
fn utf16_without_mark(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    // Too short to tell a text from a few bytes of binary.
    if sample.len() < 16 {
        return None;
    }
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd, half) = (nul_at(0), nul_at(1), sample.len() / 2);
    match (even * 10 >= half * 4, odd * 10 >= half * 4) {
        (false, true) if even == 0 => Some("UTF-16LE"),
        (true, false) if odd == 0 => Some("UTF-16BE"),
        _ => None,
    }
}

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
fn json_record(
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

fn json_article(
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

    fn fail(&mut self, error: ArticleError) -> Option<Result<Article, ArticleError>> {
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
fn skip_line(reader: &mut impl std::io::BufRead) -> std::io::Result<usize> {
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

fn is_json_lines(path: &Path) -> bool {
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
fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

fn is_article_file(path: &Path) -> bool {
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
struct GzipErrors<R> {
    inner: JsonLines<R>,
    path: PathBuf,
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

enum Pending {
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
enum Entry {
    Folder,
    Article,
    /// An article's name on a FIFO, a device or a socket.
    NotRegular,
    Other,
}

fn is_hidden(path: &Path) -> bool {
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

fn entry_kind(path: &Path) -> Entry {
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

fn folder_key(dir: &Path) -> std::io::Result<(u64, u64)> {
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
    fn enter(&mut self, dir: &Path, given: bool) -> Result<(), ArticleError> {
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
    fn push_entry(&mut self, path: PathBuf) {
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
const FOLDER_RUN: usize = 100_000;

/// A folder's entries in sorted order.
enum Listing {
    InMemory(Vec<PathBuf>),
    Spilled(SortedEntries),
}

/// Lists `dir` sorted by name; past `run` entries, in sorted runs on disk (see [`FOLDER_RUN`]).
fn list_sorted(dir: &Path, run: usize) -> std::io::Result<Listing> {
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
struct SortedEntries {
    dir: PathBuf,
    runs: Vec<std::io::BufReader<std::fs::File>>,
    /// The next name of each run that has one, smallest first.
    heads: std::collections::BinaryHeap<std::cmp::Reverse<(Vec<u8>, usize)>>,
}

impl SortedEntries {
    /// Reads the next name of run `i` into the heap, if it has one.
    fn refill(&mut self, i: usize) -> std::io::Result<()> {
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
    fn next_entry(&mut self) -> Option<std::io::Result<PathBuf>> {
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
fn has_article_below(dir: &Path) -> bool {
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
    fn next_item(&mut self) -> Option<Result<Article, ArticleError>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_folder_is_walked_in_order_from_sorted_runs() {
        let dir = tempfile::tempdir().unwrap();
        let mut names: Vec<String> = (0..23)
            .map(|i| format!("{:02}-{}.txt", (i * 7) % 23, "x".repeat(i % 3)))
            .collect();
        for name in &names {
            std::fs::write(dir.path().join(name), "Le président a reçu.").unwrap();
        }
        names.sort();
        let Listing::Spilled(mut sorted) = list_sorted(dir.path(), 5).unwrap() else {
            panic!("23 entries in runs of 5 spill")
        };
        let mut walked = Vec::new();
        while let Some(entry) = sorted.next_entry() {
            walked.push(
                entry
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        assert_eq!(walked, names);
        let Listing::InMemory(few) = list_sorted(dir.path(), 100).unwrap() else {
            panic!("23 entries fit in memory")
        };
        assert_eq!(few.len(), 23);
    }

    #[test]
    fn front_matter_fields_and_body_offsets() {
        let raw = "---\ntitle: Un titre\ndate: 2017-09-12\nlang: fr\nsource: AFP\n---\nLe président a reçu.\n";
        let a = Article::from_text("x/seed.txt", raw).unwrap();
        assert_eq!(a.id, "seed");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2017, 9, 12));
        assert_eq!(a.source.as_deref(), Some("AFP"));
        let at = a.body.as_str().find("reçu").unwrap();
        assert_eq!(&raw[a.body.original_offset(at)..][..5], "reçu");
    }

    #[test]
    fn text_without_front_matter_is_all_body() {
        let a = Article::from_text("a.txt", "---- not front matter\nBody").unwrap();
        assert!(a.title.is_none());
        assert!(a.body.as_str().starts_with("----"));
    }

    #[test]
    fn bad_inputs_are_refused_with_reasons() {
        assert!(matches!(
            decode("f", b"abc\xff"),
            Err(ArticleError::NotUtf8 { offset: 3, .. })
        ));
        assert!(matches!(
            decode("f", b"ab\0c"),
            Err(ArticleError::Binary { .. })
        ));
        assert!(matches!(
            Article::from_text("f", "  \n"),
            Err(ArticleError::Empty { .. })
        ));
        let bad_date = Article::from_text("f", "---\ndate: mardi\n---\ntexte");
        assert!(matches!(
            bad_date,
            Err(ArticleError::BadField { field: "date", .. })
        ));
    }

    #[test]
    fn json_lines_records() {
        let text = "{\"id\":\"a1\",\"date\":\"2016-10-21\",\"lang\":\"fr\",\"text\":\"Bonjour.\"}\n\n{\"text\":\"\"}\nnot json\n";
        let got = from_json_lines("feed.jsonl", text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().id, "a1");
        assert!(matches!(got[1], Err(ArticleError::Empty { .. })));
        assert!(matches!(got[2], Err(ArticleError::Json { .. })));
    }

    fn utf16le(text: &str) -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    }

    #[test]
    fn utf16_with_a_mark_is_decoded_and_other_encodings_named() {
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Reçu à Tunis 🇹🇳.".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode("f", &be).unwrap(), "Reçu à Tunis 🇹🇳.");
        assert_eq!(decode("f", &utf16le("Texte.")).unwrap(), "Texte.");
        let mut odd = utf16le("Texte");
        odd.push(b'x');
        assert!(matches!(
            decode("f", &odd),
            Err(ArticleError::NotUtf16 { offset: 13, .. })
        ));
        let mut lone = utf16le("ab");
        lone.extend(0xDC00u16.to_le_bytes());
        assert!(matches!(
            decode("f", &lone),
            Err(ArticleError::NotUtf16 { offset: 6, .. })
        ));
        assert!(matches!(
            decode("f", &utf16le("a\0b")),
            Err(ArticleError::Binary { .. })
        ));
        let bare: Vec<u8> = utf16le("Un texte assez long pour juger.")[2..].to_vec();
        let err = decode("f", &bare).unwrap_err().to_string();
        assert!(
            err.contains("without a byte-order mark") && err.contains("UTF-16LE"),
            "{err}"
        );
        assert!(decode("f", &[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0])
            .unwrap_err()
            .to_string()
            .contains("UTF-32"));
        // A few NULs in binary data are not UTF-16.
        assert!(matches!(
            decode("f", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(ArticleError::Binary { .. })
        ));
    }

    #[test]
    fn control_characters_never_reach_fields_and_offsets_survive_cleaning() {
        let raw = "---\ntitle: Un\x07 titre\u{ffff}\nsource: AFP\x1b[0m\n---\nLe \u{ffff}président\u{85} a reçu.\n";
        let a = Article::from_text("f.txt", raw).unwrap();
        assert_eq!(a.title.as_deref(), Some("Un  titre\u{fffd}"));
        assert_eq!(a.source.as_deref(), Some("AFP [0m"));
        let at = a.body.as_str().find("a reçu").unwrap();
        assert_eq!(&raw[a.body.original_offset(at)..][..7], "a reçu");
        assert!(!a.body.as_str().contains(['\u{ffff}', '\u{85}']));
    }

    #[test]
    fn sizes_and_limits() {
        assert_eq!(parse_size("1M"), Some(1 << 20));
        assert_eq!(parse_size("512 KiB"), Some(512 << 10));
        assert_eq!(parse_size("2g"), Some(2 << 30));
        assert_eq!(parse_size("99999999999999G"), None);
        assert_eq!(parse_size("1.5M"), None);
        assert_eq!(human_bytes(100 << 20), "100.0 MiB");
        assert_eq!(human_bytes(1000), "1000 bytes");

        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("a.txt");
        std::fs::write(&text, "Un article de trente-six octets.\n").unwrap();
        let tight = Limits {
            max_article_bytes: 20,
        };
        assert!(matches!(
            read_file_with(&text, &tight),
            Err(ArticleError::TooLarge {
                size: Some(33),
                limit: 20,
                ..
            })
        ));
        assert!(read_file_with(
            &text,
            &Limits {
                max_article_bytes: 33
            }
        )
        .unwrap()[0]
            .is_ok());

        // A long record is refused alone; the records around it still read.
        let lines = dir.path().join("a.jsonl");
        let long = format!("{{\"text\":\"{}\"}}", "x".repeat(100));
        std::fs::write(
            &lines,
            format!("{{\"text\":\"Un.\"}}\r\n{long}\n{{\"text\":\"Deux.\"}}"),
        )
        .unwrap();
        let got = read_file_with(
            &lines,
            &Limits {
                max_article_bytes: 40,
            },
        )
        .unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().body.as_str(), "Un.");
        assert!(
            matches!(&got[1], Err(ArticleError::TooLarge { origin, size: None, .. }) if origin.ends_with("a.jsonl:2"))
        );
        assert_eq!(got[2].as_ref().unwrap().body.as_str(), "Deux.");
        assert_eq!(
            got[2].as_ref().unwrap().origin,
            format!("{}:3", lines.display())
        );
        // In memory, the same limit.
        let posted = from_json_lines_with(
            "p",
            &format!("{long}\n"),
            &Limits {
                max_article_bytes: 40,
            },
        );
        assert!(matches!(posted[0], Err(ArticleError::TooLarge { .. })));
    }

    #[test]
    fn json_lines_nesting_and_encodings() {
        // A field depeche reads, nested past serde_json's limit, is refused before the stack
        // could overflow; one it ignores is skipped without recursion, however deep.
        let deep_id = format!(
            "{{\"text\":\"a\",\"id\":{}{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let got = from_json_lines("f.jsonl", &deep_id);
        let Err(ArticleError::Json { message, .. }) = &got[0] else {
            panic!("{:?}", got[0].as_ref().err())
        };
        assert!(
            message.starts_with("it is nested more than 128 levels deep"),
            "{message}"
        );
        let deep_extra = format!(
            "{{\"text\":\"a\",\"x\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(
            from_json_lines("f.jsonl", &deep_extra)[0]
                .as_ref()
                .unwrap()
                .body
                .as_str(),
            "a"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.jsonl");
        std::fs::write(
            &path,
            b"\xEF\xBB\xBF{\"text\":\"Un.\"}\n{\"text\":\"caf\xe9\"}\n",
        )
        .unwrap();
        let got = read_file_with(&path, &Limits::default()).unwrap();
        assert!(got[0].is_ok(), "a UTF-8 byte-order mark is allowed");
        assert!(
            matches!(&got[1], Err(ArticleError::NotUtf8 { offset: 30, .. })),
            "{:?}",
            got[1].as_ref().err()
        );
    }
}
