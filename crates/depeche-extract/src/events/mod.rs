//! Events and their arguments: meetings, visits, statements, handovers, military actions.
//!
//! Triggers come from `data/lexicon/*/events.tsv`; each has a frame that says where its actors
//! are (subject and object, "avec X", "entre X et Y", a plural subject). Place and date come from
//! the same clause; a meeting whose sentence gives neither takes the article's setting (dateline,
//! or the lead sentence's place and date), as a news lead states them once for the whole story.
//! A meeting restated later ("où il a rencontré ...") is merged into the first one.
//!
//! ```
//! use depeche_extract::{article::Lang, lexicon::{Lexicon, EventClass}, segment::segment, mentions, coref, timex, events};
//! use chrono::NaiveDate;
//! let text = "Le président tunisien Karim Benali a reçu mardi à Tunis le ministre Paul Lefort.";
//! let lex = Lexicon::bundled();
//! let s = segment(text, lex.lang(Lang::Fr));
//! let ms = mentions::find(text, &s, lex, Lang::Fr);
//! let r = coref::resolve(&ms, lex, Lang::Fr);
//! let published = NaiveDate::from_ymd_opt(2017, 9, 12);
//! let times: Vec<_> = s.iter().map(|x| timex::find(text, x, lex.lang(Lang::Fr), published)).collect();
//! let evs = events::extract(&events::Input { text, sentences: &s, mentions: &ms, resolution: &r, times: &times, lex, lang: Lang::Fr });
//! let meeting = evs.iter().find(|e| e.class == EventClass::Meeting).unwrap();
//! assert_eq!(meeting.actors.len(), 2);
//! assert_eq!(meeting.time.unwrap().iso(), "2017-09-12");
//! ```

use crate::article::Lang;
use crate::coref::Resolution;
use crate::lexicon::FunctionWord::{
    self, Adjunct, Agent, AnaphoricDemonstrative, Article, Between, Clause, Complementizer,
    Conjunction, Dative, DativeContraction, DefiniteDeterminer, EmbeddedClause, Genitive,
    GenitiveElided, IndefiniteArticle, IndefiniteDeterminer, MemberOf, NonObjectPreposition,
    NounMarker, Oblique, PassiveAuxiliary, PassiveAuxiliaryNonfinite, PersonLead, PluralArticle,
    PluralPossessive, PossessiveDeterminer, Pronoun, RelativeCompound, RelativeGenitive,
    RelativePerson, RelativeThing, SideContraction, SidePreposition, Subordinator,
    VerbAdjunctPreposition, With,
};
use crate::lexicon::{Cue, EventClass, Frame, GazKind, LangLexicon, Lexicon, Trigger};
use crate::mentions::{EntityType, Mention};
use crate::segment::{Sentence, TokenKind, Words};
use crate::timex::{TimeValue, Timex};

/// An event found in the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Class.
    pub class: EventClass,
    /// Sentences that state it, the first one first.
    pub evidence: Vec<usize>,
    /// Entities taking part (for a statement, the speaker; for a handover, the giver).
    pub actors: Vec<usize>,
    /// Where (entities).
    pub places: Vec<usize>,
    /// When.
    pub time: Option<TimeValue>,
    /// Who received (handover).
    pub recipient: Option<usize>,
    /// What was handed over (handover).
    pub object: Option<String>,
    /// How many (casualties).
    pub count: Option<u64>,
    /// The trigger as written.
    pub trigger: String,
    /// Set when the article does not report the event as having happened.
    pub modality: Option<Modality>,
    /// A mention of a meeting told before ("ce sommet"): its actors join that meeting.
    pub(crate) anaphoric: bool,
    /// Told apart from the story's main thread: as happening once more ("met again"), or in an
    /// "after"/"before" clause of another event ("a week after Y met Z"). A meeting of its own,
    /// even with the same people, that takes no place or date from the lead or the sentence before.
    pub(crate) apart: bool,
    /// A gathering told with one attendee so far ("un sommet autour de X"): a later "Y assistait
    /// à ce sommet" completes it; left with one actor, it is dropped.
    pub(crate) pending: bool,
}

/// How an event the article names stands, when it did not (yet) happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modality {
    /// Announced, expected, in the future tense.
    Planned,
    /// Called off or put off.
    Cancelled,
    /// Conditional, denied, demanded.
    Hypothetical,
}

/// Everything the event stage reads.
pub struct Input<'a> {
    /// The article text.
    pub text: &'a str,
    /// Its sentences.
    pub sentences: &'a [Sentence],
    /// Mentions, in sentence order (as `mentions::find` returns them).
    pub mentions: &'a [Mention],
    /// Entities.
    pub resolution: &'a Resolution,
    /// Time expressions of each sentence.
    pub times: &'a [Vec<Timex>],
    /// Lexicons.
    pub lex: &'a Lexicon,
    /// Language.
    pub lang: Lang,
}

/// A resolved mention in a sentence, which may fill a slot of a frame.
#[derive(Debug, Clone, Copy)]
struct Arg {
    entity: usize,
    etype: EntityType,
    first: usize,
    /// One past the last token.
    end: usize,
    phrase_first: usize,
}

/// How far (in tokens) a verb's date may be from it: a news sentence states one event's time.
const VERB_TIME_WINDOW: usize = 20;
/// How a noun is introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Determiner {
    /// "la", "cette", "the", "this": something told before.
    Definite,
    /// "une", "a": something new.
    Indefinite,
    /// "sa", "leur", "his", "their": someone's.
    Possessive,
}

/// The determiner a word is, among those of the language (`function_words.tsv`).
fn determiner(l: &LangLexicon, w: &str) -> Option<Determiner> {
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
struct SentenceArgs<'a> {
    input: &'a Input<'a>,
    l: &'a LangLexicon,
    si: usize,
    lower: Vec<&'a str>,
    args: Vec<Arg>,
}

impl<'a> SentenceArgs<'a> {
    fn new(input: &'a Input<'a>, words: &'a Words<'a>, si: usize) -> Self {
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
                    end: m.last,
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
    fn delegations(&mut self) {
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
    fn country(&self, a: &Arg) -> bool {
        self.input.resolution.entities[a.entity].place_kind == Some(GazKind::Country)
    }

    /// Whether a lowercase word plays a role (`function_words.tsv`).
    fn is(&self, role: FunctionWord, w: &str) -> bool {
        self.l.is_function_word(role, w)
    }

    /// Whether a lowercase word plays one of the roles.
    fn is_any(&self, roles: &[FunctionWord], w: &str) -> bool {
        roles.iter().any(|&role| self.is(role, w))
    }

    fn oblique(&self, a: &Arg) -> bool {
        a.phrase_first > 0 && self.is(Oblique, self.lower[a.phrase_first - 1])
    }

    /// How two neighbouring mentions are joined: Some(true) by "et"/"and", Some(false) by a comma.
    fn link(&self, left: &Arg, right: &Arg) -> Option<bool> {
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
    fn coordinated_left(&self, a: &Arg) -> Vec<Arg> {
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
    fn coordinated_right(&self, a: &Arg) -> Vec<Arg> {
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
    fn subject(&self, t: usize, state: &State) -> Vec<usize> {
        let from = t.saturating_sub(3);
        if (from..t).any(|k| self.is(Pronoun, self.lower[k])) {
            let before = self
                .args
                .iter()
                .rev()
                .find(|a| a.end <= t && a.etype == EntityType::Person && !self.oblique(a));
            return match before {
                Some(a) => vec![a.entity],
                None => state.last_subject.into_iter().collect(),
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
    fn group(&self) -> Option<Vec<usize>> {
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

    fn plural_cue_before(&self, t: usize) -> bool {
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
    fn object(&self, t: usize) -> Vec<usize> {
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

    /// The cue of the longest phrase (up to three words) starting at `k`, with its length.
    fn cue_at(&self, k: usize) -> Option<(Cue, usize)> {
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

    /// Whether the event at `t..end` is told as not having happened: a modal, future, negation
    /// or "called off" cue in its clause, before it, or a participle after it ("prévue jeudi").
    fn modality(&self, t: usize, end: usize, noun: bool) -> Option<Modality> {
        let of = |c: Cue| match c {
            Cue::Planned => Some(Modality::Planned),
            Cue::Cancelled => Some(Modality::Cancelled),
            Cue::Hypothetical => Some(Modality::Hypothetical),
            _ => None,
        };
        if (t..end)
            .chain(t.saturating_sub(2)..t)
            .any(|k| crate::timex::french_future(self.l, self.lower[k]))
            && self.input.lang == Lang::Fr
        {
            return Some(Modality::Planned);
        }
        let breaks = |w: &str| {
            matches!(
                w,
                "," | ";" | ":" | "." | "«" | "»" | "\"" | "(" | ")" | "“" | "”"
            )
        };
        let before = (t.saturating_sub(7)..t)
            .rev()
            .take_while(|&k| !breaks(self.lower[k]))
            .find_map(|k| self.cue_at(k).and_then(|c| of(c.0)));
        if before.is_some() {
            return before;
        }
        // After the trigger only a participle of the event itself counts: "la réunion prévue",
        // "the talks were postponed"; a noun's own arguments may come first.
        let to = (end + if noun { 14 } else { 4 }).min(self.lower.len());
        let after: Vec<Modality> = (end..to)
            // "un entretien lundi, avant un sommet prévu mardi": another meeting noun's
            // participle is that meeting's.
            .take_while(|&k| {
                let stop = matches!(self.lower[k], ";" | "." | ":")
                    || !noun && breaks(self.lower[k])
                    || k > end && self.meeting_noun(k);
                !stop
            })
            .filter_map(|k| self.cue_at(k).and_then(|c| of(c.0)))
            .collect();
        // "prévue lundi, a été annulée": what became of the plan is what counts.
        after
            .iter()
            .find(|m| **m == Modality::Cancelled)
            .or_else(|| after.iter().find(|m| **m == Modality::Planned))
            .copied()
    }

    /// Persons a companion cue brings into the sentence's meeting: "accompagné du ministre X",
    /// "together with X and Y".
    fn companions(&self) -> Vec<usize> {
        self.companions_in(0, self.lower.len())
    }

    /// [`SentenceArgs::companions`] of the cues opening in `from..to`.
    fn companions_in(&self, from: usize, to: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut k = from;
        while k < to.min(self.lower.len()) {
            match self.cue_at(k) {
                Some((Cue::Companion, len)) => {
                    let at = k + len;
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

    /// The persons of a plural subject before `t`, through appositions a plain coordination
    /// stops at: "X and his Greek and French counterparts, Y and Z, gathered", "Presidents X of
    /// A and Y of B signed". Each link must hold a coordination and no verb of another clause.
    fn plural_subject(&self, t: usize) -> Vec<usize> {
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

    /// Whether the word at `k` is a meeting noun of the lexicon ("sommet", "talks").
    fn meeting_noun(&self, k: usize) -> bool {
        self.l
            .triggers_from(self.lower[k])
            .iter()
            .map(|&i| &self.l.triggers[i])
            .any(|t| t.class == EventClass::Meeting && t.frame == Frame::Noun && t.words.len() == 1)
    }

    /// How a meeting noun at `t` is introduced: the determiner nearest before it, and whether an
    /// adjunct preposition ("lors de", "during", "at") opens its phrase.
    fn noun_phrase(&self, t: usize) -> (Option<Determiner>, bool) {
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

    /// The subject of the clause a meeting noun at `t..end` hangs off: before it ("X said in a
    /// meeting"), or after the fronted phrase it opens ("Lors de ce sommet, X a ...", "In a
    /// meeting that day he was told").
    fn clause_subject(&self, t: usize, end: usize, state: &State) -> Vec<usize> {
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

    /// Whether what stands at `k`, after an event's words at `t`, belongs to another predicate:
    /// a relative clause ("met Y, who had visited Paris last week") or what the meeting was
    /// about ([`SentenceArgs::topic`]). Such a clause ends at a comma.
    fn beyond(&self, t: usize, k: usize) -> bool {
        let k = k.min(self.lower.len());
        self.topic(t, k)
            || (t..k).any(|j| {
                self.is_any(
                    &[
                        RelativePerson,
                        RelativeThing,
                        RelativeGenitive,
                        RelativeCompound,
                    ],
                    self.lower[j],
                ) && !self.lower[j..k].contains(&",")
            })
    }

    /// Whether what stands at `k` is in what an event at `t` was about: "met Y to discuss the
    /// crisis in Syria", "pour discuter de la situation en Libye". The topic ends at a comma.
    fn topic(&self, t: usize, k: usize) -> bool {
        let k = k.min(self.lower.len());
        (t..k).any(|j| {
            let opens = self.l.cue_lowered(self.lower[j]) == Some(Cue::Topic)
                || j + 1 < k
                    && self
                        .l
                        .cue_lowered(&format!("{} {}", self.lower[j], self.lower[j + 1]))
                        == Some(Cue::Topic);
            opens && !self.lower[j..k].contains(&",")
        })
    }

    /// Whether what stands at `k`, before an event's words at `t`, belongs to another clause: a
    /// relative clause closed before them ("X, who was elected in Porto in 2015, met Y" says
    /// nothing of where or when they met), or the main clause of a subordinate one the event
    /// stands in ([`SentenceArgs::subordinate`]).
    fn aside(&self, k: usize, t: usize) -> bool {
        let relative = (k.saturating_sub(10)..k)
            .rev()
            .take_while(|&j| !matches!(self.lower[j], "," | ";" | ":" | "."))
            .any(|j| {
                self.is_any(
                    &[RelativePerson, RelativeThing, RelativeGenitive],
                    self.lower[j],
                )
            });
        relative && self.lower[k..t.min(self.lower.len())].contains(&",") || self.subordinate(k, t)
    }

    /// Whether the event at `t` sits in a clause opened after `k` by "after", "before", "since"
    /// and not closed before it: in "X received Y in Berlin on Monday, a week after Y met Z",
    /// Berlin and Monday are the reception's, not Y and Z's meeting's. A meeting noun after the
    /// conjunction is no clause of its own: "X a démissionné lundi à Paris après sa réunion avec
    /// Y" tells where and when the meeting was.
    fn subordinate(&self, k: usize, t: usize) -> bool {
        let to = t.min(self.lower.len());
        (k..to).any(|j| {
            self.is(Subordinator, self.lower[j])
                && !self.lower[j..to].contains(&",")
                && !(j..(to + 1).min(self.lower.len())).any(|m| self.meeting_noun(m))
        })
    }

    /// A place introduced by a locative preposition, nearest to `t`, after it first; not one of
    /// another predicate after `t` (see [`SentenceArgs::beyond`]).
    fn place_near(&self, t: usize, after_only: bool, window: usize) -> Option<usize> {
        self.place_near_in(t, after_only, window, true)
    }

    /// [`SentenceArgs::place_near`]; `bounded` false takes places in any clause after `t`.
    fn place_near_in(
        &self,
        t: usize,
        after_only: bool,
        window: usize,
        bounded: bool,
    ) -> Option<usize> {
        let locative = |a: &&Arg| {
            a.etype == EntityType::Place && a.phrase_first > 0 && {
                let p = self.lower[a.phrase_first - 1];
                self.l.cue(p) == Some(Cue::Locative)
                    || self.is(Genitive, p)
                        && a.phrase_first >= 2
                        && self.l.cue_lowered(self.lower[a.phrase_first - 2]) == Some(Cue::Locative)
                    || self.l.cue(&format!(
                        "{} {}",
                        self.lower
                            .get(a.phrase_first.wrapping_sub(2))
                            .copied()
                            .unwrap_or(""),
                        p
                    )) == Some(Cue::PlaceBefore)
                    // "en marge du sommet de Bruxelles", "at the Brussels summit": a place that
                    // names the meeting is where it was held.
                    || self.is_any(&[Genitive, GenitiveElided], p)
                        && a.phrase_first >= 2
                        && self.meeting_noun(a.phrase_first - 2)
                    || a.end < self.lower.len() && self.meeting_noun(a.end)
            }
        };
        let after = self
            .args
            .iter()
            .filter(locative)
            .find(|a| a.first >= t && a.first <= t + window)
            .filter(|a| !bounded || !self.beyond(t, a.first));
        if after.is_some() || after_only {
            return after.map(|a| a.entity);
        }
        self.args
            .iter()
            .filter(locative)
            .filter(|a| a.end <= t && !(bounded && self.aside(a.first, t)))
            .min_by_key(|a| t - a.end)
            .map(|a| a.entity)
    }

    fn time_near(&self, t: usize, after_only: bool, window: usize) -> Option<TimeValue> {
        // A date before a relative pronoun belongs to another predicate: "X, nommée en
        // septembre, qui a rencontré Y" says nothing of when they met.
        // One closed before the event ("Lundi, X, qui rentrait d'Alger, a reçu Y") does not.
        let relative = |from: usize, to: usize| {
            (from..to).any(|j| {
                self.is_any(
                    &[RelativePerson, RelativeThing, RelativeCompound],
                    self.lower[j],
                ) && !self.lower[j..to].contains(&",")
            })
        };
        let times = self.input.times[self.si]
            .iter()
            .filter(|x| !x.birth)
            .filter(|x| x.first >= t || !relative(x.last.min(t), t))
            .filter(|x| x.first < t || !self.beyond(t, x.first))
            .filter(|x| x.first >= t || !self.aside(x.first, t));
        let mut best: Option<(usize, TimeValue)> = None;
        for x in times {
            let d = if x.first >= t {
                x.first - t
            } else if after_only {
                continue;
            } else {
                t - x.last.min(t) + 1
            };
            if d <= window && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, x.value));
            }
        }
        best.map(|b| b.1)
    }
}

#[derive(Default)]
struct State {
    last_subject: Option<usize>,
    last_pair: Option<Vec<usize>>,
    /// The sentence of the last meeting, whose actors `last_pair` holds.
    last_pair_at: usize,
    /// The last persons named together ("X et Y", "X, né en 1990, et Y") in a sentence with no
    /// meeting, and that sentence: "Ils s'étaient rencontrés en prison" may mean them.
    last_group: Option<(usize, Vec<usize>)>,
    /// The last day the story named before this sentence: "the next day" counts from it.
    last_day: Option<chrono::NaiveDate>,
    /// The first person standing as a subject in the last sentence that had one: a pronoun
    /// opening the next clause ("In a meeting that day he was told") most often means them.
    prev_subject: Option<usize>,
}

/// How many sentences a group named together stays what a plural ("ils", "the two men") means.
const GROUP_WINDOW: usize = 3;

impl State {
    /// Whom a plural subject or "leur"/"their" at sentence `si` means: the persons named together
    /// last, the actors of the last meeting or a group of a sentence told after it.
    fn pair(&self, si: usize) -> Option<Vec<usize>> {
        let group = self.last_group.as_ref().filter(|(at, _)| {
            at + GROUP_WINDOW >= si && (self.last_pair.is_none() || *at > self.last_pair_at)
        });
        group
            .map(|(_, g)| g.clone())
            .or_else(|| self.last_pair.clone())
    }
}

/// Whether a passive auxiliary stands before `t` in its sentence ("a été approuvé", "was approved").
fn passive_before(v: &SentenceArgs, t: usize) -> bool {
    v.lower[..t].iter().any(|w| v.is(PassiveAuxiliary, w))
}

/// Whether a meeting verb ending at `end` takes a thing or an agent instead of a person as its
/// direct object: "received 20 percent of the vote", "ont reçu ex aequo le prix", "avait reçu le
/// soutien de X", "a show hosted by X": no one was received. A determiner that opens a person's
/// phrase ("a reçu le président X") is the person.
fn object_not_a_person(v: &SentenceArgs, end: usize) -> bool {
    let tokens = &v.input.sentences[v.si].tokens;
    let mut k = end;
    let mut looked = 0;
    while k < v.lower.len() && looked < 3 {
        // "a reçu le 4 mars à Dakar le président X": a date is no object.
        if let Some(x) = v.input.times[v.si].iter().find(|x| x.first == k) {
            k = x.last.max(k + 1);
            continue;
        }
        let at = k;
        let w = v.lower[at];
        k += 1;
        looked += 1;
        if v.args
            .iter()
            .any(|a| a.phrase_first == at && a.etype == EntityType::Person)
            || matches!(w, "," | ";" | ":" | "." | "«" | "»" | "\"")
        {
            return false;
        }
        // A possessive opens a thing as often ("received his doctorate") as a person ("a reçu
        // son homologue X"), and a bare common noun ("received support from X", "received
        // treatment") is a thing unless a person's name follows as its apposition ("met
        // officers X and Y"): the check below tells them apart.
        let written = &v.input.text[tokens[at].start..tokens[at].end];
        let bare = at == end
            && written.chars().all(char::is_lowercase)
            && !v.is(Oblique, w)
            && v.l.time_word_lowered(w).is_none()
            && determiner(v.l, w).is_none()
            && !v.is_any(&[VerbAdjunctPreposition, Agent, Conjunction], w);
        // "that" is a determiner ("that summit") as often as a conjunction ("said that").
        let thing = !v.is(Complementizer, w) && determiner(v.l, w).is_some()
            || tokens[at].kind == TokenKind::Number
            || bare;
        if thing && v.input.times[v.si].iter().any(|x| x.first == at + 1) {
            continue; // "le 4 mars": the determiner of a date
        }
        if thing {
            // "received the visiting Japanese prime minister, X", "a reçu l'ancien ministre X",
            // "a delegation led by X", "a banquet for X": the phrase names its person; "the
            // support of X", "le prix de X" name a thing of theirs.
            let person = v
                .args
                .iter()
                .find(|a| a.first > at && a.first <= at + 7 && a.etype == EntityType::Person);
            let names_person = person.is_some_and(|a| {
                let words = &v.lower[at + 1..a.first];
                let leads = words.iter().any(|w| v.is(PersonLead, w));
                let of = v.oblique(a)
                    || v.lower[a.first].starts_with("d'")
                    || words
                        .iter()
                        .any(|w| v.is(Oblique, w) || matches!(*w, "d" | "." | ";" | ":"));
                leads || !of
            });
            return !names_person;
        }
        if v.is(Agent, w) {
            return true;
        }
        // "met with the IMF", "a reçu à Paris le président X": a preposition opens an adjunct.
        if v.is(Oblique, w) || v.is(VerbAdjunctPreposition, w) {
            return false;
        }
    }
    false
}

/// Whether the first person after a meeting verb ending at `end` names a prize: "a reçu à Paris
/// le prix X", "received the X Award", "le Prix X" read as one name. What was received is the
/// prize, not the person it is named after.
fn award_object(v: &SentenceArgs, end: usize) -> bool {
    let Some(a) = v
        .args
        .iter()
        .find(|a| a.phrase_first >= end && a.etype == EntityType::Person)
    else {
        return false;
    };
    let from = a.phrase_first.saturating_sub(2).max(end);
    v.lower[from..(a.end + 1).min(v.lower.len())]
        .iter()
        .any(|w| v.l.cue_lowered(w) == Some(Cue::Award))
}

/// Where a trigger starting at `t` ends, if it is there. Time words may sit between its words
/// ("had lunch today with").
fn trigger_end(v: &SentenceArgs, t: usize, trig: &Trigger) -> Option<usize> {
    let mut at = t;
    for (k, w) in trig.words.iter().enumerate() {
        // "s'est entretenu lundi à Paris avec X": the verb's adjuncts may come before "avec".
        if k > 0 && k + 1 == trig.words.len() && trig.frame == Frame::With && v.is(With, w) {
            let found = (at..v.lower.len().min(at + 10))
                // "signed on to the agreement, with Y and Z abstaining": a comma ends the verb's
                // phrase.
                .take_while(|&j| !matches!(v.lower[j], "." | ";" | ":" | "«" | "»" | ","))
                .find(|&j| v.lower[j] == *w)?;
            at = found + 1;
            continue;
        }
        if k > 0 {
            let mut skipped = 0;
            while skipped < 2
                && at < v.lower.len()
                && v.lower[at] != *w
                && v.l.time_word_lowered(v.lower[at]).is_some()
            {
                at += 1;
                skipped += 1;
            }
        }
        if v.lower.get(at).copied() != Some(w.as_str()) {
            return None;
        }
        at += 1;
    }
    Some(at)
}

/// Finds the events of an article.
pub fn extract(input: &Input) -> Vec<Event> {
    extract_in(input, &Words::of(input.text, input.sentences))
}

/// [`extract`] with the words of each sentence.
pub(crate) fn extract_in(input: &Input, words: &[Words]) -> Vec<Event> {
    let l = input.lex.lang(input.lang);
    let mut events: Vec<Event> = Vec::new();
    let mut state = State::default();
    for si in 0..input.sentences.len() {
        let v = SentenceArgs::new(input, &words[si], si);
        let n = v.lower.len();
        let mut t = 0;
        while t < n {
            // A form can be read several ways ("rencontre": verb or noun); the first reading whose
            // frame finds its arguments wins.
            let found = l
                .triggers_from(v.lower[t])
                .iter()
                .map(|&k| &l.triggers[k])
                .filter_map(|trig| trigger_end(&v, t, trig).map(|end| (trig, end)))
                .find_map(|(trig, end)| event_at(&v, t, end, trig, &mut state).map(|ev| (ev, end)));
            let Some((mut ev, end)) = found else {
                t += 1;
                continue;
            };
            if ev.anaphoric {
                // The meeting told last takes the new participants, place and date it lacks.
                // The last meeting told a few sentences before, or further back one whose
                // sentences name it the same way ("an AU summit ... at the AU summit").
                let noun = ev.object.take();
                let names_it = |o: &Event| {
                    noun.as_ref().is_some_and(|n| {
                        o.evidence
                            .iter()
                            .any(|&e| words[e].lower.iter().any(|w| w.as_ref() == n.as_str()))
                    })
                };
                let found = events
                    .iter()
                    .rposition(|o| {
                        o.class == EventClass::Meeting && o.evidence.iter().any(|&e| e + 6 >= si)
                    })
                    .or_else(|| {
                        events
                            .iter()
                            .rposition(|o| o.class == EventClass::Meeting && names_it(o))
                    });
                if let Some(o) = found.map(|k| &mut events[k]) {
                    for a in ev.actors {
                        if !o.actors.contains(&a) {
                            o.actors.push(a);
                        }
                    }
                    if !o.evidence.contains(&si) {
                        o.evidence.push(si);
                    }
                    o.time = o.time.or(ev.time);
                    if o.places.is_empty() {
                        o.places = ev.places;
                    }
                } else if ev.actors.len() >= 2 {
                    ev.anaphoric = false;
                    events.push(ev);
                }
            } else {
                if ev.class == EventClass::Meeting && !ev.pending {
                    state.last_pair = Some(ev.actors.clone());
                    state.last_pair_at = si;
                    if ev.time.is_none() || ev.places.is_empty() {
                        backfill(input, words, si, &events, &mut ev);
                    }
                }
                if let Some(&a) = ev.actors.first() {
                    if input.resolution.entities[a].etype == EntityType::Person {
                        state.last_subject = Some(a);
                    }
                }
                events.push(ev);
            }
            t = end;
        }
        if let Some(d) = input.times[si]
            .iter()
            .rev()
            .filter(|x| !x.birth)
            .find_map(|x| match x.value {
                TimeValue::Day(d) => Some(d),
                _ => None,
            })
        {
            state.last_day = Some(d);
        }
        if !events
            .iter()
            .any(|e| e.class == EventClass::Meeting && e.evidence.contains(&si))
        {
            if let Some(g) = v.group() {
                state.last_group = Some((si, g));
            }
        }
        // A sentence's grammatical subject carries over to the next sentence's pronouns.
        if let Some(a) = v
            .args
            .iter()
            .find(|a| a.etype == EntityType::Person && !v.oblique(a))
        {
            state.last_subject.get_or_insert(a.entity);
            state.prev_subject = Some(a.entity);
        }
    }
    // A gathering no later sentence gave a second attendee tells of no meeting.
    events.retain(|e| e.class != EventClass::Meeting || e.actors.len() >= 2);
    let setting = Setting::of(input, words);
    merge_and_complete(events, &setting)
}

/// Place and date of a meeting its sentence leaves out, from the sentence just before that last
/// names one of its actors there: "X flew to Z on Monday. In a meeting that day he ...". What
/// follows the actor's name is its own clause, so it is looked at first.
fn backfill(input: &Input, words: &[Words], si: usize, before: &[Event], ev: &mut Event) {
    // "X visited Z. In a briefing with Y, X ...": where an actor just went is where they met.
    let went = before
        .iter()
        .rev()
        .take_while(|o| o.evidence[0] + 3 >= si)
        // A meeting of the same sentence has had its own clause looked at.
        .filter(|o| o.evidence[0] < si)
        .find(|o| !o.places.is_empty() && o.actors.iter().any(|a| ev.actors.contains(a)));
    if let Some(o) = went.filter(|_| ev.places.is_empty()) {
        ev.places = o.places.clone();
    }
    for sj in (si.saturating_sub(3)..si).rev() {
        let v = SentenceArgs::new(input, &words[sj], sj);
        let Some(a) = v.args.iter().find(|a| ev.actors.contains(&a.entity)) else {
            continue;
        };
        if ev.places.is_empty() {
            ev.places.extend(
                v.place_near_in(a.end, true, 30, false)
                    .or_else(|| v.place_near(a.first, false, 0)),
            );
        }
        // A meeting told apart (again, or in an "after" clause) is not on the day told just before.
        if ev.time.is_none() && sj + 1 == si && !ev.apart {
            // Only the sentence right before, and not an aside: "(qui se tiendra dimanche)".
            let open = |k: usize| {
                v.lower[a.end..k].iter().filter(|w| **w == "(").count()
                    > v.lower[a.end..k].iter().filter(|w| **w == ")").count()
            };
            ev.time = input.times[sj]
                .iter()
                .filter(|x| !x.birth && x.first >= a.end && x.first <= a.end + 30 && !open(x.first))
                .map(|x| x.value)
                .next();
        }
        return;
    }
}

fn event_at(
    v: &SentenceArgs,
    t: usize,
    end: usize,
    trig: &Trigger,
    state: &mut State,
) -> Option<Event> {
    let text = &v.input.sentences[v.si];
    let trigger = v.input.text[text.tokens[t].start..text.tokens[end - 1].end].to_string();
    let prev = t.checked_sub(1).map(|k| v.lower[k]);
    let determiner_before = prev.is_some_and(|p| v.is(NounMarker, p));
    let mut ev = Event {
        class: trig.class,
        evidence: vec![v.si],
        actors: Vec::new(),
        places: Vec::new(),
        time: None,
        recipient: None,
        object: None,
        count: None,
        trigger,
        modality: None,
        anaphoric: false,
        apart: false,
        pending: false,
    };
    let passive_auxiliary = |p: &str| v.is_any(&[PassiveAuxiliary, PassiveAuxiliaryNonfinite], p);
    let passive = prev.is_some_and(passive_auxiliary)
        && v.lower[end..].iter().take(12).any(|x| v.is(Agent, x));
    match (trig.class, trig.frame) {
        (EventClass::Meeting, Frame::Transitive) if determiner_before => return None,
        // "was met with applause" (a passive with no agent), "the attention it has received,
        // X said" (the verb's clause ends at the comma): no one met.
        (EventClass::Meeting, Frame::Transitive)
            if prev.is_some_and(passive_auxiliary) && !passive
                || v.lower.get(end).is_some_and(|w| *w == ",") =>
        {
            return None
        }
        (EventClass::Meeting, Frame::Transitive)
            if !passive && (object_not_a_person(v, end) || award_object(v, end)) =>
        {
            return None
        }
        (EventClass::Meeting, Frame::Transitive | Frame::With) => {
            let mut subject = v.subject(t, state);
            let mut object = v.object(end);
            if subject.is_empty()
                && !object.is_empty()
                && trig.frame == Frame::With
                && v.cue_at(t).is_none()
            {
                // "La CEDEAO a organisé un sommet avec des représentants du Mali": the subject's
                // side is a body or a country that names no person.
                let verb_group = |a: &Arg| {
                    a.end <= t
                        && t - a.end <= 6
                        && v.lower[a.end..t].iter().all(|w| {
                            (w.chars().all(char::is_alphabetic) || matches!(*w, "(" | ")"))
                                && !v.is_any(&[RelativePerson, RelativeThing, Complementizer], w)
                        })
                };
                let side = v.args.iter().rev().find(|a| {
                    verb_group(a)
                        && (a.etype == EntityType::Organization || v.country(a))
                        && !v.oblique(a)
                });
                subject.extend(side.map(|a| a.entity));
            }
            if object.is_empty() && trig.frame == Frame::With && v.cue_at(t).is_none() {
                // "signed with Airbus", "négociations avec la Chine": a side that names no person
                // is the organization or country itself, right after the preposition.
                // Only where neither side names a person: "X said ... talks with the US" tells
                // of X's government, not of X.
                // The subject stands before its verb group: "X held talks with", "X a mené des
                // négociations avec", not across a clause ("the coalition, which was joined by").
                let verb_group = |a: &Arg| {
                    a.end <= t
                        && t - a.end <= 4
                        && v.lower[a.end..t].iter().all(|w| {
                            w.chars().all(char::is_alphabetic)
                                && !v.is_any(&[RelativePerson, RelativeThing, Complementizer], w)
                        })
                };
                // A country acting stands for its government: "La Chine a signé avec le Kenya".
                let side = v.args.iter().rev().find(|a| {
                    verb_group(a)
                        && (a.etype == EntityType::Organization || v.country(a))
                        && !v.oblique(a)
                });
                if let Some(s) = side.filter(|_| subject.is_empty()) {
                    let other = v.args.iter().find(|a| {
                        a.phrase_first >= end && a.first <= end + 2 && a.etype != EntityType::Person
                    });
                    if let Some(o) = other {
                        subject.push(s.entity);
                        object.push(o.entity);
                    }
                }
            }
            // The object stands next to its verb or preposition: "hosts the show with Y" or "was
            // met with applause ... Y" name Y in another role.
            let reach = if trig.frame == Frame::With { 4 } else { 10 };
            let far = |a: &Arg| {
                let between = &v.lower[end..a.phrase_first];
                // "avec le président de la Commission européenne, X": a title in apposition.
                let apposition = between.len() <= 10
                    && between.last() == Some(&",")
                    && between
                        .first()
                        .is_some_and(|w| determiner(v.l, w).is_some());
                a.phrase_first > end + reach && !apposition
            };
            if v.args
                .iter()
                .find(|a| object.first() == Some(&a.entity) && a.phrase_first >= end)
                .is_some_and(far)
            {
                object.clear();
            }
            if subject.is_empty()
                && trig.frame == Frame::With
                && v.noun_phrase(t).0 == Some(Determiner::Possessive)
            {
                // "sa rencontre avec Y": the possessor, named before in the sentence or the story.
                subject.extend(
                    v.args
                        .iter()
                        .rev()
                        .find(|a| a.end <= t && a.etype == EntityType::Person)
                        .map(|a| a.entity),
                );
            }
            if subject.is_empty() && passive_before(v, t) {
                // "the plan was approved by X during talks with Y": the agent is the subject.
                subject.extend(
                    v.args
                        .iter()
                        .rev()
                        .find(|a| {
                            a.end <= t
                                && a.etype == EntityType::Person
                                && a.phrase_first > 0
                                && v.is(Agent, v.lower[a.phrase_first - 1])
                        })
                        .map(|a| a.entity),
                );
            }
            if subject.is_empty() && trig.frame == Frame::With && t == 0 {
                // "Accompagné du ministre Y, il ...": a fronted phrase before a pronoun subject.
                let comma = (end..v.lower.len()).find(|&k| v.lower[k] == ",");
                if comma.is_some_and(|c| {
                    (c + 1..(c + 3).min(v.lower.len())).any(|k| v.is(Pronoun, v.lower[k]))
                }) {
                    subject.extend(state.last_subject);
                }
            }
            if subject.is_empty() && trig.frame == Frame::With && !object.is_empty() {
                // "During a news conference with Y, X said": the subject follows the fronted phrase.
                let after_object = v
                    .args
                    .iter()
                    .filter(|a| {
                        a.etype == EntityType::Person
                            && a.first > end
                            && !object.contains(&a.entity)
                    })
                    .find(|a| !v.oblique(a));
                subject.extend(after_object.map(|a| a.entity));
            }
            if subject.is_empty() && v.noun_phrase(t).0 == Some(Determiner::Possessive) {
                subject.extend(state.last_subject);
            }
            if passive {
                // "X a été reçu par Y": the agent after "par" is the host.
                // "reçu par le président X et le Premier ministre Y": coordinated agents host together.
                object = v
                    .args
                    .iter()
                    .find(|a| a.phrase_first > end && a.etype == EntityType::Person)
                    .map(|a| v.coordinated_right(a).iter().map(|a| a.entity).collect())
                    .unwrap_or_default();
            }
            if object.is_empty() && subject.len() >= 2 && trig.frame == Frame::Transitive {
                ev.actors = subject; // "X and Y met"
            } else {
                ev.actors = subject;
                ev.actors.extend(object);
            }
            ev.time = v.time_near(t, false, VERB_TIME_WINDOW);
            ev.places.extend(v.place_near(end, false, 12));
        }
        (EventClass::Meeting, Frame::Reciprocal) => {
            ev.actors = v.subject(t, state);
            let all = v.plural_subject(t);
            if all.len() > ev.actors.len() && all.len() >= 2 {
                ev.actors = all;
            }
            ev.time = v.time_near(t, false, 12);
            ev.places.extend(v.place_near(end, false, 12));
        }
        (EventClass::Meeting, Frame::Noun) => {
            // "talks between X and Y", "a summit of X and Y": the noun's own phrase lists them.
            let between = trig
                .words
                .last()
                .is_some_and(|w| v.is_any(&[Between, MemberOf], w));
            let (det, adjunct) = v.noun_phrase(t);
            // A gathering's place and date follow the attendees it lists.
            let mut lists = between;
            if between {
                ev.actors = v.object(end);
                // "a summit of the bloc's leaders, where X ...": "of" lists its members right away.
                let of = trig.words.last().is_some_and(|w| v.is(MemberOf, w));
                if of
                    && !v
                        .args
                        .iter()
                        .any(|a| a.phrase_first == end && ev.actors.first() == Some(&a.entity))
                {
                    return None;
                }
                if ev.actors.len() == 1 {
                    // "between X, claiming to represent Z, and Y": an aside splits the pair.
                    let first = v
                        .args
                        .iter()
                        .find(|a| a.entity == ev.actors[0] && a.phrase_first >= end)
                        .map_or(end, |a| a.end);
                    let and = (first..(first + 15).min(v.lower.len()))
                        .take_while(|&k| !matches!(v.lower[k], ";" | "." | ":"))
                        .find(|&k| v.is(Conjunction, v.lower[k]));
                    let second = and.and_then(|k| {
                        v.args.iter().find(|a| {
                            a.phrase_first > k
                                && a.phrase_first <= k + 2
                                && a.etype == EntityType::Person
                        })
                    });
                    ev.actors.extend(second.map(|a| a.entity));
                }
            } else if prev.is_some_and(|p| v.is(PluralPossessive, p)) || v.plural_cue_before(t) {
                ev.actors = state.pair(v.si).unwrap_or_default();
            } else if adjunct && det == Some(Determiner::Definite) {
                // "Lors de ce sommet, X a ...", "at the summit, X said": X was at the meeting
                // told before; the article's last meeting takes X.
                ev.actors = v.clause_subject(t, end, state);
                // "X, when asked whether anyone else at the summit had fallen ill, said": the
                // noun sits in a clause of its own, whose subject X is not.
                let nearest = v
                    .args
                    .iter()
                    .rev()
                    .find(|a| a.end <= t && ev.actors.first() == Some(&a.entity));
                if nearest.is_some_and(|a| {
                    v.lower[a.end..t]
                        .iter()
                        .any(|w| v.is_any(&[RelativePerson, RelativeGenitive, EmbeddedClause], w))
                }) {
                    ev.actors.clear();
                }
                ev.actors.extend(v.companions());
                ev.anaphoric = true;
                ev.object = Some(v.lower[t].to_string());
            } else if adjunct && det == Some(Determiner::Indefinite) {
                // "In a meeting that day he was told by X": the clause's subject and its agent.
                ev.actors = v.clause_subject(t, end, state);
                // "by Emergencies Minister X": a title the lexicon lacks may stand between.
                let agent = v.args.iter().find(|a| {
                    a.phrase_first > end
                        && a.etype == EntityType::Person
                        && (a.phrase_first.saturating_sub(3).max(end)..a.phrase_first)
                            .any(|k| v.is(Agent, v.lower[k]))
                });
                ev.actors.extend(agent.map(|a| a.entity));
                ev.actors.extend(v.companions());
            } else {
                // "un sommet réunissant X, Y et Z", "the summit, attended by X and Y": a gathering
                // whose attendees the noun's own phrase lists. The cue must open right after the
                // noun, so that "X, accompagné de Y, a dénoncé la réunion" names no attendee.
                // "The meeting was attended by X and Y", "le sommet a réuni X et Y", "un sommet
                // s'est tenu jeudi à Bruxelles autour de X": the cue follows within the clause.
                let from = if v.lower.get(end) == Some(&",") {
                    end + 1
                } else {
                    end
                };
                let to = (from..(from + 8).min(v.lower.len()))
                    .find(|&k| {
                        matches!(v.lower[k], ";" | ":" | "." | "«" | "»") || v.beyond(from, k + 1)
                    })
                    .unwrap_or((from + 8).min(v.lower.len()));
                ev.actors = v.companions_in(from, to);
                lists = true;
                match ev.actors.len() {
                    0 => return None,
                    1 => ev.pending = true,
                    _ => {}
                }
            }
            // "une rencontre entre X et Y a eu lieu le 2 mars à Dakar", "In July, he helped
            // arrange a meeting between X and Y".
            // "between X, <an aside>, and Y in Lima on March 2": the adjuncts follow the last actor.
            let tail = v
                .args
                .iter()
                .filter(|a| lists && a.first >= end && ev.actors.contains(&a.entity))
                .map(|a| a.end)
                .max()
                .unwrap_or(end);
            ev.time = v
                .time_near(tail, true, 8)
                .or_else(|| v.time_near(end, true, 14))
                .or_else(|| v.time_near(t, false, 14));
            ev.places.extend(
                v.place_near(tail, true, 8)
                    .or_else(|| v.place_near(end, true, 16)),
            );
        }
        (EventClass::Meeting, Frame::Attend) => {
            // "Y assistait également à ce sommet", "X joined the talks".
            let noun = (end..(end + 5).min(v.lower.len())).find(|&k| v.meeting_noun(k))?;
            match v.noun_phrase(noun).0 {
                // "Y assistait également à ce sommet": the meeting told before takes Y.
                Some(Determiner::Definite) => {
                    ev.anaphoric = true;
                    ev.object = Some(v.lower[noun].to_string());
                }
                // "X, Y and Z attended a summit in Brussels": a new gathering of its subjects,
                // which must name two or more.
                Some(Determiner::Indefinite) => {}
                _ => return None,
            }
            ev.actors = v.subject(t, state);
            ev.actors.extend(v.companions());
            ev.time = v.time_near(t, false, 8);
            ev.places.extend(v.place_near(end, true, 8));
        }
        (EventClass::Visit, _) => {
            ev.actors = v.subject(t, state);
            ev.actors.truncate(1);
            ev.time = v.time_near(t, false, 12);
            // "a visité le camp d'X", "visite de travail à Tunis", "visit to Canada"
            let object_place = v
                .args
                .iter()
                .find(|a| a.first >= end && a.first <= end + 8 && a.etype == EntityType::Place)
                .map(|a| a.entity);
            ev.places
                .extend(object_place.or_else(|| v.place_near(end, true, 8)));
            if ev.actors.is_empty() || ev.places.is_empty() {
                return None;
            }
        }
        (EventClass::Statement, Frame::Source) => {
            // "selon le ministère", "selon un communiqué de la présidence", "according to X"
            let speaker = v
                .args
                .iter()
                .find(|a| a.first >= end && a.first <= end + 6 && a.etype != EntityType::Place)
                .map(|a| a.entity);
            ev.actors.extend(speaker);
        }
        (EventClass::Statement, _) => {
            // After a quote the speaker follows the verb: "», a indiqué le ministère."
            let after = v.args.iter().find(|a| {
                a.first >= end
                    && a.first <= end + 5
                    && a.etype != EntityType::Place
                    && !v
                        .lower
                        .get(a.phrase_first.wrapping_sub(1))
                        .is_some_and(|w| v.is_any(&[Dative, DativeContraction], w))
            });
            let speaker = after
                .map(|a| a.entity)
                .or_else(|| v.subject(t, state).first().copied());
            ev.actors.extend(speaker);
            ev.time = v.time_near(t, false, 6);
        }
        (EventClass::Handover, _) => {
            ev.actors = v.subject(t, state);
            ev.actors.truncate(1);
            ev.recipient = v
                .args
                .iter()
                .find(|a| {
                    a.first >= end
                        && a.etype == EntityType::Person
                        && v.lower
                            .get(a.phrase_first.wrapping_sub(1))
                            .is_some_and(|w| v.is(Dative, w))
                })
                .map(|a| a.entity);
            ev.object = (end..v.lower.len().saturating_sub(1))
                .find(|&k| v.is(IndefiniteArticle, v.lower[k]))
                .map(|k| v.lower[k + 1].to_string())
                .filter(|o| text.tokens.get(end).is_some() && o.chars().all(char::is_alphabetic));
            ev.time = v.time_near(t, false, 8);
            if ev.actors.is_empty() || ev.recipient.is_none() {
                return None;
            }
        }
        (EventClass::Casualties, _) => {
            let from = t.saturating_sub(8);
            let number = (from..t)
                .rev()
                .find(|&k| text.tokens[k].kind == TokenKind::Number)?;
            let digits: String = v.lower[number]
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            ev.count = digits.parse().ok();
            ev.actors = v
                .args
                .iter()
                .filter(|a| a.first > number && a.end <= t && a.etype == EntityType::Organization)
                .map(|a| a.entity)
                .collect();
            ev.time = v.time_near(t, false, 10);
            ev.places.extend(v.place_near(end, false, 12));
            ev.count?;
        }
        (EventClass::Military, _) => {
            // The subject organizations ("les forces syriennes, appuyées par l'armée russe, mènent
            // une offensive"): agents after "par" are supporters, not the actor named first.
            ev.actors = v
                .args
                .iter()
                .filter(|a| a.end <= t && a.etype == EntityType::Organization && !v.oblique(a))
                .map(|a| a.entity)
                .take(1)
                .collect();
            ev.places.extend(v.place_near(end, true, 8));
            ev.time = v.time_near(t, false, 10);
            if ev.actors.is_empty()
                || (ev.places.is_empty() && ev.time.is_none())
                || determiner_before && prev.is_some_and(|p| v.is(AnaphoricDemonstrative, p))
            {
                return None;
            }
        }
        _ => return None,
    }
    if ev.class == EventClass::Meeting {
        // "s'est entretenu par téléphone avec", "held talks by phone": talks, but not in person.
        if (t..(end + 4).min(v.lower.len()))
            .any(|k| v.cue_at(k).is_some_and(|c| c.0 == Cue::Remote))
        {
            return None;
        }
        // "met and defeated X", "rencontrera en finale l'équipe de X", "met X again during the
        // Olympic trials": sportsmen facing each other in a match, which the guidelines do not
        // count as a meeting. The cue must stand in the trigger's own clause.
        let clause = |k: usize| matches!(v.lower[k], "." | ";" | ":");
        let from = (t.saturating_sub(6)..t)
            .rev()
            .find(|&k| clause(k))
            .map_or(t.saturating_sub(6), |k| k + 1);
        let to = (end..(end + 12).min(v.lower.len()))
            .find(|&k| clause(k))
            .unwrap_or((end + 12).min(v.lower.len()));
        if (from..to).any(|k| v.cue_at(k).is_some_and(|c| c.0 == Cue::Contest)) {
            return None;
        }
        if !ev.anaphoric {
            ev.actors.extend(v.companions());
        }
        // "X's talks with Y were cancelled": a noun read with its "with" is still a noun, whose
        // fate is told after its arguments.
        ev.modality = v.modality(t, end, trig.frame == Frame::Noun || v.meeting_noun(t));
        ev.apart = (t.saturating_sub(3)..(end + 6).min(v.lower.len()))
            .any(|k| v.cue_at(k).is_some_and(|c| c.0 == Cue::Again))
            || v.subordinate(0, t);
        if ev.time.is_none() {
            // "He met Y the next day", "In a meeting that day": from the story's last date.
            let shift = (0..v.lower.len()).find_map(|k| match v.cue_at(k) {
                Some((Cue::Anchor(days), _)) => Some(days),
                _ => None,
            });
            ev.time = shift
                .zip(state.last_day)
                .map(|(days, d)| TimeValue::Day(d + chrono::Duration::days(days)));
        }
    }
    ev.actors.dedup();
    let mut seen = Vec::new();
    ev.actors.retain(|a| {
        let fresh = !seen.contains(a);
        seen.push(*a);
        fresh
    });
    match ev.class {
        EventClass::Meeting
            if ev.actors.is_empty() || ev.actors.len() < 2 && !ev.anaphoric && !ev.pending =>
        {
            None
        }
        EventClass::Statement if ev.actors.is_empty() => None,
        _ => Some(ev),
    }
}

/// Where and when the article's story happens, as its lead states it.
struct Setting {
    place: Option<usize>,
    time: Option<TimeValue>,
}

impl Setting {
    fn of(input: &Input, words: &[Words]) -> Setting {
        let mut place = None;
        let mut title_place = None;
        let mut time = None;
        for (si, sentence_words) in words.iter().enumerate().take(input.sentences.len().min(4)) {
            let v = SentenceArgs::new(input, sentence_words, si);
            // A dateline ends with a dash within its first words: "NAIROBI, Kenya (AP) --",
            // "29 juillet 2016, Cracovie, Pologne. –". What stands before it is where the story is
            // filed and when it was published, not an event's time.
            let dash = v
                .lower
                .iter()
                .take(12)
                .position(|w| matches!(*w, "–" | "--" | "—" | "-"));
            let title_like = v.lower.get(1).is_some_and(|w| *w == ":");
            if place.is_none() {
                let filed = dash.and_then(|d| {
                    v.args
                        .iter()
                        .find(|a| a.etype == EntityType::Place && a.end <= d)
                });
                if let Some(a) = filed {
                    place = Some(a.entity);
                } else if title_like {
                    // "France : Valls giflé à Lamballe": the lead's own place, if it names one,
                    // is more precise than the title's.
                    title_place = title_place.or(v
                        .args
                        .iter()
                        .find(|a| a.etype == EntityType::Place)
                        .map(|a| a.entity));
                } else {
                    place = v
                        .args
                        .iter()
                        .find(|a| {
                            a.etype == EntityType::Place
                                && v.place_near(a.first, true, 0).is_some()
                                && !v.topic(0, a.first)
                        })
                        .map(|a| a.entity);
                }
            }
            if time.is_none() {
                let after_dash = dash.map_or(0, |d| d + 1);
                time = input.times[si]
                    .iter()
                    .find(|x| !x.birth && x.first >= after_dash && !v.topic(after_dash, x.first))
                    .map(|x| x.value);
            }
        }
        Setting {
            place: place.or(title_place),
            time,
        }
    }
}

fn merge_and_complete(events: Vec<Event>, setting: &Setting) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for ev in events {
        let mut actors = ev.actors.clone();
        actors.sort_unstable();
        let same = out.iter_mut().find(|o| {
            let mut oa = o.actors.clone();
            oa.sort_unstable();
            // Two readings of one sentence ("X, accompagné de Y, a reçu Z"): the fuller one stays.
            let nested = o.evidence[0] == ev.evidence[0]
                && (actors.iter().all(|a| oa.contains(a)) || oa.iter().all(|a| actors.contains(a)));
            // "X met Y on Monday. Later, X met Y again in Z": two meetings.
            let another = ev.apart && o.evidence[0] != ev.evidence[0];
            o.class == ev.class
                && !another
                && o.modality == ev.modality
                && (oa == actors || nested)
                && (ev.time.is_none() || o.time.is_none() || o.time == ev.time)
                && (ev.places.is_empty()
                    || o.places.is_empty()
                    || o.places.iter().any(|p| ev.places.contains(p)))
                && matches!(ev.class, EventClass::Meeting | EventClass::Visit)
        });
        match same {
            Some(o) => {
                for a in &ev.actors {
                    if !o.actors.contains(a) {
                        o.actors.push(*a);
                    }
                }
                for s in ev.evidence {
                    if !o.evidence.contains(&s) {
                        o.evidence.push(s);
                    }
                }
                if o.time.is_none() {
                    o.time = ev.time;
                }
                if o.places.is_empty() {
                    o.places = ev.places;
                }
            }
            None => out.push(ev),
        }
    }
    for ev in &mut out {
        // The lead's place and date are those of the story's first meeting, not of one told
        // apart from it.
        if ev.class == EventClass::Meeting && !ev.apart {
            if ev.time.is_none() {
                ev.time = setting.time;
            }
            if ev.places.is_empty() {
                ev.places.extend(setting.place);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{coref, mentions, segment, timex};
    use chrono::NaiveDate;

    /// One invented sentence and the event it must give.
    struct Case {
        lang: Lang,
        /// Publication date, the anchor of "mardi", "on Monday".
        published: &'static str,
        text: &'static str,
        class: EventClass,
        /// Labels of the actors, in any order.
        actors: &'static [&'static str],
        /// Label of the place, if one.
        place: Option<&'static str>,
        /// The date, as `TimeValue::iso` writes it, if one.
        date: Option<&'static str>,
        modality: Option<Modality>,
    }

    /// The events of a text, with the labels of its entities.
    fn events_of(lang: Lang, published: &str, text: &str) -> (Vec<Event>, Vec<String>) {
        let lex = Lexicon::bundled();
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        let sentences = segment::segment(text, lex.lang(lang));
        let found = mentions::find(text, &sentences, lex, lang);
        let resolution = coref::resolve(&found, lex, lang);
        let times: Vec<_> = sentences
            .iter()
            .map(|s| timex::find(text, s, lex.lang(lang), published))
            .collect();
        let input = Input {
            text,
            sentences: &sentences,
            mentions: &found,
            resolution: &resolution,
            times: &times,
            lex,
            lang,
        };
        (
            extract(&input),
            resolution
                .entities
                .iter()
                .map(|e| e.label.clone())
                .collect(),
        )
    }

    const CASES: &[Case] = &[
        Case {
            lang: Lang::Fr,
            published: "2017-09-12",
            text: "Le président Karim Benali a reçu mardi à Tunis le ministre Paul Lefort.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: Some("Tunis"),
            date: Some("2017-09-12"),
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2021-06-10",
            text: "La ministre Claire Dumont s'est entretenue lundi à Dakar avec son homologue Moussa Ndiaye.",
            class: EventClass::Meeting,
            actors: &["Claire Dumont", "Moussa Ndiaye"],
            place: Some("Dakar"),
            date: Some("2021-06-07"),
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2021-06-10",
            text: "Le président Karim Benali rencontrera le 20 juin à Alger le Premier ministre Paul Lefort.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: Some("Alger"),
            date: Some("2021-06-20"),
            modality: Some(Modality::Planned),
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "Prime Minister Anna Berg met President Joao Mendes in Lisbon on Monday.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Lisbon"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "Anna Berg and Joao Mendes met in Geneva on March 4.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Geneva"),
            date: Some("2019-03-04"),
            modality: None,
        },
        // A noun read with its "avec"/"with" tells its fate after its arguments; another
        // meeting's participle is not its own.
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "President Anna Berg's talks with Prime Minister Joao Mendes were cancelled.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: None,
            date: None,
            modality: Some(Modality::Cancelled),
        },
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Le président Karim Benali a eu un entretien avec le ministre Paul Lefort lundi, avant un sommet prévu mardi.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: None,
            date: Some("2019-03-11"),
            modality: None,
        },
        // A place that names the meeting is where it was held.
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Le président Karim Benali a rencontré le ministre Paul Lefort en marge du sommet de Bruxelles lundi.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: Some("Bruxelles"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "President Anna Berg met Prime Minister Joao Mendes at the Brussels summit on Monday.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Brussels"),
            date: Some("2019-03-11"),
            modality: None,
        },
        // The main clause's place and date are not those of a meeting told in an "after" clause.
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "On Monday in Lisbon, after a long flight, President Anna Berg met Prime Minister Joao Mendes.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Lisbon"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Le ministre Paul Lefort a démissionné lundi à Tunis, après sa réunion avec le président Karim Benali.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: Some("Tunis"),
            date: Some("2019-03-11"),
            modality: None,
        },
        // Signing together in person.
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "President Anna Berg signed a border treaty with Prime Minister Joao Mendes in Lisbon on Tuesday.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Lisbon"),
            date: Some("2019-03-12"),
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Le président Karim Benali a signé lundi à Tunis un accord avec le ministre Paul Lefort.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: Some("Tunis"),
            date: Some("2019-03-11"),
            modality: None,
        },
        // Gatherings whose attendees the noun's own phrase lists.
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "A summit of President Anna Berg and Prime Minister Joao Mendes was held in Geneva on March 4.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Geneva"),
            date: Some("2019-03-04"),
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "The summit, attended by Anna Berg, Joao Mendes and Peter Holm, opened in Geneva on Monday.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes", "Peter Holm"],
            place: Some("Geneva"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Un sommet réunissant Karim Benali, Paul Lefort et Marc Dubois s'est tenu lundi à Tunis.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort", "Marc Dubois"],
            place: Some("Tunis"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "The meeting was attended by President Anna Berg, Prime Minister Joao Mendes and Chancellor Peter Holm.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes", "Peter Holm"],
            place: None,
            date: None,
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Le sommet a réuni Karim Benali, Paul Lefort et Marc Dubois lundi à Tunis.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort", "Marc Dubois"],
            place: Some("Tunis"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "President Anna Berg, Prime Minister Joao Mendes and Chancellor Peter Holm attended a summit in Brussels on Monday.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes", "Peter Holm"],
            place: Some("Brussels"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Karim Benali, Paul Lefort et Marc Dubois ont participé à un sommet lundi à Bruxelles.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort", "Marc Dubois"],
            place: Some("Bruxelles"),
            date: Some("2019-03-11"),
            modality: None,
        },
        // A place or date of what the meeting was about, or of a relative clause, is not the
        // meeting's: the story's own (or none) is better than a wrong one.
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Karim Benali a rencontré Paul Lefort lundi pour discuter de la situation en Libye.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: None,
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "President Anna Berg received Prime Minister Joao Mendes in Lisbon to discuss the border with Spain.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Lisbon"),
            date: None,
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "Prime Minister Anna Berg flew to Lisbon on Monday. There she met President Joao Mendes, who had visited Paris last week.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Lisbon"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "President Joao Mendes arrived in Lisbon on Sunday. Prime Minister Anna Berg, who was elected in Porto in 2015, met Mendes on Monday.",
            class: EventClass::Meeting,
            actors: &["Anna Berg", "Joao Mendes"],
            place: Some("Lisbon"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Lundi à Tunis, le président Karim Benali, qui rentrait d'Alger, a reçu le ministre Paul Lefort.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: Some("Tunis"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::Fr,
            published: "2019-03-13",
            text: "Le président Karim Benali est arrivé lundi à Tunis. Il a reçu le ministre Paul Lefort, qui était à Alger le 2 mars.",
            class: EventClass::Meeting,
            actors: &["Karim Benali", "Paul Lefort"],
            place: Some("Tunis"),
            date: Some("2019-03-11"),
            modality: None,
        },
        Case {
            lang: Lang::En,
            published: "2019-03-13",
            text: "Foreign Minister Joao Mendes visited Nairobi on Tuesday.",
            class: EventClass::Visit,
            actors: &["Joao Mendes"],
            place: Some("Nairobi"),
            date: Some("2019-03-12"),
            modality: None,
        },
    ];

    #[test]
    fn each_sentence_gives_its_event() {
        for case in CASES {
            let (events, labels) = events_of(case.lang, case.published, case.text);
            let event = events
                .iter()
                .find(|e| e.class == case.class)
                .unwrap_or_else(|| panic!("no {:?} in {:?}: {events:?}", case.class, case.text));
            let mut actors: Vec<&str> = event.actors.iter().map(|&a| labels[a].as_str()).collect();
            actors.sort_unstable();
            let mut expected = case.actors.to_vec();
            expected.sort_unstable();
            assert_eq!(actors, expected, "actors of {:?}", case.text);
            let places: Vec<&str> = event.places.iter().map(|&p| labels[p].as_str()).collect();
            assert_eq!(
                places,
                case.place.into_iter().collect::<Vec<_>>(),
                "place of {:?}",
                case.text
            );
            assert_eq!(
                event.time.map(|t| t.iso()).as_deref(),
                case.date,
                "date of {:?}",
                case.text
            );
            assert_eq!(event.modality, case.modality, "modality of {:?}", case.text);
        }
    }

    /// Asserts that an invented text tells of no meeting.
    fn assert_no_meeting(lang: Lang, text: &str) {
        let (events, _) = events_of(lang, "2019-03-13", text);
        assert!(
            events.iter().all(|e| e.class != EventClass::Meeting),
            "{text:?}: {events:?}"
        );
    }

    #[test]
    fn a_meeting_told_as_happening_again_is_another_meeting() {
        for (lang, text, first_place, again_place) in [
            (
                Lang::En,
                "Anna Berg met Joao Mendes in Lisbon on Monday. Later, Berg met Mendes again in Porto.",
                "Lisbon",
                "Porto",
            ),
            (
                Lang::Fr,
                "Karim Benali a rencontré Paul Lefort lundi à Tunis. Benali a de nouveau rencontré Lefort à Sfax.",
                "Tunis",
                "Sfax",
            ),
        ] {
            let (events, labels) = events_of(lang, "2019-03-13", text);
            let meetings: Vec<(Vec<&str>, Option<String>)> = events
                .iter()
                .filter(|e| e.class == EventClass::Meeting)
                .map(|e| {
                    let places = e.places.iter().map(|&p| labels[p].as_str()).collect();
                    (places, e.time.map(|t| t.iso()))
                })
                .collect();
            assert_eq!(
                meetings,
                [
                    (vec![first_place], Some("2019-03-11".to_string())),
                    (vec![again_place], None)
                ],
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_gathering_takes_attendees_told_later() {
        for (lang, text) in [
            (
                Lang::Fr,
                "Un sommet s'est tenu jeudi à Bruxelles autour de Karim Benali. La police a fermé le quartier. Paul Lefort assistait également à ce sommet.",
            ),
            (
                Lang::En,
                "A summit attended by Anna Berg opened in Brussels on Thursday. Police closed the area. Joao Mendes also attended the summit.",
            ),
        ] {
            let (events, labels) = events_of(lang, "2019-03-15", text);
            let meetings: Vec<(Vec<&str>, Vec<&str>, Option<String>)> = events
                .iter()
                .filter(|e| e.class == EventClass::Meeting)
                .map(|e| {
                    let mut actors: Vec<&str> = e.actors.iter().map(|&a| labels[a].as_str()).collect();
                    actors.sort_unstable();
                    let places = e.places.iter().map(|&p| labels[p].as_str()).collect();
                    (actors, places, e.time.map(|t| t.iso()))
                })
                .collect();
            let (first, second) = if lang == Lang::Fr {
                ("Karim Benali", "Paul Lefort")
            } else {
                ("Anna Berg", "Joao Mendes")
            };
            assert_eq!(
                meetings,
                [(vec![first, second], vec!["Bruxelles"].into_iter().map(|p| if lang == Lang::Fr { p } else { "Brussels" }).collect(), Some("2019-03-14".to_string()))],
                "{text:?}"
            );
        }
        // With no second attendee, the gathering tells of no meeting.
        assert_no_meeting(
            Lang::Fr,
            "Un sommet s'est tenu jeudi à Bruxelles autour de Karim Benali.",
        );
    }

    #[test]
    fn a_meeting_in_an_after_clause_keeps_the_main_clause_setting_off() {
        for (lang, text, main, other) in [
            (
                Lang::En,
                "Chancellor Anna Berg received President Joao Mendes in Berlin on Monday, a week after Mendes met Prime Minister Peter Holm.",
                ["Anna Berg", "Joao Mendes"],
                ["Joao Mendes", "Peter Holm"],
            ),
            (
                Lang::Fr,
                "Le président Karim Benali a reçu le ministre Paul Lefort lundi à Tunis, deux jours après que Lefort a rencontré Marc Dubois.",
                ["Karim Benali", "Paul Lefort"],
                ["Marc Dubois", "Paul Lefort"],
            ),
        ] {
            let (events, labels) = events_of(lang, "2019-03-13", text);
            let of = |actors: [&str; 2]| {
                events
                    .iter()
                    .find(|e| {
                        let mut a: Vec<&str> = e.actors.iter().map(|&a| labels[a].as_str()).collect();
                        a.sort_unstable();
                        e.class == EventClass::Meeting && a == actors
                    })
                    .unwrap_or_else(|| panic!("no meeting of {actors:?} in {text:?}: {events:?}"))
            };
            assert!(!of(main).places.is_empty() && of(main).time.is_some(), "{text:?}");
            assert!(of(other).places.is_empty() && of(other).time.is_none(), "{text:?}: {:?}", of(other));
        }
    }

    #[test]
    fn these_tell_of_no_meeting() {
        for (lang, text) in [
            // A meeting noun names only its own attendees: the persons of the clause around "a
            // meeting of the board" did not meet each other.
            (Lang::En, "After a meeting of the party's board, Anna Berg said Joao Mendes would resign."),
            (Lang::Fr, "Après une réunion du bureau, Karim Benali a annoncé que Paul Lefort démissionnerait."),
            // A comma ends the words a "with" trigger skips: Y and Z abstaining is no signing together.
            (Lang::En, "President Anna Berg signed the decree on Monday, with Joao Mendes and Peter Holm abstaining."),
            (Lang::Fr, "Le président Karim Benali a signé le décret lundi, avec l'accord de Paul Lefort."),
            // A call by phone is no meeting in person.
            (Lang::Fr, "Le président Karim Benali s'est entretenu mardi par téléphone avec le ministre Paul Lefort."),
            (Lang::En, "President Anna Berg spoke by phone with Prime Minister Joao Mendes on Monday."),
        ] {
            assert_no_meeting(lang, text);
        }
    }
}
