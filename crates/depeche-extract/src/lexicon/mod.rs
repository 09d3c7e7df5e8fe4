//! What the extractor knows, loaded from the files under `data/`.
//!
//! The files are compiled into the binary (`include_str!`) so the tool runs offline from any
//! folder, while the knowledge stays in reviewable data files rather than in code.
//!
//! This file loads the bundled tables into a [`Lexicon`]; its parts: `fold` (words folded for
//! lookup), `gazetteer` ([`Gazetteer`]), `language` ([`LangLexicon`], one language's tables and
//! their lookups), `tests`. The kinds a table may name are in `kinds`, shared with `build.rs`.
//!
//! ```
//! use depeche_extract::lexicon::{Lexicon, GazKind};
//! use depeche_extract::article::Lang;
//! let lex = Lexicon::bundled();
//! let syria = lex.gazetteer.lookup("Syrie").next().unwrap();
//! assert_eq!(syria.kind, GazKind::Country);
//! assert_eq!(lex.lang(Lang::Fr).demonym("syrienne"), Some(syria.index));
//! ```

mod fold;
mod gazetteer;
mod language;
#[cfg(test)]
mod tests;

use crate::article::Lang;
pub use crate::kinds::{
    Cue, EventClass, Frame, FunctionWord, GazKind, TimeUnit, TimeWord, TitleKind,
};
use std::sync::OnceLock;

pub use fold::fold;
pub(crate) use fold::{lowercase, Folder};
pub use gazetteer::{GazEntry, Gazetteer};
pub use language::{LangLexicon, Trigger};

/// A set of words from a bundled list, as `build.rs` laid it out: the words sorted and end to
/// end, a little-endian `u32` offset where each starts, then one where the last ends, and for
/// each first byte the position of the first word that begins with it or a greater one.
#[derive(Debug, Default)]
struct WordList {
    words: &'static str,
    starts: &'static [u8],
    firsts: &'static [u8],
}

macro_rules! word_list {
    ($name:literal) => {
        WordList {
            words: include_str!(concat!(env!("OUT_DIR"), "/", $name, ".words")),
            starts: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".starts")),
            firsts: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".firsts")),
        }
    };
}

impl WordList {
    fn at(table: &[u8], k: usize) -> usize {
        let at = &table[4 * k..4 * k + 4];
        u32::from_le_bytes([at[0], at[1], at[2], at[3]]) as usize
    }

    fn word(&self, k: usize) -> &'static str {
        &self.words[Self::at(self.starts, k)..Self::at(self.starts, k + 1)]
    }

    fn contains(&self, word: &str) -> bool {
        // The empty list, and the empty word, which no list holds.
        let Some(&first) = word.as_bytes().first().filter(|_| !self.firsts.is_empty()) else {
            return false;
        };
        let (mut low, mut high) = (
            Self::at(self.firsts, usize::from(first)),
            Self::at(self.firsts, usize::from(first) + 1),
        );
        while low < high {
            let mid = low + (high - low) / 2;
            match self.word(mid).cmp(word) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// Everything the extractor knows.
#[derive(Debug, Default)]
pub struct Lexicon {
    fr: LangLexicon,
    en: LangLexicon,
    /// Countries, places, organizations.
    pub gazetteer: Gazetteer,
    given_names: WordList,
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn words(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
}

fn multi(cell: Option<&&str>) -> Vec<String> {
    cell.map(|c| {
        c.split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

macro_rules! bundled {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/", $path))
    };
}

/// The tables of closed-class words, with the language each is of (none for name particles),
/// which every language's lexicon reads (see `LangLexicon::function_words`).
const FUNCTION_WORDS: [(Option<Lang>, &str); 3] = [
    (Some(Lang::Fr), bundled!("lexicon/fr/function_words.tsv")),
    (Some(Lang::En), bundled!("lexicon/en/function_words.tsv")),
    (None, bundled!("lexicon/name_particles.tsv")),
];

/// A kind read from a bundled table: `build.rs` refuses to build when a row names an unknown one.
fn checked<T>(kind: Option<T>) -> T {
    kind.expect("build.rs checks every kind in the bundled tables")
}

impl Lexicon {
    /// The lexicon bundled with the binary, loaded once.
    pub fn bundled() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::load_bundled)
    }

    /// The part for one language.
    pub fn lang(&self, lang: Lang) -> &LangLexicon {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// Whether a capitalised word is a known given name.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
    }

    fn load_bundled() -> Lexicon {
        let mut lex = Lexicon::default();
        lex.load_gazetteer(
            bundled!("gazetteer/countries.tsv"),
            bundled!("gazetteer/places.tsv"),
            bundled!("gazetteer/organizations.tsv"),
        );
        lex.fr = LangLexicon::load(
            Lang::Fr,
            bundled!("lexicon/fr/stopwords.txt"),
            bundled!("lexicon/fr/titles.tsv"),
            bundled!("lexicon/fr/events.tsv"),
            bundled!("lexicon/fr/time.tsv"),
            bundled!("lexicon/fr/cues.tsv"),
            bundled!("lexicon/fr/abbreviations.txt"),
            &FUNCTION_WORDS,
            bundled!("lexicon/fr/event_labels.tsv"),
        );
        lex.fr.common_words = word_list!("common_words_fr");
        lex.en = LangLexicon::load(
            Lang::En,
            bundled!("lexicon/en/stopwords.txt"),
            bundled!("lexicon/en/titles.tsv"),
            bundled!("lexicon/en/events.tsv"),
            bundled!("lexicon/en/time.tsv"),
            bundled!("lexicon/en/cues.tsv"),
            bundled!("lexicon/en/abbreviations.txt"),
            &FUNCTION_WORDS,
            bundled!("lexicon/en/event_labels.tsv"),
        );
        lex.en.common_words = word_list!("common_words_en");
        lex.given_names = word_list!("given_names");
        // Demonyms point at country entries.
        for row in rows(bundled!("gazetteer/countries.tsv")) {
            let Some(entry) = row
                .first()
                .and_then(|id| lex.gazetteer.by_key(&format!("geonames:{id}")))
                .map(|e| e.index)
            else {
                continue;
            };
            for d in multi(row.get(7)) {
                lex.en.demonyms.entry(d.to_lowercase()).or_insert(entry);
            }
            for d in multi(row.get(8)) {
                lex.fr.demonyms.entry(d.to_lowercase()).or_insert(entry);
            }
        }
        lex
    }

    fn load_gazetteer(&mut self, countries: &str, places: &str, organizations: &str) {
        let g = &mut self.gazetteer;
        // Each entry has a few names: room for them all at once, rather than growing the table.
        g.index
            .reserve(3 * (countries.len() + places.len() + organizations.len()) / 64);
        // An entry is large: growing the list would copy it and touch fresh memory several times.
        g.entries.reserve(
            [countries, places, organizations]
                .iter()
                .map(|t| t.bytes().filter(|&b| b == b'\n').count())
                .sum(),
        );
        let push = |g: &mut Gazetteer, mut e: GazEntry, names: Vec<String>| {
            e.index = g.entries.len();
            let index = e.index;
            g.entries.push(e);
            for n in names {
                g.add_name(&n, index);
            }
        };
        for row in rows(countries) {
            let (Some(id), Some(iso2)) = (row.first(), row.get(1)) else {
                continue;
            };
            let mut names = vec![
                row.get(3).unwrap_or(&"").to_string(),
                row.get(4).unwrap_or(&"").to_string(),
            ];
            names.extend(multi(row.get(5)));
            names.extend(multi(row.get(6)));
            push(
                g,
                GazEntry {
                    index: 0,
                    key: format!("geonames:{id}"),
                    kind: GazKind::Country,
                    name_en: row.get(3).unwrap_or(&"").to_string(),
                    name_fr: row.get(4).unwrap_or(&"").to_string(),
                    geonames: id.parse().ok(),
                    country: Some(iso2.to_string()),
                    population: u64::MAX,
                    acronyms: Vec::new(),
                },
                names,
            );
        }
        for row in rows(places) {
            let Some(id) = row.first() else { continue };
            let kind = checked(crate::kinds::place_kind(row[1]));
            let name_en = row.get(4).unwrap_or(&"").to_string();
            let name_fr = Some(row.get(5).unwrap_or(&"").to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or(name_en.clone());
            let mut names = vec![name_en.clone(), name_fr.clone()];
            names.extend(multi(row.get(6)));
            push(
                g,
                GazEntry {
                    index: 0,
                    key: format!("geonames:{id}"),
                    kind,
                    name_en,
                    name_fr,
                    geonames: id.parse().ok(),
                    country: row.get(2).filter(|s| !s.is_empty()).map(|s| s.to_string()),
                    population: row.get(3).and_then(|p| p.parse().ok()).unwrap_or(0),
                    acronyms: Vec::new(),
                },
                names,
            );
        }
        for row in rows(organizations) {
            let Some(key) = row.first() else { continue };
            let acronyms = multi(row.get(4));
            let mut names = vec![
                row.get(2).unwrap_or(&"").to_string(),
                row.get(3).unwrap_or(&"").to_string(),
            ];
            names.extend(acronyms.iter().cloned());
            names.extend(multi(row.get(5)));
            push(
                g,
                GazEntry {
                    index: 0,
                    key: format!("org:{key}"),
                    kind: GazKind::Organization,
                    name_en: row.get(2).unwrap_or(&"").to_string(),
                    name_fr: row.get(3).unwrap_or(&"").to_string(),
                    geonames: None,
                    country: None,
                    population: 0,
                    acronyms,
                },
                names,
            );
        }
        // Most populous first, so an ambiguous city name means the big one.
        let entries = &g.entries;
        for ids in g.index.values_mut() {
            ids.sort_by_key(|&i| (std::cmp::Reverse(entries[i].population), i));
        }
    }
}
