//! A sentence as the frames read it: lowercase words, mentions that may fill a slot, determiners.

use super::Input;
use crate::lexicon::FunctionWord::{
    self, Adjunct, Article, Conjunction, DefiniteDeterminer, IndefiniteDeterminer, Oblique,
    PluralArticle, PossessiveDeterminer, SideContraction, SidePreposition,
};
use crate::lexicon::{Cue, EventClass, Frame, GazKind, LangLexicon};
use crate::mentions::EntityType;
use crate::segment::Words;

/// A resolved mention in a sentence, which may fill a slot of a frame.
#[derive(Debug, Clone, Copy)]
pub(super) struct Arg {
    pub(super) entity: usize,
    pub(super) etype: EntityType,
    pub(super) first: usize,
    /// One past the last token.
    pub(super) end: usize,
    pub(super) phrase_first: usize,
}

/// How a noun is introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Determiner {
    /// "la", "cette", "the", "this": something told before.
    Definite,
    /// "une", "a": something new.
    Indefinite,
    /// "sa", "leur", "his", "their": someone's.
    Possessive,
}

/// The determiner a word is, among those of the language (`function_words.tsv`).
pub(super) fn determiner(l: &LangLexicon, w: &str) -> Option<Determiner> {
    if l.is_function_word(DefiniteDeterminer, w) {
        Some(Determiner::Definite)
    } else if l.is_function_word(IndefiniteDeterminer, w) {
        Some(Determiner::Indefinite)
    } else if l.is_function_word(PossessiveDeterminer, w) {
        Some(Determiner::Possessive)
    } else {
        None
    }
}

/// One sentence as the frames read it: its words in lowercase and the resolved mentions that may
/// fill a frame's slots, in order.
pub(super) struct SentenceArgs<'a> {
    pub(super) input: &'a Input<'a>,
    pub(super) l: &'a LangLexicon,
    pub(super) si: usize,
    pub(super) lower: Vec<&'a str>,
    pub(super) args: Vec<Arg>,
}

impl<'a> SentenceArgs<'a> {
    pub(super) fn new(input: &'a Input<'a>, words: &'a Words<'a>, si: usize) -> Self {
        // Mentions come in sentence order (mentions::find), so a sentence's are one range: a scan
        // of the whole article per sentence made long articles quadratic.
        let from = input.mentions.partition_point(|m| m.sentence < si);
        let to = input.mentions.partition_point(|m| m.sentence <= si);
        let mut args: Vec<Arg> = input.mentions[from..to]
            .iter()
            .enumerate()
            .map(|(k, m)| (from + k, m))
            .filter_map(|(k, m)| {
                let entity = input.resolution.of_mention[k]?;
                Some(Arg {
                    entity,
                    etype: input.resolution.entities[entity].etype,
                    first: m.first,
                    end: m.end,
                    phrase_first: m.phrase_first,
                })
            })
            .collect();
        args.sort_by_key(|a| a.first);
        let mut v = SentenceArgs {
            input,
            l: input.lex.lang(input.lang),
            si,
            lower: words.lower.iter().map(|w| w.as_ref()).collect(),
            args,
        };
        v.delegations();
        v
    }

    /// "des représentants du Mali", "a delegation from the UAE, Bahrain and Israel": a side that
    /// names no person is the country or body its delegates stand for (the guidelines' actors).
    /// Those mentions stand where a person would, so the frames find them as subject or object;
    /// their entities keep their type, so no `dp:met` link is made for them.
    pub(super) fn delegations(&mut self) {
        let mut previous: Option<usize> = None;
        for i in 0..self.args.len() {
            let a = self.args[i];
            let side = a.etype == EntityType::Organization || self.country(&a);
            if !side {
                continue;
            }
            let pf = a.phrase_first;
            let at = |k: usize| self.lower.get(k).copied().unwrap_or("");
            // The preposition may stand before the mention's determiner: "from the UAE".
            let prep = if pf >= 1 && self.is_any(&[SidePreposition, SideContraction], at(pf - 1)) {
                Some(pf - 1)
            } else if pf >= 2
                && self.is_any(&[Article, PluralArticle], at(pf - 1))
                && self.is(SidePreposition, at(pf - 2))
            {
                Some(pf - 2)
            } else {
                None
            };
            let led = prep
                .filter(|&p| p >= 1 && self.l.cue_lowered(at(p - 1)) == Some(Cue::Delegate))
                .map(|p| p - 1);
            // "... of the UAE, Bahrain, and Israel": the list goes on from a delegation's side.
            let listed = previous.is_some_and(|j| {
                let b = self.args[j];
                let between = &self.lower[b.end..pf.max(b.end)];
                !between.is_empty()
                    && between.len() <= 2
                    && between.iter().all(|w| *w == "," || self.is(Conjunction, w))
            });
            if let Some(cue) = led {
                self.args[i].etype = EntityType::Person;
                self.args[i].phrase_first = cue;
                previous = Some(i);
            } else if listed {
                self.args[i].etype = EntityType::Person;
                previous = Some(i);
            } else {
                previous = None;
            }
        }
    }

    /// Whether a mention names a country (a gazetteer place of that kind).
    pub(super) fn country(&self, a: &Arg) -> bool {
        self.input.resolution.entities[a.entity].place_kind == Some(GazKind::Country)
    }

    /// Whether a lowercase word plays a role (`function_words.tsv`).
    pub(super) fn is(&self, role: FunctionWord, w: &str) -> bool {
        self.l.is_function_word(role, w)
    }

    /// Whether a lowercase word plays one of the roles.
    pub(super) fn is_any(&self, roles: &[FunctionWord], w: &str) -> bool {
        roles.iter().any(|&role| self.is(role, w))
    }

    pub(super) fn oblique(&self, a: &Arg) -> bool {
        a.phrase_first > 0 && self.is(Oblique, self.lower[a.phrase_first - 1])
    }

    /// The cue of the longest phrase (up to three words) starting at `k`, with its length.
    pub(super) fn cue_at(&self, k: usize) -> Option<(Cue, usize)> {
        (1..=3)
            .rev()
            .filter(|len| k + len <= self.lower.len())
            .find_map(|len| {
                let cue = if len == 1 {
                    self.l.cue_lowered(self.lower[k])
                } else {
                    self.l.cue_lowered(&self.lower[k..k + len].join(" "))
                };
                cue.map(|c| (c, len))
            })
    }

    /// Whether the word at `k` is a meeting noun of the lexicon ("sommet", "talks").
    pub(super) fn meeting_noun(&self, k: usize) -> bool {
        self.l
            .triggers_from(self.lower[k])
            .iter()
            .map(|&i| &self.l.triggers[i])
            .any(|t| t.class == EventClass::Meeting && t.frame == Frame::Noun && t.words.len() == 1)
    }

    /// How a meeting noun at `t` is introduced: the determiner nearest before it, and whether an
    /// adjunct preposition ("lors de", "during", "at") opens its phrase.
    pub(super) fn noun_phrase(&self, t: usize) -> (Option<Determiner>, bool) {
        let mut det = None;
        let mut adjunct = false;
        for k in (t.saturating_sub(6)..t).rev() {
            let w = self.lower[k];
            if matches!(w, "," | ";" | ":" | "." | "«" | "»") {
                break;
            }
            if det.is_none() {
                det = determiner(self.l, w);
            }
            if self.is(Adjunct, w)
                || k >= 1 && self.is(Adjunct, &format!("{} {}", self.lower[k - 1], w))
            {
                adjunct = true;
                break;
            }
        }
        (det, adjunct)
    }
}
