//! One language's tables and lookups: titles, triggers, time words, cues, closed-class words.

use super::{checked, lowercase, rows, words, WordList};
use crate::article::Lang;

use crate::kinds::{Cue, CueRow, EventClass, Frame, FunctionWord, TimeWord, TitleKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

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
    pub(super) stopwords: FxHashSet<String>,
    pub(super) titles: FxHashMap<String, TitleKind>,
    /// The first word of each title, to rule out most words at once.
    pub(super) title_heads: FxHashSet<String>,
    /// Longest title in tokens.
    pub max_title_tokens: usize,
    /// Event triggers, longest first.
    pub triggers: Vec<Trigger>,
    /// Positions in `triggers` by first word, in order: only those can start at a word.
    pub(super) trigger_index: FxHashMap<String, Vec<usize>>,
    /// Triggers of no word, which could start anywhere.
    pub(super) empty_triggers: Vec<usize>,
    pub(super) time: FxHashMap<String, TimeWord>,
    pub(super) cues: FxHashMap<String, Cue>,
    pub(super) abbreviations: FxHashSet<String>,
    pub(super) demonyms: FxHashMap<String, usize>,
    pub(super) adjective_suffixes: Vec<String>,
    pub(super) common_words: WordList,
    /// Closed-class words by role (`function_words.tsv`, `name_particles.tsv`): of both
    /// languages for a [shared](FunctionWord::shared) role (a sentence quotes words of the other
    /// language, and the stages have always checked both), of this one only for the others.
    pub(super) function_words: FxHashMap<FunctionWord, Vec<&'static str>>,
    /// The label of each event class (`event_labels.tsv`).
    pub(super) event_labels: FxHashMap<EventClass, String>,
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

impl LangLexicon {
    #[allow(clippy::too_many_arguments)] // one per bundled table
    pub(super) fn load(
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
