//! Entity mentions: persons, organizations and places, with the roles that introduce them.
//!
//! Names come from three kinds of evidence, strongest first: the gazetteer (every country, major
//! city and international body), context cues from the lexicons (a title before a name, a
//! "province de" before a place, an organization head noun with a nationality adjective), and the
//! shape of the name (a known given name, an acronym). A capitalised word with none of these is
//! left out: sentence-initial capitals and capitalised common words are not entities.
//!
//! This file holds the types and the article-wide passes; its parts: `context` (a sentence as the
//! rules read it), `rules` (the rules' mentions), `tagged` (the rules' and the tagger's mentions
//! reconciled), `neighbours` (typing by coordination, acronyms), `tests`.
//!
//! ```
//! use depeche_extract::{article::Lang, lexicon::Lexicon, segment::segment, mentions::{find, EntityType}};
//! let text = "Le président tunisien Karim Benali a reçu à Tunis le chef de l'armée tunisienne.";
//! let lex = Lexicon::bundled();
//! let sentences = segment(text, lex.lang(Lang::Fr));
//! let found = find(text, &sentences, lex, Lang::Fr);
//! let names: Vec<(&str, EntityType)> = found.iter().map(|m| (m.name.as_str(), m.etype)).collect();
//! assert_eq!(names, [("Karim Benali", EntityType::Person), ("Tunis", EntityType::Place),
//!                    ("armée tunisienne", EntityType::Organization)]);
//! assert_eq!(found[0].roles[0].title, "président");
//! ```

mod context;
mod neighbours;
mod rules;
mod tagged;
#[cfg(test)]
mod tests;

use crate::article::Lang;
use crate::lexicon::{GazKind, Lexicon, TitleKind};
use crate::segment::{Sentence, TokenKind, Words};
use crate::tagger::{self, DocInfo, TokenInfo};
use context::Ctx;
use rules::rule_mentions;
use rustc_hash::FxHashMap;
use tagged::{sentence_mentions, ADD, DROP, DROP_UNTYPED, MIN_MARGIN};

/// The three entity types of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A named individual.
    Person,
    /// An organization: ministry, army, party, company, agency, armed group.
    Organization,
    /// A place: country, region, city, site.
    Place,
}

/// An office or title stated next to a person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCue {
    /// The title without nationality: "ministre de la Défense", "président".
    pub title: String,
    /// What kind of title it is.
    pub kind: TitleKind,
    /// The country it is an office of (gazetteer index), from a demonym or "of X".
    pub country: Option<usize>,
}

/// One mention of an entity in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Sentence index.
    pub sentence: usize,
    /// First token of the name.
    pub first: usize,
    /// One past the last token of the name.
    pub end: usize,
    /// First token of the whole phrase (determiner, title), for syntax checks.
    pub phrase_first: usize,
    /// The name as written.
    pub name: String,
    /// Type.
    pub etype: EntityType,
    /// Gazetteer entry, when known.
    pub gaz: Option<usize>,
    /// Finer place kind.
    pub place_kind: Option<GazKind>,
    /// Roles stated with this mention.
    pub roles: Vec<RoleCue>,
    /// Nationality from a demonym next to the mention (gazetteer index of the country).
    pub country: Option<usize>,
    /// Whether the mention carries an honorific ("M.", "Mr").
    pub honorific: bool,
    /// For an acronym defined next to its expansion, the index of that other mention.
    pub defines: Option<usize>,
    /// A single capitalised word with no type evidence: a person only if coreference says so.
    pub tentative: bool,
    /// Typed by a weak cue only ("à X" is a place unless X is a person named elsewhere).
    pub weak: bool,
    /// For a tentative mention: the type it takes when coreference finds nothing to join.
    pub fallback: Option<EntityType>,
    /// Shaped like a name and not ordinary vocabulary, though of unknown type.
    pub name_like: bool,
}

/// What the lexicons and the rules say of each token of a tokenised sentence: the tagger's input,
/// for training on corpora that come tokenised.
pub fn lexical_info(words: &[&str], lex: &Lexicon, lang: Lang) -> Vec<TokenInfo> {
    let words = tokenised_words(words);
    let c = Ctx::new(&words, lex, lang);
    let mut rules = Vec::new();
    rule_mentions(&c, 0, &mut rules);
    c.token_infos(&rules, &mut FxHashMap::default())
}

/// A sentence given as tokens, with each token's kind read from its first character.
fn tokenised_words<'t>(words: &[&'t str]) -> Words<'t> {
    let kinds = words
        .iter()
        .map(|w| match w.chars().next() {
            Some(ch) if ch.is_alphabetic() => TokenKind::Word,
            Some(ch) if ch.is_numeric() => TokenKind::Number,
            _ => TokenKind::Punct,
        })
        .collect();
    Words {
        text: words.to_vec(),
        lower: words.iter().map(|w| crate::lexicon::lowercase(w)).collect(),
        kinds,
    }
}

/// How the tagger's spans and the rules' mentions combine. The defaults were chosen on the
/// development split of the tagger's training corpora (`examples/train_tagger.rs` prints the
/// figures of each setting), never on the evaluation articles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Combine {
    /// The smallest margin (in the model's weight units) of every token of a tagged span for the
    /// span to replace a capitalised word the rules could not type.
    pub min_margin: i32,
    /// The smallest margin of a tagged span over words the rules found nothing in for it to
    /// become a mention; `None`: never.
    pub add: Option<i32>,
    /// The smallest margin of the tagger's "outside" over every word of a mention typed by a
    /// rule (neither from the gazetteer nor with a role, an honorific or an acronym it defines)
    /// for the mention to be dropped; `None`: never.
    pub drop: Option<i32>,
    /// The smallest margin of the tagger's "outside" over every word of a capitalised word of no
    /// known type (no tagged span over it) for it to be no mention at all, rather than a name left
    /// to coreference with a default type; `None`: never.
    pub drop_untyped: Option<i32>,
}

impl Default for Combine {
    fn default() -> Self {
        Combine {
            min_margin: MIN_MARGIN,
            add: ADD,
            drop: DROP,
            drop_untyped: DROP_UNTYPED,
        }
    }
}

/// The mentions of a document given as tokenised sentences, with a given tagger (or none) and
/// combination: for measuring rules and tagger together on annotated corpora.
pub fn find_tokenised(
    sentences: &[Vec<&str>],
    lex: &Lexicon,
    lang: Lang,
    model: Option<&tagger::Model>,
    combine: Combine,
) -> Vec<Mention> {
    let words: Vec<Words> = sentences.iter().map(|s| tokenised_words(s)).collect();
    find_with(&words, lex, lang, model, combine)
}

/// Finds the mentions of every sentence.
pub fn find(text: &str, sentences: &[Sentence], lex: &Lexicon, lang: Lang) -> Vec<Mention> {
    find_in(&Words::of(text, sentences), lex, lang)
}

/// [`find`] on the words of each sentence.
pub(crate) fn find_in(sentences: &[Words], lex: &Lexicon, lang: Lang) -> Vec<Mention> {
    find_with(
        sentences,
        lex,
        lang,
        tagger::Model::bundled(),
        Combine::default(),
    )
}

/// [`find_in`] with a given tagger, or the rules alone.
fn find_with(
    sentences: &[Words],
    lex: &Lexicon,
    lang: Lang,
    model: Option<&tagger::Model>,
    combine: Combine,
) -> Vec<Mention> {
    let mut out = Vec::new();
    let ctxs: Vec<Ctx> = sentences.iter().map(|w| Ctx::new(w, lex, lang)).collect();
    let mut doc = model.map(|_| {
        (
            DocInfo::new(ctxs.iter().map(|c| (c.words, c.lower.as_slice()))),
            FxHashMap::default(),
        )
    });
    for (si, c) in ctxs.iter().enumerate() {
        sentence_mentions(c, si, model.zip(doc.as_mut()), combine, &mut out);
    }
    if model.is_some() {
        one_type_per_name(&mut out);
    }
    out
}

/// One name, one type in an article: a name typed without firm evidence takes the type it has
/// most often, and a single word that ends a person's name is that person's surname.
fn one_type_per_name(ms: &mut [Mention]) {
    let loose = |m: &Mention| !m.tentative && m.gaz.is_none() && m.roles.is_empty() && !m.honorific;
    let mut votes: std::collections::HashMap<String, [usize; 3]> = std::collections::HashMap::new();
    let slot = |t: EntityType| match t {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        EntityType::Place => 2,
    };
    let mut surnames: std::collections::HashSet<String> = std::collections::HashSet::new();
    for m in ms.iter().filter(|m| !m.tentative) {
        votes.entry(m.name.to_lowercase()).or_default()[slot(m.etype)] += 1;
        if m.etype == EntityType::Person && m.end > m.first + 1 {
            if let Some(last) = m.name.rsplit(' ').next() {
                surnames.insert(last.to_lowercase());
            }
        }
    }
    for m in ms.iter_mut().filter(|m| loose(m)) {
        let key = m.name.to_lowercase();
        if m.end == m.first + 1 && surnames.contains(&key) {
            m.etype = EntityType::Person;
            continue;
        }
        let v = votes[&key];
        let top = (0..3)
            .max_by_key(|&k| (v[k], k == slot(m.etype)))
            .unwrap_or(0);
        if v[top] > v[slot(m.etype)] {
            m.etype = [
                EntityType::Person,
                EntityType::Organization,
                EntityType::Place,
            ][top];
        }
    }
}

fn mention(
    si: usize,
    first: usize,
    end: usize,
    phrase_first: usize,
    name: String,
    etype: EntityType,
) -> Mention {
    Mention {
        sentence: si,
        first,
        end,
        phrase_first,
        name,
        etype,
        gaz: None,
        place_kind: None,
        roles: Vec::new(),
        country: None,
        honorific: false,
        defines: None,
        tentative: false,
        weak: false,
        fallback: None,
        name_like: false,
    }
}
