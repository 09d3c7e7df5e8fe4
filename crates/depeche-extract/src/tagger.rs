//! Named-entity tagger: an averaged perceptron over BIO tags, decoded greedily left to right.
//!
//! Ratinov and Roth (2009) showed a perceptron with lexicon features near the best on CoNLL-2003;
//! greedy decoding with the previous tags as features loses little to Viterbi and costs one pass.
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

/// What the whole document says of words: which are written capitalised inside a sentence, which lowercase.
#[derive(Debug, Default)]
pub struct DocInfo<'a> {
    /// Lowercase form → (capitalised mid-sentence, written lowercase) counts.
    seen: FxHashMap<&'a str, (u16, u16)>,
}

impl<'a> DocInfo<'a> {
    /// Counts every word of the document's sentences: each item is a sentence's words and their lowercase forms.
    pub fn new<'b>(sentences: impl IntoIterator<Item = (&'b [&'a str], &'b [&'a str])>) -> DocInfo<'a>
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
        DocInfo { seen }
    }

    fn counts(&self, lower: &str) -> (u16, u16) {
        self.seen.get(lower).copied().unwrap_or_default()
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
fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
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
            out.push(s);
            last = s;
        }
        if out.len() > 6 {
            break;
        }
    }
    out
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

const START: u64 = 0x5354_4152_54;
const END: u64 = 0x454e_44;

/// The features of every token that do not depend on the labels before it: token `i`'s are
/// `feats[starts[i]..starts[i + 1]]`, and its shape feature is the first.
fn static_features(s: &SentenceInput, lang: Lang, doc: &DocInfo, feats: &mut Vec<u64>, starts: &mut Vec<usize>) {
    let n = s.words.len();
    let lang_h = match lang {
        Lang::Fr => 1,
        Lang::En => 2,
    };
    // Each token's word, lowercase and shape hashed once; neighbours combine these.
    let hl: Vec<u64> = s.lower.iter().map(|l| fnv(l)).collect();
    let hs: Vec<u64> = s.words.iter().map(|w| fnv(&shape(w))).collect();
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

/// Features that read the labels already given.
fn label_features(prev: Label, prev2: Label, shape_i: u64, out: &mut Vec<u64>) {
    out.push(mix(31, u64::from(prev), 0));
    out.push(mix(32, u64::from(prev), u64::from(prev2)));
    out.push(mix(33, u64::from(prev), shape_i));
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
    fn score(&self, feats: &[u64], scores: &mut [i32; STRIDE]) {
        for &h in feats {
            let b = bucket(self.bits, h);
            let w: &[i16; STRIDE] = self.weights[b..b + STRIDE].try_into().expect("a stride");
            for k in 0..STRIDE {
                scores[k] += i32::from(w[k]);
            }
        }
    }

    /// Labels for one sentence.
    pub fn tag(&self, s: &SentenceInput, lang: Lang, doc: &DocInfo) -> Vec<Label> {
        self.tag_with_margins(s, lang, doc).0
    }

    /// Labels for one sentence, with each label's margin over the best other label (in weight units).
    pub fn tag_with_margins(&self, s: &SentenceInput, lang: Lang, doc: &DocInfo) -> (Vec<Label>, Vec<i32>) {
        let (mut feats, mut starts) = (Vec::new(), Vec::new());
        static_features(s, lang, doc, &mut feats, &mut starts);
        let n = s.words.len();
        let mut labels = Vec::with_capacity(n);
        let mut margins = Vec::with_capacity(n);
        let mut extra = Vec::with_capacity(4);
        for i in 0..n {
            let f = &feats[starts[i]..starts[i + 1]];
            let prev = if i > 0 { labels[i - 1] } else { 0 };
            let prev2 = if i > 1 { labels[i - 2] } else { 0 };
            extra.clear();
            label_features(prev, prev2, f[0], &mut extra);
            let mut scores = [0i32; STRIDE];
            self.score(f, &mut scores);
            self.score(&extra, &mut scores);
            let l = best(&scores, prev);
            let runner_up = (0..NLABELS as Label).filter(|&k| k != l && allowed(k, prev)).map(|k| scores[k as usize]).max().unwrap_or(0);
            margins.push(scores[l as usize] - runner_up);
            labels.push(l);
        }
        (labels, margins)
    }

    /// Rounds trained weights to 16 bits: the largest maps to 32767.
    fn quantize(bits: u32, weights: &[f32]) -> Model {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        Model { bits, weights: weights.iter().map(|w| (w / scale).round() as i16).collect() }
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
            return Err(TaggerError::Format(format!("{} bytes for {bits} bucket bits", raw.len())));
        }
        let weights = raw[12..].chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
        Ok(Model { bits, weights })
    }

    /// The model bundled with the binary, if one was trained.
    pub fn bundled() -> Option<&'static Model> {
        static MODEL: OnceLock<Option<Model>> = OnceLock::new();
        MODEL.get_or_init(|| Model::from_bytes(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/tagger.bin"))).ok()).as_ref()
    }
}

/// Whether label `l` may follow `prev`: an inside label only continues its own type.
fn allowed(l: Label, prev: Label) -> bool {
    l == 0 || l % 2 == 1 || prev == l || prev == l - 1
}

/// The best label that may follow `prev`: an inside label only continues its own type.
fn best<T: PartialOrd + Copy>(scores: &[T; STRIDE], prev: Label) -> Label {
    let mut best = 0;
    let mut top = scores[0];
    for (l, &s) in scores.iter().enumerate().take(NLABELS) {
        let l = l as Label;
        if !allowed(l, prev) {
            continue;
        }
        if l != 0 && s > top {
            top = s;
            best = l;
        }
    }
    best
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
        Trainer { bits, weights: vec![0.0; n], totals: vec![0.0; n], stamps: vec![0; n], step: 0 }
    }

    fn score(&self, feats: &[u64], scores: &mut [f32; STRIDE]) {
        for &h in feats {
            let b = bucket(self.bits, h);
            for (s, w) in scores.iter_mut().zip(&self.weights[b..b + STRIDE]) {
                *s += w;
            }
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
        let mut extra = Vec::new();
        for d in docs {
            let (words, lower) = doc_words(d);
            let doc = DocInfo::new(words.iter().zip(&lower).map(|(w, l)| (w.as_slice(), l.as_slice())));
            for (k, ex) in d.sentences.iter().enumerate() {
                let s = SentenceInput { words: &words[k], lower: &lower[k], info: &ex.info };
                static_features(&s, d.lang, &doc, &mut feats, &mut starts);
                let mut labels: Vec<Label> = Vec::with_capacity(ex.words.len());
                for i in 0..ex.words.len() {
                    let f = &feats[starts[i]..starts[i + 1]];
                    self.step += 1;
                    // The previous labels as predicted, so that training sees what decoding sees.
                    let prev = if i > 0 { labels[i - 1] } else { 0 };
                    let prev2 = if i > 1 { labels[i - 2] } else { 0 };
                    extra.clear();
                    label_features(prev, prev2, f[0], &mut extra);
                    let mut scores = [0f32; STRIDE];
                    self.score(f, &mut scores);
                    self.score(&extra, &mut scores);
                    let guess = best(&scores, prev);
                    let gold = ex.gold[i];
                    if guess != gold {
                        wrong += 1;
                        self.update(f, gold, 1.0);
                        self.update(&extra, gold, 1.0);
                        self.update(f, guess, -1.0);
                        self.update(&extra, guess, -1.0);
                    }
                    labels.push(guess);
                }
            }
        }
        wrong
    }

    /// The averaged weights as a model.
    pub fn averaged(&self) -> Model {
        let t = f64::from(self.step.max(1));
        let weights: Vec<f32> =
            self.weights.iter().zip(&self.totals).zip(&self.stamps).map(|((&w, &tot), &st)| ((tot + f64::from(self.step - st) * f64::from(w)) / t) as f32).collect();
        Model::quantize(self.bits, &weights)
    }
}

type DocWords<'a> = (Vec<Vec<&'a str>>, Vec<Vec<&'a str>>);

/// The words and lowercase words of each sentence of a training document, borrowed.
fn doc_words(d: &TrainDoc) -> DocWords<'_> {
    let words = d.sentences.iter().map(|e| e.words.iter().map(String::as_str).collect()).collect();
    let lower = d.sentences.iter().map(|e| e.lower.iter().map(String::as_str).collect()).collect();
    (words, lower)
}

/// Tags a training document with `model`: the labels of each sentence.
pub fn tag_doc(model: &Model, d: &TrainDoc) -> Vec<Vec<Label>> {
    let (words, lower) = doc_words(d);
    let doc = DocInfo::new(words.iter().zip(&lower).map(|(w, l)| (w.as_slice(), l.as_slice())));
    d.sentences.iter().enumerate().map(|(k, ex)| model.tag(&SentenceInput { words: &words[k], lower: &lower[k], info: &ex.info }, d.lang, &doc)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_bio() {
        assert_eq!(spans(&[0, 1, 2, 0, 5, 3, 4, 4]), [(1, 3, Kind::Per), (4, 5, Kind::Loc), (5, 8, Kind::Org)]);
        assert_eq!(spans(&[2, 4]), [(0, 1, Kind::Per), (1, 2, Kind::Org)]);
    }

    #[test]
    fn shapes_collapse_repeats() {
        assert_eq!(shape("Paris"), "Xx");
        assert_eq!(shape("ONU"), "X");
        assert_eq!(shape("G7"), "Xd");
        assert_eq!(suffix("armée", 3), "mée");
        assert_eq!(prefix("été", 2), "ét");
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
            sentences: vec![ex(&["Mr", "Zorb", "went", "to", "Quux", "."], &[0, 1, 0, 0, 5, 0]), ex(&["Mr", "Blip", "flew", "to", "Fnord", "."], &[0, 1, 0, 0, 5, 0])],
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
        let labels = model.tag(&SentenceInput { words, lower: &lower, info: &info }, lang, &doc);
        spans(&labels).into_iter().map(|(a, b, k)| (words[a..b].join(" "), k)).collect()
    }

    #[test]
    fn the_bundled_model_finds_names_no_lexicon_lists() {
        // Invented names: only their shape and context say what they are.
        let got = tagged(&["Le", "maire", "de", "Kervignol", ",", "Jean-Marc", "Trubadec", ",", "a", "quitté", "la", "société", "Plomex", "."], Lang::Fr);
        assert!(got.contains(&("Jean-Marc Trubadec".to_string(), Kind::Per)), "{got:?}");
        assert!(got.contains(&("Kervignol".to_string(), Kind::Loc)), "{got:?}");
        let got = tagged(&["Senator", "Maribeth", "Coldwater", "spoke", "in", "Brantville", "on", "Monday", "."], Lang::En);
        assert!(got.contains(&("Maribeth Coldwater".to_string(), Kind::Per)), "{got:?}");
        assert!(got.contains(&("Brantville".to_string(), Kind::Loc)), "{got:?}");
    }
}
