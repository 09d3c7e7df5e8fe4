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
//! This file holds the types, errors and limits; its parts: `text_file` (one plain-text article,
//! decoded, its front matter read), `json_lines` (records), `files` (one input file of any
//! kind), `folders` (inputs walked, [`Articles`], [`read_all`]), `tests`.
//!
//! ```
//! use depeche_extract::article::{Article, Lang};
//! let a = Article::from_text("seed", "---\ntitle: T\ndate: 2017-09-12\nlang: fr\n---\nLe texte.\n").unwrap();
//! assert_eq!(a.title.as_deref(), Some("T"));
//! assert_eq!(a.lang, Some(Lang::Fr));
//! assert_eq!(a.body.as_str(), "Le texte.\n");
//! ```

mod files;
mod folders;
mod json_lines;
#[cfg(test)]
mod tests;
mod text_file;

use crate::text::Normalized;
use chrono::NaiveDate;
use std::fmt;
use std::path::PathBuf;

pub use files::{open_file, read_file, read_file_with};
pub use folders::{
    is_documentation, read_all, read_all_with, Articles, MAX_ERRORS_IN_A_ROW, NOT_ARTICLES,
};
pub use json_lines::{from_json_lines, from_json_lines_with, JsonLines, Record};
pub use text_file::decode;

/// Languages the extractor knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

// A new variant stops the build here until it is listed in `Lang::ALL` too.
const _: fn(Lang) = |lang| match lang {
    Lang::Fr | Lang::En => {}
};

impl Lang {
    /// Every language, in the order the CLI offers them.
    ///
    /// ```
    /// use depeche_extract::article::Lang;
    /// assert!(Lang::ALL.iter().all(|lang| Lang::parse(lang.tag()) == Some(*lang)));
    /// ```
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

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
