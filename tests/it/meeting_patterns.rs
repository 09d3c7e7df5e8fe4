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
    described(fixture, lang)
        .meetings
        .into_iter()
        .map(|(a, p, d, _)| (a, p, d))
        .collect()
}

/// What a fixture's graph says of meetings.
struct Described {
    /// (actors, place, date, modality) of every meeting, by label; modality is "" when held.
    meetings: BTreeSet<(BTreeSet<String>, String, String, String)>,
    /// Pairs linked by `dp:met`, by label.
    met: BTreeSet<(String, String)>,
}

fn described(fixture: &str, lang: &str) -> Described {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let articles = read_all(&[path], &Overrides::default()).unwrap();
    let quads: Vec<Quad> = extract(&articles[0], &Options::default()).quads;
    let label: BTreeMap<String, String> = quads
        .iter()
        .filter(|q| q.predicate == rdfs::LABEL)
        // Gazetteer places have a label per language: read the article's.
        .filter_map(|q| match &q.object {
            Term::Literal(l) if l.language() == Some(lang) => {
                Some((q.subject.to_string(), l.value().to_string()))
            }
            _ => None,
        })
        .collect();
    let of = |s: &str, p: oxigraph::model::NamedNodeRef<'_>| -> Vec<String> {
        quads
            .iter()
            .filter(|q| q.subject.to_string() == s && q.predicate == p)
            .map(|q| match &q.object {
                Term::Literal(l) => l.value().to_string(),
                other => label.get(&other.to_string()).cloned().unwrap_or_default(),
            })
            .collect()
    };
    let name = |t: &Term| label.get(&t.to_string()).cloned().unwrap_or_default();
    let meetings = quads
        .iter()
        .filter(|q| q.object == Term::from(dp::MEETING.into_owned()))
        .map(|q| {
            let m = q.subject.to_string();
            let date = of(&m, sem::HAS_TIME_STAMP)
                .into_iter()
                .chain(of(&m, sem::HAS_BEGIN_TIME_STAMP))
                .next()
                .unwrap_or_default();
            let modality = quads
                .iter()
                .filter(|x| x.subject.to_string() == m && x.predicate == dp::MODALITY)
                .map(|x| {
                    x.object
                        .to_string()
                        .rsplit('#')
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches('>')
                        .to_string()
                })
                .next()
                .unwrap_or_default();
            (
                of(&m, sem::HAS_ACTOR).into_iter().collect(),
                of(&m, sem::HAS_PLACE).join("|"),
                date,
                modality,
            )
        })
        .collect();
    let met = quads
        .iter()
        .filter(|q| q.predicate == dp::MET)
        .map(|q| (name(&Term::from(q.subject.clone())), name(&q.object)))
        .collect();
    Described { meetings, met }
}

fn expect(
    got: &BTreeSet<(BTreeSet<String>, String, String)>,
    actors: [&str; 2],
    place: &str,
    date: &str,
) {
    let want = (
        actors
            .iter()
            .map(|a| a.to_string())
            .collect::<BTreeSet<_>>(),
        place.to_string(),
        date.to_string(),
    );
    assert!(got.contains(&want), "missing {want:?} in {got:#?}");
}

#[test]
fn french_constructions() {
    let got = meetings("meetings-fr.txt", "fr");
    expect(
        &got,
        ["Marco Bellini", "Jean Castel"],
        "Paris",
        "2019-03-11",
    ); // s'est entretenu lundi ... avec
    expect(
        &got,
        ["Paul Renaud", "Karim Benali"],
        "Berlin",
        "2019-03-13",
    ); // se sont rencontrés mercredi
    expect(
        &got,
        ["Amadou Diallo", "Jean Castel"],
        "Élysée",
        "2019-03-12",
    ); // a été reçu mardi ... par
    expect(
        &got,
        ["Ingrid Vogel", "Jean Castel"],
        "Bruxelles",
        "2019-03-14",
    ); // rencontrera jeudi (future)
    expect(
        &got,
        ["Paul Renaud", "Amadou Diallo"],
        "Dakar",
        "2019-03-02",
    ); // une rencontre entre ... le 2 mars
    expect(
        &got,
        ["Karim Benali", "Marco Bellini"],
        "Tunis",
        "2019-03-12",
    ); // a accueilli hier
    assert_eq!(got.len(), 6, "{got:#?}");
}

#[test]
fn english_constructions() {
    let got = meetings("meetings-en.txt", "en");
    expect(
        &got,
        ["Tom Harker", "Ingrid Vogel"],
        "Washington",
        "2019-03-12",
    ); // met ... on Tuesday
    expect(&got, ["Marco Bellini", "Tom Harker"], "Rome", "2019-03-04"); // held talks with ... last week
    expect(
        &got,
        ["Tom Harker", "Kenji Sato"],
        "White House",
        "2019-03-12",
    ); // hosted ... yesterday
    expect(&got, ["Ingrid Vogel", "Kenji Sato"], "Geneva", "2019-03-02"); // X and Y met ... on March 2
    expect(&got, ["Marco Bellini", "Kenji Sato"], "Tokyo", "2019-03-11"); // a meeting between ... on Monday
    assert!(
        got.iter().any(|(a, _, d)| a.contains("Kenji Sato")
            && a.contains("Ingrid Vogel")
            && d == "2019-03"),
        "{got:#?}"
    ); // who met ... earlier this month
}

/// A held meeting with exactly these actors, place and date.
fn expect_held(got: &Described, actors: &[&str], place: &str, date: &str) {
    let want = (
        actors
            .iter()
            .map(|a| a.to_string())
            .collect::<BTreeSet<_>>(),
        place.to_string(),
        date.to_string(),
        String::new(),
    );
    assert!(
        got.meetings.contains(&want),
        "missing {want:?} in {:#?}",
        got.meetings
    );
    for a in actors {
        for b in actors {
            if a != b {
                assert!(
                    got.met.contains(&(a.to_string(), b.to_string())),
                    "{a} met {b} not linked"
                );
            }
        }
    }
}

/// A held meeting of organizations: `dp:met` links persons only (the contract), so none is asked.
fn expect_held_by_bodies(got: &Described, actors: &[&str], place: &str, date: &str) {
    let want = (
        actors
            .iter()
            .map(|a| a.to_string())
            .collect::<BTreeSet<_>>(),
        place.to_string(),
        date.to_string(),
        String::new(),
    );
    assert!(
        got.meetings.contains(&want),
        "missing {want:?} in {:#?}",
        got.meetings
    );
}

/// A meeting told as not held: it carries this modality and links none of its actors.
fn expect_not_held(got: &Described, actors: &[&str], modality: &str) {
    let found = got
        .meetings
        .iter()
        .find(|(a, ..)| a.len() == actors.len() && actors.iter().all(|x| a.contains(*x)));
    let (_, _, _, m) =
        found.unwrap_or_else(|| panic!("no meeting of {actors:?} in {:#?}", got.meetings));
    assert_eq!(m, modality, "{actors:?}");
    assert!(
        !got.met
            .iter()
            .any(|(a, b)| actors.contains(&a.as_str()) && actors.contains(&b.as_str())),
        "{actors:?} linked by dp:met"
    );
}

/// Neither a meeting nor a link between these two.
fn expect_none(got: &Described, a: &str, b: &str) {
    assert!(
        !got.meetings
            .iter()
            .any(|(x, ..)| x.contains(a) && x.contains(b)),
        "{a} and {b} in {:#?}",
        got.meetings
    );
    assert!(!got.met.contains(&(a.to_string(), b.to_string())));
}

#[test]
fn french_gatherings_nouns_and_modality() {
    let got = described("meetings-fr-groups.txt", "fr");
    // se sont réunis, with a coordinated subject and an appositive list of counterparts
    expect_held(
        &got,
        &["Paul Renaud", "Hans Keller", "Luc Dumont"],
        "Genève",
        "2019-03-11",
    );
    // "accompagné du ministre X" adds a participant
    expect_held(
        &got,
        &["Jean Castel", "Karim Benali", "Amadou Diallo"],
        "Dakar",
        "2019-03-04",
    );
    // "une réunion entre X, Y et Z"
    expect_held(
        &got,
        &["Marco Bellini", "Ingrid Vogel", "Kenji Sato"],
        "Rome",
        "2019-03-05",
    );
    // a noun hanging off another clause: "au cours d'un entretien avec Y"
    expect_held(
        &got,
        &["Paul Renaud", "Sofia Marquez"],
        "Lima",
        "2019-03-06",
    );
    // a possessive noun fronted: "Après sa rencontre avec Y ..., X a ..."
    expect_held(
        &got,
        &["Luc Dumont", "Sofia Marquez"],
        "Quito",
        "2019-03-07",
    );
    // an act done together in person
    expect_held(&got, &["Hans Keller", "Luc Dumont"], "Berne", "2019-03-12");
    // a later sentence adds a participant to the meeting told before ("cette rencontre")
    expect_held(
        &got,
        &["Amadou Diallo", "Jean Castel", "Ingrid Vogel"],
        "Nairobi",
        "2019-03-08",
    );
    // planned, cancelled, denied: no dp:met
    expect_not_held(&got, &["Jean Castel", "Kenji Sato"], "Planned");
    expect_not_held(&got, &["Paul Renaud", "Marco Bellini"], "Cancelled");
    expect_not_held(&got, &["Kenji Sato", "Luc Dumont"], "Hypothetical");
    // a phone call is not a meeting
    expect_none(&got, "Karim Benali", "Marco Bellini");
}

#[test]
fn english_gatherings_nouns_and_modality() {
    let got = described("meetings-en-groups.txt", "en");
    // three coordinated subjects of "met"
    expect_held(
        &got,
        &["Tom Harker", "Ingrid Vogel", "Kenji Sato"],
        "Oslo",
        "2019-03-11",
    );
    // a subject and an appositive list of counterparts "gathered"
    expect_held(
        &got,
        &["Ingrid Vogel", "Sofia Marquez", "Marco Bellini"],
        "Madrid",
        "2019-03-12",
    );
    // "joined by X" adds a participant
    expect_held(
        &got,
        &["Tom Harker", "Paul Renaud", "Amadou Diallo"],
        "Dakar",
        "2019-03-04",
    );
    // a passive agent and a noun hanging off the clause: "approved by X during talks with Y"
    expect_held(&got, &["Kenji Sato", "Hans Keller"], "Bern", "2019-03-05");
    // signing together in person
    expect_held(&got, &["Hans Keller", "Luc Dumont"], "Vienna", "2019-03-06");
    // "X also attended the talks": the meeting told before gains X
    expect_held(
        &got,
        &["Amadou Diallo", "Jean Castel", "Luc Dumont"],
        "Abuja",
        "2019-03-07",
    );
    // "At the talks, X ...": the same
    expect_held(
        &got,
        &["Karim Benali", "Sofia Marquez", "Jean Castel"],
        "Lima",
        "2019-03-08",
    );
    // planned, cancelled, denied: no dp:met
    expect_not_held(&got, &["Tom Harker", "Karim Benali"], "Planned");
    expect_not_held(&got, &["Ingrid Vogel", "Luc Dumont"], "Cancelled");
    expect_not_held(&got, &["Marco Bellini", "Paul Renaud"], "Hypothetical");
    // talks by phone are not a meeting
    expect_none(&got, "Tom Harker", "Luc Dumont");
}

#[test]
fn english_days_asides_and_things_received() {
    let got = described("meetings-en-more.txt", "en");
    // "X arrived in Z on Monday. He met Y the next day.": place from the arrival, day after it
    expect_held(&got, &["Tom Harker", "Ingrid Vogel"], "Oslo", "2019-03-12");
    // "a meeting between X, <aside>, and Y"
    expect_held(
        &got,
        &["Marco Bellini", "Sofia Marquez"],
        "Lima",
        "2019-03-02",
    );
    // a prize, a share of the vote, a show "hosted by": no one was received
    expect_none(&got, "Luc Dumont", "Hans Keller");
    expect_none(&got, "Paul Renaud", "Amadou Diallo");
    expect_none(&got, "Karim Benali", "Jean Castel");
    // organizations as the actors where no side names a person; a spokesman is not a side, nor
    // is one asked "whether anyone else at the talks" fell ill
    expect_held_by_bodies(
        &got,
        &["Nordair Airlines", "Valdor Corporation"],
        "Oslo",
        "2019-03-12",
    );
    expect_none(&got, "Luc Dumont", "Valdor Corporation");
    assert_eq!(got.meetings.len(), 3, "{:#?}", got.meetings);
}

#[test]
fn french_days_companions_visits_and_things_received() {
    let got = described("meetings-fr-more.txt", "fr");
    // "X est arrivé à Z lundi. Il a rencontré Y le lendemain."
    expect_held(
        &got,
        &["Jean Castel", "Karim Benali"],
        "Dakar",
        "2019-03-12",
    );
    // "a rendu visite à"
    expect_held(
        &got,
        &["Paul Renaud", "Sofia Marquez"],
        "Lima",
        "2019-03-02",
    );
    // "en compagnie de"
    expect_held(&got, &["Marco Bellini", "Kenji Sato"], "Rome", "2019-03-05");
    // "ont reçu ex aequo le prix", "avait reçu le soutien de": a thing received, not a person
    expect_none(&got, "Luc Dumont", "Hans Keller");
    expect_none(&got, "Ingrid Vogel", "Amadou Diallo");
    // organizations as the actors where no side names a person
    expect_held_by_bodies(
        &got,
        &["groupe Valdor", "compagnie Nordair"],
        "Oslo",
        "2019-03-12",
    );
    assert_eq!(got.meetings.len(), 4, "{:#?}", got.meetings);
}

#[test]
fn french_sides_weak_dates_and_contests() {
    let got = described("meetings-fr-sides.txt", "fr");
    // "avec des représentants de la Finlande": a side named by its delegates is the country
    expect_held_by_bodies(&got, &["groupe Valdor", "Finlande"], "Oslo", "2019-03-12");
    // a country acting with another, no person named on either side
    expect_held_by_bodies(&got, &["Finlande", "Estonie"], "Helsinki", "2019-03-11");
    // "le 3 mars dernier", "en novembre dernier": the year before publication where needed
    expect_held(
        &got,
        &["Paul Renaud", "Karim Benali"],
        "Tunis",
        "2019-03-03",
    );
    expect_held(
        &got,
        &["Ingrid Vogel", "Sofia Marquez"],
        "Genève",
        "2018-11",
    );
    // a match ("rencontré et battu ... en finale") and a thing received are no meeting
    expect_none(&got, "Luc Dumont", "Hans Keller");
    expect_none(&got, "Amadou Diallo", "Jean Castel");
    assert_eq!(got.meetings.len(), 4, "{:#?}", got.meetings);
}

#[test]
fn english_sides_weak_dates_and_contests() {
    let got = described("meetings-en-sides.txt", "en");
    // "Representatives from A and B held a signing ... with X": the countries and the person
    let want = (
        ["Finland", "Estonia", "Tom Harker"]
            .iter()
            .map(|a| a.to_string())
            .collect::<BTreeSet<_>>(),
        "Oslo".to_string(),
        "2019-03-12".to_string(),
        String::new(),
    );
    assert!(
        got.meetings.contains(&want),
        "missing {want:?} in {:#?}",
        got.meetings
    );
    expect_held_by_bodies(&got, &["Finland", "Estonia"], "Helsinki", "2019-03-11");
    // "last May": May of the year before publication
    expect_held(&got, &["Marco Bellini", "Kenji Sato"], "Geneva", "2018-05");
    // a match, support received, a doctorate received: no meeting
    expect_none(&got, "Luc Dumont", "Hans Keller");
    expect_none(&got, "Karim Benali", "Jean Castel");
    expect_none(&got, "Paul Renaud", "Amadou Diallo");
    assert_eq!(got.meetings.len(), 3, "{:#?}", got.meetings);
}

#[test]
fn french_coordinated_hosts_groups_and_prizes() {
    let got = described("meetings-fr-together.txt", "fr");
    // "reçu ... par le président X et le Premier ministre Y": both agents host
    expect_held(
        &got,
        &["Amadou Diallo", "Karim Benali", "Paul Renaud"],
        "Rabat",
        "2019-03-12",
    );
    // "X, né le ..., et Y, né le ..., ont été arrêtés. Ils s'étaient rencontrés à Z": the persons
    // named together, not the last meeting's actors
    expect_held(&got, &["Luc Dumont", "Hans Keller"], "Grenoble", "2015");
    expect_none(&got, "Amadou Diallo", "Luc Dumont");
    // "elles ont fait connaissance": a first meeting of the two named before
    expect_held(&got, &["Ingrid Vogel", "Sofia Marquez"], "Genève", "2010");
    // "a reçu ... le prix X": a prize named after a person
    expect_none(&got, "Marc Olivier", "Jean Vautrin");
    assert_eq!(got.meetings.len(), 3, "{:#?}", got.meetings);
}

#[test]
fn english_coordinated_hosts_groups_and_prizes() {
    let got = described("meetings-en-together.txt", "en");
    // "received ... by President X and Prime Minister Y": both agents host
    expect_held(
        &got,
        &["Amadou Diallo", "Karim Benali", "Paul Renaud"],
        "Rabat",
        "2019-03-12",
    );
    // "X, 29, and Y, 34, were arrested. They had first met in Z": the persons named together
    expect_held(&got, &["Luc Dumont", "Hans Keller"], "Grenoble", "2015");
    expect_none(&got, "Amadou Diallo", "Luc Dumont");
    // "the two women had become acquainted"
    expect_held(&got, &["Ingrid Vogel", "Sofia Marquez"], "Geneva", "2010");
    // "received the X Award": a prize named after a person
    assert!(
        !got.meetings
            .iter()
            .any(|(a, ..)| a.contains("Marc Olivier")),
        "{:#?}",
        got.meetings
    );
    assert_eq!(got.meetings.len(), 3, "{:#?}", got.meetings);
}

#[test]
fn french_attendee_lists_and_meetings_over_sentences() {
    let got = described("meetings-fr-lists.txt", "fr");
    // "le sommet a réuni lundi à Tunis X, Y et Z", then "parmi les participants figuraient aussi
    // V et W": one summit of five
    expect_held(
        &got,
        &[
            "Jean Castel",
            "Ingrid Vogel",
            "Kenji Sato",
            "Paul Renaud",
            "Sofia Marquez",
        ],
        "Tunis",
        "2019-03-11",
    );
    // the participants of a march met no one
    expect_none(&got, "Marc Olivier", "Jeanne Vautrin");
    // "X est arrivé à Z le 5 mars. Il a rencontré Y le lendemain."
    expect_held(
        &got,
        &["Amadou Diallo", "Luc Dumont"],
        "Dakar",
        "2019-03-06",
    );
    // "les deux dirigeants se sont retrouvés en mai dernier à Rome"
    expect_held(&got, &["Amadou Diallo", "Luc Dumont"], "Rome", "2018-05");
    // a meeting of another day than the lead's takes neither the lead's place nor the place of
    // a relative clause
    expect_held(&got, &["Karim Benali", "Tom Harker"], "", "2019-03-12");
    assert_eq!(got.meetings.len(), 4, "{:#?}", got.meetings);
}

#[test]
fn english_attendee_lists_and_meetings_over_sentences() {
    let got = described("meetings-en-lists.txt", "en");
    // "the talks brought together in Geneva on Monday X and Y", then "participants included V, W
    // and Z" and "U was among those present": one meeting of six
    expect_held(
        &got,
        &[
            "Jean Castel",
            "Ingrid Vogel",
            "Paul Renaud",
            "Sofia Marquez",
            "Kenji Sato",
            "Luc Dumont",
        ],
        "Geneva",
        "2019-03-11",
    );
    // the participants of a march met no one
    expect_none(&got, "Marc Olivier", "Jeanne Vautrin");
    // "X arrived in Z on March 5. He met Y the next day."
    expect_held(
        &got,
        &["Amadou Diallo", "Karim Benali"],
        "Dakar",
        "2019-03-06",
    );
    // "the two presidents met again in Rome last May"
    expect_held(&got, &["Amadou Diallo", "Karim Benali"], "Rome", "2018-05");
    // a meeting of another day than the lead's, with a place only in an "after" clause
    expect_held(&got, &["Hans Keller", "Tom Harker"], "", "2019-03-12");
    assert_eq!(got.meetings.len(), 4, "{:#?}", got.meetings);
}
