//! Each trigger's frame: where an event's actors, place, date and object stand, by class and frame.

use super::participants::State;
use super::sentence::{determiner, Arg, Determiner, SentenceArgs};
use super::triggers::{award_object, object_not_a_person, passive_before};
use super::Event;
use crate::lexicon::FunctionWord::{
    Agent, AnaphoricDemonstrative, Between, Complementizer, Conjunction, Dative, DativeContraction,
    EmbeddedClause, IndefiniteArticle, MemberOf, NounMarker, PassiveAuxiliary,
    PassiveAuxiliaryNonfinite, PluralPossessive, Pronoun, RelativeGenitive, RelativePerson,
    RelativeThing,
};
use crate::lexicon::{Cue, EventClass, Frame, Trigger};
use crate::mentions::EntityType;
use crate::segment::TokenKind;
use crate::timex::TimeValue;

/// How far (in tokens) a verb's date may be from it: a news sentence states one event's time.
pub(super) const VERB_TIME_WINDOW: usize = 20;

pub(super) fn event_at(
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
            let noun = (end..(end + 5).min(v.lower.len())).find(|&k| v.meeting_noun(k));
            // "Participants included X and Y", "parmi les participants figuraient X", "X was among
            // those present": the phrase names the attendees of the meeting told before by a
            // plural noun for people, with no meeting noun of its own.
            let attendees = noun.is_none()
                && (t..end).any(|k| v.cue_at(k).is_some_and(|c| c.0 == Cue::PersonList));
            if attendees {
                ev.anaphoric = true;
            } else {
                let noun = noun?;
                match v.noun_phrase(noun).0 {
                    // "Y assistait également à ce sommet": the meeting told before takes Y.
                    Some(Determiner::Definite) => {
                        ev.anaphoric = true;
                        ev.object = Some(v.lower[noun].to_string());
                    }
                    // "X, Y and Z attended a summit in Brussels": a new gathering of its
                    // subjects, which must name two or more.
                    Some(Determiner::Indefinite) => {}
                    _ => return None,
                }
            }
            ev.actors = v.subject(t, state);
            if attendees {
                // The list follows the phrase: "participants included X, Y and Z".
                let first = v.args.iter().find(|a| {
                    a.etype == EntityType::Person
                        && a.phrase_first >= end
                        && a.phrase_first <= end + 1
                });
                if let Some(a) = first {
                    ev.actors
                        .extend(v.coordinated_right(a).iter().map(|a| a.entity));
                }
            }
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
