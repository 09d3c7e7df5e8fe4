//! Where a trigger ends, and whether a verb's reading holds (a passive, a thing or prize as object).

use super::sentence::{determiner, SentenceArgs};
use crate::lexicon::FunctionWord::{
    Agent, Complementizer, Conjunction, Oblique, PassiveAuxiliary, PersonLead,
    VerbAdjunctPreposition, With,
};
use crate::lexicon::{Cue, Frame, Trigger};
use crate::mentions::EntityType;
use crate::segment::TokenKind;

/// Whether a passive auxiliary stands before `t` in its sentence ("a été approuvé", "was approved").
pub(super) fn passive_before(v: &SentenceArgs, t: usize) -> bool {
    v.lower[..t].iter().any(|w| v.is(PassiveAuxiliary, w))
}

/// Whether a meeting verb ending at `end` takes a thing or an agent instead of a person as its
/// direct object: "received 20 percent of the vote", "ont reçu ex aequo le prix", "avait reçu le
/// soutien de X", "a show hosted by X": no one was received. A determiner that opens a person's
/// phrase ("a reçu le président X") is the person.
pub(super) fn object_not_a_person(v: &SentenceArgs, end: usize) -> bool {
    let tokens = &v.input.sentences[v.si].tokens;
    let mut k = end;
    let mut looked = 0;
    while k < v.lower.len() && looked < 3 {
        // "a reçu le 4 mars à Dakar le président X": a date is no object.
        if let Some(x) = v.input.times[v.si].iter().find(|x| x.first == k) {
            k = x.end.max(k + 1);
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
pub(super) fn award_object(v: &SentenceArgs, end: usize) -> bool {
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
pub(super) fn trigger_end(v: &SentenceArgs, t: usize, trig: &Trigger) -> Option<usize> {
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
