//! Reading articles: plain text with optional front matter, folders of them, and JSON Lines.
//!
//! The reader is the only stage that touches the file system for input. It turns bytes into
//! [`Article`]s with normalised text, and refuses what is not text with one clear sentence.
//!
//! ```
//! use depeche::article::{Article, Lang};
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
    /// A folder held no article files.
    #[error("{path} contains no article files (.txt, .md, .jsonl)")]
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

/// Parses an ISO date (`2017-09-12`), also accepting a full timestamp by its date part.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

impl Article {
    /// Builds an article from text that may start with a front-matter block.
    pub fn from_text(origin: &str, raw: &str) -> Result<Article, ArticleError> {
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
        let value = value.trim().to_string();
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
            "lang" | "language" => {
                if !value.eq_ignore_ascii_case("auto") {
                    self.lang = Some(Lang::parse(&value).ok_or_else(|| ArticleError::BadField {
                        origin: self.origin.clone(),
                        field: "lang",
                        value: value.clone(),
                        expected: "expected fr, en or auto",
                    })?)
                }
            }
            "source" | "publisher" => self.source = Some(value),
            "url" => self.url = Some(value),
            _ => {}
        }
        Ok(())
    }

    fn check_not_empty(&self) -> Result<(), ArticleError> {
        if self.body.as_str().trim().is_empty() {
            return Err(ArticleError::Empty { origin: self.origin.clone() });
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
    let start = if raw.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
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

/// Checks that bytes are text and decodes them.
pub fn decode(origin: &str, bytes: &[u8]) -> Result<String, ArticleError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ArticleError::NotUtf8 { origin: origin.to_string(), offset: 0 });
    }
    if bytes.contains(&0) {
        return Err(ArticleError::Binary { origin: origin.to_string() });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(ArticleError::NotUtf8 { origin: origin.to_string(), offset: e.valid_up_to() }),
    }
}

#[derive(serde::Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    title: Option<String>,
    date: Option<String>,
    lang: Option<String>,
    source: Option<String>,
    url: Option<String>,
    text: Option<String>,
}

/// Parses JSON Lines text: one article a line, blank lines skipped.
pub fn from_json_lines(origin: &str, text: &str) -> Vec<Result<Article, ArticleError>> {
    let stem = default_id(origin);
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let where_ = format!("{origin}:{}", i + 1);
            let record: JsonArticle = serde_json::from_str(line)
                .map_err(|e| ArticleError::Json { origin: where_.clone(), message: e.to_string() })?;
            let body = record.text.unwrap_or_default();
            let mut article = Article {
                id: match record.id {
                    Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                    Some(serde_json::Value::Number(n)) => n.to_string(),
                    _ => format!("{stem}-{}", i + 1),
                },
                title: None,
                date: None,
                lang: None,
                source: None,
                url: None,
                body: Normalized::new(&body),
                origin: where_,
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
        })
        .collect()
}

fn is_json_lines(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

fn is_article_file(path: &Path) -> bool {
    is_json_lines(path)
        || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Expands paths into article files: files as given, folders recursively, in sorted order.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ArticleError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| ArticleError::Io { path: path.clone(), source })?;
        if meta.is_dir() {
            let before = files.len();
            walk(path, &mut files)?;
            if files.len() == before {
                return Err(ArticleError::NoArticles { path: path.clone() });
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ArticleError> {
    let io = |source| ArticleError::Io { path: dir.to_path_buf(), source };
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(io)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>().map_err(io)?;
    entries.sort();
    for path in entries {
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if is_article_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one file into articles (a plain-text file is one article; JSON Lines may be many).
pub fn read_file(path: &Path) -> Result<Vec<Result<Article, ArticleError>>, ArticleError> {
    let bytes = std::fs::read(path).map_err(|source| ArticleError::Io { path: path.to_path_buf(), source })?;
    let origin = path.display().to_string();
    let text = decode(&origin, &bytes)?;
    if is_json_lines(path) {
        Ok(from_json_lines(&origin, &text))
    } else {
        Ok(vec![Article::from_text(&origin, &text)])
    }
}

/// Reads every article under `paths`, failing on the first unreadable one.
///
/// All-or-nothing is what `ingest` needs: a store is never half-updated because the fifth file
/// of a command line was binary.
pub fn read_all(paths: &[PathBuf], overrides: &Overrides) -> Result<Vec<Article>, ArticleError> {
    let mut articles = Vec::new();
    for file in expand_paths(paths)? {
        for article in read_file(&file)? {
            let mut article = article?;
            article.apply(overrides);
            articles.push(article);
        }
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(matches!(decode("f", b"abc\xff"), Err(ArticleError::NotUtf8 { offset: 3, .. })));
        assert!(matches!(decode("f", b"ab\0c"), Err(ArticleError::Binary { .. })));
        assert!(matches!(Article::from_text("f", "  \n"), Err(ArticleError::Empty { .. })));
        let bad_date = Article::from_text("f", "---\ndate: mardi\n---\ntexte");
        assert!(matches!(bad_date, Err(ArticleError::BadField { field: "date", .. })));
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
}
