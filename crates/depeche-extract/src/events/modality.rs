//! Whether an event is told as planned, cancelled or hypothetical rather than done.

use super::{sentence::SentenceArgs, Modality};
use crate::article::Lang;
use crate::lexicon::Cue;

impl SentenceArgs<'_> {
    /// Whether the event at `t..end` is told as not having happened: a modal, future, negation
    /// or "called off" cue in its clause, before it, or a participle after it ("prévue jeudi").
    pub(super) fn modality(&self, t: usize, end: usize, noun: bool) -> Option<Modality> {
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
}
