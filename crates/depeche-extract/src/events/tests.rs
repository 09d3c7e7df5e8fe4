//! Sentence-to-event cases: invented sentences and the event each must give.

use super::*;
use crate::{coref, mentions, segment, timex};
use chrono::NaiveDate;

/// One invented sentence and the event it must give.
struct Case {
    lang: Lang,
    /// Publication date, the anchor of "mardi", "on Monday".
    published: &'static str,
    text: &'static str,
    class: EventClass,
    /// Labels of the actors, in any order.
    actors: &'static [&'static str],
    /// Label of the place, if one.
    place: Option<&'static str>,
    /// The date, as `TimeValue::iso` writes it, if one.
    date: Option<&'static str>,
    modality: Option<Modality>,
}

/// The events of a text, with the labels of its entities.
fn events_of(lang: Lang, published: &str, text: &str) -> (Vec<Event>, Vec<String>) {
    let lex = Lexicon::bundled();
    let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    let sentences = segment::segment(text, lex.lang(lang));
    let found = mentions::find(text, &sentences, lex, lang);
    let resolution = coref::resolve(&found, lex, lang);
    let times: Vec<_> = sentences
        .iter()
        .map(|s| timex::find(text, s, lex.lang(lang), published))
        .collect();
    let input = Input {
        text,
        sentences: &sentences,
        mentions: &found,
        resolution: &resolution,
        times: &times,
        lex,
        lang,
    };
    (
        extract(&input),
        resolution
            .entities
            .iter()
            .map(|e| e.label.clone())
            .collect(),
    )
}

const CASES: &[Case] = &[
    Case {
        lang: Lang::Fr,
        published: "2017-09-12",
        text: "Le président Karim Benali a reçu mardi à Tunis le ministre Paul Lefort.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: Some("Tunis"),
        date: Some("2017-09-12"),
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2021-06-10",
        text: "La ministre Claire Dumont s'est entretenue lundi à Dakar avec son homologue Moussa Ndiaye.",
        class: EventClass::Meeting,
        actors: &["Claire Dumont", "Moussa Ndiaye"],
        place: Some("Dakar"),
        date: Some("2021-06-07"),
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2021-06-10",
        text: "Le président Karim Benali rencontrera le 20 juin à Alger le Premier ministre Paul Lefort.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: Some("Alger"),
        date: Some("2021-06-20"),
        modality: Some(Modality::Planned),
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "Prime Minister Anna Berg met President Joao Mendes in Lisbon on Monday.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Lisbon"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "Anna Berg and Joao Mendes met in Geneva on March 4.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Geneva"),
        date: Some("2019-03-04"),
        modality: None,
    },
    // A noun read with its "avec"/"with" tells its fate after its arguments; another
    // meeting's participle is not its own.
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "President Anna Berg's talks with Prime Minister Joao Mendes were cancelled.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: None,
        date: None,
        modality: Some(Modality::Cancelled),
    },
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Le président Karim Benali a eu un entretien avec le ministre Paul Lefort lundi, avant un sommet prévu mardi.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: None,
        date: Some("2019-03-11"),
        modality: None,
    },
    // A place that names the meeting is where it was held.
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Le président Karim Benali a rencontré le ministre Paul Lefort en marge du sommet de Bruxelles lundi.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: Some("Bruxelles"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "President Anna Berg met Prime Minister Joao Mendes at the Brussels summit on Monday.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Brussels"),
        date: Some("2019-03-11"),
        modality: None,
    },
    // The main clause's place and date are not those of a meeting told in an "after" clause.
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "On Monday in Lisbon, after a long flight, President Anna Berg met Prime Minister Joao Mendes.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Lisbon"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Le ministre Paul Lefort a démissionné lundi à Tunis, après sa réunion avec le président Karim Benali.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: Some("Tunis"),
        date: Some("2019-03-11"),
        modality: None,
    },
    // Signing together in person.
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "President Anna Berg signed a border treaty with Prime Minister Joao Mendes in Lisbon on Tuesday.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Lisbon"),
        date: Some("2019-03-12"),
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Le président Karim Benali a signé lundi à Tunis un accord avec le ministre Paul Lefort.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: Some("Tunis"),
        date: Some("2019-03-11"),
        modality: None,
    },
    // Gatherings whose attendees the noun's own phrase lists.
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "A summit of President Anna Berg and Prime Minister Joao Mendes was held in Geneva on March 4.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Geneva"),
        date: Some("2019-03-04"),
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "The summit, attended by Anna Berg, Joao Mendes and Peter Holm, opened in Geneva on Monday.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes", "Peter Holm"],
        place: Some("Geneva"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Un sommet réunissant Karim Benali, Paul Lefort et Marc Dubois s'est tenu lundi à Tunis.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort", "Marc Dubois"],
        place: Some("Tunis"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "The meeting was attended by President Anna Berg, Prime Minister Joao Mendes and Chancellor Peter Holm.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes", "Peter Holm"],
        place: None,
        date: None,
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Le sommet a réuni Karim Benali, Paul Lefort et Marc Dubois lundi à Tunis.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort", "Marc Dubois"],
        place: Some("Tunis"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "President Anna Berg, Prime Minister Joao Mendes and Chancellor Peter Holm attended a summit in Brussels on Monday.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes", "Peter Holm"],
        place: Some("Brussels"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Karim Benali, Paul Lefort et Marc Dubois ont participé à un sommet lundi à Bruxelles.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort", "Marc Dubois"],
        place: Some("Bruxelles"),
        date: Some("2019-03-11"),
        modality: None,
    },
    // A place or date of what the meeting was about, or of a relative clause, is not the
    // meeting's: the story's own (or none) is better than a wrong one.
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Karim Benali a rencontré Paul Lefort lundi pour discuter de la situation en Libye.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: None,
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "President Anna Berg received Prime Minister Joao Mendes in Lisbon to discuss the border with Spain.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Lisbon"),
        date: None,
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "Prime Minister Anna Berg flew to Lisbon on Monday. There she met President Joao Mendes, who had visited Paris last week.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Lisbon"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "President Joao Mendes arrived in Lisbon on Sunday. Prime Minister Anna Berg, who was elected in Porto in 2015, met Mendes on Monday.",
        class: EventClass::Meeting,
        actors: &["Anna Berg", "Joao Mendes"],
        place: Some("Lisbon"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Lundi à Tunis, le président Karim Benali, qui rentrait d'Alger, a reçu le ministre Paul Lefort.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: Some("Tunis"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::Fr,
        published: "2019-03-13",
        text: "Le président Karim Benali est arrivé lundi à Tunis. Il a reçu le ministre Paul Lefort, qui était à Alger le 2 mars.",
        class: EventClass::Meeting,
        actors: &["Karim Benali", "Paul Lefort"],
        place: Some("Tunis"),
        date: Some("2019-03-11"),
        modality: None,
    },
    Case {
        lang: Lang::En,
        published: "2019-03-13",
        text: "Foreign Minister Joao Mendes visited Nairobi on Tuesday.",
        class: EventClass::Visit,
        actors: &["Joao Mendes"],
        place: Some("Nairobi"),
        date: Some("2019-03-12"),
        modality: None,
    },
];

#[test]
fn each_sentence_gives_its_event() {
    for case in CASES {
        let (events, labels) = events_of(case.lang, case.published, case.text);
        let event = events
            .iter()
            .find(|e| e.class == case.class)
            .unwrap_or_else(|| panic!("no {:?} in {:?}: {events:?}", case.class, case.text));
        let mut actors: Vec<&str> = event.actors.iter().map(|&a| labels[a].as_str()).collect();
        actors.sort_unstable();
        let mut expected = case.actors.to_vec();
        expected.sort_unstable();
        assert_eq!(actors, expected, "actors of {:?}", case.text);
        let places: Vec<&str> = event.places.iter().map(|&p| labels[p].as_str()).collect();
        assert_eq!(
            places,
            case.place.into_iter().collect::<Vec<_>>(),
            "place of {:?}",
            case.text
        );
        assert_eq!(
            event.time.map(|t| t.iso()).as_deref(),
            case.date,
            "date of {:?}",
            case.text
        );
        assert_eq!(event.modality, case.modality, "modality of {:?}", case.text);
    }
}

/// Asserts that an invented text tells of no meeting.
fn assert_no_meeting(lang: Lang, text: &str) {
    let (events, _) = events_of(lang, "2019-03-13", text);
    assert!(
        events.iter().all(|e| e.class != EventClass::Meeting),
        "{text:?}: {events:?}"
    );
}

#[test]
fn a_meeting_told_as_happening_again_is_another_meeting() {
    for (lang, text, first_place, again_place) in [
        (
            Lang::En,
            "Anna Berg met Joao Mendes in Lisbon on Monday. Later, Berg met Mendes again in Porto.",
            "Lisbon",
            "Porto",
        ),
        (
            Lang::Fr,
            "Karim Benali a rencontré Paul Lefort lundi à Tunis. Benali a de nouveau rencontré Lefort à Sfax.",
            "Tunis",
            "Sfax",
        ),
    ] {
        let (events, labels) = events_of(lang, "2019-03-13", text);
        let meetings: Vec<(Vec<&str>, Option<String>)> = events
            .iter()
            .filter(|e| e.class == EventClass::Meeting)
            .map(|e| {
                let places = e.places.iter().map(|&p| labels[p].as_str()).collect();
                (places, e.time.map(|t| t.iso()))
            })
            .collect();
        assert_eq!(
            meetings,
            [
                (vec![first_place], Some("2019-03-11".to_string())),
                (vec![again_place], None)
            ],
            "{text:?}"
        );
    }
}

#[test]
fn a_gathering_takes_attendees_told_later() {
    for (lang, text) in [
        (
            Lang::Fr,
            "Un sommet s'est tenu jeudi à Bruxelles autour de Karim Benali. La police a fermé le quartier. Paul Lefort assistait également à ce sommet.",
        ),
        (
            Lang::En,
            "A summit attended by Anna Berg opened in Brussels on Thursday. Police closed the area. Joao Mendes also attended the summit.",
        ),
    ] {
        let (events, labels) = events_of(lang, "2019-03-15", text);
        let meetings: Vec<(Vec<&str>, Vec<&str>, Option<String>)> = events
            .iter()
            .filter(|e| e.class == EventClass::Meeting)
            .map(|e| {
                let mut actors: Vec<&str> = e.actors.iter().map(|&a| labels[a].as_str()).collect();
                actors.sort_unstable();
                let places = e.places.iter().map(|&p| labels[p].as_str()).collect();
                (actors, places, e.time.map(|t| t.iso()))
            })
            .collect();
        let (first, second) = if lang == Lang::Fr {
            ("Karim Benali", "Paul Lefort")
        } else {
            ("Anna Berg", "Joao Mendes")
        };
        assert_eq!(
            meetings,
            [(vec![first, second], vec!["Bruxelles"].into_iter().map(|p| if lang == Lang::Fr { p } else { "Brussels" }).collect(), Some("2019-03-14".to_string()))],
            "{text:?}"
        );
    }
    // With no second attendee, the gathering tells of no meeting.
    assert_no_meeting(
        Lang::Fr,
        "Un sommet s'est tenu jeudi à Bruxelles autour de Karim Benali.",
    );
}

#[test]
fn a_meeting_in_an_after_clause_keeps_the_main_clause_setting_off() {
    for (lang, text, main, other) in [
        (
            Lang::En,
            "Chancellor Anna Berg received President Joao Mendes in Berlin on Monday, a week after Mendes met Prime Minister Peter Holm.",
            ["Anna Berg", "Joao Mendes"],
            ["Joao Mendes", "Peter Holm"],
        ),
        (
            Lang::Fr,
            "Le président Karim Benali a reçu le ministre Paul Lefort lundi à Tunis, deux jours après que Lefort a rencontré Marc Dubois.",
            ["Karim Benali", "Paul Lefort"],
            ["Marc Dubois", "Paul Lefort"],
        ),
    ] {
        let (events, labels) = events_of(lang, "2019-03-13", text);
        let of = |actors: [&str; 2]| {
            events
                .iter()
                .find(|e| {
                    let mut a: Vec<&str> = e.actors.iter().map(|&a| labels[a].as_str()).collect();
                    a.sort_unstable();
                    e.class == EventClass::Meeting && a == actors
                })
                .unwrap_or_else(|| panic!("no meeting of {actors:?} in {text:?}: {events:?}"))
        };
        assert!(!of(main).places.is_empty() && of(main).time.is_some(), "{text:?}");
        assert!(of(other).places.is_empty() && of(other).time.is_none(), "{text:?}: {:?}", of(other));
    }
}

#[test]
fn these_tell_of_no_meeting() {
    for (lang, text) in [
        // A meeting noun names only its own attendees: the persons of the clause around "a
        // meeting of the board" did not meet each other.
        (Lang::En, "After a meeting of the party's board, Anna Berg said Joao Mendes would resign."),
        (Lang::Fr, "Après une réunion du bureau, Karim Benali a annoncé que Paul Lefort démissionnerait."),
        // A comma ends the words a "with" trigger skips: Y and Z abstaining is no signing together.
        (Lang::En, "President Anna Berg signed the decree on Monday, with Joao Mendes and Peter Holm abstaining."),
        (Lang::Fr, "Le président Karim Benali a signé le décret lundi, avec l'accord de Paul Lefort."),
        // A call by phone is no meeting in person.
        (Lang::Fr, "Le président Karim Benali s'est entretenu mardi par téléphone avec le ministre Paul Lefort."),
        (Lang::En, "President Anna Berg spoke by phone with Prime Minister Joao Mendes on Monday."),
    ] {
        assert_no_meeting(lang, text);
    }
}
