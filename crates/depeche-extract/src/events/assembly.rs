//! An article's events put together: restatements merged, the lead's setting given to meetings.

use super::{place_date::Setting, Event};
use crate::lexicon::EventClass;

pub(super) fn merge_and_complete(events: Vec<Event>, setting: &Setting) -> Vec<Event> {
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
            // A meeting dated another day than the lead's is another occasion: the lead's place
            // is not where it was held ("X met Y on Tuesday, who had visited Oslo" after a lead
            // on Monday's summit in Tunis has no place).
            let same_day = ev.time.is_none() || setting.time.is_none() || ev.time == setting.time;
            if ev.time.is_none() {
                ev.time = setting.time;
            }
            if ev.places.is_empty() && same_day {
                ev.places.extend(setting.place);
            }
        }
    }
    out
}
