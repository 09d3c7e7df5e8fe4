//! Mentions typed by their neighbours: names listed with persons, acronyms beside expansions.

use super::context::Ctx;
use super::{EntityType, Mention};
use crate::lexicon::{fold, Cue, FunctionWord};

/// "Usain Bolt, Ashmeade et Powell": an unknown name listed with persons is a person.
pub(super) fn type_by_coordination(c: &Ctx, ms: &mut [Mention]) {
    for k in 0..ms.len() {
        if !(ms[k].tentative && (ms[k].fallback.is_some() || ms[k].name_like)) {
            continue;
        }
        // Some(true) for "et"/"and", Some(false) for a comma.
        let link = |a: &Mention, b: &Mention| -> Option<bool> {
            if b.phrase_first < a.end {
                return None;
            }
            match &c.lower[a.end..b.phrase_first] {
                [w] if c.l.is_function_word(FunctionWord::Conjunction, w) => Some(true),
                [w] if *w == "," => Some(false),
                _ => None,
            }
        };
        // A comma alone is an apposition or a clause break ("Sur Twitter, X a dit"); it lists
        // names only when the list goes on.
        let listed = |a: usize, b: usize| match link(&ms[a], &ms[b]) {
            Some(true) => true,
            Some(false) => {
                (b + 1 < ms.len() && link(&ms[b], &ms[b + 1]).is_some())
                    || (a > 0 && link(&ms[a - 1], &ms[a]).is_some())
            }
            None => false,
        };
        let person = |m: &Mention| {
            m.etype == EntityType::Person
                && (!m.tentative || m.fallback == Some(EntityType::Person))
        };
        let before = k > 0 && person(&ms[k - 1]) && listed(k - 1, k);
        let after = k + 1 < ms.len() && person(&ms[k + 1]) && listed(k, k + 1);
        if before || after {
            ms[k].fallback = Some(EntityType::Person);
        }
    }
    // "avec ses compatriotes Powell, Blake et Ashmeade": every name of a list that a plural noun
    // for people introduces is a person.
    let mut k = 0;
    while k < ms.len() {
        let opens = ms[k].phrase_first > 0
            && c.l.cue_lowered(c.lower[ms[k].phrase_first - 1]) == Some(Cue::PersonList);
        if !opens {
            k += 1;
            continue;
        }
        let mut j = k;
        loop {
            if ms[j].tentative && ms[j].name_like {
                ms[j].fallback = Some(EntityType::Person);
            }
            let linked = j + 1 < ms.len()
                && ms[j + 1].phrase_first >= ms[j].end
                && matches!(&c.lower[ms[j].end..ms[j + 1].phrase_first], [w] if *w == "," || c.l.is_function_word(FunctionWord::Conjunction, w));
            if !linked {
                break;
            }
            j += 1;
        }
        k = j + 1;
    }
}

/// "Etat islamique (EI)" and "NORAD (North American Aerospace Defence Command)".
pub(super) fn link_acronyms(c: &Ctx, ms: &mut [Mention], offset: usize) {
    for k in 1..ms.len() {
        let (a, b) = (&ms[k - 1], &ms[k]);
        if b.first != a.end + 1
            || c.words.get(a.end) != Some(&"(")
            || c.words.get(b.end) != Some(&")")
        {
            continue;
        }
        let (long, short) = if c.is_acronym(b.first) && b.end == b.first + 1 {
            (a, b)
        } else {
            (b, a)
        };
        if !(c.is_acronym(short.first) && short.end == short.first + 1) {
            continue;
        }
        let initials: String = long
            .name
            .split([' ', '-'])
            .filter_map(|w| w.chars().next())
            .filter(|ch| ch.is_uppercase())
            .collect();
        let acro: String = short.name.chars().filter(|ch| ch.is_alphabetic()).collect();
        if !initials.is_empty()
            && (acro.starts_with(&initials)
                || initials.starts_with(&acro)
                || fold(&initials) == fold(&acro))
        {
            let (li, si) = if std::ptr::eq(long, a) {
                (k - 1, k)
            } else {
                (k, k - 1)
            };
            if ms[li].tentative {
                // "NORAD (North American Aerospace Defence Command)": the expansion of an
                // organization's acronym is that organization.
                ms[li].tentative = false;
                ms[li].etype = ms[si].etype;
            }
            let etype = ms[li].etype;
            ms[si].etype = etype;
            ms[si].gaz = ms[si].gaz.or(ms[li].gaz);
            ms[si].defines = Some(offset + li);
        }
    }
}
