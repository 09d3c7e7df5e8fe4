//! Language detection for articles that do not declare theirs.
//!
//! News articles are long enough for a vote of closed-class words to be reliable; the words
//! come from the bundled stopword lists, so adding a language is adding its files.
//!
//! ```
//! use depeche_extract::{article::Lang, lang::detect};
//! assert_eq!(detect("Le président a reçu le ministre dans la capitale."), Lang::Fr);
//! assert_eq!(detect("The president met the minister in the capital."), Lang::En);
//! ```

use crate::article::Lang;
use crate::lexicon::Lexicon;

/// The most likely language of `text` (French when there is no evidence either way).
pub fn detect(text: &str) -> Lang {
    let lex = Lexicon::bundled();
    let (fr, en) = (lex.lang(Lang::Fr), lex.lang(Lang::En));
    let mut score = 0i64;
    for word in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(2000)
    {
        let w = word.to_lowercase();
        score += fr.is_stopword(&w) as i64 - en.is_stopword(&w) as i64;
        if w.contains('\'') {
            // Elisions are French; "'s" is English.
            score += if w.ends_with("'s") { -1 } else { 1 };
        }
    }
    if score >= 0 {
        Lang::Fr
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_headlines() {
        assert_eq!(detect("Visite du pape François en Pologne"), Lang::Fr);
        assert_eq!(
            detect("President of China lunches with Brazilian President"),
            Lang::En
        );
    }
}
