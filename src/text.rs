//! Text normalisation that keeps a map back to the original bytes.
//!
//! News text arrives with decomposed accents, typographic apostrophes and non-breaking spaces.
//! Every later stage works on the normalised text; evidence offsets are mapped back through
//! [`Normalized::original_offset`] so that a user can find the sentence in the file they gave.
//!
//! ```
//! use depeche::text::Normalized;
//! let n = Normalized::new("l\u{2019}arm\u{65}\u{301}e\u{a0}russe");
//! assert_eq!(n.as_str(), "l'armée russe");
//! assert_eq!(n.original_offset(n.as_str().find("russe").unwrap()), "l\u{2019}arm\u{65}\u{301}e\u{a0}".len());
//! ```

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// A normalised string plus, for each normalised character group, the original byte offset.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    /// (byte offset in `text`, byte offset in the original), ascending in both.
    anchors: Vec<(usize, usize)>,
    original_len: usize,
}

fn map_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' | '\u{200A}' | '\u{2002}' | '\u{2003}'
        | '\t' => ' ',
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

impl Normalized {
    /// Normalises `original`: NFC, straight apostrophes and quotes, plain spaces, `\n` line ends.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut anchors = Vec::new();
        let mut group = String::new();
        let mut group_start = 0;
        let flush = |group: &mut String, start: usize, text: &mut String, anchors: &mut Vec<(usize, usize)>| {
            if !group.is_empty() {
                anchors.push((text.len(), start));
                text.extend(group.nfc());
                group.clear();
            }
        };
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            // "\r\n" is one line end.
            if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
                continue;
            }
            let Some(mapped) = map_char(c) else { continue };
            // A combining mark composes with the character before it, so it stays in its group.
            if canonical_combining_class(mapped) == 0 {
                flush(&mut group, group_start, &mut text, &mut anchors);
                group_start = at;
            }
            group.push(mapped);
        }
        flush(&mut group, group_start, &mut text, &mut anchors);
        Normalized { text, anchors, original_len: original.len() }
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
        match self.anchors.binary_search_by(|(n, _)| n.cmp(&at)) {
            Ok(i) => self.anchors[i].1,
            Err(0) => 0,
            Err(i) => self.anchors[i - 1].1,
        }
    }

    /// Shifts every original offset by `delta`, for text cut out of a larger file.
    pub fn shift_original(&mut self, delta: usize) {
        for a in &mut self.anchors {
            a.1 += delta;
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
        assert_eq!(&original[n.original_offset(at)..n.original_offset(at) + 5], "a dit");
    }

    #[test]
    fn crlf_becomes_one_newline_and_bom_disappears() {
        let n = Normalized::new("\u{feff}Un.\r\nDeux.");
        assert_eq!(n.as_str(), "Un.\nDeux.");
        assert_eq!(n.original_offset(n.as_str().find("Deux").unwrap()), "\u{feff}Un.\r\n".len());
    }
}
