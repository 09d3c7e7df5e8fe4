//! One plain-text article: bytes decoded (UTF-8, UTF-16 with a mark), front matter read.

use super::{clean, parse_date, Article, ArticleError, Lang, Overrides};
use crate::text::Normalized;
use std::path::Path;

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

    pub(super) fn set_field(&mut self, key: &str, value: String) -> Result<(), ArticleError> {
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

    pub(super) fn check_not_empty(&self) -> Result<(), ArticleError> {
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

pub(super) fn default_id(origin: &str) -> String {
    let path = Path::new(origin);
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| origin.to_string())
}

/// Splits a `---` front-matter block off; returns its `key: value` pairs and where the body starts.
pub(super) fn split_front_matter(raw: &str) -> (Vec<(String, String)>, usize) {
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
pub(super) fn decode_utf16(
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
pub(super) fn utf16_without_mark(bytes: &[u8]) -> Option<&'static str> {
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
