//! Time expressions, resolved against the publication date.
//!
//! Past-tense reports mean the latest such day on or before publication ("mardi" in an article
//! of Tuesday 12 September is that day); future cues ("prévus", "next") mean the next one.
//!
//! ```
//! use depeche_extract::{article::Lang, lexicon::Lexicon, segment::segment, timex::{find, TimeValue}};
//! use chrono::NaiveDate;
//! let text = "Il a reçu mardi le ministre, dont la visite remonte au 18 juin 2016.";
//! let lex = Lexicon::bundled().lang(Lang::Fr);
//! let s = &segment(text, lex)[0];
//! let pub_date = NaiveDate::from_ymd_opt(2017, 9, 12);
//! let found: Vec<TimeValue> = find(text, s, lex, pub_date).into_iter().map(|t| t.value).collect();
//! assert_eq!(found, [TimeValue::Day(NaiveDate::from_ymd_opt(2017, 9, 12).unwrap()),
//!                    TimeValue::Day(NaiveDate::from_ymd_opt(2016, 6, 18).unwrap())]);
//! ```

use crate::lexicon::{Cue, FunctionWord, LangLexicon, TimeUnit, TimeWord};
use crate::segment::{Sentence, TokenKind, Words};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A resolved time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeValue {
    /// One day.
    Day(NaiveDate),
    /// A month of a year.
    Month(i32, u32),
    /// A year.
    Year(i32),
    /// From one day to another, inclusive.
    Span(NaiveDate, NaiveDate),
}

impl TimeValue {
    /// The ISO form: `2017-09-12`, `2017-09`, `2017`, or `2017-09-04/2017-09-10`.
    pub fn iso(&self) -> String {
        match self {
            TimeValue::Day(d) => d.format("%Y-%m-%d").to_string(),
            TimeValue::Month(y, m) => format!("{y:04}-{m:02}"),
            TimeValue::Year(y) => format!("{y:04}"),
            TimeValue::Span(a, b) => format!("{}/{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        }
    }
}

/// A time expression in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// First token (index in the sentence).
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// The resolved value.
    pub value: TimeValue,
    /// Whether it is a birth date ("né le ...").
    pub birth: bool,
}

fn weekday(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// Whether the sentence speaks of the future around token `at`.
fn future_near(lex: &LangLexicon, lower: &[&str], times: &[Option<TimeWord>], at: usize) -> bool {
    let from = at.saturating_sub(6);
    let to = (at + 4).min(lower.len());
    (from..to).any(|k| times[k] == Some(TimeWord::Future) || french_future(lex, lower[k]))
}

/// A French verb in the simple future (given in lowercase): "rencontrera", "recevra", "se
/// rendront", "sera".
pub(crate) fn french_future(lex: &LangLexicon, w: &str) -> bool {
    w.chars().count() >= 4
        && w.chars().all(char::is_alphabetic)
        && lex
            .function_words(FunctionWord::FutureEnding)
            .iter()
            .any(|e| w.ends_with(e))
}

/// The day of a day number, bare or with the ordinal suffix the tokenizer keeps on it ("1er").
fn parse_day_number(lex: &LangLexicon, w: &str) -> Option<u32> {
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    let rest = &w[digits.len()..];
    if !rest.is_empty() && !lex.is_function_word(FunctionWord::OrdinalSuffix, rest) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn parse_year(w: &str) -> Option<i32> {
    (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

/// Finds and resolves the time expressions of a sentence.
pub fn find(
    text: &str,
    s: &Sentence,
    lex: &LangLexicon,
    published: Option<NaiveDate>,
) -> Vec<Timex> {
    find_in(&Words::new(text, s), lex, published)
}

/// [`find`] on the words of a sentence.
pub(crate) fn find_in(
    words: &Words,
    lex: &LangLexicon,
    published: Option<NaiveDate>,
) -> Vec<Timex> {
    let lower: Vec<&str> = words.lower.iter().map(|w| w.as_ref()).collect();
    // Each word is looked up once, however often the rules ask about it.
    let times: Vec<Option<TimeWord>> = lower.iter().map(|w| lex.time_word_lowered(w)).collect();
    let n = lower.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if let Some((end, value)) = at(&words.text, &words.kinds, &lower, &times, lex, i, published)
        {
            let birth =
                (1..=2).any(|k| i >= k && lex.cue(&lower[i - k..i].join(" ")) == Some(Cue::Birth));
            out.push(Timex {
                first: i,
                end,
                value,
                birth,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn at(
    words: &[&str],
    kinds: &[TokenKind],
    lower: &[&str],
    times: &[Option<TimeWord>],
    lex: &LangLexicon,
    i: usize,
    published: Option<NaiveDate>,
) -> Option<(usize, TimeValue)> {
    let word = |k: usize| {
        times
            .get(k)
            .copied()
            .unwrap_or_else(|| lex.time_word_lowered(""))
    };
    let month_at = |k: usize| match word(k) {
        Some(TimeWord::Month(m)) => Some(m),
        _ => None,
    };
    // Only some forms depend on tense: the test is made when one is found.
    let future = || future_near(lex, lower, times, i);
    // Skip a "may"/"mai" that is not followed or preceded by a number: "may" is mostly a verb.
    // "le 3 mars dernier", "last May", "mai prochain": the word names the direction, whatever
    // the tense of the clause ("qu'il avait rencontré le 3 mars dernier" in a future sentence).
    let direction = |k: usize| match word(k) {
        Some(TimeWord::Past) => Some(false),
        Some(TimeWord::Future) => Some(true),
        _ => None,
    };
    // "18 juin 2016", "18 juin", "le 1er mai"
    if kinds[i] == TokenKind::Number {
        if let (Some(day), Some(month)) = (parse_day_number(lex, words[i]), month_at(i + 1)) {
            let year = words.get(i + 2).and_then(|w| parse_year(w));
            let mut last = if year.is_some() { i + 3 } else { i + 2 };
            let towards = if year.is_none() {
                direction(last)
            } else {
                None
            };
            last += usize::from(towards.is_some());
            let value =
                resolve_day_month(day, month, year, published, towards.unwrap_or_else(future))?;
            return Some((last, value));
        }
        // "on the 29th": a day of the publication month.
        if i >= 1
            && lex.is_function_word(FunctionWord::DayArticle, lower[i - 1])
            && words[i].len() > 2
            && words[i].ends_with(|c: char| c.is_alphabetic())
        {
            let day = parse_day_number(lex, words[i])?;
            let p = published?;
            let mut d = NaiveDate::from_ymd_opt(p.year(), p.month(), day)?;
            if d > p && !future() {
                d = shift_month(d, -1)?;
            }
            return Some((i + 1, TimeValue::Day(d)));
        }
        // "en 1965", "in 2003"
        if let Some(y) = parse_year(words[i]) {
            if i >= 1 && lex.is_function_word(FunctionWord::YearPreposition, lower[i - 1]) {
                return Some((i + 1, TimeValue::Year(y)));
            }
        }
        return None;
    }
    // Abbreviated or full month first: "Nov. 12", "November 12, 2004", "juin 2016", "en septembre"
    if let Some(month) = month_at(i) {
        // "mars dernier", "last May", "next March": a month of the year before or after.
        let towards = i
            .checked_sub(1)
            .and_then(direction)
            .or_else(|| direction(i + 1).filter(|_| lower[i] != "may")); // "they may last"
        if let (Some(future), Some(p)) = (towards, published) {
            let shifted = direction(i + 1).is_some() && lower[i] != "may";
            let mut y = p.year();
            if !future && month >= p.month() {
                y -= 1;
            } else if future && month <= p.month() {
                y += 1;
            }
            return Some((i + 1 + usize::from(shifted), TimeValue::Month(y, month)));
        }
        if lower[i] == "may" || lower[i] == "mars" && words[i].starts_with('M') && i > 0 {
            // "May" the verb and "Mars" the planet are too often not months; need a number.
            if !(words
                .get(i + 1)
                .and_then(|w| parse_day_number(lex, w))
                .is_some()
                || words.get(i + 1).and_then(|w| parse_year(w)).is_some())
            {
                return None;
            }
        }
        if let Some(day) = words
            .get(i + 1)
            .and_then(|w| parse_day_number(lex, w))
            .filter(|_| kinds[i + 1] == TokenKind::Number && words[i + 1].len() <= 4)
        {
            let mut last = i + 2;
            if words.get(last) == Some(&",") {
                last += 1;
            }
            let year = words.get(last).and_then(|w| parse_year(w));
            let last = if year.is_some() { last + 1 } else { i + 2 };
            return Some((
                last,
                resolve_day_month(day, month, year, published, future())?,
            ));
        }
        if let Some(year) = words.get(i + 1).and_then(|w| parse_year(w)) {
            return Some((i + 2, TimeValue::Month(year, month)));
        }
        if i >= 1 && lex.is_function_word(FunctionWord::MonthPrefix, lower[i - 1]) {
            let p = published?;
            let mut y = p.year();
            let future = future();
            if !future && month > p.month() {
                y -= 1;
            } else if future && month < p.month() {
                y += 1;
            }
            return Some((i + 1, TimeValue::Month(y, month)));
        }
        return None;
    }
    let p = published?;
    match word(i)? {
        TimeWord::Weekday(wd) => {
            // "jeudi et vendredi": a span of two weekdays.
            let mut last = i + 1;
            let mut end_wd = None;
            if lower
                .get(i + 1)
                .is_some_and(|w| lex.is_function_word(FunctionWord::SpanLink, w))
            {
                if let Some(TimeWord::Weekday(w2)) = word(i + 2) {
                    end_wd = Some(w2);
                    last = i + 3;
                }
            }
            // "mardi dernier", "next Tuesday"
            let next_future = word(last) == Some(TimeWord::Future)
                || (i >= 1 && word(i - 1) == Some(TimeWord::Future));
            let next_past = word(last) == Some(TimeWord::Past)
                || (i >= 1 && word(i - 1) == Some(TimeWord::Past));
            if next_future || next_past {
                last += usize::from(
                    word(last).is_some_and(|w| matches!(w, TimeWord::Future | TimeWord::Past)),
                );
            }
            let future = (future() || next_future) && !next_past;
            let start = nearest_weekday(p, weekday(wd), future);
            let value = match end_wd {
                Some(w2) => {
                    let end = (1..=7)
                        .map(|k| start + Duration::days(k))
                        .find(|d| d.weekday() == weekday(w2))?;
                    TimeValue::Span(start, end)
                }
                None => TimeValue::Day(start),
            };
            // "Tuesday morning", "mardi matin" stay one day.
            if lower
                .get(last)
                .is_some_and(|w| lex.is_function_word(FunctionWord::PartOfDay, w))
            {
                last += 1;
            }
            Some((last, value))
        }
        TimeWord::Relative(days) => Some((i + 1, TimeValue::Day(p + Duration::days(days)))),
        TimeWord::Unit(unit) => {
            // "la semaine dernière", "last week", "cette semaine", "this week", "earlier this month"
            let before = i.checked_sub(1).map(|k| lower[k]);
            let offset = if word(i + 1) == Some(TimeWord::Past)
                || i.checked_sub(1).and_then(word) == Some(TimeWord::Past)
            {
                -1
            } else if word(i + 1) == Some(TimeWord::Future)
                || i.checked_sub(1).and_then(word) == Some(TimeWord::Future)
            {
                1
            } else if before.is_some_and(|w| lex.is_function_word(FunctionWord::Demonstrative, w)) {
                0
            } else {
                return None;
            };
            let last =
                if word(i + 1).is_some_and(|w| matches!(w, TimeWord::Past | TimeWord::Future)) {
                    i + 2
                } else {
                    i + 1
                };
            Some((last, unit_span(p, unit, offset)?))
        }
        _ => None,
    }
}

fn nearest_weekday(p: NaiveDate, wd: Weekday, future: bool) -> NaiveDate {
    let mut d = p;
    if future {
        d += Duration::days(1);
        while d.weekday() != wd {
            d += Duration::days(1);
        }
    } else {
        while d.weekday() != wd {
            d -= Duration::days(1);
        }
    }
    d
}

fn shift_month(d: NaiveDate, by: i32) -> Option<NaiveDate> {
    let months = d.year() * 12 + d.month0() as i32 + by;
    NaiveDate::from_ymd_opt(
        months.div_euclid(12),
        months.rem_euclid(12) as u32 + 1,
        d.day(),
    )
}

fn unit_span(p: NaiveDate, unit: TimeUnit, offset: i32) -> Option<TimeValue> {
    Some(match unit {
        TimeUnit::Week => {
            let monday = p - Duration::days(p.weekday().num_days_from_monday() as i64)
                + Duration::weeks(offset as i64);
            TimeValue::Span(monday, monday + Duration::days(6))
        }
        TimeUnit::Month => {
            let first = shift_month(NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?, offset)?;
            TimeValue::Month(first.year(), first.month())
        }
        TimeUnit::Year => TimeValue::Year(p.year() + offset),
    })
}

fn resolve_day_month(
    day: u32,
    month: u32,
    year: Option<i32>,
    published: Option<NaiveDate>,
    future: bool,
) -> Option<TimeValue> {
    if let Some(y) = year {
        return NaiveDate::from_ymd_opt(y, month, day).map(TimeValue::Day);
    }
    let p = published?;
    let mut d = NaiveDate::from_ymd_opt(p.year(), month, day)?;
    if !future && d > p + Duration::days(1) {
        d = NaiveDate::from_ymd_opt(p.year() - 1, month, day)?;
    } else if future && d < p {
        d = NaiveDate::from_ymd_opt(p.year() + 1, month, day)?;
    }
    Some(TimeValue::Day(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Lang;
    use crate::lexicon::Lexicon;
    use crate::segment::segment;

    fn values(text: &str, lang: Lang, published: (i32, u32, u32)) -> Vec<String> {
        let lex = Lexicon::bundled().lang(lang);
        let p = NaiveDate::from_ymd_opt(published.0, published.1, published.2);
        segment(text, lex)
            .iter()
            .flat_map(|s| find(text, s, lex, p))
            .map(|t| t.value.iso())
            .collect()
    }

    #[test]
    fn french_relative_and_absolute() {
        assert_eq!(
            values("Il est arrivé hier, 20 octobre.", Lang::Fr, (2016, 10, 21)),
            ["2016-10-20", "2016-10-20"]
        );
        assert_eq!(
            values(
                "La semaine dernière, l'armée a avancé.",
                Lang::Fr,
                (2017, 9, 12)
            ),
            ["2017-09-04/2017-09-10"]
        );
        assert_eq!(
            values(
                "Les pourparlers sont prévus jeudi et vendredi.",
                Lang::Fr,
                (2017, 9, 12)
            ),
            ["2017-09-14/2017-09-15"]
        );
        assert_eq!(
            values("Lundi, des renforts sont arrivés.", Lang::Fr, (2017, 9, 12)),
            ["2017-09-11"]
        );
        assert_eq!(
            values(
                "Elle est née en 1965 et nommée en septembre.",
                Lang::Fr,
                (2016, 10, 21)
            ),
            ["1965", "2016-09"]
        );
    }

    #[test]
    fn english_forms() {
        assert_eq!(
            values("He arrived on Tuesday.", Lang::En, (2004, 11, 30)),
            ["2004-11-30"]
        );
        assert_eq!(
            values(
                "They met on Nov. 12, 2004 and yesterday.",
                Lang::En,
                (2004, 11, 30)
            ),
            ["2004-11-12", "2004-11-29"]
        );
        assert_eq!(
            values("A march on the 29th.", Lang::En, (2004, 11, 30)),
            ["2004-11-29"]
        );
        assert_eq!(
            values("He will visit next week.", Lang::En, (2004, 11, 30)),
            ["2004-12-06/2004-12-12"]
        );
        // a direction word fixes the year, whatever the clause's tense
        assert_eq!(
            values(
                "They met last May and will meet next March.",
                Lang::En,
                (2004, 11, 30)
            ),
            ["2004-05", "2005-03"]
        );
    }

    #[test]
    fn french_last_and_next_months() {
        assert_eq!(
            values(
                "Il recevra celui qu'il avait vu le 3 mars dernier.",
                Lang::Fr,
                (2019, 3, 13)
            ),
            ["2019-03-03"]
        );
        assert_eq!(
            values(
                "Ils se sont vus en novembre dernier, et se verront en mai prochain.",
                Lang::Fr,
                (2019, 3, 13)
            ),
            ["2018-11", "2019-05"]
        );
    }

    #[test]
    fn birth_dates_are_marked() {
        let text = "Paul Durand (né le 3 août 1962) était là.";
        let lex = Lexicon::bundled().lang(Lang::Fr);
        let s = &segment(text, lex)[0];
        let t = find(text, s, lex, NaiveDate::from_ymd_opt(2016, 10, 21));
        assert!(t[0].birth);
    }
}
