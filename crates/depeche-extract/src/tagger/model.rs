//! The model: hashed weights, Viterbi decoding with per-token margins, loading and saving.

use super::features::{static_features, transition_features};
use super::{DocInfo, Label, SentenceInput, TaggerError, FIRST, MAGIC, NLABELS, STRIDE};
use crate::article::Lang;
use std::io::{Read, Write};
use std::sync::OnceLock;

/// A score that Viterbi decoding adds and compares: the model's integers, the trainer's floats.
pub(super) trait Score:
    Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self>
{
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
pub(super) struct Lattice<T> {
    pub(super) emit: Vec<[T; STRIDE]>,
    pub(super) trans: Vec<[[T; STRIDE]; STRIDE]>,
    /// Viterbi's best score of each label at each token, the label before it on that path, and
    /// the best completion of each label to the end: kept between sentences, as allocations.
    pub(super) delta: Vec<[T; STRIDE]>,
    pub(super) back: Vec<[Label; STRIDE]>,
    pub(super) beta: Vec<[T; STRIDE]>,
}

impl<T: Score> Lattice<T> {
    pub(super) fn new() -> Self {
        Lattice {
            emit: Vec::new(),
            trans: Vec::new(),
            delta: Vec::new(),
            back: Vec::new(),
            beta: Vec::new(),
        }
    }

    /// Fills the lattice from the static features, reading a feature's label weights with `read`.
    pub(super) fn fill(
        &mut self,
        feats: &[u64],
        starts: &[usize],
        read: impl Fn(u64, &mut [T; STRIDE]),
    ) {
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
    pub(super) fn decode(&mut self, labels: &mut Vec<Label>, margins: Option<&mut Vec<T>>) {
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

pub(super) fn bucket(bits: u32, h: u64) -> usize {
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

    pub(super) fn decode(
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

    pub(super) fn fill(&self, lattice: &mut Lattice<i32>, feats: &[u64], starts: &[usize]) {
        lattice.fill(feats, starts, |h, out| {
            let b = bucket(self.bits, h);
            let w: &[i16; STRIDE] = self.weights[b..b + STRIDE].try_into().expect("a stride");
            for k in 0..STRIDE {
                out[k] += i32::from(w[k]);
            }
        });
    }

    /// Rounds trained weights to 16 bits: the largest maps to 32767.
    pub(super) fn quantize(bits: u32, weights: &[f32]) -> Model {
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
pub(super) fn allowed(l: Label, prev: Label) -> bool {
    l == 0 || l % 2 == 1 || prev == l || prev == l - 1
}
