//! Where and when: from an event's clause, the sentence before it, or the article's lead.

use super::{
    sentence::{Arg, SentenceArgs},
    Event, Input,
};
use crate::lexicon::Cue;
use crate::lexicon::FunctionWord::{
    Genitive, GenitiveElided, RelativeCompound, RelativeGenitive, RelativePerson, RelativeThing,
    Subordinator,
};
use crate::mentions::EntityType;
use crate::segment::Words;
use crate::timex::TimeValue;

impl SentenceArgs<'_> {
    /// Whether what stands at `k`, after an event's words at `t`, belongs to another predicate:
    /// a relative clause ("met Y, who had visited Paris last week") or what the meeting was
    /// about ([`SentenceArgs::topic`]). Such a clause ends at a comma.
    pub(super) fn beyond(&self, t: usize, k: usize) -> bool {
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
    pub(super) fn topic(&self, t: usize, k: usize) -> bool {
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
    pub(super) fn aside(&self, k: usize, t: usize) -> bool {
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
    pub(super) fn subordinate(&self, k: usize, t: usize) -> bool {
        let to = t.min(self.lower.len());
        (k..to).any(|j| {
            self.is(Subordinator, self.lower[j])
                && !self.lower[j..to].contains(&",")
                && !(j..(to + 1).min(self.lower.len())).any(|m| self.meeting_noun(m))
        })
    }

    /// A place introduced by a locative preposition, nearest to `t`, after it first; not one of
    /// another predicate after `t` (see [`SentenceArgs::beyond`]).
    pub(super) fn place_near(&self, t: usize, after_only: bool, window: usize) -> Option<usize> {
        self.place_near_in(t, after_only, window, true)
    }

    /// [`SentenceArgs::place_near`]; `bounded` false takes places in any clause after `t`.
    pub(super) fn place_near_in(
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

    pub(super) fn time_near(&self, t: usize, after_only: bool, window: usize) -> Option<TimeValue> {
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
            .filter(|x| x.first >= t || !relative(x.end.min(t), t))
            .filter(|x| x.first < t || !self.beyond(t, x.first))
            .filter(|x| x.first >= t || !self.aside(x.first, t));
        let mut best: Option<(usize, TimeValue)> = None;
        for x in times {
            let d = if x.first >= t {
                x.first - t
            } else if after_only {
                continue;
            } else {
                t - x.end.min(t) + 1
            };
            if d <= window && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, x.value));
            }
        }
        best.map(|b| b.1)
    }
}

/// Place and date of a meeting its sentence leaves out, from the sentence just before that last
/// names one of its actors there: "X flew to Z on Monday. In a meeting that day he ...". What
/// follows the actor's name is its own clause, so it is looked at first.
pub(super) fn backfill(
    input: &Input,
    words: &[Words],
    si: usize,
    before: &[Event],
    ev: &mut Event,
) {
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

/// Where and when the article's story happens, as its lead states it.
pub(super) struct Setting {
    pub(super) place: Option<usize>,
    pub(super) time: Option<TimeValue>,
}

impl Setting {
    pub(super) fn of(input: &Input, words: &[Words]) -> Setting {
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
