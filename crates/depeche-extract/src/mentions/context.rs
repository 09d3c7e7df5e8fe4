//! A sentence as the mention rules read it: capitals, name runs, gazetteer names, title phrases.

use super::tagged::cue_feature_slot;
use super::{EntityType, Mention, RoleCue};
use crate::article::Lang;
use crate::lexicon::{Cue, Folder, FunctionWord, GazKind, LangLexicon, Lexicon, TitleKind};
use crate::segment::{TokenKind, Words};
use crate::tagger::{flag, TokenInfo};
use rustc_hash::FxHashMap;
use std::cell::Cell;

/// "al-Bachir", "el-Amin", "ez-Zahra", "bin-Talal": a lowercase particle joined to a capitalised name.
pub(super) fn prefixed_name(l: &LangLexicon, w: &str) -> bool {
    match w.split_once('-') {
        Some((p, rest)) => {
            l.is_function_word(FunctionWord::NamePrefix, p)
                && rest.chars().next().is_some_and(char::is_uppercase)
        }
        None => false,
    }
}

pub(super) fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.len() <= 5 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) && w != "I"
}

pub(super) struct Ctx<'a> {
    pub(super) lex: &'a Lexicon,
    pub(super) l: &'a LangLexicon,
    pub(super) lang: Lang,
    pub(super) words: &'a [&'a str],
    pub(super) lower: Vec<&'a str>,
    pub(super) kinds: &'a [TokenKind],
    pub(super) gazetteer: Memo<Option<(usize, usize)>>,
    pub(super) titles: Memo<Option<(usize, TitleKind)>>,
    pub(super) runs: Memo<Option<usize>>,
}

/// Answers about each token, worked out once: the rules ask the same question of a token many times.
pub(super) struct Memo<T>(Vec<Cell<Option<T>>>);

impl<T: Copy> Memo<T> {
    pub(super) fn new(n: usize) -> Self {
        Memo(vec![Cell::new(None); n])
    }

    pub(super) fn get(&self, i: usize, answer: impl FnOnce() -> T) -> T {
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
    pub(super) fn new(words: &'a Words<'a>, lex: &'a Lexicon, lang: Lang) -> Self {
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

    pub(super) fn n(&self) -> usize {
        self.words.len()
    }

    pub(super) fn is_cap(&self, i: usize) -> bool {
        self.kinds.get(i) == Some(&TokenKind::Word) && {
            let w = self.words[i];
            w.chars().next().is_some_and(char::is_uppercase) || prefixed_name(self.l, w)
        }
    }

    pub(super) fn is_acronym(&self, i: usize) -> bool {
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
    pub(super) fn spaced(&self, k: usize) -> bool {
        !self.words[k - 1].ends_with('\'') && self.words[k] != "'s"
    }

    /// Whether token `i` can start a name: capitalised, not a closed-class or time or title word.
    pub(super) fn can_start_name(&self, i: usize) -> bool {
        self.is_cap(i)
            && !self.l.is_stopword_lowered(self.lower[i])
            && self.l.time_word_lowered(self.lower[i]).is_none()
            && self.title_word(i).is_none()
            && self.l.demonym_lowered(self.lower[i]).is_none()
    }

    pub(super) fn joined(&self, from: usize, to: usize) -> String {
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
    pub(super) fn name_run(&self, i: usize) -> Option<usize> {
        self.runs.get(i, || self.find_name_run(i))
    }

    pub(super) fn find_name_run(&self, i: usize) -> Option<usize> {
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
    pub(super) fn gazetteer_at(&self, i: usize) -> Option<(usize, usize)> {
        self.gazetteer.get(i, || self.find_gazetteer(i))
    }

    pub(super) fn find_gazetteer(&self, i: usize) -> Option<(usize, usize)> {
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
    pub(super) fn title_phrase(&self, i: usize) -> Option<(usize, Vec<RoleCue>, bool)> {
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

    pub(super) fn title_at(&self, i: usize) -> Option<(usize, TitleKind)> {
        self.titles.get(i, || self.find_title(i))
    }

    pub(super) fn find_title(&self, i: usize) -> Option<(usize, TitleKind)> {
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
    pub(super) fn title_word(&self, i: usize) -> Option<TitleKind> {
        self.l.title_lowered(self.words[i], self.lower[i])
    }

    pub(super) fn prev_word(&self, i: usize) -> Option<&str> {
        i.checked_sub(1).map(|k| self.lower[k])
    }

    /// Where the phrase of a name at `i` starts: determiners before it belong to it, for the
    /// subject test in the event stage.
    pub(super) fn det_start(&self, i: usize) -> usize {
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
    pub(super) fn word_flags(&self, i: usize, other: &LangLexicon) -> u32 {
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
    pub(super) fn token_infos(
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
