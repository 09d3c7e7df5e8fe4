//! Entity mentions: persons, organizations and places, with the roles that introduce them.
//!
//! Names come from three kinds of evidence, strongest first: the gazetteer (every country, major
//! city and international body), context cues from the lexicons (a title before a name, a
//! "province de" before a place, an organization head noun with a nationality adjective), and the
//! shape of the name (a known given name, an acronym). A capitalised word with none of these is
//! left out: sentence-initial capitals and capitalised common words are not entities.
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

use crate::article::Lang;
use crate::lexicon::{fold, Cue, Folder, FunctionWord, GazKind, LangLexicon, Lexicon, TitleKind};
use crate::segment::{Sentence, TokenKind, Words};
use crate::tagger::{self, flag, DocInfo, Kind, Label, SentenceInput, TokenInfo};
use rustc_hash::FxHashMap;
use std::cell::Cell;

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

/// "al-Bachir", "el-Amin", "ez-Zahra", "bin-Talal": a lowercase particle joined to a capitalised name.
fn prefixed_name(l: &LangLexicon, w: &str) -> bool {
    match w.split_once('-') {
        Some((p, rest)) => {
            l.is_function_word(FunctionWord::NamePrefix, p)
                && rest.chars().next().is_some_and(char::is_uppercase)
        }
        None => false,
    }
}

fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.len() <= 5 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) && w != "I"
}

struct Ctx<'a> {
    lex: &'a Lexicon,
    l: &'a LangLexicon,
    lang: Lang,
    words: &'a [&'a str],
    lower: Vec<&'a str>,
    kinds: &'a [TokenKind],
    gazetteer: Memo<Option<(usize, usize)>>,
    titles: Memo<Option<(usize, TitleKind)>>,
    runs: Memo<Option<usize>>,
}

/// Answers about each token, worked out once: the rules ask the same question of a token many times.
struct Memo<T>(Vec<Cell<Option<T>>>);

impl<T: Copy> Memo<T> {
    fn new(n: usize) -> Self {
        Memo(vec![Cell::new(None); n])
    }

    fn get(&self, i: usize, answer: impl FnOnce() -> T) -> T {
        let Some(cell) = self.0.get(i) else {
            return answer();
        };
        cell.get().unwrap_or_else(|| {
            let value = answer();
            cell.set(Some(value));
            value
        })
    }
}

impl<'a> Ctx<'a> {
    fn new(words: &'a Words<'a>, lex: &'a Lexicon, lang: Lang) -> Self {
        let n = words.text.len();
        Ctx {
            lex,
            l: lex.lang(lang),
            lang,
            words: &words.text,
            lower: words.lower.iter().map(|w| w.as_ref()).collect(),
            kinds: &words.kinds,
            gazetteer: Memo::new(n),
            titles: Memo::new(n),
            runs: Memo::new(n),
        }
    }

    fn n(&self) -> usize {
        self.words.len()
    }

    fn is_cap(&self, i: usize) -> bool {
        self.kinds.get(i) == Some(&TokenKind::Word) && {
            let w = self.words[i];
            w.chars().next().is_some_and(char::is_uppercase) || prefixed_name(self.l, w)
        }
    }

    fn is_acronym(&self, i: usize) -> bool {
        let w = self.words[i];
        // Letters only: "A330" and "F-16" are models, "G7" is in the gazetteer.
        let shaped = |w: &str| {
            w.chars().all(|c| c.is_uppercase() || c == '-')
                && w.chars().nth(1).is_some()
                && !is_roman(w)
        };
        self.kinds[i] == TokenKind::Word
            && if w.contains('.') {
                shaped(&w.replace('.', ""))
            } else {
                shaped(w)
            }
    }

    /// Whether [`Ctx::joined`] puts a space before token `k`.
    fn spaced(&self, k: usize) -> bool {
        !self.words[k - 1].ends_with('\'') && self.words[k] != "'s"
    }

    /// Whether token `i` can start a name: capitalised, not a closed-class or time or title word.
    fn can_start_name(&self, i: usize) -> bool {
        self.is_cap(i)
            && !self.l.is_stopword_lowered(self.lower[i])
            && self.l.time_word_lowered(self.lower[i]).is_none()
            && self.title_word(i).is_none()
            && self.l.demonym_lowered(self.lower[i]).is_none()
    }

    fn joined(&self, from: usize, to: usize) -> String {
        let mut out = String::new();
        for k in from..to {
            if k > from && self.spaced(k) {
                out.push(' ');
            }
            out.push_str(self.words[k]);
        }
        out
    }

    /// A run of capitalised tokens with particles and roman numerals inside: "José Carlos da Costa".
    fn name_run(&self, i: usize) -> Option<usize> {
        self.runs.get(i, || self.find_name_run(i))
    }

    fn find_name_run(&self, i: usize) -> Option<usize> {
        if !self.can_start_name(i) {
            return None;
        }
        let mut end = i + 1;
        loop {
            // "Chrysler LLC Jim Press": a company suffix closes the name.
            if self.l.cue_lowered(self.lower[end - 1]) == Some(Cue::OrgSuffix) {
                break;
            }
            // "United States President X": a title inside a run starts another name.
            if end < self.n()
                && self.title_word(end).is_some()
                && !self.l.is_org_head(self.lower[end])
            {
                break;
            }
            if end < self.n()
                && (self.is_cap(end)
                    && self.l.time_word_lowered(self.lower[end]).is_none()
                    && !self.l.is_stopword_lowered(self.lower[end])
                    || is_roman(self.words[end]))
            {
                end += 1;
                continue;
            }
            // A particle continues the name only if a capitalised word follows it, and not into a
            // known place unless the name is a person's ("la patinoire Tondiraba de Tallinn").
            let into_place =
                || self.gazetteer_at(end + 1).is_some() && !self.lex.is_given_name(self.words[i]);
            if end + 1 < self.n()
                && self
                    .l
                    .is_function_word(FunctionWord::NameParticle, self.lower[end])
                && self.is_cap(end + 1)
                && !self.l.is_stopword_lowered(self.lower[end + 1])
                && self.words[end] != "De"
                && !into_place()
            {
                end += 2;
                continue;
            }
            break;
        }
        Some(end)
    }

    /// The longest gazetteer match starting at `i`, as (end, entry index).
    fn gazetteer_at(&self, i: usize) -> Option<(usize, usize)> {
        self.gazetteer.get(i, || self.find_gazetteer(i))
    }

    fn find_gazetteer(&self, i: usize) -> Option<(usize, usize)> {
        if !(self.is_cap(i) || self.is_acronym(i)) {
            return None;
        }
        let max = (i + self.lex.gazetteer.max_tokens).min(self.n());
        // Names are words: a window never spans punctuation ("Italie ." is not a name).
        let words_end = (i..max)
            .find(|&k| self.kinds[k] != TokenKind::Word)
            .unwrap_or(max);
        // The window is folded once: the folded form of each shorter window is a prefix of it.
        let mut folded =
            Folder::with_capacity(self.words[i..words_end].iter().map(|w| w.len() + 1).sum());
        let mut ends = Vec::with_capacity(words_end - i);
        for k in i..words_end {
            if k > i && self.spaced(k) {
                folded.push_space();
            }
            folded.push_str(self.words[k]);
            ends.push(folded.out.len());
        }
        for end in (i + 1..=words_end).rev() {
            let key = &folded.out[..ends[end - i - 1]];
            if let Some(&entry) = self
                .lex
                .gazetteer
                .ids(key, || self.joined(i, end).replace('.', ""))
                .first()
            {
                return Some((end, entry));
            }
        }
        None
    }

    /// A title phrase at `i`: the title, then nationality, complements and a coordinated title.
    /// Returns the end of the phrase and the roles it states.
    fn title_phrase(&self, i: usize) -> Option<(usize, Vec<RoleCue>, bool)> {
        let (mut end, kind) = self.title_at(i)?;
        let mut roles = Vec::new();
        let mut honorific = kind == TitleKind::Honorific;
        let mut title_words: Vec<String> = vec![self.joined(i, end).to_lowercase()];
        let mut country = None;
        // English "Brazilian President", "United States President": the nationality comes first.
        if self.lang == Lang::En && i >= 1 {
            if let Some(c) = self.l.demonym_lowered(self.lower[i - 1]) {
                country = Some(c);
            }
        }
        loop {
            if end >= self.n() {
                break;
            }
            if let Some(c) = self
                .l
                .demonym_lowered(self.lower[end])
                .filter(|_| !self.is_cap(end) || self.lang == Lang::En)
            {
                country.get_or_insert(c);
                end += 1;
                continue;
            }
            // "de la Défense", "des Affaires étrangères", "of Brazil", "of the People's Republic of China"
            let prep = self.lower[end];
            if self
                .l
                .is_function_word(FunctionWord::PortfolioPreposition, prep)
                && kind != TitleKind::Honorific
            {
                let mut j = end + 1;
                while j < self.n()
                    && (self
                        .l
                        .is_function_word(FunctionWord::Article, self.lower[j])
                        || self
                            .l
                            .is_function_word(FunctionWord::PluralArticle, self.lower[j]))
                {
                    j += 1;
                }
                if j >= self.n() {
                    break;
                }
                if let Some((gend, entry)) = self.gazetteer_at(j) {
                    if self.lex.gazetteer.entries[entry].kind == GazKind::Country {
                        country.get_or_insert(entry);
                        title_words.push(self.joined(end, gend));
                        end = gend;
                        continue;
                    }
                    // "procureur de la République de Chambéry": a city or region is the office's
                    // seat, an entity of its own, not part of the title.
                    break;
                }
                let portfolio = self.is_cap(j)
                    || (self.lang == Lang::Fr
                        && self.kinds[j] == TokenKind::Word
                        && !self.l.is_stopword_lowered(self.lower[j])
                        && j == end + 2
                        && self.l.is_org_head(self.lower[j]));
                if !portfolio {
                    break;
                }
                let mut k = j + 1;
                // Lowercase adjectives of the portfolio: "Affaires étrangères"; capitals: "Science and Technology".
                while k < self.n()
                    && self.kinds[k] == TokenKind::Word
                    && !self.is_cap(k)
                    && !self.l.is_stopword_lowered(self.lower[k])
                    && self.l.demonym_lowered(self.lower[k]).is_none()
                    && self.lang == Lang::Fr
                    && self.l.time_word_lowered(self.lower[k]).is_none()
                    && !self
                        .l
                        .is_function_word(FunctionWord::FiniteVerb, self.lower[k])
                {
                    k += 1;
                }
                // A capitalised word right after a portfolio starts the name, so the portfolio is one word long.
                title_words.push(self.joined(end, k));
                end = k;
                continue;
            }
            // "et général de l'armée": a second title for the same person.
            if self.l.is_function_word(FunctionWord::Conjunction, prep) {
                if let Some((e2, mut more, h2)) = self.title_phrase(end + 1) {
                    roles.push(RoleCue {
                        title: title_words.join(" "),
                        kind,
                        country,
                    });
                    roles.append(&mut more);
                    return Some((e2, roles, honorific || h2));
                }
            }
            // "M. le président", "Mr President": an honorific before a title.
            if honorific {
                if let Some((e2, mut more, _)) = self.title_phrase(end) {
                    roles.append(&mut more);
                    return Some((e2, roles, true));
                }
            }
            break;
        }
        if kind == TitleKind::Honorific {
            honorific = true;
        } else {
            roles.push(RoleCue {
                title: title_words.join(" "),
                kind,
                country,
            });
        }
        Some((end, roles, honorific))
    }

    fn title_at(&self, i: usize) -> Option<(usize, TitleKind)> {
        self.titles.get(i, || self.find_title(i))
    }

    fn find_title(&self, i: usize) -> Option<(usize, TitleKind)> {
        let max = (i + self.l.max_title_tokens).min(self.n());
        if max <= i {
            return None;
        }
        // Every phrase from `i` starts with its word, unless that word is glued to the next one.
        let glued = i + 1 < max && !self.spaced(i + 1);
        // Most words are lowercase already: one lookup answers for both forms.
        if !glued
            && !self.l.may_start_title(self.words[i])
            && (self.lower[i] == self.words[i] || !self.l.may_start_title(self.lower[i]))
        {
            return None;
        }
        // Lowercasing word by word is lowercasing the phrase, but for a final sigma.
        let sigma = self.words[i..max].iter().any(|w| w.contains('Σ'));
        let (mut phrase, mut lower, mut ends) = (String::new(), String::new(), Vec::new());
        for k in i..max {
            if k > i && self.spaced(k) {
                phrase.push(' ');
                lower.push(' ');
            }
            phrase.push_str(self.words[k]);
            lower.push_str(self.lower[k]);
            ends.push((phrase.len(), lower.len()));
        }
        for end in (i + 1..=max).rev() {
            let (p, l) = ends[end - i - 1];
            let kind = if sigma {
                self.l.title(&phrase[..p])
            } else {
                self.l.title_lowered(&phrase[..p], &lower[..l])
            };
            if let Some(kind) = kind {
                return Some((end, kind));
            }
        }
        None
    }

    /// The title that token `i` is on its own.
    fn title_word(&self, i: usize) -> Option<TitleKind> {
        self.l.title_lowered(self.words[i], self.lower[i])
    }

    fn prev_word(&self, i: usize) -> Option<&str> {
        i.checked_sub(1).map(|k| self.lower[k])
    }

    /// Where the phrase of a name at `i` starts: determiners before it belong to it, for the
    /// subject test in the event stage.
    fn det_start(&self, i: usize) -> usize {
        let mut k = i;
        while k > 0
            && self
                .l
                .is_function_word(FunctionWord::NameDeterminer, self.lower[k - 1])
        {
            k -= 1;
        }
        k
    }

    /// The lexicon flags of word `i`: a function of the word as written alone.
    fn word_flags(&self, i: usize, other: &LangLexicon) -> u32 {
        let (w, l) = (self.words[i], self.lower[i]);
        let mut f = 0;
        let mut set = |cond: bool, bit: u32| {
            if cond {
                f |= bit;
            }
        };
        set(self.lex.is_given_name(w), flag::GIVEN);
        set(self.l.is_stopword_lowered(l), flag::STOP);
        set(self.l.is_common_word(l), flag::COMMON);
        set(other.is_common_word(l), flag::COMMON_OTHER);
        set(self.l.demonym_lowered(l).is_some(), flag::DEMONYM);
        set(self.l.time_word_lowered(l).is_some(), flag::TIME);
        set(self.title_word(i).is_some(), flag::TITLE);
        set(self.l.is_org_head(l), flag::ORG_HEAD);
        set(self.is_acronym(i), flag::ACRONYM);
        set(self.l.is_abbreviation(w), flag::ABBREVIATION);
        set(self.l.is_adjective(l), flag::ADJECTIVE);
        if let Some(slot) = self.l.cue_lowered(l).and_then(cue_feature_slot) {
            f |= flag::CUE << slot;
        }
        f
    }

    /// What the lexicons and the rules' mentions say of each token: the tagger's input. A word's
    /// lexicon flags depend on the word alone, and are looked up once per document in `flags`:
    /// the word lists are searched, not hashed, and most words of an article recur.
    fn token_infos(
        &self,
        rules: &[Mention],
        flags: &mut FxHashMap<&'a str, u32>,
    ) -> Vec<TokenInfo> {
        let n = self.n();
        let mut out = vec![TokenInfo::default(); n];
        for m in rules {
            let kind: u8 = match (m.tentative, m.etype, m.fallback) {
                (false, EntityType::Person, _) => 0,
                (false, EntityType::Organization, _) => 1,
                (false, EntityType::Place, _) => 2,
                (true, _, Some(EntityType::Person)) => 3,
                (true, _, Some(_)) => 4,
                (true, _, None) => 5,
            };
            let kind = if m.weak { 6 } else { kind };
            for (k, info) in out.iter_mut().enumerate().take(m.end.min(n)).skip(m.first) {
                info.rule = 1 + kind * 2 + u8::from(k > m.first);
            }
        }
        let other = self.lex.lang(match self.lang {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        });
        for i in 0..n {
            if self.kinds[i] != TokenKind::Word {
                continue;
            }
            let w = self.words[i];
            let f = *flags.entry(w).or_insert_with(|| self.word_flags(i, other));
            out[i].flags |= f;
            if let Some((end, kind)) = self.title_at(i) {
                if end < n {
                    out[end].flags |= if kind == TitleKind::Honorific {
                        flag::AFTER_HONORIFIC
                    } else {
                        flag::AFTER_TITLE
                    };
                }
            }
            if let Some((end, entry)) = self.gazetteer_at(i) {
                let kind = self.lex.gazetteer.entries[entry].kind as u8;
                for (k, info) in out.iter_mut().enumerate().take(end).skip(i) {
                    if info.gaz == 0 {
                        info.gaz = 1 + kind * 2 + u8::from(k > i);
                    }
                }
            }
        }
        out
    }
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

/// The tagger, what it remembers of the document, and the lexicon flags of the document's words.
type TaggerState<'m, 'a> = (
    &'m tagger::Model,
    &'m mut (DocInfo<'a>, FxHashMap<&'a str, u32>),
);

fn sentence_mentions<'a>(
    c: &Ctx<'a>,
    si: usize,
    tagger: Option<TaggerState<'_, 'a>>,
    combine: Combine,
    out: &mut Vec<Mention>,
) {
    let start_len = out.len();
    rule_mentions(c, si, out);
    if let Some((model, (doc, flags))) = tagger {
        let rules = out.split_off(start_len);
        // The tagger only types names the rules left untyped: a sentence with none is not tagged,
        // and its firm mentions are what the document remembers of it.
        if combine.add.is_none()
            && combine.drop.is_none()
            && !rules.iter().any(|m| m.tentative && !m.weak)
        {
            let mut labels = vec![0; c.n()];
            for m in rules.iter().filter(|m| !m.weak) {
                let kind = match m.etype {
                    EntityType::Person => Kind::Per,
                    EntityType::Organization => Kind::Org,
                    EntityType::Place => Kind::Loc,
                };
                for (k, l) in labels
                    .iter_mut()
                    .enumerate()
                    .take(m.end.min(c.n()))
                    .skip(m.first)
                {
                    *l = tagger::label_of(kind, k == m.first);
                }
            }
            doc.record(&c.lower, &labels);
            out.extend(rules);
        } else {
            let info = c.token_infos(&rules, flags);
            let (labels, margins) = model.tag_with_margins(
                &SentenceInput {
                    words: c.words,
                    lower: &c.lower,
                    info: &info,
                },
                c.lang,
                doc,
            );
            doc.record(&c.lower, &labels);
            // Each span with its least sure token: below the margins, the rules' answer stands.
            // A title at either end of a span is no part of the name ("Zentair CEO" is no person):
            // the span is cut to its core, as the guidelines cut names.
            let title = |k: usize| info[k].flags & flag::TITLE != 0;
            let spans: Vec<_> = tagger::spans(&labels)
                .into_iter()
                .filter_map(|(mut a, mut b, k)| {
                    while a < b && title(a) {
                        a += 1;
                    }
                    while a < b && title(b - 1) {
                        b -= 1;
                    }
                    (a < b).then(|| (a, b, k, margins[a..b].iter().copied().min().unwrap_or(0)))
                })
                .collect();
            let mut rules = rules;
            if let Some(margin) = combine.drop {
                // The tagger learned names, not institutions written as common nouns ("l'armée
                // italienne"): a mention that opens lowercase is the rules' alone.
                let firm_by_rule = |m: &Mention| {
                    !m.tentative
                        && m.gaz.is_none()
                        && m.roles.is_empty()
                        && !m.honorific
                        && m.defines.is_none()
                        && c.is_cap(m.first)
                };
                rules.retain(|m| {
                    !(firm_by_rule(m)
                        && (m.first..m.end.min(c.n()))
                            .all(|k| labels[k] == 0 && margins[k] >= margin))
                });
            }
            // A span the tagger finds on its own must hold a word shaped like a name: capitalised
            // ordinary words are no name on their own.
            let addable: Vec<bool> = spans
                .iter()
                .map(|&(a, b, _, _)| {
                    (a..b).any(|k| c.is_cap(k) && info[k].flags & (flag::COMMON | flag::STOP) == 0)
                })
                .collect();
            // A word shaped like a name (no ordinary word, adjective or demonym) and written
            // capitalised inside another sentence too is a name the article returns to (a
            // surname before the full name): it is not dropped as no name.
            let plain = flag::COMMON | flag::STOP | flag::DEMONYM | flag::ADJECTIVE;
            let recurs: Vec<bool> = (0..c.n())
                .map(|k| {
                    info[k].flags & plain == 0
                        && doc.counts(c.lower[k]).0 > u16::from(k > 0 && c.is_cap(k))
                })
                .collect();
            out.extend(reconcile(
                c,
                si,
                rules,
                (&labels, &margins, &recurs),
                &spans,
                &addable,
                combine,
            ));
        }
    }
    link_acronyms(c, &mut out[start_len..], start_len);
    type_by_coordination(c, &mut out[start_len..]);
}

/// The mentions the rules find in a sentence.
fn rule_mentions(c: &Ctx, si: usize, out: &mut Vec<Mention>) {
    let n = c.n();
    let mut i = 0;
    let det_start = |i: usize| c.det_start(i);
    while i < n {
        // 1. A title phrase followed by a name: a person with a role.
        if let Some((end, roles, honorific)) = c.title_phrase(i) {
            let mut name_at = end;
            // Apposition: "the President of Peru, José Carlos da Costa".
            if name_at < n && c.words[name_at] == "," && !roles.is_empty() {
                name_at += 1;
            }
            // "St. John's", "Saint Paul's": a saint's name in the possessive names a place or a church.
            let possessive_saint = |e: usize| {
                c.words.get(e) == Some(&"'s")
                    && roles.iter().any(|r| r.kind == TitleKind::Religious)
            };
            // "General Motors", "General Electric Company": a title opening an organization's name.
            let names_an_org = |e: usize| {
                (i..=e.min(c.n() - 1)).any(|k| {
                    c.is_cap(k)
                        && (c.l.is_org_head(c.lower[k])
                            || c.l.cue_lowered(c.lower[k]) == Some(Cue::OrgSuffix)
                            || c.l.cue_lowered(c.lower[k]) == Some(Cue::PlaceHead))
                })
            };
            if let Some(org_end) = c
                .name_run(name_at)
                .filter(|&e| names_an_org(e) && c.is_cap(i))
            {
                // "General Motors Corporation": the title word is the first word of a company name.
                out.push(mention(
                    si,
                    i,
                    org_end,
                    det_start(i),
                    c.joined(i, org_end),
                    EntityType::Organization,
                ));
                i = org_end;
                continue;
            }
            if let Some(name_end) = c
                .name_run(name_at)
                .filter(|&e| !possessive_saint(e) && !names_an_org(e))
                .filter(|_| {
                    c.gazetteer_at(name_at).is_none_or(|(e, g)| {
                        c.lex.gazetteer.entries[g].kind != GazKind::Country
                            || e < c.name_run(name_at).unwrap_or(e)
                    })
                })
            {
                let mut m = mention(
                    si,
                    name_at,
                    name_end,
                    det_start(i),
                    c.joined(name_at, name_end),
                    EntityType::Person,
                );
                m.roles = roles;
                m.honorific = honorific;
                m.country = m.roles.iter().find_map(|r| r.country);
                out.push(m);
                i = name_end;
                continue;
            }
            // A title with no name: an apposition after a name ("Li Wei, the President of ...").
            // The title's determiner may reach back into the previous mention ("Le Dr. d'"): then
            // nothing stands between them and it is no apposition.
            if let Some(prev) = out.last_mut().filter(|m| {
                m.sentence == si && m.etype == EntityType::Person && m.end <= det_start(i)
            }) {
                let between: Vec<&str> = c.words[prev.end..det_start(i)].to_vec();
                if between == [","] && !roles.is_empty() && prev.roles.is_empty() {
                    // A role in apposition is type evidence for a name that had none.
                    prev.tentative = false;
                    prev.roles = roles;
                    prev.country = prev.roles.iter().find_map(|r| r.country);
                }
            }
            // The phrase's complement may name an organization or place ("le chef de l'armée
            // tunisienne", "the President of China"): scan on inside it.
            i += 1;
            continue;
        }
        // 2. An institution or place named around its head noun: "ministère russe de la Défense".
        if let Some((first, end, etype, country)) = institution_phrase(c, i) {
            let mut m = mention(
                si,
                first,
                end,
                det_start(first),
                c.joined(first, end),
                etype,
            );
            m.country = country;
            out.push(m);
            // Names nested inside stay names of their own: "tribunal correctionnel de Paris". The
            // scan goes on after the head noun, so the head does not open a shorter copy.
            let opened_by_adjective =
                c.l.cue_lowered(c.lower[first]) == Some(Cue::NameAdjective) && first + 1 < end;
            i = first + if opened_by_adjective { 2 } else { 1 };
            continue;
        }
        // 3. The gazetteer.
        if let Some((end, entry)) = c.gazetteer_at(i) {
            let run_end = c.name_run(i).unwrap_or(end);
            // "Paris Saint-Germain" is not Paris: a longer capitalised run wins unless it is a title.
            if run_end <= end
                || c.lex
                    .gazetteer
                    .lookup(&c.joined(i, run_end))
                    .next()
                    .is_some()
            {
                let e = &c.lex.gazetteer.entries[entry];
                let etype = if e.kind == GazKind::Organization {
                    EntityType::Organization
                } else {
                    EntityType::Place
                };
                let mut m = mention(si, i, end, det_start(i), c.joined(i, end), etype);
                m.gaz = Some(entry);
                m.place_kind = (etype == EntityType::Place).then_some(e.kind);
                out.push(m);
                i = end;
                continue;
            }
        }
        // "selon Le Monde", "au Caire", "à La Paz": a capitalised article inside a sentence is part
        // of a name (a newspaper, a city).
        // The articles are French only (`name_article`): "The" opens English sentences, not names.
        if i > 0
            && c.l.is_function_word(FunctionWord::NameArticle, c.words[i])
            && !matches!(c.words[i - 1], "«" | "\"" | "(" | ":" | "–" | "-")
        {
            if let Some(end) = c
                .name_run(i + 1)
                .filter(|_| i + 1 < c.n() && c.is_cap(i + 1))
            {
                let name = c.joined(i, end);
                let gaz = c.lex.gazetteer.lookup(&name).next().map(|e| e.index);
                let etype = match gaz.map(|g| c.lex.gazetteer.entries[g].kind) {
                    Some(GazKind::Organization) | None => EntityType::Organization,
                    Some(_) => EntityType::Place,
                };
                let mut m = mention(si, i, end, i, name, etype);
                m.gaz = gaz;
                m.place_kind = gaz
                    .filter(|_| etype == EntityType::Place)
                    .map(|g| c.lex.gazetteer.entries[g].kind);
                out.push(m);
                i = end;
                continue;
            }
        }
        // 4. A capitalised run, typed by context.
        if let Some(end) = c.name_run(i) {
            if let Some(m) = classify_run(c, si, i, end, det_start(i)) {
                out.push(m);
            }
            i = end;
            continue;
        }
        // 5. An acronym not in the gazetteer.
        if c.is_acronym(i)
            && c.title_word(i).is_none()
            && c.l.time_word_lowered(c.lower[i]).is_none()
            && !c.l.is_common_word(c.lower[i])
        {
            out.push(mention(
                si,
                i,
                i + 1,
                i,
                c.words[i].to_string(),
                EntityType::Organization,
            ));
        }
        i += 1;
    }
}

fn entity_type(k: Kind) -> EntityType {
    match k {
        Kind::Per => EntityType::Person,
        Kind::Org => EntityType::Organization,
        Kind::Loc => EntityType::Place,
    }
}

/// The default of [`Combine::min_margin`]: lower margins let the tagger's mistakes in, higher ones
/// leave the rules alone.
const MIN_MARGIN: i32 = 400;
/// The default of [`Combine::add`].
const ADD: Option<i32> = Some(800);
/// The default of [`Combine::drop`].
const DROP: Option<i32> = Some(0);
/// The default of [`Combine::drop_untyped`].
const DROP_UNTYPED: Option<i32> = Some(400);

/// The tagger's entities with the rules' mentions. The rules' typed mentions stay: the gazetteer,
/// titles and roles, head nouns and acronym definitions are right by construction more often than
/// the tagger is. A tentative mention (a capitalised word of no known type) takes the bounds and
/// type of the sure tagged span over it; with none, it stays tentative, for coreference to claim.
/// Where [`Combine`] says so, a sure span where the rules found nothing is a mention, if
/// `addable` (it holds a word shaped like a name).
fn reconcile(
    c: &Ctx,
    si: usize,
    rules: Vec<Mention>,
    tagged: (&[Label], &[i32], &[bool]),
    spans: &[(usize, usize, Kind, i32)],
    addable: &[bool],
    combine: Combine,
) -> Vec<Mention> {
    let (labels, margins, recurs) = tagged;
    let overlaps = |a: usize, b: usize, m: &Mention| a < m.end && m.first < b;
    let mut kept: Vec<Mention> = Vec::with_capacity(rules.len());
    let mut used = vec![false; spans.len()];
    let sure = |k: usize, margin: i32| spans[k].3 >= margin;
    let mut covered = vec![false; spans.len()];
    // A span that also covers a firm mention of its type reads the untyped word as part of that
    // name ("Défense" in "ministère russe de la Défense"), not as a name of its own.
    let inside_firm: Vec<bool> = spans
        .iter()
        .map(|&(a, b, kind, _)| {
            rules
                .iter()
                .any(|m| !m.tentative && overlaps(a, b, m) && m.etype == entity_type(kind))
        })
        .collect();
    for m in rules {
        for (k, &(a, b, _, _)) in spans.iter().enumerate() {
            covered[k] |= overlaps(a, b, &m);
        }
        if !m.tentative {
            kept.push(m);
            continue;
        }
        match spans.iter().position(|&(a, b, _, _)| overlaps(a, b, &m)) {
            Some(k) if !used[k] && !inside_firm[k] && sure(k, combine.min_margin) => {
                used[k] = true;
                let (a, b, kind, _) = spans[k];
                let mut t = tagged_mention(c, si, a, b, kind);
                t.country = m.country;
                t.phrase_first = t.phrase_first.min(m.phrase_first);
                // A lone word typed a person is most often a surname: it stays the rules' untyped
                // word, for coreference to say which person it is, or that it is ambiguous
                // ("Garnier" with Louis and Anne Garnier).
                if kind == Kind::Per && b == a + 1 {
                    kept.push(m);
                } else {
                    kept.push(t);
                }
            }
            // A second fragment of a name already taken, or a word inside a firm name.
            Some(k) if (used[k] || inside_firm[k]) && sure(k, combine.min_margin) => {}
            // Words the tagger is sure are no name: a capitalised ordinary word, an adjective, a
            // title, whatever the rules could not type.
            None if combine.drop_untyped.is_some_and(|d| {
                (m.first..m.end.min(c.n())).all(|k| labels[k] == 0 && margins[k] >= d && !recurs[k])
            }) => {}
            _ => kept.push(m),
        }
    }
    if let Some(margin) = combine.add {
        for (k, &(a, b, kind, _)) in spans.iter().enumerate() {
            if !covered[k] && addable[k] && sure(k, margin) {
                kept.push(tagged_mention(c, si, a, b, kind));
            }
        }
    }
    // A tagged span may reach over a firm mention next to the tentative one: the firm one stays.
    kept.sort_by_key(|m| (m.first, m.end));
    kept
}

fn tagged_mention(c: &Ctx, si: usize, a: usize, b: usize, kind: Kind) -> Mention {
    let etype = entity_type(kind);
    let name = c.joined(a, b);
    let mut m = mention(si, a, b, c.det_start(a), name, etype);
    // A tagged name the gazetteer knows with the same type carries its entry.
    if let Some((_, entry)) = c.gazetteer_at(a).filter(|&(end, _)| end == b) {
        let gk = c.lex.gazetteer.entries[entry].kind;
        if (gk == GazKind::Organization) == (etype == EntityType::Organization) {
            m.gaz = Some(entry);
            m.place_kind = (etype == EntityType::Place).then_some(gk);
        }
    }
    m
}

/// "Usain Bolt, Ashmeade et Powell": an unknown name listed with persons is a person.
fn type_by_coordination(c: &Ctx, ms: &mut [Mention]) {
    for k in 0..ms.len() {
        if !(ms[k].tentative && (ms[k].fallback.is_some() || ms[k].name_like)) {
            continue;
        }
        // Some(true) for "et"/"and", Some(false) for a comma.
        let link = |a: &Mention, b: &Mention| -> Option<bool> {
            if b.phrase_first < a.end {
                return None;
            }
            match &c.lower[a.end..b.phrase_first] {
                [w] if c.l.is_function_word(FunctionWord::Conjunction, w) => Some(true),
                [w] if *w == "," => Some(false),
                _ => None,
            }
        };
        // A comma alone is an apposition or a clause break ("Sur Twitter, X a dit"); it lists
        // names only when the list goes on.
        let listed = |a: usize, b: usize| match link(&ms[a], &ms[b]) {
            Some(true) => true,
            Some(false) => {
                (b + 1 < ms.len() && link(&ms[b], &ms[b + 1]).is_some())
                    || (a > 0 && link(&ms[a - 1], &ms[a]).is_some())
            }
            None => false,
        };
        let person = |m: &Mention| {
            m.etype == EntityType::Person
                && (!m.tentative || m.fallback == Some(EntityType::Person))
        };
        let before = k > 0 && person(&ms[k - 1]) && listed(k - 1, k);
        let after = k + 1 < ms.len() && person(&ms[k + 1]) && listed(k, k + 1);
        if before || after {
            ms[k].fallback = Some(EntityType::Person);
        }
    }
    // "avec ses compatriotes Powell, Blake et Ashmeade": every name of a list that a plural noun
    // for people introduces is a person.
    let mut k = 0;
    while k < ms.len() {
        let opens = ms[k].phrase_first > 0
            && c.l.cue_lowered(c.lower[ms[k].phrase_first - 1]) == Some(Cue::PersonList);
        if !opens {
            k += 1;
            continue;
        }
        let mut j = k;
        loop {
            if ms[j].tentative && ms[j].name_like {
                ms[j].fallback = Some(EntityType::Person);
            }
            let linked = j + 1 < ms.len()
                && ms[j + 1].phrase_first >= ms[j].end
                && matches!(&c.lower[ms[j].end..ms[j + 1].phrase_first], [w] if *w == "," || c.l.is_function_word(FunctionWord::Conjunction, w));
            if !linked {
                break;
            }
            j += 1;
        }
        k = j + 1;
    }
}

/// "Etat islamique (EI)" and "NORAD (North American Aerospace Defence Command)".
fn link_acronyms(c: &Ctx, ms: &mut [Mention], offset: usize) {
    for k in 1..ms.len() {
        let (a, b) = (&ms[k - 1], &ms[k]);
        if b.first != a.end + 1
            || c.words.get(a.end) != Some(&"(")
            || c.words.get(b.end) != Some(&")")
        {
            continue;
        }
        let (long, short) = if c.is_acronym(b.first) && b.end == b.first + 1 {
            (a, b)
        } else {
            (b, a)
        };
        if !(c.is_acronym(short.first) && short.end == short.first + 1) {
            continue;
        }
        let initials: String = long
            .name
            .split([' ', '-'])
            .filter_map(|w| w.chars().next())
            .filter(|ch| ch.is_uppercase())
            .collect();
        let acro: String = short.name.chars().filter(|ch| ch.is_alphabetic()).collect();
        if !initials.is_empty()
            && (acro.starts_with(&initials)
                || initials.starts_with(&acro)
                || fold(&initials) == fold(&acro))
        {
            let (li, si) = if std::ptr::eq(long, a) {
                (k - 1, k)
            } else {
                (k, k - 1)
            };
            if ms[li].tentative {
                // "NORAD (North American Aerospace Defence Command)": the expansion of an
                // organization's acronym is that organization.
                ms[li].tentative = false;
                ms[li].etype = ms[si].etype;
            }
            let etype = ms[li].etype;
            ms[si].etype = etype;
            ms[si].gaz = ms[si].gaz.or(ms[li].gaz);
            ms[si].defines = Some(offset + li);
        }
    }
}

/// A French institution or place named around its head noun: "ministère russe de la Défense",
/// "Parti socialiste", "Agence du service civique", "hôtel Rigolo", "Grande Mosquée de Lyon",
/// "boulevard Voltaire", "l'armée russe". Returns (first, end, type, country).
fn institution_phrase(c: &Ctx, i: usize) -> Option<(usize, usize, EntityType, Option<usize>)> {
    if c.lang != Lang::Fr || c.kinds[i] != TokenKind::Word {
        return None;
    }
    // "Grande Mosquée": a capitalised adjective may open the name.
    let (first, h) = if c.l.cue_lowered(c.lower[i]) == Some(Cue::NameAdjective)
        && c.is_cap(i)
        && i + 1 < c.n()
    {
        (i, i + 1)
    } else {
        (i, i)
    };
    let cue = c.l.cue_lowered(c.lower[h])?;
    let etype = match cue {
        Cue::OrgHead | Cue::OrgState => EntityType::Organization,
        Cue::PlaceHead => EntityType::Place,
        _ => return None,
    };
    let head_cap = c.is_cap(h);
    let sentence_initial = first == 0;
    let mut end = h + 1;
    let mut country = None;
    let mut adjectives = 0;
    let mut capital_name = false;
    let mut complements = 0;
    while end < c.n() {
        let w = c.lower[end];
        if let Some(k) = c.l.demonym(w).filter(|_| !c.is_cap(end)) {
            country.get_or_insert(k);
            adjectives += 1;
            end += 1;
            continue;
        }
        // Adjectives follow the head ("Parti socialiste"), not a name: "hôtel Rigolo situé" ends at the name.
        if !c.is_cap(end)
            && !capital_name
            && complements == 0
            && c.kinds[end] == TokenKind::Word
            && c.l.is_adjective(w)
            && !c.l.is_function_word(FunctionWord::FiniteVerb, w)
            && c.l.time_word(w).is_none()
        {
            adjectives += 1;
            end += 1;
            continue;
        }
        // A known name after the head is an entity of its own: "le groupe terroriste Etat
        // islamique", "général de l'armée Paul Lefort".
        if c.is_cap(end)
            && (c.gazetteer_at(end).is_some()
                || c.lex.is_given_name(c.words[end])
                    && c.name_run(end).is_some_and(|e| e > end + 1))
        {
            break;
        }
        // A capitalised name right after the head: "hôtel Rigolo", "laboratoire Amgen".
        if c.is_cap(end) && !capital_name && complements == 0 {
            if let Some(e) = c.name_run(end) {
                capital_name = true;
                end = e;
                continue;
            }
        }
        // "de la Défense", "du service civique", "de Lyon", "des Oscars". A place is named by its
        // head and a name ("boulevard Voltaire"); "port de X" and "île de X" name X itself.
        if complements < 2
            && etype == EntityType::Organization
            && c.l.is_function_word(FunctionWord::ComplementPreposition, w)
        {
            let mut j = end + 1;
            while j < c.n()
                && c.l
                    .is_function_word(FunctionWord::ComplementArticle, c.lower[j])
            {
                j += 1;
            }
            if j >= c.n() || c.title_word(j).is_some() {
                break;
            }
            if c.is_cap(j) {
                let k = c
                    .gazetteer_at(j)
                    .map(|g| g.0)
                    .or_else(|| c.name_run(j))
                    .unwrap_or(j + 1);
                capital_name = true;
                complements += 1;
                end = k;
                continue;
            }
            // A lowercase complement names the institution only when its head is capitalised, and
            // comes first: "Agence de développement", "laboratoire de géologie du CNRS".
            if head_cap
                && complements == 0
                && c.kinds[j] == TokenKind::Word
                && !c.l.is_stopword_lowered(c.lower[j])
                && !c.l.is_function_word(FunctionWord::FiniteVerb, c.lower[j])
                && c.l.time_word_lowered(c.lower[j]).is_none()
            {
                let mut k = j + 1;
                while k < c.n()
                    && !c.is_cap(k)
                    && c.kinds[k] == TokenKind::Word
                    && c.l.is_adjective(c.lower[k])
                {
                    k += 1;
                }
                complements += 1;
                end = k;
                continue;
            }
        }
        break;
    }
    // Back off a trailing word that the next word shows to be a clause: keep what names it.
    let named = capital_name
        || (head_cap && !sentence_initial && (adjectives > 0 || complements > 0))
        || (head_cap && sentence_initial && adjectives > 0 && country.is_none())
        || (cue == Cue::OrgState && country.is_some());
    named.then_some((first, end, etype, country))
}

fn classify_run(c: &Ctx, si: usize, i: usize, end: usize, phrase_first: usize) -> Option<Mention> {
    let name = c.joined(i, end);
    let len = end - i;
    let prev = c.prev_word(i);
    let prev2 = if i >= 2 {
        Some(format!("{} {}", c.lower[i - 2], c.lower[i - 1]))
    } else {
        None
    };
    let sentence_initial = i == 0 || (i == 1 && matches!(c.words[0], "«" | "\"" | "(" | "–" | "-"));
    let make = |etype| {
        let mut m = mention(si, i, end, phrase_first, name.clone(), etype);
        m.country = None;
        m
    };
    // A demonym used as a noun ("les Syriens", "Canadians") is not an entity.
    if len == 1 && c.l.demonym_lowered(c.lower[i]).is_some() {
        return None;
    }
    // An acronym is an organization's name more often than anything else.
    if len == 1 && c.is_acronym(i) && !sentence_initial && !c.l.is_common_word(c.lower[i]) {
        return Some(make(EntityType::Organization));
    }
    let next_lower = c.lower.get(end).copied();
    let given =
        c.lex.is_given_name(c.words[i]) || c.words[i].split('-').all(|p| c.lex.is_given_name(p));
    // "Jim Press", "Anna Bank": a given name and one more word is a person, whatever the word.
    if given
        && len == 2
        && c.l.cue_lowered(c.lower[end - 1]) != Some(Cue::OrgSuffix)
        && !c.l.is_org_head(c.lower[end - 1])
    {
        return Some(make(EntityType::Person));
    }
    // Organization head words inside or right after the run: "Workers' Party", "Vale company",
    // "Acme Corp."; place heads: "Atlantic Ocean", "Heathrow Airport".
    if (len >= 2
        && c.lower[i..end]
            .iter()
            .any(|w| c.l.is_org_head(w) || c.l.cue(w) == Some(Cue::OrgSuffix)))
        || next_lower.is_some_and(|w| {
            (c.l.is_org_head(w) || c.l.cue(w) == Some(Cue::OrgSuffix)) && c.lang == Lang::En
        })
    {
        return Some(make(EntityType::Organization));
    }
    if len >= 2 && c.l.cue_lowered(c.lower[end - 1]) == Some(Cue::PlaceHead) {
        return Some(make(EntityType::Place));
    }
    // "province de X", "city of X"
    if prev2
        .as_deref()
        .is_some_and(|p| c.l.cue(p) == Some(Cue::PlaceBefore))
        || prev.is_some_and(|p| c.l.cue(p) == Some(Cue::PlaceBefore))
    {
        let mut m = make(EntityType::Place);
        m.place_kind = Some(
            if prev2.as_deref().is_some_and(|p| {
                p.starts_with("ville")
                    || p.starts_with("city")
                    || p.starts_with("town")
                    || p.starts_with("village")
            }) {
                GazKind::City
            } else {
                GazKind::Region
            },
        );
        return Some(m);
    }
    // "Anne S. Miller", "José Carlos da Costa": a known given name followed by more name.
    if given && len >= 2 {
        return Some(make(EntityType::Person));
    }
    // "né le", "(born ...)" right after the name: a person. A parenthesis may quote either
    // language, so the birth cues of both count.
    if next_lower == Some("(")
        && c.lower.get(end + 1).is_some_and(|w| {
            [Lang::Fr, Lang::En]
                .iter()
                .any(|&l| c.lex.lang(l).opens_cue(Cue::Birth, w))
        })
    {
        return Some(make(EntityType::Person));
    }
    // "à Kandouz", "in Tamworth", "at the Quinta do Lago": a place.
    let locative = prev.is_some_and(|p| c.l.is_function_word(FunctionWord::PlacePreposition, p))
        || (prev.is_some_and(|p| c.l.is_function_word(FunctionWord::Article, p))
            && i >= 2
            && c.l
                .is_function_word(FunctionWord::PlaceArticlePreposition, c.lower[i - 2]));
    // English phrases inside French text ("Global Earthquakes") are ordinary words too.
    let english = c.lex.lang(Lang::En);
    let ordinary = c.lower[i..end].iter().all(|w| {
        c.l.is_common_word(w)
            || (c.lang == Lang::Fr && english.is_common_word(w))
            || c.l.is_function_word(FunctionWord::NameParticle, w)
    });
    // "à l'État" is no place; "at the White House" is: capitalised ordinary words together are a name.
    if locative && !given && !(ordinary && len == 1) {
        let mut m = make(EntityType::Place);
        m.weak = true;
        return Some(m);
    }
    let mut m = make(EntityType::Person);
    m.tentative = true;
    // Ordinary words in capitals ("Economy", "Science and Technology") are no name of their own,
    // though a surname can look like one ("Martin"): coreference may still claim them.
    // Model numbers, units and compound adjectives are no names: "A330s", "GHz" after a number,
    // "Lyon-based".
    let name_shaped = c.words[i..end].iter().all(|w| {
        w.chars()
            .all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'' || ch == '.')
            && w.rsplit('-')
                .next()
                .is_some_and(|last| last.chars().next().is_some_and(char::is_uppercase))
    }) && !(i > 0 && c.kinds[i - 1] == TokenKind::Number);
    m.name_like = !ordinary && name_shaped;
    if !ordinary && !given && name_shaped {
        // A word that is not ordinary vocabulary is a name. Unclaimed by coreference, one word is
        // most often a company, brand or body ("Boeing"); several words are a person's full name
        // unless ordinary words sit among them ("Apple Computer", "Air Lanka").
        let with_ordinary_word = c.lower[i..end].iter().any(|w| c.l.is_common_word(w));
        m.fallback = Some(if len == 1 || with_ordinary_word {
            EntityType::Organization
        } else {
            EntityType::Person
        });
        // In French news an unknown lone word is as often a small town or a surname as a company:
        // no type is better than a wrong one.
        if len == 1 && c.lang == Lang::Fr {
            m.fallback = None;
        }
    }
    Some(m)
}

/// The tagger's feature bit for a cue word. Only the cues about names are features: the model
/// was trained on these ten, in this order, and the event cues (modality, companions, anchors)
/// say nothing about an entity's type, so they never shift or widen the trained bits.
fn cue_feature_slot(cue: Cue) -> Option<u32> {
    Some(match cue {
        Cue::PlaceBefore => 0,
        Cue::Locative => 1,
        Cue::OrgHead => 2,
        Cue::OrgState => 3,
        Cue::PlaceHead => 4,
        Cue::OrgSuffix => 5,
        Cue::NameAdjective => 6,
        Cue::PersonList => 7,
        Cue::Birth => 8,
        Cue::PluralPair => 9,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    fn found(text: &str, lang: Lang) -> Vec<(String, EntityType, bool)> {
        let lex = Lexicon::bundled();
        let s = segment(text, lex.lang(lang));
        find(text, &s, lex, lang)
            .into_iter()
            .map(|m| (m.name, m.etype, m.tentative))
            .collect()
    }

    fn certain(text: &str, lang: Lang) -> Vec<(String, EntityType)> {
        found(text, lang)
            .into_iter()
            .filter(|m| !m.2)
            .map(|m| (m.0, m.1))
            .collect()
    }

    #[test]
    fn a_title_after_a_company_is_no_part_of_a_person() {
        // Invented names. The tagger, having seen "President X" in its training text, may span a
        // company and the title after it as one person; the title is cut off the span.
        let text = "Zentair CEO, Michael Brody, defended the choice on Monday.";
        let got = found(text, Lang::En);
        assert!(!got.iter().any(|m| m.0.contains("CEO")), "{got:?}");
        assert!(
            got.iter()
                .any(|m| m.0 == "Michael Brody" && m.1 == EntityType::Person),
            "{got:?}"
        );
    }

    #[test]
    fn titles_announce_persons_with_roles() {
        let text = "Le ministre français des Affaires étrangères et général de l'armée Paul Lefort est arrivé.";
        let lex = Lexicon::bundled();
        let s = segment(text, lex.lang(Lang::Fr));
        let m = &find(text, &s, lex, Lang::Fr)[0];
        assert_eq!(m.name, "Paul Lefort");
        assert_eq!(m.roles.len(), 2);
        assert_eq!(m.roles[0].title, "ministre des Affaires étrangères");
        assert_eq!(
            lex.gazetteer.entries[m.roles[0].country.unwrap()].name_fr,
            "France"
        );
    }

    #[test]
    fn sentence_initial_capitals_and_time_words_are_not_entities() {
        assert!(certain(
            "Lundi, des renforts sont arrivés. Selon la source, Dans ce cas.",
            Lang::Fr
        )
        .is_empty());
    }

    #[test]
    fn organization_heads_with_nationality() {
        assert_eq!(
            certain(
                "Selon le ministère italien de la Santé et l'armée italienne, rien.",
                Lang::Fr
            ),
            [
                (
                    "ministère italien de la Santé".to_string(),
                    EntityType::Organization
                ),
                ("armée italienne".to_string(), EntityType::Organization)
            ]
        );
    }

    #[test]
    fn place_cues_and_gazetteer() {
        assert_eq!(
            certain(
                "Les combats dans la province de Kandouz ont gagné Madrid et l'Italie.",
                Lang::Fr
            ),
            [
                ("Kandouz".to_string(), EntityType::Place),
                ("Madrid".to_string(), EntityType::Place),
                ("Italie".to_string(), EntityType::Place)
            ]
        );
    }

    #[test]
    fn acronym_definitions_link_both_forms() {
        let text = "The Atlantic Fishery Organization (AFO) said so.";
        let lex = Lexicon::bundled();
        let s = segment(text, lex.lang(Lang::En));
        let ms = find(text, &s, lex, Lang::En);
        let acro = ms.iter().find(|m| m.name == "AFO").unwrap();
        assert_eq!(acro.etype, EntityType::Organization);
        assert!(acro.defines.is_some());
    }

    #[test]
    fn english_apposition_and_title_before_name() {
        let got = found(
            "Jin Wei, the President of Italy, met Prime Minister Tom Harker in Rome.",
            Lang::En,
        );
        eprintln!("{got:?}");
        let got = certain(
            "Jin Wei, the President of Italy, met Prime Minister Tom Harker in Rome.",
            Lang::En,
        );
        assert!(
            got.contains(&("Tom Harker".to_string(), EntityType::Person)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Rome".to_string(), EntityType::Place)),
            "{got:?}"
        );
    }

    #[test]
    fn french_institutions_named_around_their_head() {
        let got = certain("Le Parti radical et l'Agence du tourisme ont reçu la société Zorblax et l'hôtel Miravel situé boulevard Voltaire.", Lang::Fr);
        for expected in [
            ("Parti radical", EntityType::Organization),
            ("Agence du tourisme", EntityType::Organization),
            ("société Zorblax", EntityType::Organization),
            ("hôtel Miravel", EntityType::Organization),
            ("boulevard Voltaire", EntityType::Place),
        ] {
            assert!(
                got.contains(&(expected.0.to_string(), expected.1)),
                "{expected:?} not in {got:?}"
            );
        }
    }

    #[test]
    fn a_head_noun_does_not_swallow_a_known_name() {
        let got = certain(
            "Le groupe terroriste Etat islamique et le général de l'armée Paul Lefort.",
            Lang::Fr,
        );
        assert!(
            got.iter()
                .all(|(n, _)| !n.starts_with("groupe") && !n.starts_with("armée")),
            "{got:?}"
        );
    }

    #[test]
    fn unknown_names_get_a_type_only_when_they_are_not_ordinary_words() {
        let lex = Lexicon::bundled();
        let text = "Shares of Zorblax fell, the Economy Minister said, as General Motors Corporation and Quarnell Dunmore met.";
        let s = segment(text, lex.lang(Lang::En));
        // The rules' own typing, without the tagger.
        let ms = find_with(
            &Words::of(text, &s),
            lex,
            Lang::En,
            None,
            Combine::default(),
        );
        let of = |name: &str| {
            ms.iter()
                .find(|m| m.name == name)
                .unwrap_or_else(|| panic!("{name} not in {ms:?}"))
        };
        assert_eq!(of("Zorblax").fallback, Some(EntityType::Organization));
        assert_eq!(
            of("General Motors Corporation").etype,
            EntityType::Organization
        );
        assert_eq!(of("Quarnell Dunmore").fallback, Some(EntityType::Person));
        // A capitalised ordinary word may only ever join an entity found otherwise.
        assert!(of("Economy").tentative && of("Economy").fallback.is_none());
    }

    #[test]
    fn a_name_listed_with_persons_is_a_person() {
        let lex = Lexicon::bundled();
        let text = "The race was won by Paul Lefort, Oduyami and Tom Harker.";
        let s = segment(text, lex.lang(Lang::En));
        // The rules' own typing, without the tagger.
        let ms = find_with(
            &Words::of(text, &s),
            lex,
            Lang::En,
            None,
            Combine::default(),
        );
        let m = ms.iter().find(|m| m.name == "Oduyami").expect("found");
        assert_eq!(m.fallback, Some(EntityType::Person));
    }

    #[test]
    fn a_list_opened_by_a_plural_noun_for_people_is_persons() {
        let lex = Lexicon::bundled();
        let text = "Il a gagné avec ses compatriotes Oduyami, Tarrant et Velasko.";
        let s = segment(text, lex.lang(Lang::Fr));
        // The rules' own typing, without the tagger.
        let ms = find_with(
            &Words::of(text, &s),
            lex,
            Lang::Fr,
            None,
            Combine::default(),
        );
        for name in ["Oduyami", "Tarrant", "Velasko"] {
            let m = ms
                .iter()
                .find(|m| m.name == name)
                .unwrap_or_else(|| panic!("{name} not in {ms:?}"));
            assert_eq!(m.fallback, Some(EntityType::Person), "{name}");
        }
    }
}
