//! Turns the bundled word lists into tables the binary searches where they lie, so that the
//! extractor does not split a megabyte of lines each time it starts.

use std::path::Path;

// The kinds a data file may name, shared with the loader (`src/lexicon/`); the build only checks
// rows against them, so most of what the module defines goes unused here.
#[allow(dead_code)]
#[path = "src/kinds.rs"]
mod kinds;

/// Lists of one word a line (`#` starts a comment line), by the name of their table.
const WORD_LISTS: &[(&str, &str)] = &[
    ("given_names", "../../data/lexicon/given_names.txt"),
    ("common_words_fr", "../../data/lexicon/fr/common_words.txt"),
    ("common_words_en", "../../data/lexicon/en/common_words.txt"),
];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/kinds.rs");
    check_kinds();
    for (name, path) in WORD_LISTS {
        println!("cargo:rerun-if-changed={path}");
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        // A line with spaces holds several words; a list edited by hand may be out of order.
        let mut words: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect();
        words.sort_unstable();
        // The words end to end, and where each starts, with the end of the last: a word is the
        // bytes between two offsets.
        let mut joined = String::with_capacity(text.len());
        let mut starts = Vec::with_capacity(4 * (words.len() + 1));
        for w in words.iter().copied().chain([""]) {
            let at = u32::try_from(joined.len()).expect("a word list is smaller than 4 GiB");
            starts.extend_from_slice(&at.to_le_bytes());
            joined.push_str(w);
        }
        // For each first byte, the first word that starts with it or a greater one, then the
        // count: a search begins among the words of the right initial.
        let mut firsts = Vec::with_capacity(4 * 257);
        for b in 0..=256usize {
            let k = words.partition_point(|w| usize::from(w.as_bytes()[0]) < b);
            firsts.extend_from_slice(
                &u32::try_from(k)
                    .expect("fewer than 4 Gi words")
                    .to_le_bytes(),
            );
        }
        std::fs::write(Path::new(&out).join(format!("{name}.words")), joined)
            .expect("OUT_DIR is writable");
        std::fs::write(Path::new(&out).join(format!("{name}.starts")), starts)
            .expect("OUT_DIR is writable");
        std::fs::write(Path::new(&out).join(format!("{name}.firsts")), firsts)
            .expect("OUT_DIR is writable");
    }
}

/// Refuses to build when a row of a bundled table names a kind, or holds a value, that the
/// extractor does not know: the loader would have to guess, and a typo would silently change
/// what is extracted. The message names the file and line.
fn check_kinds() {
    for lang in ["fr", "en"] {
        check(
            &format!("../../data/lexicon/{lang}/titles.tsv"),
            "title kind",
            |row| kinds::title_kind(cell(row, 1)).map(drop),
        );
        check(
            &format!("../../data/lexicon/{lang}/events.tsv"),
            "event class or frame",
            |row| {
                kinds::event_class(cell(row, 1))
                    .and(kinds::frame(cell(row, 2)))
                    .map(drop)
            },
        );
        check(
            &format!("../../data/lexicon/{lang}/time.tsv"),
            "time kind or value",
            |row| kinds::time_word(cell(row, 1), cell(row, 2)).map(drop),
        );
        check(
            &format!("../../data/lexicon/{lang}/cues.tsv"),
            "cue kind or value",
            |row| kinds::cue(cell(row, 1), cell(row, 2)).map(drop),
        );
        check(
            &format!("../../data/lexicon/{lang}/function_words.tsv"),
            "function word kind",
            |row| kinds::function_word(cell(row, 1)).map(drop),
        );
        let labels = format!("../../data/lexicon/{lang}/event_labels.tsv");
        let mut labelled = Vec::new();
        check(&labels, "event class", |row| {
            labelled.push(kinds::event_class(cell(row, 0))?);
            (!cell(row, 1).is_empty()).then_some(())
        });
        if let Some(class) = kinds::EVENT_CLASSES.iter().find(|c| !labelled.contains(c)) {
            panic!("{labels}: no label for the event class {class:?}");
        }
    }
    check(
        "../../data/lexicon/name_particles.tsv",
        "name particle kind",
        |row| kinds::function_word(cell(row, 1)).map(drop),
    );
    check("../../data/gazetteer/places.tsv", "place kind", |row| {
        kinds::place_kind(cell(row, 1)).map(drop)
    });
}

/// The `at`th tab-separated cell of a row, empty when the row is shorter.
fn cell<'a>(row: &[&'a str], at: usize) -> &'a str {
    row.get(at).copied().unwrap_or("")
}

/// Reads a table as `src/lexicon/` does (`#` lines and blank lines skipped, cells split at tabs)
/// and panics at the first row that `known` refuses.
fn check(path: &str, what: &str, mut known: impl FnMut(&[&str]) -> Option<()>) {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let row: Vec<&str> = line.split('\t').collect();
        if known(&row).is_none() {
            panic!("{path}:{}: unknown {what} in {line:?}", n + 1);
        }
    }
}
