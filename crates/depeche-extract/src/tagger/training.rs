//! Training: averaged perceptron updates over annotated documents, and tagging them to score.

use super::features::{static_features, transition_features};
use super::model::{bucket, Lattice};
use super::{needs_tagger, DocInfo, Label, Model, SentenceInput, TokenInfo, FIRST, STRIDE};
use crate::article::Lang;

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

    pub(super) fn update(&mut self, feats: &[u64], label: Label, delta: f32) {
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

pub(super) type DocWords<'a> = (Vec<Vec<&'a str>>, Vec<Vec<&'a str>>);

/// The words and lowercase words of each sentence of a training document, borrowed.
pub(super) fn doc_words(d: &TrainDoc) -> DocWords<'_> {
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
