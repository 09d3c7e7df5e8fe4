//! Meeting patterns of wire stories, in French and English, on invented people: each sentence of
//! the fixtures states one meeting in a different construction (transitive verb, "avec"/"with",
//! reciprocal, passive, noun with "entre"/"between", future, relative clause), and each must come
//! out with its actors, place and date resolved against the publication date (2019-03-13).

use depeche::article::{read_all, Overrides};
use depeche::pipeline::{extract, Options};
use depeche::vocab::{dp, rdfs, sem};
use oxigraph::model::{Quad, Term};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// (actors, place, date) of every meeting, by label.
fn meetings(fixture: &str, lang: &str) -> BTreeSet<(BTreeSet<String>, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let articles = read_all(&[path], &Overrides::default()).unwrap();
    let quads: Vec<Quad> = extract(&articles[0], &Options::default()).quads;
    let label: BTreeMap<String, String> = quads
        .iter()
        .filter(|q| q.predicate == rdfs::LABEL)
        // Gazetteer places have a label per language: read the article's.
        .filter_map(|q| match &q.object {
            Term::Literal(l) if l.language() == Some(lang) => Some((q.subject.to_string(), l.value().to_string())),
            _ => None,
        })
        .collect();
    let of = |s: &str, p: oxigraph::model::NamedNodeRef<'_>| -> Vec<String> {
        quads.iter().filter(|q| q.subject.to_string() == s && q.predicate == p).map(|q| match &q.object {
            Term::Literal(l) => l.value().to_string(),
            other => label.get(&other.to_string()).cloned().unwrap_or_default(),
        }).collect()
    };
    quads
        .iter()
        .filter(|q| q.object == Term::from(dp::MEETING.into_owned()))
        .map(|q| {
            let m = q.subject.to_string();
            let date = of(&m, sem::HAS_TIME_STAMP).into_iter().chain(of(&m, sem::HAS_BEGIN_TIME_STAMP)).next().unwrap_or_default();
            (of(&m, sem::HAS_ACTOR).into_iter().collect(), of(&m, sem::HAS_PLACE).join("|"), date)
        })
        .collect()
}

fn expect(got: &BTreeSet<(BTreeSet<String>, String, String)>, actors: [&str; 2], place: &str, date: &str) {
    let want = (actors.iter().map(|a| a.to_string()).collect::<BTreeSet<_>>(), place.to_string(), date.to_string());
    assert!(got.contains(&want), "missing {want:?} in {got:#?}");
}

#[test]
fn french_constructions() {
    let got = meetings("meetings-fr.txt", "fr");
    expect(&got, ["Marco Bellini", "Jean Castel"], "Paris", "2019-03-11"); // s'est entretenu lundi ... avec
    expect(&got, ["Paul Renaud", "Karim Benali"], "Berlin", "2019-03-13"); // se sont rencontrés mercredi
    expect(&got, ["Amadou Diallo", "Jean Castel"], "Élysée", "2019-03-12"); // a été reçu mardi ... par
    expect(&got, ["Ingrid Vogel", "Jean Castel"], "Bruxelles", "2019-03-14"); // rencontrera jeudi (future)
    expect(&got, ["Paul Renaud", "Amadou Diallo"], "Dakar", "2019-03-02"); // une rencontre entre ... le 2 mars
    expect(&got, ["Karim Benali", "Marco Bellini"], "Tunis", "2019-03-12"); // a accueilli hier
    assert_eq!(got.len(), 6, "{got:#?}");
}

#[test]
fn english_constructions() {
    let got = meetings("meetings-en.txt", "en");
    expect(&got, ["Tom Harker", "Ingrid Vogel"], "Washington", "2019-03-12"); // met ... on Tuesday
    expect(&got, ["Marco Bellini", "Tom Harker"], "Rome", "2019-03-04"); // held talks with ... last week
    expect(&got, ["Tom Harker", "Kenji Sato"], "White House", "2019-03-12"); // hosted ... yesterday
    expect(&got, ["Ingrid Vogel", "Kenji Sato"], "Geneva", "2019-03-02"); // X and Y met ... on March 2
    expect(&got, ["Marco Bellini", "Kenji Sato"], "Tokyo", "2019-03-11"); // a meeting between ... on Monday
    assert!(got.iter().any(|(a, _, d)| a.contains("Kenji Sato") && a.contains("Ingrid Vogel") && d == "2019-03"), "{got:#?}"); // who met ... earlier this month
}
