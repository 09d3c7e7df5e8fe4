//! The shape of a format table: each output format is one row (value, name, file extension,
//! media type, writer), and the names, lookups and command-line choices are read from it.
//!
//! There is one table per family: [`crate::syntax::RdfSyntax::TABLE`] (RDF syntaxes),
//! [`crate::answer::AnswerFormat::TABLE`] (query answers) and
//! [`crate::graph::ExportFormat::TABLE`] with [`crate::graph::Render::TABLE`] (graph files).
//! Adding a format is adding a row (and its variant): the command line (`choice` over
//! [`names`]), the server's lists and the file names follow.

/// One format as declared once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format<T, W> {
    /// The format.
    pub value: T,
    /// Its name on the command line and in URLs (`--format turtle`, `format=turtle`).
    pub name: &'static str,
    /// The usual file extension, without the dot.
    pub extension: &'static str,
    /// The media type an HTTP answer in this format carries.
    pub media_type: &'static str,
    /// What writes its bytes.
    pub writer: W,
}

/// The row of `value` in `table`. Every family's tests check that each variant has one row, so
/// a missing row is a bug caught there, not a user's error.
pub(crate) fn row<T: PartialEq + Copy, W>(
    table: &'static [Format<T, W>],
    value: T,
) -> &'static Format<T, W> {
    table
        .iter()
        .find(|f| f.value == value)
        .expect("every format has a row in its family's table")
}

/// The format of a name in `table`, ignoring case.
pub(crate) fn named<T: Copy, W>(table: &'static [Format<T, W>], name: &str) -> Option<T> {
    table
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
        .map(|f| f.value)
}

/// The (name, value) pairs of a table, in its order: what a command-line parser offers. A
/// `const fn` so that each family's `ALL` is a constant derived from its table.
pub const fn names<T: Copy, W: Copy, const N: usize>(
    table: &[Format<T, W>; N],
) -> [(&'static str, T); N] {
    assert!(N > 0, "a format table has rows");
    let mut out = [(table[0].name, table[0].value); N];
    let mut i = 1;
    while i < N {
        out[i] = (table[i].name, table[i].value);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{AnswerFormat, AnswerWriter};
    use crate::graph::{ExportFormat, GraphWriter, Render};
    use crate::syntax::RdfSyntax;
    use std::collections::HashSet;

    /// Names are unique in a table (a name is how a format is asked for) and `ALL` lists the
    /// table's rows in order.
    fn consistent<T: Copy + PartialEq + std::fmt::Debug, W>(
        table: &'static [Format<T, W>],
        all: &[(&'static str, T)],
    ) {
        let mut seen = HashSet::new();
        for f in table {
            assert!(seen.insert(f.name), "{} is named twice", f.name);
            assert!(!f.extension.is_empty() && !f.extension.starts_with('.'));
            assert!(f.media_type.contains('/'), "{}: {}", f.name, f.media_type);
            assert_eq!(named(table, &f.name.to_uppercase()), Some(f.value));
            assert!(
                std::ptr::eq(row(table, f.value), f),
                "{:?} has two rows",
                f.value
            );
        }
        let listed: Vec<_> = table.iter().map(|f| (f.name, f.value)).collect();
        assert_eq!(all, listed.as_slice());
    }

    #[test]
    fn every_family_table_is_consistent() {
        consistent(&RdfSyntax::TABLE, RdfSyntax::ALL);
        consistent(&AnswerFormat::TABLE, AnswerFormat::ALL);
        consistent(&ExportFormat::TABLE, ExportFormat::ALL);
        consistent(&Render::TABLE, Render::ALL);
    }

    #[test]
    fn graph_and_answer_rdf_rows_are_the_syntax_rows() {
        for f in AnswerFormat::TABLE {
            if let AnswerWriter::Rdf(syntax) = f.writer {
                assert_eq!(f.name, syntax.name());
                assert_eq!(f.media_type, syntax.media_type());
                assert_eq!(f.value.rdf_format(), Some(syntax.writer()));
            }
        }
        let rdf: Vec<_> = ExportFormat::TABLE
            .iter()
            .filter_map(|f| match f.writer {
                GraphWriter::Rdf(syntax) => Some((f.name, f.extension, syntax)),
                GraphWriter::Picture => None,
            })
            .collect();
        // Every syntax can be exported, under its own name and extension.
        assert_eq!(rdf.len(), RdfSyntax::TABLE.len());
        for (name, extension, syntax) in rdf {
            assert_eq!((name, extension), (syntax.name(), syntax.extension()));
        }
        assert_eq!(ExportFormat::RdfXml.extension(), "rdf");
        assert_eq!(ExportFormat::Turtle.media_type(), "text/turtle");
    }

    #[test]
    fn media_types_ask_for_the_formats_the_server_always_answered() {
        // What `serve` answered for these Accept types before the tables (its SOLUTION_TYPES
        // and GRAPH_TYPES): the table must keep giving the same formats.
        let solutions = [
            ("application/sparql-results+json", AnswerFormat::Json),
            ("application/json", AnswerFormat::Json),
            ("application/sparql-results+xml", AnswerFormat::Xml),
            ("application/xml", AnswerFormat::Xml),
            ("text/xml", AnswerFormat::Xml),
            ("text/csv", AnswerFormat::Csv),
            ("text/tab-separated-values", AnswerFormat::Tsv),
            ("text/plain", AnswerFormat::Table),
        ];
        let graphs = [
            ("text/turtle", AnswerFormat::Turtle),
            ("application/x-turtle", AnswerFormat::Turtle),
            ("application/n-triples", AnswerFormat::NTriples),
            ("application/n-quads", AnswerFormat::NQuads),
            ("application/trig", AnswerFormat::TriG),
            ("application/ld+json", AnswerFormat::JsonLd),
            ("application/json", AnswerFormat::JsonLd),
            ("application/rdf+xml", AnswerFormat::RdfXml),
            ("application/xml", AnswerFormat::RdfXml),
            ("text/n3", AnswerFormat::N3),
            ("text/plain", AnswerFormat::NTriples),
        ];
        for (media, format) in solutions {
            assert_eq!(
                AnswerFormat::for_media_type(media, false),
                Some(format),
                "{media}"
            );
        }
        for (media, format) in graphs {
            assert_eq!(
                AnswerFormat::for_media_type(media, true),
                Some(format),
                "{media}"
            );
        }
        assert_eq!(AnswerFormat::media_types(false).len(), solutions.len());
        assert_eq!(AnswerFormat::media_types(true).len(), graphs.len());
        assert_eq!(AnswerFormat::for_media_type("text/turtle", false), None);
        assert_eq!(AnswerFormat::for_media_type("image/png", true), None);
    }

    #[test]
    fn the_formats_named_in_errors_are_those_that_hold_the_answer() {
        // "a, b or c", as the messages list them.
        let holding = |graph: bool| -> String {
            let names: Vec<&str> = AnswerFormat::TABLE
                .iter()
                .filter(|f| f.value.holds(graph))
                .map(|f| f.name)
                .collect();
            let (last, rest) = names.split_last().expect("formats hold each answer");
            format!("{} or {last}", rest.join(", "))
        };
        assert_eq!(holding(false), crate::answer::SOLUTION_FORMATS);
        assert_eq!(holding(true), crate::answer::GRAPH_FORMATS);
    }
}
