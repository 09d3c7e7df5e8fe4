//! Sentences and tokens.
//!
//! French and English news need more than whitespace: "M. Durand" is not a sentence end,
//! "l'armée" is two words, "90.000" and "10,5" are one number, « guillemets » and "U.S." stay whole.
//!
//! ```
//! use depeche_extract::segment::segment;
//! use depeche_extract::lexicon::Lexicon;
//! let lex = Lexicon::bundled();
//! let text = "M. Durand a reçu l'aide de 90.000 personnes. Ils ont parlé.";
//! let sentences = segment(text, lex.lang(depeche_extract::article::Lang::Fr));
//! assert_eq!(sentences.len(), 2);
//! let words: Vec<&str> = sentences[0].tokens.iter().map(|t| t.text(text)).collect();
//! assert_eq!(words[..5], ["M.", "Durand", "a", "reçu", "l'"]);
//! assert!(words.contains(&"90.000"));
//! ```

use crate::lexicon::{lowercase, FunctionWord, LangLexicon};
use std::borrow::Cow;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner hyphens or apostrophes), or an abbreviation with its period.
    Word,
    /// Digits, with inner `.` `,` separators.
    Number,
    /// Any other single character, or an ellipsis.
    Punct,
}

/// One token: a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Kind.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Whether it starts with an uppercase letter.
    pub fn is_capitalized(&self, text: &str) -> bool {
        self.text(text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// One sentence: a byte range and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Start byte of the first token.
    pub start: usize,
    /// End byte of the last token.
    pub end: usize,
    /// Tokens in order.
    pub tokens: Vec<Token>,
}

/// A sentence's tokens as text, lowercase and kinds: made once for all the stages that read words.
pub(crate) struct Words<'t> {
    /// Each token's text.
    pub(crate) text: Vec<&'t str>,
    /// Each token's `to_lowercase()`.
    pub(crate) lower: Vec<Cow<'t, str>>,
    /// Each token's kind.
    pub(crate) kinds: Vec<TokenKind>,
}

impl<'t> Words<'t> {
    pub(crate) fn new(text: &'t str, s: &Sentence) -> Words<'t> {
        let text: Vec<&'t str> = s.tokens.iter().map(|t| t.text(text)).collect();
        Words {
            lower: text.iter().map(|w| lowercase(w)).collect(),
            kinds: s.tokens.iter().map(|t| t.kind).collect(),
            text,
        }
    }

    /// The words of every sentence.
    pub(crate) fn of(text: &'t str, sentences: &[Sentence]) -> Vec<Words<'t>> {
        sentences.iter().map(|s| Words::new(text, s)).collect()
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_mark(c)
}

fn unicode_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// The character at byte `p` of `text`, if any.
fn char_at(text: &str, p: usize) -> Option<char> {
    text[p..].chars().next()
}

/// The byte `n` characters after byte `p`, or the end of `text`.
fn chars_after(text: &str, p: usize, n: usize) -> usize {
    text[p..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(k, _)| p + k)
}

/// Splits text into tokens.
pub fn tokenize(text: &str, lex: &LangLexicon) -> Vec<Token> {
    // Positions are bytes, moved a character at a time.
    let at = |p: usize| char_at(text, p);
    let step = |p: usize| chars_after(text, p, 1);
    // News text has fewer tokens than a quarter of its bytes: the list is seldom grown.
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut i = 0;
    while let Some(c) = at(i) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        if c.is_ascii_digit() {
            i += 1;
            while let Some(c) = at(i) {
                if c.is_ascii_digit() {
                    i += 1;
                } else if matches!(c, '.' | ',') && at(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    i += 2;
                } else {
                    break;
                }
            }
            // "18th", "1er", "3e": an ordinal suffix stays on its number.
            let mut j = i;
            while let Some(c) = at(j).filter(|c| c.is_alphabetic()) {
                j += c.len_utf8();
            }
            let suffix = lowercase(&text[i..j]);
            if lex.is_function_word(FunctionWord::OrdinalSuffix, &suffix) {
                i = j;
            }
            tokens.push(Token {
                start,
                end: i,
                kind: TokenKind::Number,
            });
            continue;
        }
        if is_word_char(c) {
            i += c.len_utf8();
            loop {
                match at(i) {
                    Some(c) if is_word_char(c) => i += c.len_utf8(),
                    // Inner hyphens join ("al-Bachir", "Jean-Luc"); inner periods make "U.S.".
                    Some('-') if at(i + 1).is_some_and(is_word_char) => i = step(i + 1),
                    Some('\'') if at(i + 1).is_some_and(is_word_char) => {
                        let word = lowercase(&text[start..i]);
                        if lex.is_function_word(FunctionWord::Elision, &word) && word != "aujourd" {
                            i += 1; // the elided article keeps its apostrophe and ends here
                            break;
                        }
                        let rest = lowercase(&text[i + 1..chars_after(text, i + 1, 3)]);
                        if rest.starts_with("s")
                            && !rest[1..].starts_with(|c: char| c.is_alphanumeric())
                        {
                            break; // English possessive: "People's" -> "People" "'s"
                        }
                        i = step(i + 1);
                    }
                    _ => break,
                }
            }
            // Initials and known abbreviations keep their period.
            if at(i) == Some('.') {
                let word = &text[start..i];
                let with_dot = &text[start..i + 1];
                let single_initial =
                    word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                let dotted = word.chars().all(char::is_alphabetic)
                    && at(i + 1).is_some_and(|c| c.is_uppercase())
                    && at(step(i + 1)) == Some('.');
                if dotted {
                    // "U.S." : consume letter-period pairs.
                    i += 1;
                    while let Some(c) = at(i).filter(|c| c.is_alphabetic()) {
                        if at(i + c.len_utf8()) != Some('.') {
                            break;
                        }
                        i += c.len_utf8() + 1;
                    }
                } else if single_initial || lex.is_abbreviation(with_dot) {
                    i += 1;
                }
            }
            tokens.push(Token {
                start,
                end: i,
                kind: TokenKind::Word,
            });
            continue;
        }
        if c == '\''
            && at(i + 1).is_some_and(|c| c == 's' || c == 'S')
            && !at(i + 2).is_some_and(is_word_char)
        {
            i += 2;
            tokens.push(Token {
                start,
                end: i,
                kind: TokenKind::Word,
            });
            continue;
        }
        i += c.len_utf8();
        if c == '.' {
            while at(i) == Some('.') {
                i += 1;
            }
        }
        tokens.push(Token {
            start,
            end: i,
            kind: TokenKind::Punct,
        });
    }
    tokens
}

fn ends_sentence(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?" | "…" | "..." | "?!" | "!?")
}

fn closes(tok: &str) -> bool {
    matches!(tok, "»" | "\"" | ")" | "]" | "'")
}

/// Splits text into sentences of tokens. A line break always ends a sentence.
pub fn segment(text: &str, lex: &LangLexicon) -> Vec<Sentence> {
    let tokens = tokenize(text, lex);
    // Sentences are found as ranges of `tokens`, and their tokens copied out once at the end.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    let mut quote_depth = 0i32;
    for (i, tok) in tokens.iter().enumerate() {
        if from < i && text[tokens[i - 1].end..tok.start].contains('\n') {
            ranges.push((from, i));
            from = i;
            quote_depth = 0;
        }
        let t = tok.text(text);
        match t {
            "«" => quote_depth += 1,
            "»" => quote_depth = (quote_depth - 1).max(0),
            _ => {}
        }
        let is_abbrev_end = tok.kind == TokenKind::Word && t.ends_with('.');
        if !(ends_sentence(t)
            || is_abbrev_end
                && next_starts_sentence(&tokens, i + 1, text)
                && t.len() > 2
                && t.chars().filter(|c| *c == '.').count() > 1)
        {
            continue;
        }
        // Closing quotes and brackets belong to the sentence they end.
        let mut j = i + 1;
        while j < tokens.len()
            && closes(tokens[j].text(text))
            && !text[tokens[j - 1].end..tokens[j].start].contains('\n')
        {
            j += 1;
        }
        if j > i + 1 {
            continue; // the closer is pushed on its own turn; decide there
        }
        if quote_depth > 0 && !next_starts_sentence(&tokens, i + 1, text) {
            continue;
        }
        if next_starts_sentence(&tokens, i + 1, text) {
            ranges.push((from, i + 1));
            from = i + 1;
            quote_depth = 0;
        }
    }
    if from < tokens.len() {
        ranges.push((from, tokens.len()));
    }
    // Closers handled above: a sentence ending "... ». Next" is split after the closer.
    let mut sentences = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        split_after_closers(&tokens[a..b], text, |s| {
            sentences.push(Sentence {
                start: s[0].start,
                end: s[s.len() - 1].end,
                tokens: s.to_vec(),
            });
        });
    }
    sentences
}

fn next_starts_sentence(tokens: &[Token], i: usize, text: &str) -> bool {
    match tokens.get(i) {
        None => true,
        Some(t) => {
            let s = t.text(text);
            let c = s.chars().next().unwrap_or(' ');
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(s, "«" | "\"" | "(" | "–" | "-" | "—")
        }
    }
}

/// Gives each part of a sentence's tokens to `part`, cut after the closers that end a sentence.
fn split_after_closers(tokens: &[Token], text: &str, mut part: impl FnMut(&[Token])) {
    let n = tokens.len();
    let mut from = 0;
    for (i, tok) in tokens.iter().enumerate() {
        let t = tok.text(text);
        if closes(t) && i > 0 && i + 1 < n {
            let prev = tokens[i - 1].text(text);
            let prev_is_end = ends_sentence(prev)
                || (closes(prev) && i > 1 && ends_sentence(tokens[i - 2].text(text)));
            if prev_is_end
                && next_starts_sentence(tokens, i + 1, text)
                && !closes(tokens[i + 1].text(text))
            {
                part(&tokens[from..=i]);
                from = i + 1;
            }
        }
    }
    if from < n {
        part(&tokens[from..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Lang;
    use crate::lexicon::Lexicon;

    fn words(text: &str, lang: Lang) -> Vec<Vec<String>> {
        segment(text, Lexicon::bundled().lang(lang))
            .iter()
            .map(|s| s.tokens.iter().map(|t| t.text(text).to_string()).collect())
            .collect()
    }

    #[test]
    fn french_abbreviations_elisions_and_numbers() {
        let got = words(
            "M. Lefort a vu Mme Durand. Plus de 90.000 personnes, soit 10,5 %, aujourd'hui.",
            Lang::Fr,
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0][0], "M.");
        assert!(got[1].contains(&"90.000".to_string()));
        assert!(got[1].contains(&"10,5".to_string()));
        assert!(got[1].contains(&"aujourd'hui".to_string()));
        let got = words("l'armée d'Orléans qu'il", Lang::Fr);
        assert_eq!(got[0], ["l'", "armée", "d'", "Orléans", "qu'", "il"]);
    }

    #[test]
    fn quotes_stay_inside_their_sentence() {
        let got = words(
            "« Hier seulement, nous avons vu. » Il a dit « oui ». Puis il est parti.",
            Lang::Fr,
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].last().unwrap(), "»");
    }

    #[test]
    fn english_initials_possessives_and_dotted_acronyms() {
        let got = words(
            "John F. Kemper met the U.S. envoy at People's Hall. Then he left.",
            Lang::En,
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].contains(&"F.".to_string()));
        assert!(got[0].contains(&"U.S.".to_string()));
        assert!(got[0].contains(&"'s".to_string()));
    }

    #[test]
    fn a_line_break_ends_a_sentence() {
        let got = words(
            "Italie : visite du pape\n\n29 juillet 2016, Turin",
            Lang::Fr,
        );
        assert_eq!(got.len(), 2);
    }
}
