//! Events and their arguments: meetings, visits, statements, handovers, military actions.
//!
//! Triggers come from `data/lexicon/*/events.tsv`; each has a frame that says where its actors
//! are (subject and object, "avec X", "entre X et Y", a plural subject). Place and date come from
//! the same clause; a meeting whose sentence gives neither takes the article's setting (dateline,
//! or the lead sentence's place and date), as a news lead states them once for the whole story.
//! A meeting restated later ("où il a rencontré ...") is merged into the first one.
//!
//! This file runs the stage over the sentences; its parts: `sentence` (a sentence as the frames
//! read it), `frames` (each trigger's frame), `triggers` (where a trigger ends, checks on a
//! verb's object), `participants` (subjects, objects, companions, the story's state), `place_date`
//! (place and date from the clause, the sentence before or the lead), `modality` (planned,
//! cancelled, hypothetical), `assembly` (restatements merged, the lead's setting), `tests`.
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

mod assembly;
mod frames;
mod modality;
mod participants;
mod place_date;
mod sentence;
#[cfg(test)]
mod tests;
mod triggers;

use crate::article::Lang;
use crate::coref::Resolution;
use crate::lexicon::{EventClass, Lexicon};
use crate::mentions::{EntityType, Mention};
use crate::segment::{Sentence, Words};
use crate::timex::{TimeValue, Timex};
use assembly::merge_and_complete;
use frames::event_at;
use participants::State;
use place_date::{backfill, Setting};
use sentence::SentenceArgs;
use triggers::trigger_end;

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
                } else if ev.actors.len() >= 2 && noun.is_some() {
                    // "Participants included X and Y" with no meeting told before names no
                    // meeting of its own: a protest or a race has participants too.
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
        let opening_time = |a: &sentence::Arg| {
            input.times[si]
                .iter()
                .any(|x| x.first == 0 && x.end + 1 == a.phrase_first && v.lower[x.end] == ",")
        };
        state.opener = v
            .args
            .iter()
            .find(|a| a.etype == EntityType::Person && !v.oblique(a))
            .filter(|a| a.phrase_first == 0 || opening_time(a))
            .map(|a| a.entity);
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
