//! Text normalisation that keeps a map back to the original bytes.
//!
//! News text arrives with decomposed accents, typographic apostrophes and non-breaking spaces.
//! Every later stage works on the normalised text; evidence offsets are mapped back through
//! [`Normalized::original_offset`] so that a user can find the sentence in the file they gave.
//!
//! ```
//! use depeche_extract::text::Normalized;
//! let n = Normalized::new("l\u{2019}arm\u{65}\u{301}e\u{a0}russe");
//! assert_eq!(n.as_str(), "l'armée russe");
//! assert_eq!(n.original_offset(n.as_str().find("russe").unwrap()), "l\u{2019}arm\u{65}\u{301}e\u{a0}".len());
//! ```

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A normalised string plus a map from its byte offsets to those of the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    /// Where each normalised character group starts, ascending in both texts.
    anchors: Vec<Anchor>,
    original_len: usize,
}

/// The start of a normalised character group, or of a run of characters copied unchanged: most
/// text needs no normalising, and one anchor then stands for a whole run.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    /// Byte offset in the normalised text.
    text: usize,
    /// Byte offset in the original.
    original: usize,
    /// Whether the bytes up to the next anchor are the original's, each character a group.
    copied: bool,
}

fn map_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' | '\u{200A}' | '\u{2002}'
        | '\u{2003}' | '\t' => ' ',
        '\u{2010}' | '\u{2011}' => '-',
        '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' => '–',
        '\u{2026}' => '…',
        '\r' => '\n',
        // Zero-width characters and the BOM carry no text.
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => return None,
        c if c.is_control() && c != '\n' => ' ',
        c => c,
    })
}

/// Whether the byte is an ASCII character that [`map_char`] keeps as it is.
fn is_plain(b: u8) -> bool {
    matches!(b, b'\n' | b' '..=b'~') && b != b'`'
}

/// Whether `c` starts a character group: no character below U+0300 combines with the one before.
fn is_starter(c: char) -> bool {
    (c as u32) < 0x300 || canonical_combining_class(c) == 0
}

/// Whether `c` alone is its own NFC form.
fn is_stable(c: char) -> bool {
    (c as u32) < 0x300
        || (canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
}

/// The character group being read: its first character, where that starts in the original and
/// whether it is the original's, then the marks that combine with it.
struct Group {
    start: usize,
    first: Option<char>,
    copied: bool,
    marks: String,
}

impl Normalized {
    /// Normalises `original`: NFC, straight apostrophes and quotes, plain spaces, `\n` line ends.
    pub fn new(original: &str) -> Self {
        let mut n = Normalized {
            text: String::with_capacity(original.len()),
            anchors: Vec::new(),
            original_len: original.len(),
        };
        let mut group = Group {
            start: 0,
            first: None,
            copied: false,
            marks: String::new(),
        };
        let bytes = original.as_bytes();
        let mut next = 0;
        while let Some(c) = original[next..].chars().next() {
            let at = next;
            next += c.len_utf8();
            if is_plain(bytes[at]) {
                // A run of characters that are their own normal form, each a group of its own
                // since the next is a starter, is copied at once; only its last character waits
                // for marks that could follow it.
                let end = bytes[at..]
                    .iter()
                    .position(|&b| !is_plain(b))
                    .map_or(bytes.len(), |k| at + k);
                n.flush(&mut group);
                if end - at > 1 {
                    group = Group {
                        start: at,
                        first: Some(c),
                        copied: true,
                        marks: std::mem::take(&mut group.marks),
                    };
                    n.flush(&mut group);
                    n.text.push_str(&original[at + 1..end - 1]);
                }
                group = Group {
                    start: end - 1,
                    first: Some(char::from(bytes[end - 1])),
                    copied: true,
                    marks: std::mem::take(&mut group.marks),
                };
                next = end;
                continue;
            }
            // "\r\n" is one line end.
            if c == '\r' && bytes.get(next) == Some(&b'\n') {
                continue;
            }
            let Some(mapped) = map_char(c) else { continue };
            // A combining mark composes with the character before it, so it stays in its group.
            if is_starter(mapped) {
                n.flush(&mut group);
                group = Group {
                    start: at,
                    first: Some(mapped),
                    copied: mapped == c,
                    marks: std::mem::take(&mut group.marks),
                };
            } else if group.first.is_none() {
                // Marks at the very start make a group of their own, from the start of the text.
                group.first = Some(mapped);
            } else {
                group.marks.push(mapped);
            }
        }
        n.flush(&mut group);
        n
    }

    fn flush(&mut self, group: &mut Group) {
        let Some(first) = group.first else { return };
        let at = self.text.len();
        if group.copied && group.marks.is_empty() && is_stable(first) {
            // The same character as in the original: it extends the run of copied ones.
            let extends = self
                .anchors
                .last()
                .is_some_and(|a| a.copied && a.original + (at - a.text) == group.start);
            if !extends {
                self.anchors.push(Anchor {
                    text: at,
                    original: group.start,
                    copied: true,
                });
            }
            self.text.push(first);
        } else {
            self.anchors.push(Anchor {
                text: at,
                original: group.start,
                copied: false,
            });
            self.text
                .extend(std::iter::once(first).chain(group.marks.chars()).nfc());
            group.marks.clear();
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte offset in the original text of the normalised byte offset `at`.
    pub fn original_offset(&self, at: usize) -> usize {
        if at >= self.text.len() {
            return self.original_len;
        }
        let Some(anchor) = self.anchors[..self.anchors.partition_point(|a| a.text <= at)].last()
        else {
            return 0;
        };
        if !anchor.copied {
            return anchor.original;
        }
        // Inside a copied run, the start of the character that holds `at`.
        let mut start = at;
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        anchor.original + (start - anchor.text)
    }

    /// Shifts every original offset by `delta`, for text cut out of a larger file.
    pub fn shift_original(&mut self, delta: usize) {
        for a in &mut self.anchors {
            a.original += delta;
        }
        self.original_len += delta;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_decomposed_accents_and_maps_offsets() {
        let original = "Lefe\u{300}vre a dit\u{a0}: \u{ab}\u{a0}oui\u{a0}\u{bb}";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "Lefèvre a dit : « oui »");
        let at = n.as_str().find("a dit").unwrap();
        assert_eq!(
            &original[n.original_offset(at)..n.original_offset(at) + 5],
            "a dit"
        );
    }

    #[test]
    fn crlf_becomes_one_newline_and_bom_disappears() {
        let n = Normalized::new("\u{feff}Un.\r\nDeux.");
        assert_eq!(n.as_str(), "Un.\nDeux.");
        assert_eq!(
            n.original_offset(n.as_str().find("Deux").unwrap()),
            "\u{feff}Un.\r\n".len()
        );
    }
}
