//! Entity-to-quad and event-to-quad cases: what each stated fact becomes in the graph.

use super::*;
use crate::segment;
use crate::timex::TimeValue;
use crate::vocab::DEFAULT_BASE;
use chrono::NaiveDate;

/// A person the article names, with a nationality if given.
fn person(label: &str, country: Option<usize>) -> Entity {
    Entity {
        etype: EntityType::Person,
        gaz: None,
        place_kind: None,
        label: label.to_string(),
        names: BTreeSet::from([label.to_string()]),
        mentions: Vec::new(),
        roles: Vec::new(),
        country,
    }
}

/// A meeting stated by the first sentence.
fn meeting(
    actors: Vec<usize>,
    places: Vec<usize>,
    day: Option<&str>,
    modality: Option<Modality>,
) -> Event {
    Event {
        class: EventClass::Meeting,
        evidence: vec![0],
        actors,
        places,
        time: day.map(|d| TimeValue::Day(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())),
        recipient: None,
        object: None,
        count: None,
        trigger: "met".to_string(),
        modality,
        anaphoric: false,
        apart: false,
        pending: false,
    }
}

/// The triples the mapper writes, as `<s> <p> <o>` (the graph is the article's for all).
fn triples(lang: Lang, text: &str, entities: &[Entity], events: &[Event]) -> BTreeSet<String> {
    let lex = Lexicon::bundled();
    let article = Article::from_text("berg.txt", text).unwrap();
    let sentences = segment::segment(text, lex.lang(lang));
    let input = Input {
        article: &article,
        lang,
        sentences: &sentences,
        entities,
        events,
        lex,
        base: DEFAULT_BASE,
    };
    let (graph, quads) = quads(&input);
    assert!(
        quads
            .iter()
            .all(|q| q.graph_name == GraphName::NamedNode(graph.clone())),
        "every quad in the article's graph"
    );
    quads
        .iter()
        .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
        .collect()
}

#[test]
fn entities_and_events_give_their_quads() {
    let lex = Lexicon::bundled();
    let gaz = |name: &str, kind: GazKind| {
        lex.gazetteer
            .lookup(name)
            .find(|e| e.kind == kind)
            .unwrap_or_else(|| panic!("{name} in the gazetteer"))
            .index
    };
    let (lisbon, portugal) = (
        gaz("Lisbon", GazKind::City),
        gaz("Portugal", GazKind::Country),
    );
    let lisbon_node = Entity {
        etype: EntityType::Place,
        gaz: Some(lisbon),
        place_kind: Some(GazKind::City),
        label: "Lisbon".to_string(),
        names: BTreeSet::from(["Lisbon".to_string()]),
        mentions: Vec::new(),
        roles: Vec::new(),
        country: None,
    };
    let geonames = |g: usize| {
        format!(
            "<https://sws.geonames.org/{}/>",
            lex.gazetteer.entries[g].geonames.unwrap()
        )
    };
    let portugal_iri = format!(
        "<{}>",
        entity_iri(DEFAULT_BASE, &gaz_entity(lex, portugal, Lang::En), lex).as_str()
    );
    let (berg, mendes, lisbon_iri) = (
        "<https://purl.org/depeche/id/person/anna-berg>",
        "<https://purl.org/depeche/id/person/joao-mendes>",
        format!("<{}>", entity_iri(DEFAULT_BASE, &lisbon_node, lex).as_str()),
    );
    let en = "Anna Berg met Joao Mendes in Lisbon on Monday.";
    let fr = "Anna Berg a rencontré Joao Mendes lundi à Lisbonne.";
    let event = "<https://purl.org/depeche/id/event/berg/meeting-1>";
    let ty = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    let label = "<http://www.w3.org/2000/01/rdf-schema#label>";
    let met = "<https://purl.org/depeche/ns#met>";
    // (what, language, text, entities, events, triples that must be written, triples that must not)
    type Case<'a> = (
        &'a str,
        Lang,
        &'a str,
        Vec<Entity>,
        Vec<Event>,
        Vec<String>,
        Vec<String>,
    );
    let cases: Vec<Case> = vec![
        (
            "a person with a nationality",
            Lang::En,
            en,
            vec![person("Joao Mendes", Some(portugal))],
            vec![],
            vec![
                format!("{mendes} {ty} <https://schema.org/Person>"),
                format!("{mendes} {label} \"Joao Mendes\"@en"),
                format!("{mendes} <https://schema.org/nationality> {portugal_iri}"),
                format!("{portugal_iri} {ty} <https://schema.org/Country>"),
                format!("{portugal_iri} <http://www.w3.org/2002/07/owl#sameAs> {}", geonames(portugal)),
            ],
            vec![],
        ),
        (
            "a city of the gazetteer, named in both languages",
            Lang::En,
            en,
            vec![lisbon_node.clone()],
            vec![],
            vec![
                format!("{lisbon_iri} {ty} <https://schema.org/Place>"),
                format!("{lisbon_iri} {ty} <https://schema.org/City>"),
                format!("{lisbon_iri} {label} \"Lisbon\"@en"),
                format!("{lisbon_iri} {label} \"{}\"@fr", lex.gazetteer.entries[lisbon].name_fr),
                format!("{lisbon_iri} <http://www.w3.org/2002/07/owl#sameAs> {}", geonames(lisbon)),
            ],
            vec![],
        ),
        (
            "a meeting held",
            Lang::En,
            en,
            vec![person("Anna Berg", None), person("Joao Mendes", None), lisbon_node.clone()],
            vec![meeting(vec![0, 1], vec![2], Some("2019-03-11"), None)],
            vec![
                format!("{event} {ty} <http://semanticweb.cs.vu.nl/2009/11/sem/Event>"),
                format!("{event} {ty} <https://purl.org/depeche/ns#Meeting>"),
                format!("{event} {label} \"Meeting : Anna Berg – Joao Mendes, 2019-03-11\"@en"),
                format!("{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasActor> {berg}"),
                format!("{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasActor> {mendes}"),
                format!("{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace> {lisbon_iri}"),
                format!("{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp> \"2019-03-11\"^^<http://www.w3.org/2001/XMLSchema#date>"),
                format!("{event} <https://purl.org/depeche/ns#evidence> \"{en}\""),
                format!("{berg} {met} {mendes}"),
                format!("{mendes} {met} {berg}"),
            ],
            vec![],
        ),
        (
            "a meeting held, in French: the label of the class in that language",
            Lang::Fr,
            fr,
            vec![person("Anna Berg", None), person("Joao Mendes", None)],
            vec![meeting(vec![0, 1], vec![], None, None)],
            vec![format!("{event} {label} \"Rencontre : Anna Berg – Joao Mendes\"@fr"), format!("{berg} {met} {mendes}")],
            vec![],
        ),
        (
            "a meeting only planned: its modality, and no one met",
            Lang::En,
            en,
            vec![person("Anna Berg", None), person("Joao Mendes", None)],
            vec![meeting(vec![0, 1], vec![], None, Some(Modality::Planned))],
            vec![format!("{event} <https://purl.org/depeche/ns#modality> <https://purl.org/depeche/ns#Planned>")],
            vec![format!("{berg} {met} {mendes}"), format!("{mendes} {met} {berg}")],
        ),
    ];
    for (what, lang, text, entities, events, present, absent) in cases {
        let written = triples(lang, text, &entities, &events);
        for t in &present {
            assert!(
                written.contains(t),
                "{what}: missing {t}\nwritten:\n{}",
                written.iter().cloned().collect::<Vec<_>>().join("\n")
            );
        }
        for t in &absent {
            assert!(!written.contains(t), "{what}: unexpected {t}");
        }
    }
}
