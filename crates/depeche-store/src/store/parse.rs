//! Queries and updates before they run: the contract's prefixes, the nesting limits checked
//! before any parser recurses, and the parser's errors reworded as one sentence that points at
//! the mistake.

use super::{QueryOptions, StoreError};
use depeche_extract::vocab;
use oxigraph::sparql::SparqlEvaluator;

/// An evaluator knowing the contract's prefixes. The parser's own prefix table is used rather
/// than PREFIX lines pasted in front of the text: the query's declarations override it and
/// error positions still match the user's text.
pub(super) fn evaluator(options: &QueryOptions) -> Result<SparqlEvaluator, StoreError> {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, namespace) in vocab::PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *namespace)
            .map_err(|e| StoreError::Evaluation(format!("bad built-in prefix {prefix}: {e}")))?;
    }
    if let Some(token) = &options.cancel {
        evaluator = evaluator.with_cancellation_token(token.clone());
    }
    Ok(evaluator)
}

/// Refuses a text nested deeper than [`crate::limits::MAX_NESTING`] before any parser sees it.
pub(super) fn check_nesting(sparql: &str, what: &'static str) -> Result<(), StoreError> {
    let shape = crate::limits::shape(sparql);
    if shape.depth > crate::limits::MAX_NESTING {
        return Err(StoreError::TooDeep {
            what,
            depth: shape.depth,
        });
    }
    if shape.links > crate::limits::MAX_LINKS {
        return Err(StoreError::TooLong {
            what,
            links: shape.links,
        });
    }
    Ok(())
}

/// Parser messages may span lines; the CLI promises one sentence.
pub(super) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rewrites the parser's "error at 1:29: expected one of ..." as a position and the text found
/// there. The raw list of expected tokens runs to Unicode character classes and often names a
/// token that would not help; the plain sentences mixed into it ("Prefix not found") are kept.
pub(super) fn syntax_message(query: &str, raw: &str) -> String {
    if parse_position(raw).is_some() {
        if let Some(form) = wrong_query_form(query) {
            return form;
        }
    }
    position_message(query, raw)
}

/// Splits the parser's "error at LINE:COLUMN: expected ..." into its parts.
fn parse_position(raw: &str) -> Option<(usize, usize, &str)> {
    let rest = raw.strip_prefix("error at ")?;
    let (position, expected) = rest.split_once(": ")?;
    let (line, column) = position.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?, expected))
}

/// The parser's message as a position and what is found there (see [`syntax_message`]), for
/// queries and updates alike.
pub(super) fn position_message(query: &str, raw: &str) -> String {
    let parsed = parse_position(raw);
    let Some((line, column, expected)) = parsed else {
        return one_line(raw);
    };
    let text: Vec<char> = query
        .split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .chars()
        .collect();
    let at = column.saturating_sub(1).min(text.len());
    let is_break = |c: &char| c.is_whitespace() || "{}()".contains(*c);
    let expected = one_line(expected);
    let notes: Vec<&str> = expected
        .trim_start_matches("expected one of ")
        .trim_start_matches("expected ")
        .split(", ")
        .filter(|item| {
            item.contains(' ') && item.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        })
        .collect();
    if notes.contains(&"Prefix not found") {
        // The parser stops right after the prefixed name: walk back to its start.
        let start = text[..at].iter().rposition(is_break).map_or(0, |i| i + 1);
        let name: String = text[start..at].iter().collect();
        if let Some((prefix, _)) = name.split_once(':') {
            return format!(
                "unknown prefix \"{prefix}:\" at line {line}, column {}; declare it with PREFIX {prefix}: <namespace IRI>",
                start + 1
            );
        }
    }
    if let Some(note) = notes.first() {
        let mut note = note.to_string();
        if let Some(first) = note.get(..1) {
            note.replace_range(..1, &first.to_lowercase());
        }
        return format!("{note} (line {line}, column {column})");
    }
    let start = at + text[at..].iter().take_while(|c| c.is_whitespace()).count();
    let near: String = text[start..]
        .iter()
        .take_while(|c| !c.is_whitespace())
        .take(24)
        .collect();
    match (near.is_empty(), query.split('\n').count() <= line) {
        (true, true) => {
            format!("syntax error at line {line}, column {column}: the query ends too early")
        }
        (true, false) => format!("syntax error at the end of line {line}"),
        (false, _) => format!("syntax error at line {line}, column {column} near \"{near}\""),
    }
}

/// Says what is wrong when the text does not even start like a query: the parser would point
/// somewhere past the typo ("SELEC ?x": column 9).
fn wrong_query_form(query: &str) -> Option<String> {
    let mut words = query
        .lines()
        .map(str::trim_start)
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::split_whitespace);
    let first = loop {
        let Some(word) = words.next() else {
            return Some("the query is empty".to_string());
        };
        match word.to_ascii_uppercase().as_str() {
            // PREFIX p: <iri> and BASE <iri>: skip the declaration.
            "PREFIX" => {
                words.next();
                words.next();
            }
            "BASE" => {
                words.next();
            }
            _ => break word,
        }
    };
    let keyword: String = first
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_uppercase();
    match keyword.as_str() {
        "SELECT" | "ASK" | "CONSTRUCT" | "DESCRIBE" => None,
        "INSERT" | "DELETE" | "CLEAR" | "DROP" | "LOAD" | "CREATE" | "ADD" | "MOVE" | "COPY"
        | "WITH" => Some(format!(
            "{keyword} is a SPARQL update, and a query only reads the store"
        )),
        _ => Some(format!(
            "a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not \"{first}\""
        )),
    }
}
