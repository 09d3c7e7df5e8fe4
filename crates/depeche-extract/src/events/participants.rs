//! Who takes part: subjects, objects, coordinated persons, companions, what the story carries on.

use super::sentence::{Arg, SentenceArgs};
use crate::lexicon::Cue;
use crate::lexicon::FunctionWord::{Agent, Clause, Conjunction, NonObjectPreposition, Pronoun};
use crate::mentions::EntityType;

impl SentenceArgs<'_> {
    /// How two neighbouring mentions are joined: Some(true) by "et"/"and", Some(false) by a comma.
    pub(super) fn link(&self, left: &Arg, right: &Arg) -> Option<bool> {
        let between = &self.lower[left.end..right.phrase_first.max(left.end)];
        match between {
            [w] if self.is(Conjunction, w) => Some(true),
            [c, w] if *c == "," && self.is(Conjunction, w) => Some(true),
            [c] if *c == "," => Some(false),
            _ => None,
        }
    }

    /// Persons coordinated with `a` to its left: "X, Y et Z" seen from Z. A comma alone is an
    /// apposition or a clause break, so a chain must be closed by "et"/"and" next to `a`.
    pub(super) fn coordinated_left(&self, a: &Arg) -> Vec<Arg> {
        let mut out = vec![*a];
        let mut cur = *a;
        while let Some(prev) = self
            .args
            .iter()
            .rev()
            .find(|b| b.end <= cur.phrase_first && b.etype == EntityType::Person)
        {
            match self.link(prev, &cur) {
                Some(is_and) if is_and || out.len() > 1 => {
                    out.insert(0, *prev);
                    cur = *prev;
                }
                _ => break,
            }
        }
        out
    }

    /// Persons coordinated with `a` to its right: "X, Y et Z" seen from X, cut after the last "et".
    pub(super) fn coordinated_right(&self, a: &Arg) -> Vec<Arg> {
        let mut out = vec![*a];
        let mut closed = 1;
        let mut cur = *a;
        while let Some(next) = self.args.iter().find(|b| {
            b.phrase_first >= cur.end && b.first > cur.first && b.etype == EntityType::Person
        }) {
            match self.link(&cur, next) {
                Some(is_and) => {
                    out.push(*next);
                    if is_and {
                        closed = out.len();
                    }
                    cur = *next;
                }
                None => break,
            }
        }
        out.truncate(closed);
        out
    }

    /// The subject of a verb at `t`: a pronoun right before, or the nearest non-oblique person.
    pub(super) fn subject(&self, t: usize, state: &State) -> Vec<usize> {
        let from = t.saturating_sub(3);
        if (from..t).any(|k| self.is(Pronoun, self.lower[k])) {
            let before = self
                .args
                .iter()
                .rev()
                .find(|a| a.end <= t && a.etype == EntityType::Person && !self.oblique(a));
            return match before {
                Some(a) => vec![a.entity],
                // "X arrived in Z on Monday. He met Y": the subject of the sentence before, not
                // the story's first protagonist.
                None => state.opener.or(state.last_subject).into_iter().collect(),
            };
        }
        if (from..t).any(|k| self.l.cue_lowered(self.lower[k]) == Some(Cue::PluralPair))
            || self.plural_cue_before(t)
        {
            if let Some(pair) = state.pair(self.si) {
                return pair;
            }
        }
        match self
            .args
            .iter()
            .rev()
            .find(|a| a.end <= t && a.etype == EntityType::Person && !self.oblique(a))
        {
            Some(a) => self.coordinated_left(a).iter().map(|a| a.entity).collect(),
            None => Vec::new(),
        }
    }

    /// The last two or more persons named together in the sentence, through asides a plain
    /// coordination stops at ("X, né le 3 mai 1990, et Y"): the chain must close with "et"/"and"
    /// and no link may hold a verb of another clause.
    pub(super) fn group(&self) -> Option<Vec<usize>> {
        let persons: Vec<&Arg> = self
            .args
            .iter()
            .filter(|a| a.etype == EntityType::Person && !self.oblique(a))
            .collect();
        let mut found = None;
        let mut i = 0;
        while i < persons.len() {
            let mut chain = vec![persons[i].entity];
            let mut closed = 1;
            let mut j = i;
            while j + 1 < persons.len() {
                let (left, right) = (persons[j], persons[j + 1]);
                let between = &self.lower[left.end..right.phrase_first.max(left.end)];
                let and = between.last().is_some_and(|w| self.is(Conjunction, w));
                let clause = between.iter().any(|w| {
                    self.is(Clause, w)
                        || matches!(*w, ";" | ":" | "." | "«" | "»" | "\"" | "“" | "”")
                });
                if !(and || between == [","]) || clause || between.len() > 12 {
                    break;
                }
                chain.push(right.entity);
                if and {
                    closed = chain.len();
                }
                j += 1;
            }
            chain.truncate(closed);
            chain.dedup();
            if chain.len() >= 2 {
                found = Some(chain);
            }
            i = j + 1;
        }
        found
    }

    pub(super) fn plural_cue_before(&self, t: usize) -> bool {
        // "Les deux hommes, dont la dernière rencontre ...": a plural noun phrase opening the clause.
        (0..t).any(|k| {
            (2..=4).any(|len| {
                k + len <= t
                    && self.l.cue_lowered(&self.lower[k..k + len].join(" "))
                        == Some(Cue::PluralPair)
            })
        })
    }

    /// The first person after `t` (not an agent "par X"), with those coordinated to it.
    pub(super) fn object(&self, t: usize) -> Vec<usize> {
        // A trigger that ends in its preposition ("accompagné du", "joined by") has its object
        // right after it.
        let found = self.args.iter().find(|a| {
            a.phrase_first >= t
                && a.etype == EntityType::Person
                && (a.phrase_first == t
                    || !self
                        .lower
                        .get(a.phrase_first.wrapping_sub(1))
                        .is_some_and(|w| self.is_any(&[Agent, NonObjectPreposition], w)))
        });
        match found {
            Some(a) => self.coordinated_right(a).iter().map(|a| a.entity).collect(),
            None => Vec::new(),
        }
    }

    /// Persons a companion cue brings into the sentence's meeting: "accompagné du ministre X",
    /// "together with X and Y".
    pub(super) fn companions(&self) -> Vec<usize> {
        self.companions_in(0, self.lower.len())
    }

    /// [`SentenceArgs::companions`] of the cues opening in `from..to`.
    pub(super) fn companions_in(&self, from: usize, to: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut k = from;
        while k < to.min(self.lower.len()) {
            match self.cue_at(k) {
                Some((Cue::Companion, len)) => {
                    let at = self.past_adjuncts(k + len);
                    if let Some(a) = self.args.iter().find(|a| {
                        a.phrase_first >= at
                            && a.phrase_first <= at + 2
                            && a.etype == EntityType::Person
                    }) {
                        out.extend(self.coordinated_right(a).iter().map(|a| a.entity));
                    }
                    k = at;
                }
                _ => k += 1,
            }
        }
        out
    }

    /// Where the words after `k` go on past the time and place adjuncts a verb may take before
    /// its object: "le sommet a réuni lundi à Tunis X", "brought together in Geneva on Monday X".
    pub(super) fn past_adjuncts(&self, k: usize) -> usize {
        let mut at = k;
        loop {
            if let Some(x) = self.input.times[self.si]
                .iter()
                .find(|x| x.first == at && !x.birth)
            {
                at = x.end.max(at + 1);
                continue;
            }
            // "à Tunis", "in Geneva": a locative preposition and the place it opens.
            let place = self.args.iter().find(|a| {
                a.etype == EntityType::Place
                    && a.phrase_first > at
                    && a.phrase_first <= at + 2
                    && self.l.cue_lowered(self.lower[at]) == Some(Cue::Locative)
            });
            if let Some(p) = place {
                at = p.end;
                continue;
            }
            if self.lower.get(at) == Some(&",") && at > k {
                at += 1;
                continue;
            }
            return at;
        }
    }

    /// The persons of a plural subject before `t`, through appositions a plain coordination
    /// stops at: "X and his Greek and French counterparts, Y and Z, gathered", "Presidents X of
    /// A and Y of B signed". Each link must hold a coordination and no verb of another clause.
    pub(super) fn plural_subject(&self, t: usize) -> Vec<usize> {
        let persons: Vec<&Arg> = self
            .args
            .iter()
            .filter(|a| a.end <= t && a.etype == EntityType::Person && !self.oblique(a))
            .collect();
        let Some(&last) = persons.last() else {
            return Vec::new();
        };
        let mut out = vec![last.entity];
        let mut right = last;
        for &left in persons.iter().rev().skip(1) {
            let between = &self.lower[left.end..right.phrase_first.max(left.end)];
            let coordinated = between.iter().any(|w| *w == "," || self.is(Conjunction, w));
            let clause = between.iter().any(|w| {
                self.is(Clause, w) || matches!(*w, ";" | ":" | "«" | "»" | "\"" | "“" | "”")
            });
            if !coordinated || clause || between.len() > 10 {
                break;
            }
            out.insert(0, left.entity);
            right = left;
        }
        out
    }

    /// The subject of the clause a meeting noun at `t..end` hangs off: before it ("X said in a
    /// meeting"), or after the fronted phrase it opens ("Lors de ce sommet, X a ...", "In a
    /// meeting that day he was told").
    pub(super) fn clause_subject(&self, t: usize, end: usize, state: &State) -> Vec<usize> {
        let before = self.subject(t, state);
        if !before.is_empty() {
            return before;
        }
        // A fronted phrase ends at its comma: "In a briefing that included Y, X said".
        let from = (end..(end + 12).min(self.lower.len()))
            .find(|&k| self.lower[k] == ",")
            .map_or(end, |c| c + 1);
        for k in from..(from + 12).min(self.lower.len()) {
            if self.is(Pronoun, self.lower[k]) {
                return state
                    .prev_subject
                    .or(state.last_subject)
                    .into_iter()
                    .collect();
            }
            if let Some(a) = self
                .args
                .iter()
                .find(|a| a.phrase_first == k && a.etype == EntityType::Person && !self.oblique(a))
            {
                return self.coordinated_right(a).iter().map(|a| a.entity).collect();
            }
            if matches!(self.lower[k], ";" | ":" | ".") {
                break;
            }
        }
        Vec::new()
    }
}

#[derive(Default)]
pub(super) struct State {
    pub(super) last_subject: Option<usize>,
    pub(super) last_pair: Option<Vec<usize>>,
    /// The sentence of the last meeting, whose actors `last_pair` holds.
    pub(super) last_pair_at: usize,
    /// The last persons named together ("X et Y", "X, né en 1990, et Y") in a sentence with no
    /// meeting, and that sentence: "Ils s'étaient rencontrés en prison" may mean them.
    pub(super) last_group: Option<(usize, Vec<usize>)>,
    /// The last day the story named before this sentence: "the next day" counts from it.
    pub(super) last_day: Option<chrono::NaiveDate>,
    /// The first person standing as a subject in the last sentence that had one: a pronoun
    /// opening the next clause ("In a meeting that day he was told") most often means them.
    pub(super) prev_subject: Option<usize>,
    /// The person opening the sentence just before as its subject ("Le président X est arrivé
    /// à Z", "Lundi, X ..."), if one did: "Il a rencontré Y le lendemain" means them rather than
    /// the story's first protagonist. None when that sentence opened otherwise ("Their son, X,
    /// ...", a quote), where the pronoun keeps meaning the protagonist.
    pub(super) opener: Option<usize>,
}

/// How many sentences a group named together stays what a plural ("ils", "the two men") means.
pub(super) const GROUP_WINDOW: usize = 3;

impl State {
    /// Whom a plural subject or "leur"/"their" at sentence `si` means: the persons named together
    /// last, the actors of the last meeting or a group of a sentence told after it.
    pub(super) fn pair(&self, si: usize) -> Option<Vec<usize>> {
        let group = self.last_group.as_ref().filter(|(at, _)| {
            at + GROUP_WINDOW >= si && (self.last_pair.is_none() || *at > self.last_pair_at)
        });
        group
            .map(|(_, g)| g.clone())
            .or_else(|| self.last_pair.clone())
    }
}
