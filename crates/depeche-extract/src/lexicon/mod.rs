//! What the extractor knows, loaded from the files under `data/`.
//!
//! The files are compiled into the binary (`include_str!`) so the tool runs offline from any
//! folder, while the knowledge stays in reviewable data files rather than in code.
//!
//! ```
//! use depeche_extract::lexicon::{Lexicon, GazKind};
//! use depeche_extract::article::Lang;
//! let lex = Lexicon::bundled();
//! let syria = lex.gazetteer.lookup("Syrie").next().unwrap();
//! assert_eq!(syria.kind, GazKind::Country);
//! assert_eq!(lex.lang(Lang::Fr).demonym("syrienne"), Some(syria.index));
//! ```

use crate::article::Lang;
use crate::kinds::CueRow;
pub use crate::kinds::{
    Cue, EventClass, Frame, FunctionWord, GazKind, TimeUnit, TimeWord, TitleKind,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Folds a name for lookup: lowercase, accents removed, punctuation as single spaces.
///
/// ```
/// assert_eq!(depeche_extract::lexicon::fold("États-Unis"), "etats unis");
/// ```
pub fn fold(s: &str) -> String {
    let mut f = Folder::with_capacity(s.len());
    f.push_str(s);
    f.out
}

/// [`fold`] fed piece by piece, so that a phrase of several tokens is folded once and each of its
/// prefixes is a prefix of the result.
#[derive(Debug)]
pub(crate) struct Folder {
    /// What is folded so far.
    pub(crate) out: String,
    space: bool,
}

impl Folder {
    /// A folder with room for about `bytes` of text: folding seldom lengthens it, so the result
    /// is allocated once rather than once per doubling.
    pub(crate) fn with_capacity(bytes: usize) -> Folder {
        Folder {
            out: String::with_capacity(bytes),
            space: false,
        }
    }

    /// Folds `s` onto what is there.
    pub(crate) fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_ascii() {
                self.push_decomposed(c);
            } else {
                // Decomposing char by char is NFKD: canonical reordering only moves characters of
                // a non-zero combining class, and those are all marks, which folding drops.
                unicode_normalization::char::decompose_compatible(c, |d| {
                    if !unicode_normalization::char::is_combining_mark(d) {
                        self.push_decomposed(d);
                    }
                });
            }
        }
    }

    /// Folds a space: the same as `push_str(" ")`.
    pub(crate) fn push_space(&mut self) {
        self.space = true;
    }

    fn push_decomposed(&mut self, c: char) {
        if c.is_alphanumeric() {
            if self.space && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.space = false;
            if c.is_ascii() {
                self.out.push(c.to_ascii_lowercase());
            } else {
                self.out.extend(c.to_lowercase());
            }
        } else if c != '.' && c != '\'' {
            // "U.S." and "U.S" fold alike; "People's" keeps its letters together
            self.space = true;
        }
    }
}

/// `s.to_lowercase()`, borrowed when that changes nothing, as for most words of a text.
pub(crate) fn lowercase(s: &str) -> Cow<'_, str> {
    let unchanged = match s
        .bytes()
        .position(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        None => true,
        Some(at) if s.as_bytes()[at].is_ascii_uppercase() => false,
        Some(at) => s[at..].chars().all(|c| {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        }),
    };
    if unchanged {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// One known entity.
#[derive(Debug, Clone)]
pub struct GazEntry {
    /// Position in [`Gazetteer::entries`].
    pub index: usize,
    /// Stable key: `geonames:ID` for places, `org:KEY` for organizations.
    pub key: String,
    /// Kind.
    pub kind: GazKind,
    /// English name.
    pub name_en: String,
    /// French name.
    pub name_fr: String,
    /// GeoNames id, for `owl:sameAs`.
    pub geonames: Option<u64>,
    /// ISO code of the country a city or region is in.
    pub country: Option<String>,
    /// Population (places), for disambiguation.
    pub population: u64,
    /// Acronyms (organizations).
    pub acronyms: Vec<String>,
}

impl GazEntry {
    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.name_fr,
            Lang::En => &self.name_en,
        }
    }
}

/// Countries, places and organizations with every name they go by.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// All entries.
    pub entries: Vec<GazEntry>,
    index: FxHashMap<String, Vec<usize>>,
    /// Names that must be written in capitals to match (acronyms), by folded form.
    case_sensitive: FxHashMap<String, Vec<String>>,
    /// Longest name in tokens.
    pub max_tokens: usize,
}

impl Gazetteer {
    fn add_name(&mut self, name: &str, entry: usize) {
        let key = fold(name);
        if key.is_empty() {
            return;
        }
        self.max_tokens = self.max_tokens.max(key.split(' ').count() + 1);
        // All-capital short names ("EI", "UN", "US") match only as written, or "us" would be a country.
        let (mut letters, mut capitals) = (0, true);
        for c in name.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            capitals &= c.is_uppercase();
        }
        if letters <= 5 && capitals {
            self.case_sensitive
                .entry(key.clone())
                .or_default()
                .push(name.replace('.', ""));
        }
        let slot = self.index.entry(key).or_default();
        if !slot.contains(&entry) {
            slot.push(entry);
        }
    }

    /// Entries whose names fold to the same form as `name`, most populous first.
    pub fn lookup<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a GazEntry> + 'a {
        self.ids(&fold(name), || name.replace('.', ""))
            .iter()
            .map(move |&i| &self.entries[i])
    }

    /// [`Gazetteer::lookup`] by folded form, for a caller that folded the name already; `written`
    /// gives the name without its periods, asked for only when the form is an acronym's.
    pub(crate) fn ids(&self, key: &str, written: impl FnOnce() -> String) -> &[usize] {
        let Some(ids) = self.index.get(key) else {
            return &[];
        };
        match self.case_sensitive.get(key) {
            // A form that is only known as an acronym must be written as one.
            Some(forms) if ids.len() <= forms.len() && !forms.contains(&written()) => &[],
            _ => ids,
        }
    }

    /// The entry with this key.
    pub fn by_key(&self, key: &str) -> Option<&GazEntry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// An event trigger.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Lowercase words.
    pub words: Vec<String>,
    /// Class.
    pub class: EventClass,
    /// Frame.
    pub frame: Frame,
}

/// What the extractor knows about one language.
#[derive(Debug, Default)]
pub struct LangLexicon {
    stopwords: FxHashSet<String>,
    titles: FxHashMap<String, TitleKind>,
    /// The first word of each title, to rule out most words at once.
    title_heads: FxHashSet<String>,
    /// Longest title in tokens.
    pub max_title_tokens: usize,
    /// Event triggers, longest first.
    pub triggers: Vec<Trigger>,
    /// Positions in `triggers` by first word, in order: only those can start at a word.
    trigger_index: FxHashMap<String, Vec<usize>>,
    /// Triggers of no word, which could start anywhere.
    empty_triggers: Vec<usize>,
    time: FxHashMap<String, TimeWord>,
    cues: FxHashMap<String, Cue>,
    abbreviations: FxHashSet<String>,
    demonyms: FxHashMap<String, usize>,
    adjective_suffixes: Vec<String>,
    common_words: WordList,
    /// Closed-class words by role (`function_words.tsv`, `name_particles.tsv`): of both
    /// languages for a [shared](FunctionWord::shared) role (a sentence quotes words of the other
    /// language, and the stages have always checked both), of this one only for the others.
    function_words: FxHashMap<FunctionWord, Vec<&'static str>>,
    /// The label of each event class (`event_labels.tsv`).
    event_labels: FxHashMap<EventClass, String>,
}

impl LangLexicon {
    /// Whether a lowercase word is a closed-class word.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(lowercase(word).as_ref())
    }

    /// The kind of a title, given as written (honorifics) or lowercase.
    pub fn title(&self, words: &str) -> Option<TitleKind> {
        self.title_lowered(words, &lowercase(words))
    }

    /// [`LangLexicon::title`] for a caller that has `words.to_lowercase()` already.
    pub(crate) fn title_lowered(&self, words: &str, lower: &str) -> Option<TitleKind> {
        if let Some(&kind) = self.titles.get(words) {
            return Some(kind);
        }
        if lower == words {
            return None;
        }
        // Honorifics only as written: "Me" is an honorific, "me" a pronoun.
        self.titles
            .get(lower)
            .copied()
            .filter(|k| *k != TitleKind::Honorific)
    }

    /// Whether some title's first word, up to its first space, is `word`.
    pub(crate) fn may_start_title(&self, word: &str) -> bool {
        self.title_heads.contains(word)
    }

    /// The meaning of a time word.
    pub fn time_word(&self, words: &str) -> Option<TimeWord> {
        self.time.get(lowercase(words).as_ref()).copied()
    }

    /// The cue a lowercase phrase gives.
    pub fn cue(&self, words: &str) -> Option<Cue> {
        self.cues.get(lowercase(words).as_ref()).copied()
    }

    /// [`LangLexicon::time_word`] of a word already in lowercase, as the stages keep each word.
    pub(crate) fn time_word_lowered(&self, lower: &str) -> Option<TimeWord> {
        self.time.get(lower).copied()
    }

    /// [`LangLexicon::cue`] of words already in lowercase.
    pub(crate) fn cue_lowered(&self, lower: &str) -> Option<Cue> {
        self.cues.get(lower).copied()
    }

    /// [`LangLexicon::is_stopword`] of a word already in lowercase.
    pub(crate) fn is_stopword_lowered(&self, lower: &str) -> bool {
        self.stopwords.contains(lower)
    }

    /// [`LangLexicon::demonym`] of a word already in lowercase.
    pub(crate) fn demonym_lowered(&self, lower: &str) -> Option<usize> {
        self.demonyms.get(lower).copied()
    }

    /// Whether a lowercase word plays a role, such as [`FunctionWord::Oblique`] ("de", "by").
    ///
    /// ```
    /// use depeche_extract::{article::Lang, lexicon::{FunctionWord, Lexicon}};
    /// let fr = Lexicon::bundled().lang(Lang::Fr);
    /// assert!(fr.is_function_word(FunctionWord::Oblique, "avec"));
    /// assert!(!fr.is_function_word(FunctionWord::Oblique, "président"));
    /// ```
    pub fn is_function_word(&self, role: FunctionWord, word: &str) -> bool {
        self.function_words
            .get(&role)
            .is_some_and(|words| words.contains(&word))
    }

    /// Whether a lowercase word is the first word of a cue phrase of this kind ("né" of "né
    /// le").
    pub(crate) fn opens_cue(&self, cue: Cue, word: &str) -> bool {
        self.cues
            .iter()
            .any(|(phrase, c)| *c == cue && phrase.split(' ').next() == Some(word))
    }

    /// The words that play a role, such as the endings of [`FunctionWord::FutureEnding`].
    pub(crate) fn function_words(&self, role: FunctionWord) -> &[&'static str] {
        self.function_words.get(&role).map_or(&[], Vec::as_slice)
    }

    /// The label of an event of a class, in this language ("Rencontre", "Meeting").
    pub fn event_label(&self, class: EventClass) -> &str {
        self.event_labels.get(&class).map_or("", String::as_str)
    }

    /// Whether a token with its final period is a known abbreviation.
    pub fn is_abbreviation(&self, token: &str) -> bool {
        self.abbreviations.contains(token)
    }

    /// Whether a word, lowercased, is ordinary vocabulary rather than mostly a proper name:
    /// "Economy" is a capitalised word, "Boeing" a name.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common_words.contains(&lowercase(word))
    }

    /// Whether a lowercase word looks like an adjective: a demonym, or an adjective ending.
    pub fn is_adjective(&self, word: &str) -> bool {
        let w = lowercase(word);
        self.demonym(&w).is_some()
            || (w.chars().count() > 3
                && !self.is_stopword(&w)
                && self
                    .adjective_suffixes
                    .iter()
                    .any(|s| w.ends_with(s.as_str())))
    }

    /// Whether a word heads an organization name (state institutions included).
    pub fn is_org_head(&self, word: &str) -> bool {
        matches!(self.cue(word), Some(Cue::OrgHead | Cue::OrgState))
    }

    /// The country (gazetteer index) a demonym adjective refers to.
    pub fn demonym(&self, word: &str) -> Option<usize> {
        self.demonyms.get(lowercase(word).as_ref()).copied()
    }

    /// Positions in [`LangLexicon::triggers`] of the triggers that may start at a word whose
    /// lowercase form is `first`, in order.
    pub(crate) fn triggers_from(&self, first: &str) -> Cow<'_, [usize]> {
        let from_word = self.trigger_index.get(first).map_or(&[][..], Vec::as_slice);
        if self.empty_triggers.is_empty() {
            return Cow::Borrowed(from_word);
        }
        let mut all = [from_word, &self.empty_triggers].concat();
        all.sort_unstable();
        Cow::Owned(all)
    }
}

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

impl LangLexicon {
    #[allow(clippy::too_many_arguments)] // one per bundled table
    fn load(
        lang: Lang,
        stopwords: &'static str,
        titles: &str,
        events: &str,
        time: &str,
        cues: &str,
        abbreviations: &'static str,
        function_words: &[(Option<Lang>, &'static str)],
        event_labels: &str,
    ) -> LangLexicon {
        let mut lex = LangLexicon {
            stopwords: words(stopwords).map(str::to_lowercase).collect(),
            abbreviations: words(abbreviations).map(String::from).collect(),
            ..LangLexicon::default()
        };
        // First: the tokenizer, which splits the triggers below, reads elisions and ordinals.
        for (of, table) in function_words.iter().copied() {
            for row in rows(table) {
                let role = checked(crate::kinds::function_word(row[1]));
                // A role of one language's words only, such as a determiner, is not read from
                // the other language's table.
                if role.shared() || of.is_none_or(|of| of == lang) {
                    lex.function_words.entry(role).or_default().push(row[0]);
                }
            }
        }
        for row in rows(event_labels) {
            lex.event_labels.insert(
                checked(crate::kinds::event_class(row[0])),
                row[1].to_string(),
            );
        }
        for row in rows(titles) {
            let kind = checked(crate::kinds::title_kind(row[1]));
            lex.max_title_tokens = lex.max_title_tokens.max(row[0].split(' ').count());
            lex.title_heads
                .insert(row[0].split(' ').next().unwrap_or("").to_string());
            lex.titles.insert(row[0].to_string(), kind);
        }
        for row in rows(events) {
            let class = checked(crate::kinds::event_class(row[1]));
            let frame = checked(crate::kinds::frame(row[2]));
            let words = crate::segment::tokenize(row[0], &lex)
                .iter()
                .map(|t| t.text(row[0]).to_lowercase())
                .collect();
            lex.triggers.push(Trigger {
                words,
                class,
                frame,
            });
        }
        lex.triggers
            .sort_by_key(|t| std::cmp::Reverse(t.words.len()));
        for (k, t) in lex.triggers.iter().enumerate() {
            match t.words.first() {
                Some(w) => lex.trigger_index.entry(w.clone()).or_default().push(k),
                None => lex.empty_triggers.push(k),
            }
        }
        for row in rows(time) {
            let word = checked(crate::kinds::time_word(
                row[1],
                row.get(2).copied().unwrap_or(""),
            ));
            lex.time.insert(row[0].to_lowercase(), word);
        }
        for row in rows(cues) {
            let cue = match checked(crate::kinds::cue(row[1], row.get(2).copied().unwrap_or(""))) {
                CueRow::Cue(cue) => cue,
                CueRow::AdjectiveSuffix => {
                    lex.adjective_suffixes
                        .push(row[0].trim_start_matches('-').to_string());
                    continue;
                }
            };
            lex.cues.insert(row[0].to_lowercase(), cue);
        }
        lex
    }
}

#[cfg(test)]
mod tests {
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
}
