//! Named-entity tagger: an averaged structured perceptron over BIO tags, Viterbi-decoded.
//!
//! Ratinov and Roth (2009) showed a perceptron with lexicon features near the best on CoNLL-2003.
//! Viterbi decoding over first-order transitions (label before × label, also by the token's shape)
//! lets a later word change an earlier label ("Banque" is a person's name until "de France").
//! Features are hashed into a fixed table (no vocabulary to ship), each feature's weights for the
//! eight labels side by side so that scoring a feature reads one cache line. The model is trained by
//! `examples/train_tagger.rs` on annotated news and encyclopedia text and ships in
//! `data/models/tagger.bin` (zlib-compressed, 16-bit weights), loaded once on first use.
//!
//! The tagger sees the tokens of a sentence with what the lexicons say of each one
//! ([`TokenInfo`]), and what the document says of each word ([`DocInfo`]).
//!
//! This file holds the labels and what the tagger is told; its parts: `features` (a token's
//! hashed features), `model` ([`Model`]: weights, Viterbi decoding, the file format), `training`
//! ([`Trainer`]), `tests` and `bundled_tests`.

#[cfg(test)]
mod bundled_tests;
mod features;
mod model;
#[cfg(test)]
mod tests;
mod training;

use rustc_hash::FxHashMap;

pub use features::SentenceInput;
pub use model::Model;
pub use training::{tag_doc, Example, TrainDoc, Trainer};

/// Labels: outside, then begin and inside for person, organization and place.
pub const LABELS: [&str; 7] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];

/// Weights per feature: the seven labels padded to eight.
const STRIDE: usize = 8;

const NLABELS: usize = 7;

const MAGIC: &[u8; 8] = b"DPTAG01\n";

/// An error reading or writing a model.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// The bytes are not a model of this format.
    #[error("not a tagger model: {0}")]
    Format(String),
    /// Reading or writing failed.
    #[error("model i/o: {0}")]
    Io(#[from] std::io::Error),
}

/// Entity type of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Person.
    Per,
    /// Organization.
    Org,
    /// Place.
    Loc,
}

/// A label: 0 is outside; 1 + 2k begins type k, 2 + 2k continues it.
pub type Label = u8;

/// The type of a label, if it is not outside.
pub fn kind_of(label: Label) -> Option<Kind> {
    match label {
        1 | 2 => Some(Kind::Per),
        3 | 4 => Some(Kind::Org),
        5 | 6 => Some(Kind::Loc),
        _ => None,
    }
}

/// The label that begins (`begin`) or continues an entity of `kind`.
pub fn label_of(kind: Kind, begin: bool) -> Label {
    let base = match kind {
        Kind::Per => 1,
        Kind::Org => 3,
        Kind::Loc => 5,
    };
    if begin {
        base
    } else {
        base + 1
    }
}

/// Entity spans `(first, end, kind)` of a label sequence; an inside label without its begin opens a span.
pub fn spans(labels: &[Label]) -> Vec<(usize, usize, Kind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let k = kind_of(l);
        let continues = l != 0 && l % 2 == 0 && open.is_some_and(|(_, ok)| Some(ok) == k);
        if !continues {
            if let Some((s, ok)) = open.take() {
                out.push((s, i, ok));
            }
            if let Some(k) = k {
                open = Some((i, k));
            }
        }
    }
    if let Some((s, ok)) = open {
        out.push((s, labels.len(), ok));
    }
    out
}

/// What the lexicons say of one token: bits of [`flag`] and the gazetteer match over it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenInfo {
    /// Bits named in [`flag`].
    pub flags: u32,
    /// Gazetteer match covering the token: 0 none, else 1 + kind * 2 + (0 first token, 1 inside).
    pub gaz: u8,
    /// The rules' mention over the token: 0 none, else 1 + kind * 2 + (0 first token, 1 inside),
    /// kind 0-2 person, organization, place; 3-4 a name of unknown type that would default to a
    /// person or another type; 5 a capitalised word of no type; 6 typed by a weak cue.
    pub rule: u8,
}

/// Whether the rules left a name of unknown type in the sentence (rule kinds 3 to 5): only
/// there can the tagger change the mentions, so only such sentences are tagged, in training (for
/// the document feature) as in use.
pub fn needs_tagger(info: &[TokenInfo]) -> bool {
    info.iter().any(|i| (7..=12).contains(&i.rule))
}

/// Lexicon flags of a token.
pub mod flag {
    /// A known given name.
    pub const GIVEN: u32 = 1;
    /// A closed-class word.
    pub const STOP: u32 = 1 << 1;
    /// Ordinary vocabulary of the language.
    pub const COMMON: u32 = 1 << 2;
    /// Ordinary vocabulary of the other language.
    pub const COMMON_OTHER: u32 = 1 << 3;
    /// A demonym or nationality adjective.
    pub const DEMONYM: u32 = 1 << 4;
    /// A time word (day, month).
    pub const TIME: u32 = 1 << 5;
    /// A title on its own ("président").
    pub const TITLE: u32 = 1 << 6;
    /// A title phrase ends right before this token.
    pub const AFTER_TITLE: u32 = 1 << 7;
    /// An honorific ends right before this token.
    pub const AFTER_HONORIFIC: u32 = 1 << 8;
    /// Organization head noun.
    pub const ORG_HEAD: u32 = 1 << 9;
    /// First of the cue kinds: `CUE << k` for cue k.
    pub const CUE: u32 = 1 << 10;
    /// Letters in capitals, two or more.
    pub const ACRONYM: u32 = 1 << 22;
    /// Known abbreviation.
    pub const ABBREVIATION: u32 = 1 << 23;
    /// Adjective.
    pub const ADJECTIVE: u32 = 1 << 24;
}

/// What the whole document says of words: which are written capitalised inside a sentence, which
/// lowercase, and which types the tagger gave them in the sentences before.
#[derive(Debug, Default)]
pub struct DocInfo<'a> {
    /// Lowercase form → (capitalised mid-sentence, written lowercase) counts.
    seen: FxHashMap<&'a str, (u16, u16)>,
    /// Lowercase form → tokens of it the tagger put in a person, organization, place span so far.
    typed: FxHashMap<&'a str, [u16; 3]>,
}

impl<'a> DocInfo<'a> {
    /// Counts every word of the document's sentences: each item is a sentence's words and their lowercase forms.
    pub fn new<'b>(
        sentences: impl IntoIterator<Item = (&'b [&'a str], &'b [&'a str])>,
    ) -> DocInfo<'a>
    where
        'a: 'b,
    {
        let mut seen: FxHashMap<&'a str, (u16, u16)> = FxHashMap::default();
        for (words, lower) in sentences {
            for (i, (w, l)) in words.iter().zip(lower).enumerate() {
                let cap = w.chars().next().is_some_and(char::is_uppercase);
                if !cap && !w.chars().next().is_some_and(char::is_lowercase) {
                    continue;
                }
                let e = seen.entry(*l).or_default();
                if cap && i > 0 {
                    e.0 = e.0.saturating_add(1);
                } else if !cap {
                    e.1 = e.1.saturating_add(1);
                }
            }
        }
        DocInfo {
            seen,
            typed: FxHashMap::default(),
        }
    }

    /// How often the word is written capitalised inside a sentence, and lowercase, in the document.
    pub(crate) fn counts(&self, lower: &str) -> (u16, u16) {
        self.seen.get(lower).copied().unwrap_or_default()
    }

    /// Remembers the types the tagger gave a sentence's words, for the sentences after it: the
    /// first mention of a name has the context ("le maire de X", "X Inc.") that later ones lack.
    pub fn record(&mut self, lower: &[&'a str], labels: &[Label]) {
        for (l, &label) in lower.iter().zip(labels) {
            if let Some(k) = kind_of(label) {
                let e = self.typed.entry(*l).or_default();
                e[k as usize] = e[k as usize].saturating_add(1);
            }
        }
    }

    /// Remembers the types the rules gave a sentence's words (firm types only), for a sentence
    /// left untagged because it holds no name of unknown type ([`needs_tagger`]).
    pub fn record_rules(&mut self, lower: &[&'a str], info: &[TokenInfo]) {
        let labels: Vec<Label> = info
            .iter()
            .map(|i| if (1..=6).contains(&i.rule) { i.rule } else { 0 })
            .collect();
        self.record(lower, &labels);
    }

    /// The type the tagger gave this word most often before: 0 none, 1 + kind.
    fn earlier_type(&self, lower: &str) -> u64 {
        match self.typed.get(lower) {
            Some(c) => {
                1 + (0..3)
                    .max_by_key(|&k| (c[k], std::cmp::Reverse(k)))
                    .unwrap_or(0) as u64
            }
            None => 0,
        }
    }
}

/// The label before the first token of a sentence.
const FIRST: Label = 7;
