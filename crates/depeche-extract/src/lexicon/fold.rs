//! Words folded for lookup: lowercase, accents removed, punctuation as single spaces.

use std::borrow::Cow;

/// Folds a name for lookup: lowercase, accents removed, punctuation as single spaces.
///
/// ```
/// assert_eq!(depeche_extract::lexicon::fold("États-Unis"), "etats unis");
/// ```
pub fn fold(s: &str) -> String {
    let mut f = Folder::with_capacity(s.len());
    f.push_str(s);
    f.out
}

/// [`fold`] fed piece by piece, so that a phrase of several tokens is folded once and each of its
/// prefixes is a prefix of the result.
#[derive(Debug)]
pub(crate) struct Folder {
    /// What is folded so far.
    pub(crate) out: String,
    space: bool,
}

impl Folder {
    /// A folder with room for about `bytes` of text: folding seldom lengthens it, so the result
    /// is allocated once rather than once per doubling.
    pub(crate) fn with_capacity(bytes: usize) -> Folder {
        Folder {
            out: String::with_capacity(bytes),
            space: false,
        }
    }

    /// Folds `s` onto what is there.
    pub(crate) fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_ascii() {
                self.push_decomposed(c);
            } else {
                // Decomposing char by char is NFKD: canonical reordering only moves characters of
                // a non-zero combining class, and those are all marks, which folding drops.
                unicode_normalization::char::decompose_compatible(c, |d| {
                    if !unicode_normalization::char::is_combining_mark(d) {
                        self.push_decomposed(d);
                    }
                });
            }
        }
    }

    /// Folds a space: the same as `push_str(" ")`.
    pub(crate) fn push_space(&mut self) {
        self.space = true;
    }

    pub(super) fn push_decomposed(&mut self, c: char) {
        if c.is_alphanumeric() {
            if self.space && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.space = false;
            if c.is_ascii() {
                self.out.push(c.to_ascii_lowercase());
            } else {
                self.out.extend(c.to_lowercase());
            }
        } else if c != '.' && c != '\'' {
            // "U.S." and "U.S" fold alike; "People's" keeps its letters together
            self.space = true;
        }
    }
}

/// `s.to_lowercase()`, borrowed when that changes nothing, as for most words of a text.
pub(crate) fn lowercase(s: &str) -> Cow<'_, str> {
    let unchanged = match s
        .bytes()
        .position(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        None => true,
        Some(at) if s.as_bytes()[at].is_ascii_uppercase() => false,
        Some(at) => s[at..].chars().all(|c| {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        }),
    };
    if unchanged {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}
