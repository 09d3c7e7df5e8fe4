//! IRIs shortened with the contract's prefixes (`dp:met`), one rule for tables, pages and JSON-LD.

use depeche_extract::vocab;
use oxrdf::Term;

/// A compact IRI (`dp:met`) when one of the standard prefixes covers `iri` with a local name
/// that reads back as a prefixed name in SPARQL, Turtle and JSON-LD alike; `dp:a/b` or `dp:a.`
/// would not parse in a query, so those stay whole.
///
/// ```
/// use depeche_output::iri::compact_iri;
/// assert_eq!(compact_iri("https://schema.org/Person").as_deref(), Some("schema:Person"));
/// assert_eq!(compact_iri("https://schema.org/a/b"), None);
/// ```
pub fn compact_iri(iri: &str) -> Option<String> {
    vocab::PREFIXES.iter().find_map(|(prefix, namespace)| {
        let local = iri.strip_prefix(namespace)?;
        let plain = !local.is_empty()
            && !local.ends_with('.')
            && !local.starts_with(['-', '.'])
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        plain.then(|| format!("{prefix}:{local}"))
    })
}

/// Shortens an IRI with the standard prefixes (`dp:Meeting`), or writes it `<in brackets>`.
///
/// ```
/// use depeche_output::iri::short_iri;
/// assert_eq!(short_iri("https://purl.org/depeche/ns#met"), "dp:met");
/// assert_eq!(short_iri("http://example.org/x"), "<http://example.org/x>");
/// ```
pub fn short_iri(iri: &str) -> String {
    compact_iri(iri).unwrap_or_else(|| format!("<{iri}>"))
}

/// How a term reads in a table cell: short IRIs, bare literal values, one line.
pub fn display_term(term: &Term) -> String {
    let text = match term {
        Term::NamedNode(node) => short_iri(node.as_str()),
        Term::BlankNode(node) => node.to_string(),
        Term::Literal(literal) => literal.value().to_string(),
    };
    // A newline or tab inside a cell would break the alignment of every row below it.
    if text.contains(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use depeche_extract::vocab::dp;
    use oxrdf::Literal;

    #[test]
    fn short_names_only_when_they_parse_back() {
        assert_eq!(short_iri(dp::MEETING.as_str()), "dp:Meeting");
        assert_eq!(
            short_iri("https://schema.org/a/b"),
            "<https://schema.org/a/b>"
        );
        assert_eq!(
            short_iri("https://schema.org/a."),
            "<https://schema.org/a.>"
        );
        assert_eq!(
            short_iri("https://schema.org/-a"),
            "<https://schema.org/-a>"
        );
        let label = Term::from(Literal::new_language_tagged_literal_unchecked("a\nb", "fr"));
        assert_eq!(display_term(&label), "a b");
    }
}
