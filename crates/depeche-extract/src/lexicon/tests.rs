//! Loading cases: countries named in both languages, acronyms, titles and time words.

use super::*;

#[test]
fn every_country_has_french_and_english_names() {
    let lex = Lexicon::bundled();
    let countries: Vec<_> = lex
        .gazetteer
        .entries
        .iter()
        .filter(|e| e.kind == GazKind::Country)
        .collect();
    assert!(countries.len() > 190, "only {} countries", countries.len());
    assert!(countries
        .iter()
        .all(|c| !c.name_en.is_empty() && !c.name_fr.is_empty()));
}

#[test]
fn acronyms_match_only_in_capitals() {
    let lex = Lexicon::bundled();
    assert!(lex.gazetteer.lookup("US").next().is_some());
    assert!(lex.gazetteer.lookup("us").next().is_none());
}

#[test]
fn titles_and_time_words_load() {
    let fr = Lexicon::bundled().lang(Lang::Fr);
    assert_eq!(fr.title("président"), Some(TitleKind::Role));
    assert_eq!(fr.title("M."), Some(TitleKind::Honorific));
    assert_eq!(fr.time_word("Mardi"), Some(TimeWord::Weekday(2)));
    assert!(fr.is_stopword("Dans"));
}

#[test]
fn a_role_of_one_language_reads_only_its_own_words() {
    let lex = Lexicon::bundled();
    let (fr, en) = (lex.lang(Lang::Fr), lex.lang(Lang::En));
    // Determiners and the rules run for one language: "la" is no English determiner, "Le" opens
    // no English name, "the" no French one.
    assert!(fr.is_function_word(FunctionWord::DefiniteDeterminer, "la"));
    assert!(!en.is_function_word(FunctionWord::DefiniteDeterminer, "la"));
    assert!(en.is_function_word(FunctionWord::DefiniteDeterminer, "the"));
    assert!(!fr.is_function_word(FunctionWord::DefiniteDeterminer, "the"));
    assert!(fr.is_function_word(FunctionWord::NameArticle, "Le"));
    assert!(!en.is_function_word(FunctionWord::NameArticle, "Le"));
    // A shared role reads both tables, as a sentence may quote the other language.
    for l in [fr, en] {
        assert!(l.is_function_word(FunctionWord::Agent, "par"));
        assert!(l.is_function_word(FunctionWord::Agent, "by"));
        assert!(l.is_function_word(FunctionWord::Oblique, "avec"));
        assert!(l.is_function_word(FunctionWord::Oblique, "with"));
    }
}
