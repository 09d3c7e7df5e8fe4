//! Coreference inside an article: mentions become entities, one per real-world thing.
//!
//! "M. Durand", "Durand" and "Paul Durand" are one person when the full name is the only one
//! that contains the short form; "EI", "Etat islamique" and "Daech" are one group through the
//! gazetteer or an acronym definition; "ministère italien" is the "ministère italien de la Santé"
//! named earlier. A tentative mention (a capitalised word with no type evidence) survives only
//! if it matches an entity found with evidence.
//!
//! ```
//! use depeche_extract::{article::Lang, lexicon::Lexicon, segment::segment, mentions, coref::resolve};
//! let text = "Le ministre Paul Durand est arrivé. M. Durand a parlé. Durand est reparti.";
//! let lex = Lexicon::bundled();
//! let s = segment(text, lex.lang(Lang::Fr));
//! let ms = mentions::find(text, &s, lex, Lang::Fr);
//! let r = resolve(&ms, lex, Lang::Fr);
//! assert_eq!(r.entities.len(), 1);
//! assert_eq!(r.entities[0].label, "Paul Durand");
//! assert_eq!(r.of_mention, vec![Some(0), Some(0), Some(0)]);
//! ```

use crate::article::Lang;
use crate::lexicon::{fold, FunctionWord, GazKind, Lexicon};
use crate::mentions::{EntityType, Mention, RoleCue};
use std::collections::BTreeSet;

/// One real-world entity of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Type.
    pub etype: EntityType,
    /// Gazetteer entry.
    pub gaz: Option<usize>,
    /// Finer place kind.
    pub place_kind: Option<GazKind>,
    /// The fullest name the article uses (gazetteer entries: the gazetteer name).
    pub label: String,
    /// Every surface form, the label included.
    pub names: BTreeSet<String>,
    /// Indices of its mentions.
    pub mentions: Vec<usize>,
    /// Roles stated in the article, with the sentence that states each.
    pub roles: Vec<(RoleCue, usize)>,
    /// Nationality (gazetteer index of a country).
    pub country: Option<usize>,
}

/// Entities and the entity of each mention (`None` for dropped tentative mentions).
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// For each mention, its entity.
    pub of_mention: Vec<Option<usize>>,
}

/// A name folded, and its folded tokens that identify a person (particles and initials left
/// out): made once per mention, as every mention is compared with the names of every entity.
struct Forms {
    folded: String,
    keys: Vec<String>,
}

impl Forms {
    /// `particles`: [`FunctionWord::CorefParticle`]s, which name no one ("al", "van").
    fn of(name: &str, particles: &[&str]) -> Forms {
        let folded = fold(name);
        let keys = folded
            .split(' ')
            .filter(|t| t.len() > 1 && !particles.contains(t))
            .map(String::from)
            .collect();
        Forms { folded, keys }
    }
}

/// The folded name tokens that identify a person: particles and initials left out.
pub fn key_tokens(name: &str) -> Vec<String> {
    Forms::of(name, coref_particles(Lexicon::bundled())).keys
}

/// The particles left out of a name when names are compared: of any language, as names are, so
/// both languages' lexicons hold them all.
fn coref_particles(lex: &Lexicon) -> &[&'static str] {
    lex.lang(Lang::En)
        .function_words(FunctionWord::CorefParticle)
}

/// Groups mentions into entities.
pub fn resolve(mentions: &[Mention], lex: &Lexicon, lang: Lang) -> Resolution {
    let mut r = Resolution {
        entities: Vec::new(),
        of_mention: vec![None; mentions.len()],
    };
    let forms: Vec<Forms> = mentions
        .iter()
        .map(|m| Forms::of(&m.name, coref_particles(lex)))
        .collect();
    // For each entity, a mention of each of its names.
    let mut names: Vec<Vec<usize>> = Vec::new();
    // Certain mentions first, longest names first within persons, so that short forms find
    // their full name whatever the order of the text.
    let mut order: Vec<usize> = (0..mentions.len())
        .filter(|&i| !mentions[i].tentative)
        .collect();
    order.sort_by_key(|&i| {
        let m = &mentions[i];
        (
            m.weak,
            m.etype != EntityType::Person || m.gaz.is_some(),
            std::cmp::Reverse(forms[i].keys.len()),
            i,
        )
    });
    order.extend((0..mentions.len()).filter(|&i| mentions[i].tentative));
    for i in order {
        let m = &mentions[i];
        let named = Named {
            entities: &r.entities,
            names: &names,
            forms: &forms,
        };
        let target = find_entity(&r, &named, m, &forms[i]);
        let etype = if m.tentative {
            m.fallback
        } else {
            Some(m.etype)
        };
        let entity = match (target, etype) {
            (Some(e), _) => e,
            (None, None) => continue,
            (None, Some(etype)) => {
                r.entities.push(Entity {
                    etype,
                    gaz: m.gaz,
                    place_kind: m.place_kind,
                    label: String::new(),
                    names: BTreeSet::new(),
                    mentions: Vec::new(),
                    roles: Vec::new(),
                    country: None,
                });
                names.push(Vec::new());
                r.entities.len() - 1
            }
        };
        r.of_mention[i] = Some(entity);
        let e = &mut r.entities[entity];
        e.mentions.push(i);
        if e.names.insert(m.name.clone()) {
            names[entity].push(i);
        }
        e.roles
            .extend(m.roles.iter().cloned().map(|role| (role, m.sentence)));
        if e.country.is_none() && m.etype != EntityType::Place {
            e.country = m.country;
        }
        if e.gaz.is_none() {
            e.gaz = m.gaz;
        }
        if e.place_kind.is_none() {
            e.place_kind = m.place_kind;
        }
    }
    // Entities in order of first mention, so output order follows the text.
    let mut order: Vec<(usize, usize)> = r
        .entities
        .iter()
        .enumerate()
        .map(|(k, e)| (e.mentions.iter().min().copied().unwrap_or(0), k))
        .collect();
    order.sort_unstable();
    let mut remap = vec![0; order.len()];
    for (new, (_, old)) in order.iter().enumerate() {
        remap[*old] = new;
    }
    let mut tagged: Vec<(usize, Entity)> = r
        .entities
        .into_iter()
        .enumerate()
        .map(|(old, e)| (remap[old], e))
        .collect();
    tagged.sort_unstable_by_key(|(new, _)| *new);
    r.entities = tagged.into_iter().map(|(_, e)| e).collect();
    for slot in &mut r.of_mention {
        *slot = slot.map(|old| remap[old]);
    }
    for e in &mut r.entities {
        e.mentions.sort_unstable();
        // "le président X" after "le président syrien X" is the same office, stated less fully.
        let full = e.roles.clone();
        e.roles.retain(|(role, _)| {
            role.country.is_some()
                || !full
                    .iter()
                    .any(|(o, _)| o.title == role.title && o.country.is_some())
        });
        let mut seen = Vec::new();
        e.roles.retain(|(role, _)| {
            let fresh = !seen.contains(role);
            seen.push(role.clone());
            fresh
        });
        e.label = match e.gaz {
            Some(g) => lex.gazetteer.entries[g].name(lang).to_string(),
            None => e
                .mentions
                .iter()
                .max_by_key(|&&i| {
                    (
                        forms[i].keys.len(),
                        mentions[i].name.chars().count(),
                        std::cmp::Reverse(mentions[i].name.as_str()),
                    )
                })
                .map(|&i| mentions[i].name.clone())
                .unwrap_or_default(),
        };
    }
    r
}

/// The entities found so far, with the forms of their names.
struct Named<'a> {
    entities: &'a [Entity],
    names: &'a [Vec<usize>],
    forms: &'a [Forms],
}

impl Named<'_> {
    /// The forms of the names of entity `k`.
    fn of(&self, k: usize) -> impl Iterator<Item = &Forms> {
        self.names[k].iter().map(|&i| &self.forms[i])
    }

    /// Whether entity `k` goes by a name that folds to `folded`.
    fn has(&self, k: usize, folded: &str) -> bool {
        self.of(k).any(|n| n.folded == folded)
    }
}

fn find_entity(r: &Resolution, named: &Named, m: &Mention, forms: &Forms) -> Option<usize> {
    let folded = &forms.folded;
    // "Sandy Garnier ... Garnier said": a surname that is also a city's name is the person.
    if m.gaz.is_some() && !m.name.contains(' ') {
        let persons: Vec<usize> = (0..named.entities.len())
            .filter(|&k| {
                named.entities[k].etype == EntityType::Person
                    && named
                        .of(k)
                        .any(|n| n.keys.len() > 1 && n.keys.last() == Some(folded))
            })
            .collect();
        if persons.len() == 1 {
            return Some(persons[0]);
        }
    }
    if let Some(g) = m.gaz {
        if let Some(k) = named.entities.iter().position(|e| e.gaz == Some(g)) {
            return Some(k);
        }
        return None;
    }
    // An acronym defined next to its expansion joins the expansion's entity.
    if let Some(d) = m.defines {
        if let Some(k) = r.of_mention.get(d).copied().flatten() {
            return Some(k);
        }
    }
    // The same name seen before, with a compatible type.
    let same_name = (0..named.entities.len()).position(|k| {
        (named.entities[k].etype == m.etype || m.tentative || m.weak) && named.has(k, folded)
    });
    if same_name.is_some() {
        return same_name;
    }
    // A weakly typed mention may be a person's short name ("remis à Durand").
    let etype = if m.weak { EntityType::Person } else { m.etype };
    match etype {
        EntityType::Person => {
            // A short form: every token of it is in exactly one known full name.
            let tokens = &forms.keys;
            if tokens.is_empty() {
                return None;
            }
            let candidates: Vec<usize> = (0..named.entities.len())
                .filter(|&k| named.entities[k].etype == EntityType::Person)
                .filter(|&k| {
                    named.of(k).any(|n| {
                        n.keys.len() > tokens.len() && tokens.iter().all(|t| n.keys.contains(t))
                    })
                })
                .collect();
            if candidates.len() == 1 {
                return Some(candidates[0]);
            }
            if m.weak {
                return None;
            }
            // A tentative word matching an organization's or place's name or acronym.
            if m.tentative {
                if let Some(k) = (0..named.entities.len()).position(|k| named.has(k, folded)) {
                    return Some(k);
                }
                // "Apple" after "Apple Computer": the first words of exactly one organization's name.
                let orgs: Vec<usize> = (0..named.entities.len())
                    .filter(|&k| named.entities[k].etype == EntityType::Organization)
                    .filter(|&k| {
                        named.of(k).any(|n| {
                            n.folded
                                .strip_prefix(folded.as_str())
                                .is_some_and(|rest| rest.starts_with(' '))
                        })
                    })
                    .collect();
                if orgs.len() == 1 {
                    return Some(orgs[0]);
                }
            }
            None
        }
        EntityType::Organization => {
            // "ministère italien" is the "ministère italien de la Santé" of the same article.
            (0..named.entities.len()).position(|k| {
                let e = &named.entities[k];
                e.etype == EntityType::Organization
                    && e.gaz.is_none()
                    && named.of(k).any(|n| {
                        let f = &n.folded;
                        (f.starts_with(folded.as_str()) && f[folded.len()..].starts_with(' '))
                            || (folded.starts_with(f.as_str())
                                && folded[f.len()..].starts_with(' '))
                    })
            })
        }
        EntityType::Place => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    fn entities(text: &str, lang: Lang) -> Vec<(String, EntityType, Vec<String>)> {
        let lex = Lexicon::bundled();
        let s = segment(text, lex.lang(lang));
        let ms = crate::mentions::find(text, &s, lex, lang);
        resolve(&ms, lex, lang)
            .entities
            .into_iter()
            .map(|e| (e.label, e.etype, e.names.into_iter().collect()))
            .collect()
    }

    #[test]
    fn surname_before_full_name_still_merges() {
        let got = entities(
            "M. Garnier est arrivé. Le ministre Louis Garnier a parlé.",
            Lang::Fr,
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Louis Garnier");
    }

    #[test]
    fn two_people_sharing_a_surname_stay_apart() {
        let got = entities(
            "Le ministre Louis Garnier et la juge Anne Garnier ont parlé. Garnier est parti.",
            Lang::Fr,
        );
        let persons: Vec<_> = got.iter().filter(|e| e.1 == EntityType::Person).collect();
        assert_eq!(persons.len(), 2, "{got:?}");
    }

    #[test]
    fn gazetteer_variants_and_shortened_organizations_merge() {
        let got = entities("L'ONU et les Nations unies ont parlé au ministère italien de la Santé. Le ministère italien a répondu.", Lang::Fr);
        let orgs: Vec<_> = got
            .iter()
            .filter(|e| e.1 == EntityType::Organization)
            .collect();
        assert_eq!(orgs.len(), 2, "{got:?}");
    }

    #[test]
    fn tentative_words_without_a_match_are_dropped() {
        // The rules' tentative words, without the tagger, which may type them (and then they are
        // no longer tentative).
        let (text, lex) = ("Selon Bidule, Machin a parlé.", Lexicon::bundled());
        let s = segment(text, lex.lang(Lang::Fr));
        let words: Vec<Vec<&str>> = s
            .iter()
            .map(|s| s.tokens.iter().map(|t| t.text(text)).collect())
            .collect();
        let ms = crate::mentions::find_tokenised(
            &words,
            lex,
            Lang::Fr,
            None,
            crate::mentions::Combine::default(),
        );
        assert!(ms.iter().any(|m| m.tentative), "{ms:?}");
        let got = resolve(&ms, lex, Lang::Fr).entities;
        assert!(
            got.is_empty(),
            "{:?}",
            got.iter().map(|e| &e.label).collect::<Vec<_>>()
        );
    }
}
