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

use crate::article::Lang;
use rustc_hash::FxHashMap;
use std::io::{Read, Write};
use std::sync::OnceLock;

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

/// FNV-1a of a string: stable across builds and platforms, so the model stays valid.
fn fnv(value: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in value.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// A feature of template `t` over one or two value hashes.
fn mix(t: u64, a: u64, b: u64) -> u64 {
    let mut h = (a ^ t.wrapping_mul(0x9E3779B97F4A7C15)).wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 32;
    h = (h ^ b.rotate_left(23)).wrapping_mul(0xc4ceb9fe1a85ec53);
    h ^ (h >> 29)
}

fn fhash(template: u64, value: &str) -> u64 {
    mix(template, fnv(value), 0)
}

/// Word shape: "Xxxx" → "Xx", "ONU" → "X", "G7" → "Xd", "l'" → "x'".
#[cfg(test)]
fn shape(w: &str) -> String {
    let mut out = String::new();
    shape_chars(w, |c| out.push(c));
    out
}

/// The characters of a word's shape, given one by one: letters and digits collapse to their
/// class, repeats to one, and at most seven are given.
fn shape_chars(w: &str, mut emit: impl FnMut(char)) {
    let mut last = '\0';
    let mut len = 0;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            emit(s);
            len += s.len_utf8();
            last = s;
        }
        if len > 6 {
            break;
        }
    }
}

/// [`fnv`] of a word's shape, without building the string: one per token of every sentence.
fn shape_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut buf = [0u8; 4];
    shape_chars(w, |c| {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    });
    h
}

fn prefix(w: &str, n: usize) -> &str {
    w.char_indices().nth(n).map_or(w, |(k, _)| &w[..k])
}

fn suffix(w: &str, n: usize) -> &str {
    let count = w.chars().count();
    if count <= n {
        return w;
    }
    w.char_indices().nth(count - n).map_or(w, |(k, _)| &w[k..])
}

/// A sentence as the tagger reads it.
pub struct SentenceInput<'a> {
    /// Tokens as written.
    pub words: &'a [&'a str],
    /// Their lowercase forms.
    pub lower: &'a [&'a str],
    /// What the lexicons say of each.
    pub info: &'a [TokenInfo],
}

const START: u64 = 0x53_5441_5254; // "START"
const END: u64 = 0x45_4e44; // "END"

/// The features of every token that do not depend on the labels before it: token `i`'s are
/// `feats[starts[i]..starts[i + 1]]`, and its shape feature is the first.
fn static_features(
    s: &SentenceInput,
    lang: Lang,
    doc: &DocInfo,
    feats: &mut Vec<u64>,
    starts: &mut Vec<usize>,
) {
    let n = s.words.len();
    let lang_h = match lang {
        Lang::Fr => 1,
        Lang::En => 2,
    };
    // Each token's word, lowercase and shape hashed once; neighbours combine these.
    let hl: Vec<u64> = s.lower.iter().map(|l| fnv(l)).collect();
    let hs: Vec<u64> = s.words.iter().map(|w| shape_hash(w)).collect();
    let at = |v: &[u64], k: isize| -> u64 {
        if k < 0 {
            START
        } else if k as usize >= n {
            END
        } else {
            v[k as usize]
        }
    };
    feats.clear();
    starts.clear();
    for i in 0..n {
        starts.push(feats.len());
        let ii = i as isize;
        let (w, l) = (s.words[i], s.lower[i]);
        let f = &mut *feats;
        f.push(mix(3, hs[i], lang_h));
        f.push(mix(0, lang_h, 0));
        f.push(fhash(1, w));
        f.push(mix(2, hl[i], 0));
        for k in 1..=3 {
            f.push(fhash(4 + k as u64, prefix(l, k)));
        }
        for k in 2..=4 {
            f.push(fhash(8 + k as u64, suffix(l, k)));
        }
        f.push(mix(13, at(&hl, ii - 1), 0));
        f.push(mix(14, at(&hl, ii + 1), 0));
        f.push(mix(15, at(&hl, ii - 2), 0));
        f.push(mix(16, at(&hl, ii + 2), 0));
        f.push(mix(17, at(&hl, ii - 1), hl[i]));
        f.push(mix(18, hl[i], at(&hl, ii + 1)));
        f.push(mix(19, at(&hs, ii - 1), hs[i]));
        f.push(mix(20, hs[i], at(&hs, ii + 1)));
        f.push(mix(21, at(&hs, ii - 1), 0));
        f.push(mix(22, at(&hs, ii + 1), 0));
        let position: u64 = match i {
            0 => 1,
            1 if matches!(s.words[0], "«" | "\"" | "(" | "–" | "-" | "“") => 1,
            _ if i + 1 == n => 2,
            _ => 3,
        };
        f.push(mix(23, position, hs[i]));
        let info = s.info[i];
        let mut bits = info.flags;
        while bits != 0 {
            let b = u64::from(bits.trailing_zeros());
            bits &= bits - 1;
            f.push(mix(24, b, u64::from(position == 1)));
            // The same flag in this language: a given name or a rule's guess means more in one
            // language's text than in the other's (Daumé's "frustratingly easy" adaptation).
            f.push(mix(40, b, lang_h));
        }
        if info.gaz != 0 {
            f.push(mix(25, u64::from(info.gaz), 0));
            f.push(mix(26, u64::from(info.gaz), hs[i]));
        }
        for (d, t) in [(-1isize, 27u64), (1, 28)] {
            let k = ii + d;
            if k >= 0 && (k as usize) < n {
                let o = s.info[k as usize];
                let mut bits = o.flags;
                while bits != 0 {
                    let b = u64::from(bits.trailing_zeros());
                    bits &= bits - 1;
                    f.push(mix(t, b, 0));
                }
                if o.gaz != 0 {
                    f.push(mix(t, 100 + u64::from(o.gaz), 0));
                }
            }
        }
        // What the rules found here: the tagger learns when to trust them.
        let rule = u64::from(info.rule);
        f.push(mix(34, rule, 0));
        f.push(mix(41, rule, lang_h));
        f.push(mix(35, rule, hs[i]));
        f.push(mix(36, rule, at_rule(s, ii - 1)));
        f.push(mix(37, rule, at_rule(s, ii + 1)));
        // The same word elsewhere in the article: capitalised inside a sentence is a name, written
        // lowercase is ordinary vocabulary.
        if w.chars().next().is_some_and(char::is_uppercase) {
            let (mid, low) = doc.counts(l);
            let mid_elsewhere = u64::from(mid.saturating_sub(u16::from(i > 0)) > 0);
            f.push(mix(29, mid_elsewhere, u64::from(low > 0)));
            f.push(mix(30, mid_elsewhere, position));
            // The type the tagger gave the word in the sentences before.
            let earlier = doc.earlier_type(l);
            if earlier != 0 {
                f.push(mix(38, earlier, 0));
                f.push(mix(39, earlier, u64::from(info.rule)));
            }
        }
    }
    starts.push(feats.len());
}

fn at_rule(s: &SentenceInput, k: isize) -> u64 {
    if k < 0 || k as usize >= s.info.len() {
        99
    } else {
        u64::from(s.info[k as usize].rule)
    }
}

/// The label before the first token of a sentence.
const FIRST: Label = 7;

/// The features of the pair (label before, label here) at a token whose shape feature is `shape_f`.
fn transition_features(prev: Label, shape_f: u64) -> [u64; 2] {
    [
        mix(31, u64::from(prev), 0),
        mix(33, u64::from(prev), shape_f),
    ]
}

/// A score that Viterbi decoding adds and compares: the model's integers, the trainer's floats.
trait Score: Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self> {
    /// Below any reachable score, and safe to add two of.
    const NONE: Self;
    const ZERO: Self;
}

impl Score for i32 {
    const NONE: i32 = i32::MIN / 4;
    const ZERO: i32 = 0;
}

impl Score for f32 {
    const NONE: f32 = -1e30;
    const ZERO: f32 = 0.0;
}

/// Scores of a sentence: per token, each label's feature score, and each (label before, label)
/// pair's transition score (row [`FIRST`] for the first token).
struct Lattice<T> {
    emit: Vec<[T; STRIDE]>,
    trans: Vec<[[T; STRIDE]; STRIDE]>,
    /// Viterbi's best score of each label at each token, the label before it on that path, and
    /// the best completion of each label to the end: kept between sentences, as allocations.
    delta: Vec<[T; STRIDE]>,
    back: Vec<[Label; STRIDE]>,
    beta: Vec<[T; STRIDE]>,
}

impl<T: Score> Lattice<T> {
    fn new() -> Self {
        Lattice {
            emit: Vec::new(),
            trans: Vec::new(),
            delta: Vec::new(),
            back: Vec::new(),
            beta: Vec::new(),
        }
    }

    /// Fills the lattice from the static features, reading a feature's label weights with `read`.
    fn fill(&mut self, feats: &[u64], starts: &[usize], read: impl Fn(u64, &mut [T; STRIDE])) {
        let n = starts.len() - 1;
        self.emit.clear();
        self.trans.clear();
        for i in 0..n {
            let f = &feats[starts[i]..starts[i + 1]];
            let mut e = [T::ZERO; STRIDE];
            for &h in f {
                read(h, &mut e);
            }
            self.emit.push(e);
            let mut t = [[T::ZERO; STRIDE]; STRIDE];
            let prevs = if i == 0 {
                FIRST..FIRST + 1
            } else {
                0..NLABELS as Label
            };
            for p in prevs {
                for h in transition_features(p, f[0]) {
                    read(h, &mut t[p as usize]);
                }
            }
            self.trans.push(t);
        }
    }

    /// The best label sequence (Viterbi), and, when `margins` is given, each token's margin: the
    /// best sequence's score less the best score of a sequence with another label at that token.
    fn decode(&mut self, labels: &mut Vec<Label>, margins: Option<&mut Vec<T>>) {
        let n = self.emit.len();
        labels.clear();
        if n == 0 {
            return;
        }
        let (delta, back) = (&mut self.delta, &mut self.back);
        delta.clear();
        delta.resize(n, [T::NONE; STRIDE]);
        back.clear();
        back.resize(n, [0; STRIDE]);
        for l in 0..NLABELS as Label {
            if allowed(l, FIRST) {
                delta[0][l as usize] =
                    self.emit[0][l as usize] + self.trans[0][FIRST as usize][l as usize];
            }
        }
        for i in 1..n {
            for l in 0..NLABELS as Label {
                let mut best: Option<(T, Label)> = None;
                for p in 0..NLABELS as Label {
                    if !allowed(l, p) || delta[i - 1][p as usize] <= T::NONE {
                        continue;
                    }
                    let v = delta[i - 1][p as usize] + self.trans[i][p as usize][l as usize];
                    if best.is_none_or(|(b, _)| v > b) {
                        best = Some((v, p));
                    }
                }
                if let Some((v, p)) = best {
                    delta[i][l as usize] = v + self.emit[i][l as usize];
                    back[i][l as usize] = p;
                }
            }
        }
        let mut last: Label = 0;
        for l in 1..NLABELS as Label {
            if delta[n - 1][l as usize] > delta[n - 1][last as usize] {
                last = l;
            }
        }
        labels.resize(n, 0);
        labels[n - 1] = last;
        for i in (1..n).rev() {
            labels[i - 1] = back[i][labels[i] as usize];
        }
        let Some(margins) = margins else { return };
        // Best completion of each label to the end of the sentence.
        let beta = &mut self.beta;
        beta.clear();
        beta.resize(n, [T::ZERO; STRIDE]);
        for i in (0..n - 1).rev() {
            for p in 0..NLABELS as Label {
                let mut best = T::NONE;
                for l in 0..NLABELS as Label {
                    if allowed(l, p) {
                        let v = self.trans[i + 1][p as usize][l as usize]
                            + self.emit[i + 1][l as usize]
                            + beta[i + 1][l as usize];
                        if v > best {
                            best = v;
                        }
                    }
                }
                beta[i][p as usize] = best;
            }
        }
        margins.clear();
        for i in 0..n {
            let chosen = labels[i] as usize;
            let top = delta[i][chosen] + beta[i][chosen];
            let mut other = T::NONE;
            for l in (0..NLABELS).filter(|&l| l != chosen && delta[i][l] > T::NONE) {
                let v = delta[i][l] + beta[i][l];
                if v > other {
                    other = v;
                }
            }
            margins.push(if other <= T::NONE {
                T::ZERO
            } else {
                top - other
            });
        }
    }
}

/// A trained model: 16-bit weights by hashed feature, eight to a feature.
pub struct Model {
    bits: u32,
    weights: Vec<i16>,
}

fn bucket(bits: u32, h: u64) -> usize {
    (h >> (64 - bits)) as usize * STRIDE
}

impl Model {
    /// Labels for one sentence.
    pub fn tag(&self, s: &SentenceInput, lang: Lang, doc: &DocInfo) -> Vec<Label> {
        let mut labels = Vec::new();
        self.decode(s, lang, doc, &mut labels, None);
        labels
    }

    /// Labels for one sentence, with each label's margin over the best sequence that labels the
    /// token otherwise (in weight units).
    pub fn tag_with_margins(
        &self,
        s: &SentenceInput,
        lang: Lang,
        doc: &DocInfo,
    ) -> (Vec<Label>, Vec<i32>) {
        let (mut labels, mut margins) = (Vec::new(), Vec::new());
        self.decode(s, lang, doc, &mut labels, Some(&mut margins));
        (labels, margins)
    }

    fn decode(
        &self,
        s: &SentenceInput,
        lang: Lang,
        doc: &DocInfo,
        labels: &mut Vec<Label>,
        margins: Option<&mut Vec<i32>>,
    ) {
        /// Features and lattice of the sentence being tagged, kept for the next one on the thread.
        type Scratch = (Vec<u64>, Vec<usize>, Lattice<i32>);
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new((Vec::new(), Vec::new(), Lattice::new()));
        }
        SCRATCH.with_borrow_mut(|(feats, starts, lattice)| {
            static_features(s, lang, doc, feats, starts);
            self.fill(lattice, feats, starts);
            lattice.decode(labels, margins);
        });
    }

    fn fill(&self, lattice: &mut Lattice<i32>, feats: &[u64], starts: &[usize]) {
        lattice.fill(feats, starts, |h, out| {
            let b = bucket(self.bits, h);
            let w: &[i16; STRIDE] = self.weights[b..b + STRIDE].try_into().expect("a stride");
            for k in 0..STRIDE {
                out[k] += i32::from(w[k]);
            }
        });
    }

    /// Rounds trained weights to 16 bits: the largest maps to 32767.
    fn quantize(bits: u32, weights: &[f32]) -> Model {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        Model {
            bits,
            weights: weights.iter().map(|w| (w / scale).round() as i16).collect(),
        }
    }

    /// The model as bytes: magic, bucket bits, then the 16-bit weights, all zlib-compressed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity(12 + self.weights.len() * 2);
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&self.bits.to_le_bytes());
        for w in &self.weights {
            raw.extend_from_slice(&w.to_le_bytes());
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&raw).expect("writing to memory");
        z.finish().expect("writing to memory")
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, TaggerError> {
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(bytes).read_to_end(&mut raw)?;
        if raw.len() < 12 || &raw[..8] != MAGIC {
            return Err(TaggerError::Format("wrong header".into()));
        }
        let bits = u32::from_le_bytes(raw[8..12].try_into().expect("4 bytes"));
        if !(8..=24).contains(&bits) || raw.len() != 12 + (1usize << bits) * STRIDE * 2 {
            return Err(TaggerError::Format(format!(
                "{} bytes for {bits} bucket bits",
                raw.len()
            )));
        }
        let weights = raw[12..]
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Ok(Model { bits, weights })
    }

    /// The model bundled with the binary, if one was trained.
    pub fn bundled() -> Option<&'static Model> {
        static MODEL: OnceLock<Option<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                Model::from_bytes(include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../data/models/tagger.bin"
                )))
                .ok()
            })
            .as_ref()
    }
}

/// Whether label `l` may follow `prev`: an inside label only continues its own type.
fn allowed(l: Label, prev: Label) -> bool {
    l == 0 || l % 2 == 1 || prev == l || prev == l - 1
}

/// One training sentence: its input and gold labels.
pub struct Example {
    /// Tokens.
    pub words: Vec<String>,
    /// Lowercase tokens.
    pub lower: Vec<String>,
    /// Lexicon information.
    pub info: Vec<TokenInfo>,
    /// Gold labels.
    pub gold: Vec<Label>,
}

/// One training document: its language and sentences.
pub struct TrainDoc {
    /// Name, for reports.
    pub name: String,
    /// Language.
    pub lang: Lang,
    /// Sentences.
    pub sentences: Vec<Example>,
}

/// Averaged perceptron training state.
pub struct Trainer {
    bits: u32,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    step: u32,
}

impl Trainer {
    /// A trainer over `2^bits` buckets.
    pub fn new(bits: u32) -> Trainer {
        let n = (1usize << bits) * STRIDE;
        Trainer {
            bits,
            weights: vec![0.0; n],
            totals: vec![0.0; n],
            stamps: vec![0; n],
            step: 0,
        }
    }

    fn update(&mut self, feats: &[u64], label: Label, delta: f32) {
        for &h in feats {
            let k = bucket(self.bits, h) + label as usize;
            let elapsed = f64::from(self.step - self.stamps[k]);
            self.totals[k] += elapsed * f64::from(self.weights[k]);
            self.stamps[k] = self.step;
            self.weights[k] += delta;
        }
    }

    /// One pass over the documents in the given order; returns the tokens tagged wrong.
    pub fn epoch(&mut self, docs: &[&TrainDoc]) -> usize {
        let mut wrong = 0;
        let (mut feats, mut starts) = (Vec::new(), Vec::new());
        let mut lattice: Lattice<f32> = Lattice::new();
        let mut guess = Vec::new();
        for d in docs {
            let (words, lower) = doc_words(d);
            let mut doc = DocInfo::new(
                words
                    .iter()
                    .zip(&lower)
                    .map(|(w, l)| (w.as_slice(), l.as_slice())),
            );
            for (k, ex) in d.sentences.iter().enumerate() {
                let s = SentenceInput {
                    words: &words[k],
                    lower: &lower[k],
                    info: &ex.info,
                };
                static_features(&s, d.lang, &doc, &mut feats, &mut starts);
                let (bits, weights) = (self.bits, &self.weights);
                lattice.fill(&feats, &starts, |h, out| {
                    let b = bucket(bits, h);
                    for (o, w) in out.iter_mut().zip(&weights[b..b + STRIDE]) {
                        *o += w;
                    }
                });
                lattice.decode(&mut guess, None);
                // A structured perceptron: where the best sequence differs from the gold one, the
                // gold features gain and the guessed ones lose, transitions included.
                self.step += 1;
                for i in 0..guess.len() {
                    let f = &feats[starts[i]..starts[i + 1]];
                    let (g, p) = (ex.gold[i], guess[i]);
                    let (gp, pp) = if i == 0 {
                        (FIRST, FIRST)
                    } else {
                        (ex.gold[i - 1], guess[i - 1])
                    };
                    if g != p {
                        wrong += 1;
                        self.update(f, g, 1.0);
                        self.update(f, p, -1.0);
                    }
                    if g != p || gp != pp {
                        self.update(&transition_features(gp, f[0]), g, 1.0);
                        self.update(&transition_features(pp, f[0]), p, -1.0);
                    }
                }
                if needs_tagger(&ex.info) {
                    doc.record(&lower[k], &guess);
                } else {
                    doc.record_rules(&lower[k], &ex.info);
                }
            }
        }
        wrong
    }

    /// The averaged weights as a model.
    pub fn averaged(&self) -> Model {
        let t = f64::from(self.step.max(1));
        let weights: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.totals)
            .zip(&self.stamps)
            .map(|((&w, &tot), &st)| ((tot + f64::from(self.step - st) * f64::from(w)) / t) as f32)
            .collect();
        Model::quantize(self.bits, &weights)
    }
}

type DocWords<'a> = (Vec<Vec<&'a str>>, Vec<Vec<&'a str>>);

/// The words and lowercase words of each sentence of a training document, borrowed.
fn doc_words(d: &TrainDoc) -> DocWords<'_> {
    let words = d
        .sentences
        .iter()
        .map(|e| e.words.iter().map(String::as_str).collect())
        .collect();
    let lower = d
        .sentences
        .iter()
        .map(|e| e.lower.iter().map(String::as_str).collect())
        .collect();
    (words, lower)
}

/// Tags a training document with `model`: the labels of each sentence.
pub fn tag_doc(model: &Model, d: &TrainDoc) -> Vec<Vec<Label>> {
    let (words, lower) = doc_words(d);
    let mut doc = DocInfo::new(
        words
            .iter()
            .zip(&lower)
            .map(|(w, l)| (w.as_slice(), l.as_slice())),
    );
    let mut out = Vec::with_capacity(d.sentences.len());
    for (k, ex) in d.sentences.iter().enumerate() {
        let labels = model.tag(
            &SentenceInput {
                words: &words[k],
                lower: &lower[k],
                info: &ex.info,
            },
            d.lang,
            &doc,
        );
        if needs_tagger(&ex.info) {
            doc.record(&lower[k], &labels);
        } else {
            doc.record_rules(&lower[k], &ex.info);
        }
        out.push(labels);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_bio() {
        assert_eq!(
            spans(&[0, 1, 2, 0, 5, 3, 4, 4]),
            [(1, 3, Kind::Per), (4, 5, Kind::Loc), (5, 8, Kind::Org)]
        );
        assert_eq!(spans(&[2, 4]), [(0, 1, Kind::Per), (1, 2, Kind::Org)]);
    }

    #[test]
    fn viterbi_lets_a_later_word_change_an_earlier_label() {
        // Alone, the first token is best a person (5 > 4); only an organization can go on into
        // the second token's strong inside-organization score, and the whole sequence wins.
        let mut l: Lattice<i32> = Lattice::new();
        let mut e0 = [0; STRIDE];
        e0[1] = 5;
        e0[3] = 4;
        let mut e1 = [0; STRIDE];
        e1[4] = 10;
        l.emit = vec![e0, e1];
        l.trans = vec![[[0; STRIDE]; STRIDE]; 2];
        let (mut labels, mut margins) = (Vec::new(), Vec::new());
        l.decode(&mut labels, Some(&mut margins));
        assert_eq!(labels, [3, 4]);
        // The best sequence that does not begin with B-ORG begins with B-PER: 5 against 14.
        assert_eq!(margins[0], 9);
        assert_eq!(spans(&labels), [(0, 2, Kind::Org)]);
    }

    #[test]
    fn shapes_collapse_repeats() {
        assert_eq!(shape("Paris"), "Xx");
        assert_eq!(shape("ONU"), "X");
        assert_eq!(shape("G7"), "Xd");
        assert_eq!(suffix("armée", 3), "mée");
        assert_eq!(prefix("été", 2), "ét");
        for w in ["Paris", "ONU", "G7", "l'", "Jean-Marc", "Ébène", "1984"] {
            assert_eq!(shape_hash(w), fnv(&shape(w)), "{w}");
        }
    }

    #[test]
    fn a_model_survives_its_bytes_and_learns_a_pattern() {
        let ex = |w: &[&str], g: &[Label]| Example {
            words: w.iter().map(|s| s.to_string()).collect(),
            lower: w.iter().map(|s| s.to_lowercase()).collect(),
            info: vec![TokenInfo::default(); w.len()],
            gold: g.to_vec(),
        };
        let doc = TrainDoc {
            name: "t".into(),
            lang: Lang::En,
            sentences: vec![
                ex(
                    &["Mr", "Zorb", "went", "to", "Quux", "."],
                    &[0, 1, 0, 0, 5, 0],
                ),
                ex(
                    &["Mr", "Blip", "flew", "to", "Fnord", "."],
                    &[0, 1, 0, 0, 5, 0],
                ),
            ],
        };
        let mut t = Trainer::new(12);
        for _ in 0..5 {
            t.epoch(&[&doc]);
        }
        let m = Model::from_bytes(&t.averaged().to_bytes()).unwrap();
        assert_eq!(tag_doc(&m, &doc)[0], [0, 1, 0, 0, 5, 0]);
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}

#[cfg(test)]
mod bundled_tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::mentions::lexical_info;

    fn tagged(words: &[&str], lang: Lang) -> Vec<(String, Kind)> {
        let model = Model::bundled().expect("the bundled model reads");
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        let info = lexical_info(words, Lexicon::bundled(), lang);
        let doc = DocInfo::new([(words, lower.as_slice())]);
        let labels = model.tag(
            &SentenceInput {
                words,
                lower: &lower,
                info: &info,
            },
            lang,
            &doc,
        );
        spans(&labels)
            .into_iter()
            .map(|(a, b, k)| (words[a..b].join(" "), k))
            .collect()
    }

    #[test]
    fn the_bundled_model_finds_names_no_lexicon_lists() {
        // Invented names: only their shape and context say what they are.
        let got = tagged(
            &[
                "Le",
                "maire",
                "de",
                "Kervignol",
                ",",
                "Jean-Marc",
                "Trubadec",
                ",",
                "a",
                "quitté",
                "la",
                "société",
                "Plomex",
                ".",
            ],
            Lang::Fr,
        );
        assert!(
            got.contains(&("Jean-Marc Trubadec".to_string(), Kind::Per)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Kervignol".to_string(), Kind::Loc)),
            "{got:?}"
        );
        let got = tagged(
            &[
                "Senator",
                "Maribeth",
                "Coldwater",
                "spoke",
                "in",
                "Brantville",
                "on",
                "Monday",
                ".",
            ],
            Lang::En,
        );
        assert!(
            got.contains(&("Maribeth Coldwater".to_string(), Kind::Per)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Brantville".to_string(), Kind::Loc)),
            "{got:?}"
        );
    }
}
