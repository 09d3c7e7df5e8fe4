//! Each sentence's mentions: the rules' and the tagger's, reconciled by the tagger's margin.

use super::context::Ctx;
use super::neighbours::{link_acronyms, type_by_coordination};
use super::rules::rule_mentions;
use super::{mention, Combine, EntityType, Mention};
use crate::lexicon::{Cue, GazKind};
use crate::tagger::{self, flag, DocInfo, Kind, Label, SentenceInput};
use rustc_hash::FxHashMap;

/// The tagger, what it remembers of the document, and the lexicon flags of the document's words.
pub(super) type TaggerState<'m, 'a> = (
    &'m tagger::Model,
    &'m mut (DocInfo<'a>, FxHashMap<&'a str, u32>),
);

pub(super) fn sentence_mentions<'a>(
    c: &Ctx<'a>,
    si: usize,
    tagger: Option<TaggerState<'_, 'a>>,
    combine: Combine,
    out: &mut Vec<Mention>,
) {
    let start_len = out.len();
    rule_mentions(c, si, out);
    if let Some((model, (doc, flags))) = tagger {
        let rules = out.split_off(start_len);
        // The tagger only types names the rules left untyped: a sentence with none is not tagged,
        // and its firm mentions are what the document remembers of it.
        if combine.add.is_none()
            && combine.drop.is_none()
            && !rules.iter().any(|m| m.tentative && !m.weak)
        {
            let mut labels = vec![0; c.n()];
            for m in rules.iter().filter(|m| !m.weak) {
                let kind = match m.etype {
                    EntityType::Person => Kind::Per,
                    EntityType::Organization => Kind::Org,
                    EntityType::Place => Kind::Loc,
                };
                for (k, l) in labels
                    .iter_mut()
                    .enumerate()
                    .take(m.end.min(c.n()))
                    .skip(m.first)
                {
                    *l = tagger::label_of(kind, k == m.first);
                }
            }
            doc.record(&c.lower, &labels);
            out.extend(rules);
        } else {
            let info = c.token_infos(&rules, flags);
            let (labels, margins) = model.tag_with_margins(
                &SentenceInput {
                    words: c.words,
                    lower: &c.lower,
                    info: &info,
                },
                c.lang,
                doc,
            );
            doc.record(&c.lower, &labels);
            // Each span with its least sure token: below the margins, the rules' answer stands.
            // A title at either end of a span is no part of the name ("Zentair CEO" is no person):
            // the span is cut to its core, as the guidelines cut names.
            let title = |k: usize| info[k].flags & flag::TITLE != 0;
            let spans: Vec<_> = tagger::spans(&labels)
                .into_iter()
                .filter_map(|(mut a, mut b, k)| {
                    while a < b && title(a) {
                        a += 1;
                    }
                    while a < b && title(b - 1) {
                        b -= 1;
                    }
                    (a < b).then(|| (a, b, k, margins[a..b].iter().copied().min().unwrap_or(0)))
                })
                .collect();
            let mut rules = rules;
            if let Some(margin) = combine.drop {
                // The tagger learned names, not institutions written as common nouns ("l'armée
                // italienne"): a mention that opens lowercase is the rules' alone.
                let firm_by_rule = |m: &Mention| {
                    !m.tentative
                        && m.gaz.is_none()
                        && m.roles.is_empty()
                        && !m.honorific
                        && m.defines.is_none()
                        && c.is_cap(m.first)
                };
                rules.retain(|m| {
                    !(firm_by_rule(m)
                        && (m.first..m.end.min(c.n()))
                            .all(|k| labels[k] == 0 && margins[k] >= margin))
                });
            }
            // A span the tagger finds on its own must hold a word shaped like a name: capitalised
            // ordinary words are no name on their own.
            let addable: Vec<bool> = spans
                .iter()
                .map(|&(a, b, _, _)| {
                    (a..b).any(|k| c.is_cap(k) && info[k].flags & (flag::COMMON | flag::STOP) == 0)
                })
                .collect();
            // A word shaped like a name (no ordinary word, adjective or demonym) and written
            // capitalised inside another sentence too is a name the article returns to (a
            // surname before the full name): it is not dropped as no name.
            let plain = flag::COMMON | flag::STOP | flag::DEMONYM | flag::ADJECTIVE;
            let recurs: Vec<bool> = (0..c.n())
                .map(|k| {
                    info[k].flags & plain == 0
                        && doc.counts(c.lower[k]).0 > u16::from(k > 0 && c.is_cap(k))
                })
                .collect();
            out.extend(reconcile(
                c,
                si,
                rules,
                (&labels, &margins, &recurs),
                &spans,
                &addable,
                combine,
            ));
        }
    }
    link_acronyms(c, &mut out[start_len..], start_len);
    type_by_coordination(c, &mut out[start_len..]);
}

pub(super) fn entity_type(k: Kind) -> EntityType {
    match k {
        Kind::Per => EntityType::Person,
        Kind::Org => EntityType::Organization,
        Kind::Loc => EntityType::Place,
    }
}

/// The default of [`Combine::min_margin`]: lower margins let the tagger's mistakes in, higher ones
/// leave the rules alone.
pub(super) const MIN_MARGIN: i32 = 400;

/// The default of [`Combine::add`].
pub(super) const ADD: Option<i32> = Some(800);

/// The default of [`Combine::drop`].
pub(super) const DROP: Option<i32> = Some(0);

/// The default of [`Combine::drop_untyped`].
pub(super) const DROP_UNTYPED: Option<i32> = Some(400);

/// The tagger's entities with the rules' mentions. The rules' typed mentions stay: the gazetteer,
/// titles and roles, head nouns and acronym definitions are right by construction more often than
/// the tagger is. A tentative mention (a capitalised word of no known type) takes the bounds and
/// type of the sure tagged span over it; with none, it stays tentative, for coreference to claim.
/// Where [`Combine`] says so, a sure span where the rules found nothing is a mention, if
/// `addable` (it holds a word shaped like a name).
pub(super) fn reconcile(
    c: &Ctx,
    si: usize,
    rules: Vec<Mention>,
    tagged: (&[Label], &[i32], &[bool]),
    spans: &[(usize, usize, Kind, i32)],
    addable: &[bool],
    combine: Combine,
) -> Vec<Mention> {
    let (labels, margins, recurs) = tagged;
    let overlaps = |a: usize, b: usize, m: &Mention| a < m.end && m.first < b;
    let mut kept: Vec<Mention> = Vec::with_capacity(rules.len());
    let mut used = vec![false; spans.len()];
    let sure = |k: usize, margin: i32| spans[k].3 >= margin;
    let mut covered = vec![false; spans.len()];
    // A span that also covers a firm mention of its type reads the untyped word as part of that
    // name ("Défense" in "ministère russe de la Défense"), not as a name of its own.
    let inside_firm: Vec<bool> = spans
        .iter()
        .map(|&(a, b, kind, _)| {
            rules
                .iter()
                .any(|m| !m.tentative && overlaps(a, b, m) && m.etype == entity_type(kind))
        })
        .collect();
    for m in rules {
        for (k, &(a, b, _, _)) in spans.iter().enumerate() {
            covered[k] |= overlaps(a, b, &m);
        }
        if !m.tentative {
            kept.push(m);
            continue;
        }
        match spans.iter().position(|&(a, b, _, _)| overlaps(a, b, &m)) {
            Some(k) if !used[k] && !inside_firm[k] && sure(k, combine.min_margin) => {
                used[k] = true;
                let (a, b, kind, _) = spans[k];
                let mut t = tagged_mention(c, si, a, b, kind);
                t.country = m.country;
                t.phrase_first = t.phrase_first.min(m.phrase_first);
                // A lone word typed a person is most often a surname: it stays the rules' untyped
                // word, for coreference to say which person it is, or that it is ambiguous
                // ("Garnier" with Louis and Anne Garnier).
                if kind == Kind::Per && b == a + 1 {
                    kept.push(m);
                } else {
                    kept.push(t);
                }
            }
            // A second fragment of a name already taken, or a word inside a firm name.
            Some(k) if (used[k] || inside_firm[k]) && sure(k, combine.min_margin) => {}
            // Words the tagger is sure are no name: a capitalised ordinary word, an adjective, a
            // title, whatever the rules could not type.
            None if combine.drop_untyped.is_some_and(|d| {
                (m.first..m.end.min(c.n())).all(|k| labels[k] == 0 && margins[k] >= d && !recurs[k])
            }) => {}
            _ => kept.push(m),
        }
    }
    if let Some(margin) = combine.add {
        for (k, &(a, b, kind, _)) in spans.iter().enumerate() {
            if !covered[k] && addable[k] && sure(k, margin) {
                kept.push(tagged_mention(c, si, a, b, kind));
            }
        }
    }
    // A tagged span may reach over a firm mention next to the tentative one: the firm one stays.
    kept.sort_by_key(|m| (m.first, m.end));
    kept
}

pub(super) fn tagged_mention(c: &Ctx, si: usize, a: usize, b: usize, kind: Kind) -> Mention {
    let etype = entity_type(kind);
    let name = c.joined(a, b);
    let mut m = mention(si, a, b, c.det_start(a), name, etype);
    // A tagged name the gazetteer knows with the same type carries its entry.
    if let Some((_, entry)) = c.gazetteer_at(a).filter(|&(end, _)| end == b) {
        let gk = c.lex.gazetteer.entries[entry].kind;
        if (gk == GazKind::Organization) == (etype == EntityType::Organization) {
            m.gaz = Some(entry);
            m.place_kind = (etype == EntityType::Place).then_some(gk);
        }
    }
    m
}

/// The tagger's feature bit for a cue word. Only the cues about names are features: the model
/// was trained on these ten, in this order, and the event cues (modality, companions, anchors)
/// say nothing about an entity's type, so they never shift or widen the trained bits.
pub(super) fn cue_feature_slot(cue: Cue) -> Option<u32> {
    Some(match cue {
        Cue::PlaceBefore => 0,
        Cue::Locative => 1,
        Cue::OrgHead => 2,
        Cue::OrgState => 3,
        Cue::PlaceHead => 4,
        Cue::OrgSuffix => 5,
        Cue::NameAdjective => 6,
        Cue::PersonList => 7,
        Cue::Birth => 8,
        Cue::PluralPair => 9,
        _ => return None,
    })
}
