//! Sentence-to-mention cases: invented sentences and the names and types each must give.

use super::*;
use crate::segment::segment;

fn found(text: &str, lang: Lang) -> Vec<(String, EntityType, bool)> {
    let lex = Lexicon::bundled();
    let s = segment(text, lex.lang(lang));
    find(text, &s, lex, lang)
        .into_iter()
        .map(|m| (m.name, m.etype, m.tentative))
        .collect()
}

fn certain(text: &str, lang: Lang) -> Vec<(String, EntityType)> {
    found(text, lang)
        .into_iter()
        .filter(|m| !m.2)
        .map(|m| (m.0, m.1))
        .collect()
}

#[test]
fn a_title_after_a_company_is_no_part_of_a_person() {
    // Invented names. The tagger, having seen "President X" in its training text, may span a
    // company and the title after it as one person; the title is cut off the span.
    let text = "Zentair CEO, Michael Brody, defended the choice on Monday.";
    let got = found(text, Lang::En);
    assert!(!got.iter().any(|m| m.0.contains("CEO")), "{got:?}");
    assert!(
        got.iter()
            .any(|m| m.0 == "Michael Brody" && m.1 == EntityType::Person),
        "{got:?}"
    );
}

#[test]
fn titles_announce_persons_with_roles() {
    let text = "Le ministre français des Affaires étrangères et général de l'armée Paul Lefort est arrivé.";
    let lex = Lexicon::bundled();
    let s = segment(text, lex.lang(Lang::Fr));
    let m = &find(text, &s, lex, Lang::Fr)[0];
    assert_eq!(m.name, "Paul Lefort");
    assert_eq!(m.roles.len(), 2);
    assert_eq!(m.roles[0].title, "ministre des Affaires étrangères");
    assert_eq!(
        lex.gazetteer.entries[m.roles[0].country.unwrap()].name_fr,
        "France"
    );
}

#[test]
fn sentence_initial_capitals_and_time_words_are_not_entities() {
    assert!(certain(
        "Lundi, des renforts sont arrivés. Selon la source, Dans ce cas.",
        Lang::Fr
    )
    .is_empty());
}

#[test]
fn organization_heads_with_nationality() {
    assert_eq!(
        certain(
            "Selon le ministère italien de la Santé et l'armée italienne, rien.",
            Lang::Fr
        ),
        [
            (
                "ministère italien de la Santé".to_string(),
                EntityType::Organization
            ),
            ("armée italienne".to_string(), EntityType::Organization)
        ]
    );
}

#[test]
fn place_cues_and_gazetteer() {
    assert_eq!(
        certain(
            "Les combats dans la province de Kandouz ont gagné Madrid et l'Italie.",
            Lang::Fr
        ),
        [
            ("Kandouz".to_string(), EntityType::Place),
            ("Madrid".to_string(), EntityType::Place),
            ("Italie".to_string(), EntityType::Place)
        ]
    );
}

#[test]
fn acronym_definitions_link_both_forms() {
    let text = "The Atlantic Fishery Organization (AFO) said so.";
    let lex = Lexicon::bundled();
    let s = segment(text, lex.lang(Lang::En));
    let ms = find(text, &s, lex, Lang::En);
    let acro = ms.iter().find(|m| m.name == "AFO").unwrap();
    assert_eq!(acro.etype, EntityType::Organization);
    assert!(acro.defines.is_some());
}

#[test]
fn english_apposition_and_title_before_name() {
    let got = found(
        "Jin Wei, the President of Italy, met Prime Minister Tom Harker in Rome.",
        Lang::En,
    );
    eprintln!("{got:?}");
    let got = certain(
        "Jin Wei, the President of Italy, met Prime Minister Tom Harker in Rome.",
        Lang::En,
    );
    assert!(
        got.contains(&("Tom Harker".to_string(), EntityType::Person)),
        "{got:?}"
    );
    assert!(
        got.contains(&("Rome".to_string(), EntityType::Place)),
        "{got:?}"
    );
}

#[test]
fn french_institutions_named_around_their_head() {
    let got = certain("Le Parti radical et l'Agence du tourisme ont reçu la société Zorblax et l'hôtel Miravel situé boulevard Voltaire.", Lang::Fr);
    for expected in [
        ("Parti radical", EntityType::Organization),
        ("Agence du tourisme", EntityType::Organization),
        ("société Zorblax", EntityType::Organization),
        ("hôtel Miravel", EntityType::Organization),
        ("boulevard Voltaire", EntityType::Place),
    ] {
        assert!(
            got.contains(&(expected.0.to_string(), expected.1)),
            "{expected:?} not in {got:?}"
        );
    }
}

#[test]
fn a_head_noun_does_not_swallow_a_known_name() {
    let got = certain(
        "Le groupe terroriste Etat islamique et le général de l'armée Paul Lefort.",
        Lang::Fr,
    );
    assert!(
        got.iter()
            .all(|(n, _)| !n.starts_with("groupe") && !n.starts_with("armée")),
        "{got:?}"
    );
}

#[test]
fn unknown_names_get_a_type_only_when_they_are_not_ordinary_words() {
    let lex = Lexicon::bundled();
    let text = "Shares of Zorblax fell, the Economy Minister said, as General Motors Corporation and Quarnell Dunmore met.";
    let s = segment(text, lex.lang(Lang::En));
    // The rules' own typing, without the tagger.
    let ms = find_with(
        &Words::of(text, &s),
        lex,
        Lang::En,
        None,
        Combine::default(),
    );
    let of = |name: &str| {
        ms.iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("{name} not in {ms:?}"))
    };
    assert_eq!(of("Zorblax").fallback, Some(EntityType::Organization));
    assert_eq!(
        of("General Motors Corporation").etype,
        EntityType::Organization
    );
    assert_eq!(of("Quarnell Dunmore").fallback, Some(EntityType::Person));
    // A capitalised ordinary word may only ever join an entity found otherwise.
    assert!(of("Economy").tentative && of("Economy").fallback.is_none());
}

#[test]
fn a_name_listed_with_persons_is_a_person() {
    let lex = Lexicon::bundled();
    let text = "The race was won by Paul Lefort, Oduyami and Tom Harker.";
    let s = segment(text, lex.lang(Lang::En));
    // The rules' own typing, without the tagger.
    let ms = find_with(
        &Words::of(text, &s),
        lex,
        Lang::En,
        None,
        Combine::default(),
    );
    let m = ms.iter().find(|m| m.name == "Oduyami").expect("found");
    assert_eq!(m.fallback, Some(EntityType::Person));
}

#[test]
fn a_list_opened_by_a_plural_noun_for_people_is_persons() {
    let lex = Lexicon::bundled();
    let text = "Il a gagné avec ses compatriotes Oduyami, Tarrant et Velasko.";
    let s = segment(text, lex.lang(Lang::Fr));
    // The rules' own typing, without the tagger.
    let ms = find_with(
        &Words::of(text, &s),
        lex,
        Lang::Fr,
        None,
        Combine::default(),
    );
    for name in ["Oduyami", "Tarrant", "Velasko"] {
        let m = ms
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("{name} not in {ms:?}"));
        assert_eq!(m.fallback, Some(EntityType::Person), "{name}");
    }
}
