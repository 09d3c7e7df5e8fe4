//! One article through every extraction stage, to quads.
//!
//! Like rust-analyzer's parser, extraction never fails as a whole: a sentence it cannot make
//! sense of is skipped and reported in [`Extraction::skipped`], and the rest is still extracted.
//!
//! ```
//! use depeche_extract::article::Article;
//! use depeche_extract::pipeline::{extract, Options};
//! let article = Article::from_text("a.txt", "---\ndate: 2017-09-12\nlang: fr\n---\nLe président tunisien Karim Benali a reçu mardi à Tunis le ministre français des Affaires étrangères Paul Lefort.").unwrap();
//! let out = extract(&article, &Options::default());
//! assert_eq!(out.meetings, 1);
//! ```

use crate::article::Article;
use crate::lexicon::{EventClass, Lexicon};
use crate::{coref, events, lang, mentions, rdf, segment, timex};
use oxrdf::{NamedNode, Quad};

/// Settings for extraction.
#[derive(Debug, Clone)]
pub struct Options {
    /// Base under which instance IRIs are minted.
    pub base: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base: crate::vocab::DEFAULT_BASE.to_string(),
        }
    }
}

/// A sentence the extractor left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Index of the sentence in the article.
    pub sentence: usize,
    /// Why it was skipped.
    pub reason: String,
}

/// What one article yields.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The article IRI, which also names its graph.
    pub graph: NamedNode,
    /// Every quad, all in `graph`, in a deterministic order.
    pub quads: Vec<Quad>,
    /// Number of entities (persons, organizations, places).
    pub entities: usize,
    /// Number of events of any class.
    pub events: usize,
    /// Number of meetings.
    pub meetings: usize,
    /// Sentences left out.
    pub skipped: Vec<Skipped>,
}

/// Runs segmentation, mentions, coreference, events and RDF mapping on one article.
pub fn extract(article: &Article, options: &Options) -> Extraction {
    let lex = Lexicon::bundled();
    let text = article.body.as_str();
    let lang = article.lang.unwrap_or_else(|| lang::detect(text));
    let l = lex.lang(lang);
    let mut skipped = Vec::new();
    let sentences: Vec<segment::Sentence> = segment::segment(text, l)
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| {
            // A "sentence" this long is a table, a list or scraped junk, not prose: rules built
            // for clauses would only produce noise there.
            if s.tokens.len() > MAX_SENTENCE_TOKENS {
                skipped.push(Skipped {
                    sentence: i,
                    reason: format!("{} tokens, more than {MAX_SENTENCE_TOKENS}", s.tokens.len()),
                });
                None
            } else {
                Some(s)
            }
        })
        .collect();
    // Every stage reads the same words: they are cut and lowercased once.
    let words = segment::Words::of(text, &sentences);
    let found = mentions::find_in(&words, lex, lang);
    let resolution = coref::resolve(&found, lex, lang);
    let times: Vec<Vec<timex::Timex>> = words
        .iter()
        .map(|w| timex::find_in(w, l, article.date))
        .collect();
    let evs = events::extract_in(
        &events::Input {
            text,
            sentences: &sentences,
            mentions: &found,
            resolution: &resolution,
            times: &times,
            lex,
            lang,
        },
        &words,
    );
    let (graph, quads) = rdf::quads(&rdf::Input {
        article,
        lang,
        sentences: &sentences,
        entities: &resolution.entities,
        events: &evs,
        lex,
        base: &options.base,
    });
    Extraction {
        graph,
        quads,
        entities: resolution.entities.len(),
        events: evs.len(),
        meetings: evs
            .iter()
            .filter(|e| e.class == EventClass::Meeting)
            .count(),
        skipped,
    }
}

/// Sentences longer than this are skipped and reported.
pub const MAX_SENTENCE_TOKENS: usize = 400;
