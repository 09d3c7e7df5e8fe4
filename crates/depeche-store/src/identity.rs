//! One node per person across articles.
//!
//! Within an article, coreference makes "M. Choïgou" and "Sergueï Choïgou" one entity. Across
//! articles, IRIs do most of the work: an entity's IRI is its type and canonical name, or its
//! gazetteer id (`person/serguei-choigou`, `place/damascus-170654`), so the same name in two
//! articles is the same node, with `prov:wasDerivedFrom` each article.
//!
//! What IRIs cannot do is an article that only ever says "Choïgou": its person is
//! `person/choigou`. [`link_surnames`] links such a surname-only person to the one full name, in the
//! whole store, whose last name is that surname (particles aside: "Le Kervadec" and "Kervadec"
//! for "Jean-Marc Le Kervadec", "Haddadi" for "Karim al-Haddadi"). When several full names share
//! the surname ("Karim al-Haddadi", "Samir al-Haddadi"), the one who also holds an office the
//! surname-only person is given ("le ministre Haddadi") is chosen if only one does; otherwise it
//! is left alone, as is a word that is a given name some full name of the store starts with
//! ("Emmanuel"). Linking
//! rewrites the surname-only person's quads in its article's graph onto the full name's IRI,
//! keeps the surname as `schema:alternateName`, and leaves `<surname-only IRI> owl:sameAs <full
//! name>` with its `rdfs:label`, which is what undoes the link if a later ingest makes the
//! surname ambiguous.
//!
//! The decision reads only the labels of all article graphs, and undoing a link restores the
//! graph as extracted, so the store after any sequence of ingests depends on the set of
//! articles, not their order. Everything is SPARQL Query and Update, so a remote store is
//! resolved the same way.

use crate::store::{Store, StoreError};
use depeche_extract::coref::key_tokens;
use depeche_extract::lexicon::{fold, Lexicon};
use oxigraph::model::{NamedNode, Term};
use std::collections::{BTreeMap, BTreeSet};

/// What [`link_surnames`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SurnameLinks {
    /// Surname-only persons linked to a full name, in the whole store after the run.
    pub linked: usize,
    /// Surname-only persons left alone because several full names share the surname.
    pub ambiguous: usize,
    /// Links made or undone by this run.
    pub changed: usize,
}

/// The folded surname of a person's label when the label is one name word (particles aside),
/// with the flag "this word is also a given name"; `None` for full names, names with initials
/// ("J. R. Smith" is not any Smith), and words that are also places or organizations of the
/// gazetteer ("Washington" typed a person is too weak a clue to pick a Washington).
fn surname_only(label: &str, lex: &Lexicon) -> Option<(String, bool)> {
    let keys = key_tokens(label);
    let [key] = keys.as_slice() else { return None };
    let words = fold(label);
    if words.split(' ').any(|w| w.len() == 1) || lex.gazetteer.lookup(label).next().is_some() {
        return None;
    }
    let last_word = label.split([' ', '-']).next_back().unwrap_or(label);
    Some((key.clone(), lex.is_given_name(last_word)))
}

/// The folded surname a full name answers to; `None` for a single name.
fn surname_of_full_name(label: &str) -> Option<String> {
    let keys = key_tokens(label);
    (keys.len() >= 2).then(|| keys[keys.len() - 1].clone())
}

fn literal_value(term: &Option<Term>) -> Option<&str> {
    match term {
        Some(Term::Literal(l)) => Some(l.value()),
        _ => None,
    }
}

fn named(term: &Option<Term>) -> Option<&NamedNode> {
    match term {
        Some(Term::NamedNode(n)) => Some(n),
        _ => None,
    }
}

/// Links every surname-only person of the store to its unambiguous full name, and undoes links
/// that are no longer unambiguous. See the module documentation.
///
/// ```no_run
/// let store = depeche_store::store::Store::open("depeche-store")?;
/// let resolution = depeche_store::identity::link_surnames(&store)?;
/// eprintln!("{} surname-only persons linked", resolution.linked);
/// # Ok::<_, depeche_store::store::StoreError>(())
/// ```
pub fn link_surnames(store: &Store) -> Result<SurnameLinks, StoreError> {
    // Counts left by an ingest (or a stopped one) first: the links' refresh sets counts from
    // the article graphs, and the step is what repairs them when run on its own.
    store.settle_counts()?;
    let lex = Lexicon::bundled();
    // Persons as extracted: full names make the index, single surnames are candidates.
    // Read from the entities graph, which holds each description once: the labels there are
    // the labels as extracted (a link keeps the surname-only person's own label).
    let persons = store.query("SELECT DISTINCT ?p ?label WHERE { GRAPH dp:entities { ?p a schema:Person ; rdfs:label ?label } }")?.into_rows();
    let mut full_names: BTreeMap<String, BTreeSet<NamedNode>> = BTreeMap::new();
    // First names in use: "Emmanuel" alone is more likely someone's first name than a surname.
    let mut first_names: BTreeSet<String> = BTreeSet::new();
    let mut surname_of: BTreeMap<NamedNode, (String, bool)> = BTreeMap::new();
    let mut unlinked: BTreeSet<NamedNode> = BTreeSet::new();
    for row in &persons {
        let (Some(person), Some(label)) = (named(&row[0]), literal_value(&row[1])) else {
            continue;
        };
        if let Some(surname) = surname_of_full_name(label) {
            full_names
                .entry(surname)
                .or_default()
                .insert(person.clone());
            first_names.extend(key_tokens(label).into_iter().next());
        } else if let Some(surname) = surname_only(label, lex) {
            surname_of.insert(person.clone(), surname);
            unlinked.insert(person.clone());
        }
    }
    // Offices as extracted, to tell namesakes apart: "President Trump" is the one full name with
    // that surname who is also called president. A linked person's offices are read from where
    // the link moved them, so the answer never depends on which links exist already.
    // Only persons whose surname several full names share need them: asked person by person,
    // the step costs what those persons' articles hold, not what the whole store holds.
    let mut titles: BTreeMap<NamedNode, BTreeSet<String>> = BTreeMap::new();
    let office_of = |person: &NamedNode,
                     titles: &mut BTreeMap<NamedNode, BTreeSet<String>>|
     -> Result<(), StoreError> {
        if titles.contains_key(person) {
            return Ok(());
        }
        let found = store.query(&format!(
            "SELECT DISTINCT ?title WHERE {{
               {{ GRAPH ?g {{ {person} rdfs:label ?l ; schema:jobTitle ?title }} FILTER(?g != dp:entities) }}
               UNION {{ GRAPH ?g {{ {person} owl:sameAs ?t ; rdfs:label ?l . ?t a schema:Person ; schema:jobTitle ?title }} FILTER(?g != dp:entities) }}
             }}"
        ))?;
        let heads = titles.entry(person.clone()).or_default();
        for row in found.into_rows() {
            if let Some(title) = literal_value(&row[0]) {
                // The head of the title: "ministre" in "ministre de l'Agriculture", so a later
                // "le ministre Kervadec" finds the full name.
                heads.insert(
                    fold(title)
                        .split(' ')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
        Ok(())
    };
    // Links made by earlier runs.
    let links = store.query("SELECT DISTINCT ?r ?t ?label WHERE { GRAPH dp:entities { ?r owl:sameAs ?t ; rdfs:label ?label . ?t a schema:Person } }")?.into_rows();
    let mut linked_to: BTreeMap<NamedNode, BTreeSet<NamedNode>> = BTreeMap::new();
    for row in &links {
        let (Some(alias), Some(target), Some(label)) =
            (named(&row[0]), named(&row[1]), literal_value(&row[2]))
        else {
            continue;
        };
        if let Some(surname) = surname_only(label, lex) {
            surname_of.insert(alias.clone(), surname);
            linked_to
                .entry(alias.clone())
                .or_default()
                .insert(target.clone());
        }
    }
    let mut resolution = SurnameLinks::default();
    // Persons whose summaries the links of this run change (crate::aggregates).
    let mut moved: BTreeSet<NamedNode> = BTreeSet::new();
    for (alias, (surname, given_name)) in &surname_of {
        let candidates = full_names
            .get(surname)
            .filter(|_| !(*given_name && first_names.contains(surname)));
        if let Some(c) = candidates.filter(|c| c.len() > 1) {
            for person in c.iter().chain([alias]) {
                office_of(person, &mut titles)?;
            }
        }
        let wanted = candidates.and_then(|c| match c.len() {
            1 => c.first(),
            _ => only_one_sharing_an_office(c, titles.get(alias), &titles),
        });
        if wanted.is_none() && candidates.is_some_and(|c| c.len() > 1) {
            resolution.ambiguous += 1;
        }
        resolution.linked += usize::from(wanted.is_some());
        let mut script = String::new();
        let mut touched = vec![alias.clone()];
        for old in linked_to
            .get(alias)
            .into_iter()
            .flatten()
            .filter(|t| Some(*t) != wanted)
        {
            script.push_str(&unlink(alias, old));
            touched.push(old.clone());
            resolution.changed += 1;
        }
        if let Some(target) = wanted {
            if unlinked.contains(alias) || !script.is_empty() {
                script.push_str(&link(alias, target));
                touched.push(target.clone());
                resolution.changed += 1;
            }
        }
        if !script.is_empty() {
            // The entities graph follows in the same update, so it is never seen out of step;
            // the summaries of the persons it moves follow once all links are made, the marker
            // saying so until then (a process stopped in between leaves it, and the next
            // writer rebuilds them).
            script.insert_str(
                0,
                "INSERT DATA { GRAPH dp:entities { dp:entities dp:countsPending true } } ;\n",
            );
            script.push_str(&crate::store::refresh_entities(&touched));
            store.update(&script)?;
            moved.extend(touched);
        }
    }
    // Once for every link of the run: each refresh reads what the store's dp:met statements
    // hold, so one per link would cost that many times over.
    if !moved.is_empty() {
        store.refresh_summaries(&moved)?;
    }
    Ok(resolution)
}

/// Of several full names with one surname, the only one who holds an office the surname-only
/// person holds; `None` when none or several do.
fn only_one_sharing_an_office<'a>(
    candidates: &'a BTreeSet<NamedNode>,
    offices: Option<&BTreeSet<String>>,
    titles: &BTreeMap<NamedNode, BTreeSet<String>>,
) -> Option<&'a NamedNode> {
    let offices = offices?;
    let mut sharing = candidates
        .iter()
        .filter(|c| titles.get(*c).is_some_and(|t| !t.is_disjoint(offices)));
    let first = sharing.next()?;
    sharing.next().is_none().then_some(first)
}

/// Moves a surname-only person's quads onto `target` in every graph where it is still as
/// extracted, except graphs that name `target` themselves (their coreference already decided).
fn link(alias: &NamedNode, target: &NamedNode) -> String {
    articles_only(format!(
        "INSERT {{ GRAPH ?g {{ {alias} owl:sameAs {target} . {target} schema:alternateName ?l }} }}
         WHERE {{ GRAPH ?g {{ {alias} a schema:Person ; rdfs:label ?l . FILTER NOT EXISTS {{ {target} rdfs:label ?own }} }} }} ;
         DELETE {{ GRAPH ?g {{ ?s ?p {alias} }} }} INSERT {{ GRAPH ?g {{ ?s ?p {target} }} }}
         WHERE {{ GRAPH ?g {{ {alias} owl:sameAs {target} . ?s ?p {alias} }} }} ;
         DELETE {{ GRAPH ?g {{ {alias} ?p ?o }} }} INSERT {{ GRAPH ?g {{ {target} ?p ?o }} }}
         WHERE {{ GRAPH ?g {{ {alias} owl:sameAs {target} ; ?p ?o . FILTER(?p != rdfs:label && ?p != owl:sameAs) }} }} ;
"
    ))
}

/// Puts a linked person's quads back as extracted, in every graph that links it to `target`.
fn unlink(alias: &NamedNode, target: &NamedNode) -> String {
    articles_only(format!(
        "DELETE {{ GRAPH ?g {{ {target} ?p ?o }} }} INSERT {{ GRAPH ?g {{ {alias} ?p ?o }} }}
         WHERE {{ GRAPH ?g {{ {alias} owl:sameAs {target} . {target} ?p ?o }} }} ;
         DELETE {{ GRAPH ?g {{ ?s ?p {target} }} }} INSERT {{ GRAPH ?g {{ ?s ?p {alias} }} }}
         WHERE {{ GRAPH ?g {{ {alias} owl:sameAs {target} . ?s ?p {target} . FILTER(?p != owl:sameAs) }} }} ;
         DELETE {{ GRAPH ?g {{ {alias} owl:sameAs {target} . {alias} schema:alternateName ?l }} }}
         WHERE {{ GRAPH ?g {{ {alias} owl:sameAs {target} ; rdfs:label ?l }} }} ;
"
    ))
}

/// Keeps an update's `GRAPH ?g` patterns to article graphs: the entities graph is refreshed
/// from them afterwards ([`crate::store::refresh_entities`]).
fn articles_only(script: String) -> String {
    script.replace(
        "WHERE { GRAPH ?g {",
        "WHERE { FILTER(?g != dp:entities) GRAPH ?g {",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_and_full_names() {
        let lex = Lexicon::bundled();
        assert_eq!(
            surname_only("Dupontel", lex),
            Some(("dupontel".to_string(), false))
        );
        assert_eq!(
            surname_only("Le Kervadec", lex),
            Some(("kervadec".to_string(), false))
        );
        assert_eq!(
            surname_only("al-Haddadi", lex),
            Some(("haddadi".to_string(), false))
        );
        assert_eq!(
            surname_only("Emmanuel", lex),
            Some(("emmanuel".to_string(), true))
        );
        assert_eq!(surname_only("Jean-Marc Le Kervadec", lex), None);
        assert_eq!(
            surname_only("J. R. Kervadec", lex),
            None,
            "initials name someone in particular"
        );
        assert_eq!(
            surname_only("Marseille", lex),
            None,
            "a gazetteer place is no surname clue"
        );
        assert_eq!(
            surname_of_full_name("Jean-Marc Le Kervadec").as_deref(),
            Some("kervadec")
        );
        assert_eq!(
            surname_of_full_name("Karim al-Haddadi").as_deref(),
            Some("haddadi")
        );
        assert_eq!(surname_of_full_name("Haddadi"), None);
    }
}
