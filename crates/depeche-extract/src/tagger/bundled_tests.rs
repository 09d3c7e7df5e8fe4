//! Cases on the bundled model: invented sentences and the names and kinds it must tag.

use super::*;
use crate::article::Lang;
use crate::lexicon::Lexicon;
use crate::mentions::lexical_info;

fn tagged(words: &[&str], lang: Lang) -> Vec<(String, Kind)> {
    let model = Model::bundled().expect("the bundled model reads");
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let info = lexical_info(words, Lexicon::bundled(), lang);
    let doc = DocInfo::new([(words, lower.as_slice())]);
    let labels = model.tag(
        &SentenceInput {
            words,
            lower: &lower,
            info: &info,
        },
        lang,
        &doc,
    );
    spans(&labels)
        .into_iter()
        .map(|(a, b, k)| (words[a..b].join(" "), k))
        .collect()
}

#[test]
fn the_bundled_model_finds_names_no_lexicon_lists() {
    // Invented names: only their shape and context say what they are.
    let got = tagged(
        &[
            "Le",
            "maire",
            "de",
            "Kervignol",
            ",",
            "Jean-Marc",
            "Trubadec",
            ",",
            "a",
            "quitté",
            "la",
            "société",
            "Plomex",
            ".",
        ],
        Lang::Fr,
    );
    assert!(
        got.contains(&("Jean-Marc Trubadec".to_string(), Kind::Per)),
        "{got:?}"
    );
    assert!(
        got.contains(&("Kervignol".to_string(), Kind::Loc)),
        "{got:?}"
    );
    let got = tagged(
        &[
            "Senator",
            "Maribeth",
            "Coldwater",
            "spoke",
            "in",
            "Brantville",
            "on",
            "Monday",
            ".",
        ],
        Lang::En,
    );
    assert!(
        got.contains(&("Maribeth Coldwater".to_string(), Kind::Per)),
        "{got:?}"
    );
    assert!(
        got.contains(&("Brantville".to_string(), Kind::Loc)),
        "{got:?}"
    );
}
