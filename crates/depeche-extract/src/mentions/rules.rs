//! The rules' mentions: gazetteer names, titled persons, French institutions, names by shape.

use super::context::Ctx;
use super::{mention, EntityType, Mention};
use crate::article::Lang;
use crate::lexicon::{Cue, FunctionWord, GazKind, TitleKind};
use crate::segment::TokenKind;

/// The mentions the rules find in a sentence.
pub(super) fn rule_mentions(c: &Ctx, si: usize, out: &mut Vec<Mention>) {
    let n = c.n();
    let mut i = 0;
    let det_start = |i: usize| c.det_start(i);
    while i < n {
        // 1. A title phrase followed by a name: a person with a role.
        if let Some((end, roles, honorific)) = c.title_phrase(i) {
            let mut name_at = end;
            // Apposition: "the President of Peru, José Carlos da Costa".
            if name_at < n && c.words[name_at] == "," && !roles.is_empty() {
                name_at += 1;
            }
            // "St. John's", "Saint Paul's": a saint's name in the possessive names a place or a church.
            let possessive_saint = |e: usize| {
                c.words.get(e) == Some(&"'s")
                    && roles.iter().any(|r| r.kind == TitleKind::Religious)
            };
            // "General Motors", "General Electric Company": a title opening an organization's name.
            let names_an_org = |e: usize| {
                (i..=e.min(c.n() - 1)).any(|k| {
                    c.is_cap(k)
                        && (c.l.is_org_head(c.lower[k])
                            || c.l.cue_lowered(c.lower[k]) == Some(Cue::OrgSuffix)
                            || c.l.cue_lowered(c.lower[k]) == Some(Cue::PlaceHead))
                })
            };
            if let Some(org_end) = c
                .name_run(name_at)
                .filter(|&e| names_an_org(e) && c.is_cap(i))
            {
                // "General Motors Corporation": the title word is the first word of a company name.
                out.push(mention(
                    si,
                    i,
                    org_end,
                    det_start(i),
                    c.joined(i, org_end),
                    EntityType::Organization,
                ));
                i = org_end;
                continue;
            }
            if let Some(name_end) = c
                .name_run(name_at)
                .filter(|&e| !possessive_saint(e) && !names_an_org(e))
                .filter(|_| {
                    c.gazetteer_at(name_at).is_none_or(|(e, g)| {
                        c.lex.gazetteer.entries[g].kind != GazKind::Country
                            || e < c.name_run(name_at).unwrap_or(e)
                    })
                })
            {
                let mut m = mention(
                    si,
                    name_at,
                    name_end,
                    det_start(i),
                    c.joined(name_at, name_end),
                    EntityType::Person,
                );
                m.roles = roles;
                m.honorific = honorific;
                m.country = m.roles.iter().find_map(|r| r.country);
                out.push(m);
                i = name_end;
                continue;
            }
            // A title with no name: an apposition after a name ("Li Wei, the President of ...").
            // The title's determiner may reach back into the previous mention ("Le Dr. d'"): then
            // nothing stands between them and it is no apposition.
            if let Some(prev) = out.last_mut().filter(|m| {
                m.sentence == si && m.etype == EntityType::Person && m.end <= det_start(i)
            }) {
                let between: Vec<&str> = c.words[prev.end..det_start(i)].to_vec();
                if between == [","] && !roles.is_empty() && prev.roles.is_empty() {
                    // A role in apposition is type evidence for a name that had none.
                    prev.tentative = false;
                    prev.roles = roles;
                    prev.country = prev.roles.iter().find_map(|r| r.country);
                }
            }
            // The phrase's complement may name an organization or place ("le chef de l'armée
            // tunisienne", "the President of China"): scan on inside it.
            i += 1;
            continue;
        }
        // 2. An institution or place named around its head noun: "ministère russe de la Défense".
        if let Some((first, end, etype, country)) = institution_phrase(c, i) {
            let mut m = mention(
                si,
                first,
                end,
                det_start(first),
                c.joined(first, end),
                etype,
            );
            m.country = country;
            out.push(m);
            // Names nested inside stay names of their own: "tribunal correctionnel de Paris". The
            // scan goes on after the head noun, so the head does not open a shorter copy.
            let opened_by_adjective =
                c.l.cue_lowered(c.lower[first]) == Some(Cue::NameAdjective) && first + 1 < end;
            i = first + if opened_by_adjective { 2 } else { 1 };
            continue;
        }
        // 3. The gazetteer.
        if let Some((end, entry)) = c.gazetteer_at(i) {
            let run_end = c.name_run(i).unwrap_or(end);
            // "Paris Saint-Germain" is not Paris: a longer capitalised run wins unless it is a title.
            if run_end <= end
                || c.lex
                    .gazetteer
                    .lookup(&c.joined(i, run_end))
                    .next()
                    .is_some()
            {
                let e = &c.lex.gazetteer.entries[entry];
                let etype = if e.kind == GazKind::Organization {
                    EntityType::Organization
                } else {
                    EntityType::Place
                };
                let mut m = mention(si, i, end, det_start(i), c.joined(i, end), etype);
                m.gaz = Some(entry);
                m.place_kind = (etype == EntityType::Place).then_some(e.kind);
                out.push(m);
                i = end;
                continue;
            }
        }
        // "selon Le Monde", "au Caire", "à La Paz": a capitalised article inside a sentence is part
        // of a name (a newspaper, a city).
        // The articles are French only (`name_article`): "The" opens English sentences, not names.
        if i > 0
            && c.l.is_function_word(FunctionWord::NameArticle, c.words[i])
            && !matches!(c.words[i - 1], "«" | "\"" | "(" | ":" | "–" | "-")
        {
            if let Some(end) = c
                .name_run(i + 1)
                .filter(|_| i + 1 < c.n() && c.is_cap(i + 1))
            {
                let name = c.joined(i, end);
                let gaz = c.lex.gazetteer.lookup(&name).next().map(|e| e.index);
                let etype = match gaz.map(|g| c.lex.gazetteer.entries[g].kind) {
                    Some(GazKind::Organization) | None => EntityType::Organization,
                    Some(_) => EntityType::Place,
                };
                let mut m = mention(si, i, end, i, name, etype);
                m.gaz = gaz;
                m.place_kind = gaz
                    .filter(|_| etype == EntityType::Place)
                    .map(|g| c.lex.gazetteer.entries[g].kind);
                out.push(m);
                i = end;
                continue;
            }
        }
        // 4. A capitalised run, typed by context.
        if let Some(end) = c.name_run(i) {
            if let Some(m) = classify_run(c, si, i, end, det_start(i)) {
                out.push(m);
            }
            i = end;
            continue;
        }
        // 5. An acronym not in the gazetteer.
        if c.is_acronym(i)
            && c.title_word(i).is_none()
            && c.l.time_word_lowered(c.lower[i]).is_none()
            && !c.l.is_common_word(c.lower[i])
        {
            out.push(mention(
                si,
                i,
                i + 1,
                i,
                c.words[i].to_string(),
                EntityType::Organization,
            ));
        }
        i += 1;
    }
}

/// A French institution or place named around its head noun: "ministère russe de la Défense",
/// "Parti socialiste", "Agence du service civique", "hôtel Rigolo", "Grande Mosquée de Lyon",
/// "boulevard Voltaire", "l'armée russe". Returns (first, end, type, country).
pub(super) fn institution_phrase(
    c: &Ctx,
    i: usize,
) -> Option<(usize, usize, EntityType, Option<usize>)> {
    if c.lang != Lang::Fr || c.kinds[i] != TokenKind::Word {
        return None;
    }
    // "Grande Mosquée": a capitalised adjective may open the name.
    let (first, h) = if c.l.cue_lowered(c.lower[i]) == Some(Cue::NameAdjective)
        && c.is_cap(i)
        && i + 1 < c.n()
    {
        (i, i + 1)
    } else {
        (i, i)
    };
    let cue = c.l.cue_lowered(c.lower[h])?;
    let etype = match cue {
        Cue::OrgHead | Cue::OrgState => EntityType::Organization,
        Cue::PlaceHead => EntityType::Place,
        _ => return None,
    };
    let head_cap = c.is_cap(h);
    let sentence_initial = first == 0;
    let mut end = h + 1;
    let mut country = None;
    let mut adjectives = 0;
    let mut capital_name = false;
    let mut complements = 0;
    while end < c.n() {
        let w = c.lower[end];
        if let Some(k) = c.l.demonym(w).filter(|_| !c.is_cap(end)) {
            country.get_or_insert(k);
            adjectives += 1;
            end += 1;
            continue;
        }
        // Adjectives follow the head ("Parti socialiste"), not a name: "hôtel Rigolo situé" ends at the name.
        if !c.is_cap(end)
            && !capital_name
            && complements == 0
            && c.kinds[end] == TokenKind::Word
            && c.l.is_adjective(w)
            && !c.l.is_function_word(FunctionWord::FiniteVerb, w)
            && c.l.time_word(w).is_none()
        {
            adjectives += 1;
            end += 1;
            continue;
        }
        // A known name after the head is an entity of its own: "le groupe terroriste Etat
        // islamique", "général de l'armée Paul Lefort".
        if c.is_cap(end)
            && (c.gazetteer_at(end).is_some()
                || c.lex.is_given_name(c.words[end])
                    && c.name_run(end).is_some_and(|e| e > end + 1))
        {
            break;
        }
        // A capitalised name right after the head: "hôtel Rigolo", "laboratoire Amgen".
        if c.is_cap(end) && !capital_name && complements == 0 {
            if let Some(e) = c.name_run(end) {
                capital_name = true;
                end = e;
                continue;
            }
        }
        // "de la Défense", "du service civique", "de Lyon", "des Oscars". A place is named by its
        // head and a name ("boulevard Voltaire"); "port de X" and "île de X" name X itself.
        if complements < 2
            && etype == EntityType::Organization
            && c.l.is_function_word(FunctionWord::ComplementPreposition, w)
        {
            let mut j = end + 1;
            while j < c.n()
                && c.l
                    .is_function_word(FunctionWord::ComplementArticle, c.lower[j])
            {
                j += 1;
            }
            if j >= c.n() || c.title_word(j).is_some() {
                break;
            }
            if c.is_cap(j) {
                let k = c
                    .gazetteer_at(j)
                    .map(|g| g.0)
                    .or_else(|| c.name_run(j))
                    .unwrap_or(j + 1);
                capital_name = true;
                complements += 1;
                end = k;
                continue;
            }
            // A lowercase complement names the institution only when its head is capitalised, and
            // comes first: "Agence de développement", "laboratoire de géologie du CNRS".
            if head_cap
                && complements == 0
                && c.kinds[j] == TokenKind::Word
                && !c.l.is_stopword_lowered(c.lower[j])
                && !c.l.is_function_word(FunctionWord::FiniteVerb, c.lower[j])
                && c.l.time_word_lowered(c.lower[j]).is_none()
            {
                let mut k = j + 1;
                while k < c.n()
                    && !c.is_cap(k)
                    && c.kinds[k] == TokenKind::Word
                    && c.l.is_adjective(c.lower[k])
                {
                    k += 1;
                }
                complements += 1;
                end = k;
                continue;
            }
        }
        break;
    }
    // Back off a trailing word that the next word shows to be a clause: keep what names it.
    let named = capital_name
        || (head_cap && !sentence_initial && (adjectives > 0 || complements > 0))
        || (head_cap && sentence_initial && adjectives > 0 && country.is_none())
        || (cue == Cue::OrgState && country.is_some());
    named.then_some((first, end, etype, country))
}

pub(super) fn classify_run(
    c: &Ctx,
    si: usize,
    i: usize,
    end: usize,
    phrase_first: usize,
) -> Option<Mention> {
    let name = c.joined(i, end);
    let len = end - i;
    let prev = c.prev_word(i);
    let prev2 = if i >= 2 {
        Some(format!("{} {}", c.lower[i - 2], c.lower[i - 1]))
    } else {
        None
    };
    let sentence_initial = i == 0 || (i == 1 && matches!(c.words[0], "«" | "\"" | "(" | "–" | "-"));
    let make = |etype| {
        let mut m = mention(si, i, end, phrase_first, name.clone(), etype);
        m.country = None;
        m
    };
    // A demonym used as a noun ("les Syriens", "Canadians") is not an entity.
    if len == 1 && c.l.demonym_lowered(c.lower[i]).is_some() {
        return None;
    }
    // An acronym is an organization's name more often than anything else.
    if len == 1 && c.is_acronym(i) && !sentence_initial && !c.l.is_common_word(c.lower[i]) {
        return Some(make(EntityType::Organization));
    }
    let next_lower = c.lower.get(end).copied();
    let given =
        c.lex.is_given_name(c.words[i]) || c.words[i].split('-').all(|p| c.lex.is_given_name(p));
    // "Jim Press", "Anna Bank": a given name and one more word is a person, whatever the word.
    if given
        && len == 2
        && c.l.cue_lowered(c.lower[end - 1]) != Some(Cue::OrgSuffix)
        && !c.l.is_org_head(c.lower[end - 1])
    {
        return Some(make(EntityType::Person));
    }
    // Organization head words inside or right after the run: "Workers' Party", "Vale company",
    // "Acme Corp."; place heads: "Atlantic Ocean", "Heathrow Airport".
    if (len >= 2
        && c.lower[i..end]
            .iter()
            .any(|w| c.l.is_org_head(w) || c.l.cue(w) == Some(Cue::OrgSuffix)))
        || next_lower.is_some_and(|w| {
            (c.l.is_org_head(w) || c.l.cue(w) == Some(Cue::OrgSuffix)) && c.lang == Lang::En
        })
    {
        return Some(make(EntityType::Organization));
    }
    if len >= 2 && c.l.cue_lowered(c.lower[end - 1]) == Some(Cue::PlaceHead) {
        return Some(make(EntityType::Place));
    }
    // "province de X", "city of X"
    if prev2
        .as_deref()
        .is_some_and(|p| c.l.cue(p) == Some(Cue::PlaceBefore))
        || prev.is_some_and(|p| c.l.cue(p) == Some(Cue::PlaceBefore))
    {
        let mut m = make(EntityType::Place);
        m.place_kind = Some(
            if prev2.as_deref().is_some_and(|p| {
                p.starts_with("ville")
                    || p.starts_with("city")
                    || p.starts_with("town")
                    || p.starts_with("village")
            }) {
                GazKind::City
            } else {
                GazKind::Region
            },
        );
        return Some(m);
    }
    // "Anne S. Miller", "José Carlos da Costa": a known given name followed by more name.
    if given && len >= 2 {
        return Some(make(EntityType::Person));
    }
    // "né le", "(born ...)" right after the name: a person. A parenthesis may quote either
    // language, so the birth cues of both count.
    if next_lower == Some("(")
        && c.lower.get(end + 1).is_some_and(|w| {
            [Lang::Fr, Lang::En]
                .iter()
                .any(|&l| c.lex.lang(l).opens_cue(Cue::Birth, w))
        })
    {
        return Some(make(EntityType::Person));
    }
    // "à Kandouz", "in Tamworth", "at the Quinta do Lago": a place.
    let locative = prev.is_some_and(|p| c.l.is_function_word(FunctionWord::PlacePreposition, p))
        || (prev.is_some_and(|p| c.l.is_function_word(FunctionWord::Article, p))
            && i >= 2
            && c.l
                .is_function_word(FunctionWord::PlaceArticlePreposition, c.lower[i - 2]));
    // English phrases inside French text ("Global Earthquakes") are ordinary words too.
    let english = c.lex.lang(Lang::En);
    let ordinary = c.lower[i..end].iter().all(|w| {
        c.l.is_common_word(w)
            || (c.lang == Lang::Fr && english.is_common_word(w))
            || c.l.is_function_word(FunctionWord::NameParticle, w)
    });
    // "à l'État" is no place; "at the White House" is: capitalised ordinary words together are a name.
    if locative && !given && !(ordinary && len == 1) {
        let mut m = make(EntityType::Place);
        m.weak = true;
        return Some(m);
    }
    let mut m = make(EntityType::Person);
    m.tentative = true;
    // Ordinary words in capitals ("Economy", "Science and Technology") are no name of their own,
    // though a surname can look like one ("Martin"): coreference may still claim them.
    // Model numbers, units and compound adjectives are no names: "A330s", "GHz" after a number,
    // "Lyon-based".
    let name_shaped = c.words[i..end].iter().all(|w| {
        w.chars()
            .all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'' || ch == '.')
            && w.rsplit('-')
                .next()
                .is_some_and(|last| last.chars().next().is_some_and(char::is_uppercase))
    }) && !(i > 0 && c.kinds[i - 1] == TokenKind::Number);
    m.name_like = !ordinary && name_shaped;
    if !ordinary && !given && name_shaped {
        // A word that is not ordinary vocabulary is a name. Unclaimed by coreference, one word is
        // most often a company, brand or body ("Boeing"); several words are a person's full name
        // unless ordinary words sit among them ("Apple Computer", "Air Lanka").
        let with_ordinary_word = c.lower[i..end].iter().any(|w| c.l.is_common_word(w));
        m.fallback = Some(if len == 1 || with_ordinary_word {
            EntityType::Organization
        } else {
            EntityType::Person
        });
        // In French news an unknown lone word is as often a small town or a surname as a company:
        // no type is better than a wrong one.
        if len == 1 && c.lang == Lang::Fr {
            m.fallback = None;
        }
    }
    Some(m)
}
