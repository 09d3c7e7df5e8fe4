//! Turns the bundled word lists into tables the binary searches where they lie, so that the
//! extractor does not split a megabyte of lines each time it starts.

use std::path::Path;

/// Lists of one word a line (`#` starts a comment line), by the name of their table.
const WORD_LISTS: &[(&str, &str)] = &[
    ("given_names", "../../data/lexicon/given_names.txt"),
    ("common_words_fr", "../../data/lexicon/fr/common_words.txt"),
    ("common_words_en", "../../data/lexicon/en/common_words.txt"),
];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    for (name, path) in WORD_LISTS {
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        // A line with spaces holds several words; a list edited by hand may be out of order.
        let mut words: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).flat_map(str::split_whitespace).collect();
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
            firsts.extend_from_slice(&u32::try_from(k).expect("fewer than 4 Gi words").to_le_bytes());
        }
        std::fs::write(Path::new(&out).join(format!("{name}.words")), joined).expect("OUT_DIR is writable");
        std::fs::write(Path::new(&out).join(format!("{name}.starts")), starts).expect("OUT_DIR is writable");
        std::fs::write(Path::new(&out).join(format!("{name}.firsts")), firsts).expect("OUT_DIR is writable");
    }
}
