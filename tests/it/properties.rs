//! Properties of the reader and the extractor over any input (proptest): extraction terminates,
//! every IRI it mints is valid, every literal is well formed and round-trips, and the RDF it
//! writes parses back to the same graph in every syntax. The checks are the fuzz targets' own
//! (`fuzz/fuzz_targets/check.rs`); the fuzzers explore further, these run in every `cargo test`.

use crate::check;

use depeche::article::{self, Article, Lang};
use depeche::pipeline::{self, Extraction, Options};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};
use std::time::Duration;

/// Words that reach deep into the extractor (titles, triggers, dates, names, cues, punctuation
/// of both languages), and characters that have broken text code elsewhere (case mappings that
/// change length, combining marks, zero-width and right-to-left characters, escapes).
const WORDS: &[&str] = &[
    "Le",
    "la",
    "les",
    "président",
    "ministre",
    "des",
    "Affaires",
    "étrangères",
    "de",
    "la",
    "Défense",
    "a",
    "reçu",
    "rencontré",
    "s'est",
    "entretenu",
    "avec",
    "mardi",
    "hier",
    "lundi",
    "dernier",
    "prochain",
    "la semaine dernière",
    "le 18 juin 2016",
    "en 2017",
    "juin",
    "à",
    "Paris",
    "Damas",
    "Tunis",
    "Moscou",
    "Syrie",
    "russe",
    "syrien",
    "français",
    "M.",
    "Mme",
    "général",
    "armée",
    "ONU",
    "l'ONU",
    "Nations unies",
    "AFP",
    "Karim",
    "Benali",
    "Paul",
    "Lefort",
    "Jean-Marc",
    "Ahmed",
    "al-Assad",
    "d'",
    "qu'",
    "«",
    "»",
    "\"",
    "'",
    "’",
    "(",
    ")",
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    "…",
    "–",
    "-",
    "90.000",
    "12",
    "3",
    "2017",
    "1er",
    "The",
    "President",
    "Minister",
    "met",
    "held talks with",
    "visited",
    "said",
    "on",
    "Tuesday",
    "last",
    "week",
    "next",
    "in",
    "at",
    "U.S.",
    "Dr.",
    "of",
    "Foreign",
    "Russian",
    "killed",
    "soldiers",
    "\n",
    "\n\n",
    "---",
    "date: 2017-09-12",
    "<",
    ">",
    "{",
    "}",
    "\\",
    "|",
    "^",
    "`",
    "%",
    "#",
    "İ",
    "ǅ",
    "ﬁ",
    "ß",
    "ΐ",
    "\u{301}",
    "e\u{301}",
    "\u{200B}",
    "\u{feff}",
    "\u{202e}",
    "金正恩",
    "Σωκράτης",
    "🇫🇷",
    "\u{a0}",
    "\t",
    "\r\n",
    "\u{85}",
    "\u{2028}",
    "\u{fffd}",
];

/// Text that is mostly made of meaningful words, sometimes anything at all.
fn article_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(WORDS), 0..80).prop_map(|w| w.join(" ")),
        1 => prop::collection::vec(prop::sample::select(WORDS), 0..80).prop_map(|w| w.concat()),
        1 => any::<String>(),
    ]
}

/// Panics in the extraction modules that are found and whose fix is pending, as (file, start of
/// the message), each with an ignored test in `tests/it/regressions.rs`; any other panic fails the
/// property. Empty now: the one found ("Le Dr. d'", `src/mentions.rs`) is fixed.
const KNOWN_PANICS: &[(&str, &str)] = &[];

/// Where each extraction thread panicked, by thread name: `src/x.rs:12: message`.
static PANICS: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());

/// Records the place of panics in extraction threads, which `join` does not give.
fn record_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            match thread.name() {
                Some(name) if name.starts_with("extract-") => {
                    let at = info
                        .location()
                        .map(|l| format!("{}:{}", l.file(), l.line()))
                        .unwrap_or_default();
                    let payload = info.payload();
                    let message = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    PANICS
                        .lock()
                        .unwrap()
                        .insert(name.to_string(), format!("{at}: {message}"));
                }
                _ => default(info),
            }
        }));
    });
}

/// Runs the extractor in a thread: "terminates" is checked with a bound, not hoped for. A panic
/// comes back as its place and message.
fn extract_within(article: Article, limit: Duration) -> Result<Extraction, String> {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    record_panics();
    let name = format!("extract-{}", COUNT.fetch_add(1, Ordering::Relaxed));
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name(name.clone())
        .spawn(move || {
            let _ = sender.send(pipeline::extract(&article, &Options::default()));
        })
        .expect("a thread");
    match receiver.recv_timeout(limit) {
        Ok(extraction) => Ok(extraction),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("extraction did not finish within {limit:?}")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(PANICS
            .lock()
            .unwrap()
            .remove(&name)
            .unwrap_or_else(|| "an unknown place".into())),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        // Next to this file, so a failure found once is tried first on every later run.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("tests/properties.proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn extraction_terminates_and_writes_a_graph_that_reads_back(
        text in article_text(),
        lang in prop::option::of(prop_oneof![Just(Lang::Fr), Just(Lang::En)]),
        dated in any::<bool>(),
    ) {
        let Ok(mut article) = Article::from_text("prop.txt", &text) else {
            return Ok(());
        };
        article.lang = lang.or(article.lang);
        if dated {
            article.date = chrono::NaiveDate::from_ymd_opt(2017, 9, 12);
        }
        match extract_within(article, Duration::from_secs(20)) {
            Ok(extraction) => check::extraction(&extraction, depeche::vocab::DEFAULT_BASE),
            Err(bug) if KNOWN_PANICS.iter().any(|(file, message)| bug.starts_with(file) && bug.contains(message)) => {}
            Err(bug) => panic!("extraction panicked at {bug}"),
        }
    }

    #[test]
    fn the_reader_refuses_or_reads_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..3000), lines in any::<bool>()) {
        if let Ok(text) = article::decode("prop.txt", &bytes) {
            let articles = if lines {
                article::from_json_lines("prop.jsonl", &text)
            } else {
                vec![Article::from_text("prop.txt", &text)]
            };
            for article in articles.into_iter().flatten() {
                prop_assert!(!article.body.as_str().trim().is_empty());
                prop_assert!(!article.body.as_str().contains(|c: char| c.is_control() && c != '\n'));
            }
        }
    }

    #[test]
    fn any_name_slugs_to_a_valid_iri(name in any::<String>()) {
        let slug = depeche::rdf::slug(&name);
        prop_assert!(!slug.is_empty());
        prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_%ABCDEF".contains(c)), "{slug}");
        let iri = format!("{}person/{slug}", depeche::vocab::DEFAULT_BASE);
        prop_assert!(NamedNode::new(&iri).is_ok(), "{iri}");
    }

    /// Any string at all survives the syntaxes that can carry any string.
    #[test]
    fn any_literal_round_trips_where_the_syntax_can_hold_it(value in any::<String>(), tagged in any::<bool>()) {
        let formats = [RdfFormat::NQuads, RdfFormat::TriG, RdfFormat::NTriples, RdfFormat::Turtle, RdfFormat::N3];
        check::round_trip_in(&[quad_with(&value, tagged)], &formats);
    }

    /// What the reader lets through (no control characters, no U+FFFE or U+FFFF) also survives
    /// RDF/XML and JSON-LD.
    #[test]
    fn cleaned_literals_round_trip_in_every_syntax(value in "[^\\p{Cc}\u{FFFE}\u{FFFF}]*", tagged in any::<bool>()) {
        check::round_trip(&[quad_with(&value, tagged)]);
    }
}

fn quad_with(value: &str, tagged: bool) -> Quad {
    let subject = NamedNode::new_unchecked("https://purl.org/depeche/id/person/x");
    let object = if tagged {
        Literal::new_language_tagged_literal_unchecked(value, "fr")
    } else {
        Literal::new_simple_literal(value)
    };
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(
        "https://purl.org/depeche/id/article/a",
    ));
    Quad::new(subject, depeche::vocab::rdfs::LABEL, object, graph)
}
