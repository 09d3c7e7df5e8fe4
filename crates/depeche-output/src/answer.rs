//! SPARQL answers held in memory and written in a chosen format: SPARQL results, RDF, or a table.

use crate::format::{names, row, Format};
use crate::iri::display_term;
use crate::syntax::{as_syntax, serialize_quads, RdfSyntax};
use oxrdf::{GraphName, Literal, Quad, Term, Triple, Variable};
use oxrdfio::RdfFormat;
use sparesults::{QueryResultsFormat, QueryResultsSerializer};
use std::fmt;
use std::io;
use std::str::FromStr;

/// Why an answer could not be written. The format is a field: the CLI says `--format`, the
/// server `format=` or `Accept`.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    /// The format cannot hold this kind of answer (Turtle for a SELECT answer).
    #[error("the {format} format cannot hold {kind}; use {alternatives}")]
    Mismatch {
        /// The format asked for.
        format: AnswerFormat,
        /// What the query answered ("the answer of a SELECT query").
        kind: &'static str,
        /// The formats that would work.
        alternatives: &'static str,
    },
    /// A serialiser failed.
    #[error("cannot write the answer as {format}: {source}")]
    Serialize {
        /// The format.
        format: AnswerFormat,
        /// The cause.
        source: io::Error,
    },
}

/// The complete answer to a query.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryAnswer {
    /// A `SELECT` answer: one row per solution, values in the order of `variables`.
    Solutions {
        /// The projected variables.
        variables: Vec<Variable>,
        /// The rows; `None` is an unbound value.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// An `ASK` answer.
    Boolean(bool),
    /// A `CONSTRUCT` or `DESCRIBE` answer, each triple once, sorted.
    Graph(Vec<Triple>),
}

/// How an answer is written. `table` is for people, the others for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerFormat {
    /// Aligned columns, IRIs shortened with the standard prefixes, bare literal values.
    Table,
    /// SPARQL 1.1 CSV results.
    Csv,
    /// SPARQL 1.1 TSV results.
    Tsv,
    /// SPARQL 1.1 JSON results.
    Json,
    /// SPARQL XML results.
    Xml,
    /// Turtle (graph answers).
    Turtle,
    /// N-Triples (graph answers).
    NTriples,
    /// N-Quads (graph answers, in the default graph).
    NQuads,
    /// TriG (graph answers, in the default graph).
    TriG,
    /// JSON-LD (graph answers), with the standard prefixes as its context.
    JsonLd,
    /// RDF/XML (graph answers).
    RdfXml,
    /// Notation3 (graph answers).
    N3,
}

/// What writes an answer format's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerWriter {
    /// The aligned table, for any answer.
    Table,
    /// A SPARQL results serialiser (SELECT and ASK answers).
    Results(QueryResultsFormat),
    /// An RDF syntax (CONSTRUCT and DESCRIBE answers).
    Rdf(RdfSyntax),
}

/// A row of a graph answer format: it is the RDF syntax of the same name, so its name,
/// extension and media type are the syntax's row.
const fn graph(value: AnswerFormat, syntax: RdfSyntax) -> Format<AnswerFormat, AnswerWriter> {
    as_syntax(value, syntax, AnswerWriter::Rdf(syntax))
}

/// A row of a SPARQL results format.
const fn results(
    value: AnswerFormat,
    name: &'static str,
    extension: &'static str,
    media_type: &'static str,
    writer: QueryResultsFormat,
) -> Format<AnswerFormat, AnswerWriter> {
    Format {
        value,
        name,
        extension,
        media_type,
        writer: AnswerWriter::Results(writer),
    }
}

/// Media types a client may ask for an answer by besides the formats' own (`Accept`,
/// `format=`), for solutions (`false`) or graphs (`true`): the names other tools send.
const ALSO_ACCEPTED: &[(&str, bool, AnswerFormat)] = &[
    ("application/json", false, AnswerFormat::Json),
    ("application/xml", false, AnswerFormat::Xml),
    ("text/xml", false, AnswerFormat::Xml),
    ("application/x-turtle", true, AnswerFormat::Turtle),
    ("application/json", true, AnswerFormat::JsonLd),
    ("application/xml", true, AnswerFormat::RdfXml),
    ("text/plain", true, AnswerFormat::NTriples),
];

/// The formats that hold a SELECT or ASK answer, for error messages (a test checks them
/// against the table).
pub(crate) const SOLUTION_FORMATS: &str = "table, csv, tsv, json or xml";
/// The formats that hold a CONSTRUCT or DESCRIBE answer, as above.
pub(crate) const GRAPH_FORMATS: &str =
    "table, turtle, ntriples, nquads, trig, jsonld, rdfxml or n3";

impl AnswerFormat {
    /// The family's table, the one place an answer format is declared; the order is the one
    /// `--help` lists.
    pub const TABLE: [Format<AnswerFormat, AnswerWriter>; 12] = [
        Format {
            value: AnswerFormat::Table,
            name: "table",
            extension: "txt",
            media_type: "text/plain; charset=utf-8",
            writer: AnswerWriter::Table,
        },
        results(
            AnswerFormat::Csv,
            "csv",
            "csv",
            "text/csv; charset=utf-8",
            QueryResultsFormat::Csv,
        ),
        results(
            AnswerFormat::Tsv,
            "tsv",
            "tsv",
            "text/tab-separated-values; charset=utf-8",
            QueryResultsFormat::Tsv,
        ),
        results(
            AnswerFormat::Json,
            "json",
            "srj",
            "application/sparql-results+json",
            QueryResultsFormat::Json,
        ),
        results(
            AnswerFormat::Xml,
            "xml",
            "srx",
            "application/sparql-results+xml",
            QueryResultsFormat::Xml,
        ),
        graph(AnswerFormat::Turtle, RdfSyntax::Turtle),
        graph(AnswerFormat::NTriples, RdfSyntax::NTriples),
        graph(AnswerFormat::NQuads, RdfSyntax::NQuads),
        graph(AnswerFormat::TriG, RdfSyntax::TriG),
        graph(AnswerFormat::JsonLd, RdfSyntax::JsonLd),
        graph(AnswerFormat::RdfXml, RdfSyntax::RdfXml),
        graph(AnswerFormat::N3, RdfSyntax::N3),
    ];

    /// Every format with its command-line name, from [`AnswerFormat::TABLE`].
    pub const ALL: &'static [(&'static str, AnswerFormat)] = &names(&AnswerFormat::TABLE);

    /// The command-line name.
    pub fn name(self) -> &'static str {
        row(&AnswerFormat::TABLE, self).name
    }

    /// The usual file extension (`srj` for SPARQL JSON results).
    pub fn extension(self) -> &'static str {
        row(&AnswerFormat::TABLE, self).extension
    }

    /// The media type of an HTTP answer in this format.
    pub fn media_type(self) -> &'static str {
        row(&AnswerFormat::TABLE, self).media_type
    }

    /// What writes it.
    pub fn writer(self) -> AnswerWriter {
        row(&AnswerFormat::TABLE, self).writer
    }

    /// Whether it can hold a graph answer (`graph`) or a solutions answer: the table holds
    /// both.
    pub fn holds(self, graph: bool) -> bool {
        match self.writer() {
            AnswerWriter::Table => true,
            AnswerWriter::Results(_) => !graph,
            AnswerWriter::Rdf(_) => graph,
        }
    }

    /// The format a media type asks for, for a graph answer or a solutions answer: the
    /// formats' own media types (parameters aside) and the other names clients send
    /// (`application/json`, `text/plain`), ignoring case.
    ///
    /// ```
    /// use depeche_output::answer::AnswerFormat;
    /// assert_eq!(AnswerFormat::for_media_type("text/turtle", true), Some(AnswerFormat::Turtle));
    /// assert_eq!(AnswerFormat::for_media_type("application/json", false), Some(AnswerFormat::Json));
    /// assert_eq!(AnswerFormat::for_media_type("application/json", true), Some(AnswerFormat::JsonLd));
    /// assert_eq!(AnswerFormat::for_media_type("text/turtle", false), None);
    /// ```
    pub fn for_media_type(media: &str, graph: bool) -> Option<AnswerFormat> {
        AnswerFormat::media_types(graph)
            .into_iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(media.trim()))
            .map(|(_, f)| f)
    }

    /// Every media type that asks for a format, for a graph answer or a solutions answer, in
    /// the table's order, each format's own type first.
    pub fn media_types(graph: bool) -> Vec<(&'static str, AnswerFormat)> {
        let mut types = Vec::new();
        for f in AnswerFormat::TABLE.iter().filter(|f| {
            // The table answers graphs as text/plain only when N-Triples is not asked for.
            f.value.holds(graph) && !(graph && f.writer == AnswerWriter::Table)
        }) {
            let essence = f
                .media_type
                .split(';')
                .next()
                .unwrap_or(f.media_type)
                .trim();
            types.push((essence, f.value));
            types.extend(
                ALSO_ACCEPTED
                    .iter()
                    .filter(|(_, g, v)| *g == graph && *v == f.value)
                    .map(|(m, _, v)| (*m, *v)),
            );
        }
        types
    }

    /// The RDF syntax of a graph format, `None` for `table` and the results formats.
    pub fn rdf_format(self) -> Option<RdfFormat> {
        match self.writer() {
            AnswerWriter::Rdf(syntax) => Some(syntax.writer()),
            _ => None,
        }
    }

    /// The SPARQL results syntax of a solutions format, `None` for `table` and the graph formats.
    pub fn results_format(self) -> Option<QueryResultsFormat> {
        match self.writer() {
            AnswerWriter::Results(f) => Some(f),
            _ => None,
        }
    }
}

impl fmt::Display for AnswerFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for AnswerFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AnswerFormat::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(s))
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                let known: Vec<&str> = AnswerFormat::ALL.iter().map(|(n, _)| *n).collect();
                format!("unknown format {s:?}; expected one of {}", known.join(", "))
            })
    }
}

impl QueryAnswer {
    /// The rows of a `SELECT` answer; none for an `ASK` or a graph.
    ///
    /// ```
    /// use depeche_output::answer::QueryAnswer;
    /// assert!(QueryAnswer::Boolean(true).into_rows().is_empty());
    /// let answer = QueryAnswer::Solutions { variables: vec![], rows: vec![vec![None]] };
    /// assert_eq!(answer.into_rows(), vec![vec![None]]);
    /// ```
    pub fn into_rows(self) -> Vec<Vec<Option<Term>>> {
        match self {
            QueryAnswer::Solutions { rows, .. } => rows,
            _ => Vec::new(),
        }
    }

    /// The format used when none is asked for: `table` on a terminal, and otherwise the plain
    /// line-per-record formats a pipe expects (`tsv` for solutions, N-Triples for graphs).
    ///
    /// ```
    /// use depeche_output::answer::{AnswerFormat, QueryAnswer};
    /// assert_eq!(QueryAnswer::Boolean(true).default_format(true), AnswerFormat::Table);
    /// assert_eq!(QueryAnswer::Boolean(true).default_format(false), AnswerFormat::Tsv);
    /// assert_eq!(QueryAnswer::Graph(vec![]).default_format(true), AnswerFormat::Turtle);
    /// ```
    pub fn default_format(&self, terminal: bool) -> AnswerFormat {
        match (self, terminal) {
            (QueryAnswer::Graph(_), true) => AnswerFormat::Turtle,
            (QueryAnswer::Graph(_), false) => AnswerFormat::NTriples,
            (_, true) => AnswerFormat::Table,
            (_, false) => AnswerFormat::Tsv,
        }
    }

    /// Writes the answer in `format`, entirely in memory.
    ///
    /// ```
    /// use depeche_output::answer::{AnswerFormat, QueryAnswer};
    /// let out = QueryAnswer::Boolean(true).render(AnswerFormat::Json)?;
    /// assert_eq!(out, br#"{"head":{},"boolean":true}"#);
    /// # Ok::<_, depeche_output::answer::AnswerError>(())
    /// ```
    pub fn render(&self, format: AnswerFormat) -> Result<Vec<u8>, AnswerError> {
        let io_error = |source| AnswerError::Serialize { format, source };
        match self {
            QueryAnswer::Solutions { variables, rows } => {
                if format == AnswerFormat::Table {
                    return Ok(solutions_table(variables, rows).into_bytes());
                }
                let results = format.results_format().ok_or(AnswerError::Mismatch {
                    format,
                    kind: "the answer of a SELECT query",
                    alternatives: SOLUTION_FORMATS,
                })?;
                let mut serializer = QueryResultsSerializer::from_format(results)
                    .serialize_solutions_to_writer(Vec::new(), variables.clone())
                    .map_err(io_error)?;
                for row in rows {
                    if format == AnswerFormat::Csv {
                        // CSV cells are only the terms' text, which a spreadsheet may run as a
                        // formula: guarded as export's CSV is.
                        let guarded: Vec<Option<Term>> =
                            row.iter().map(|t| t.as_ref().map(csv_safe)).collect();
                        serializer
                            .serialize(
                                variables
                                    .iter()
                                    .zip(&guarded)
                                    .filter_map(|(v, t)| Some((v, t.as_ref()?))),
                            )
                            .map_err(io_error)?;
                        continue;
                    }
                    serializer
                        .serialize(
                            variables
                                .iter()
                                .zip(row)
                                .filter_map(|(v, t)| Some((v, t.as_ref()?))),
                        )
                        .map_err(io_error)?;
                }
                serializer.finish().map_err(io_error)
            }
            QueryAnswer::Boolean(value) => {
                if format == AnswerFormat::Table {
                    return Ok(format!("{value}\n").into_bytes());
                }
                let results = format.results_format().ok_or(AnswerError::Mismatch {
                    format,
                    kind: "the answer of an ASK query",
                    alternatives: SOLUTION_FORMATS,
                })?;
                QueryResultsSerializer::from_format(results)
                    .serialize_boolean_to_writer(Vec::new(), *value)
                    .map_err(io_error)
            }
            QueryAnswer::Graph(triples) => {
                if format == AnswerFormat::Table {
                    let variables = ["subject", "predicate", "object"]
                        .map(Variable::new_unchecked)
                        .to_vec();
                    let rows: Vec<Vec<Option<Term>>> = triples
                        .iter()
                        .map(|t| {
                            vec![
                                Some(t.subject.clone().into()),
                                Some(t.predicate.clone().into()),
                                Some(t.object.clone()),
                            ]
                        })
                        .collect();
                    return Ok(solutions_table(&variables, &rows).into_bytes());
                }
                let rdf = format.rdf_format().ok_or(AnswerError::Mismatch {
                    format,
                    kind: "the answer of a CONSTRUCT or DESCRIBE query",
                    alternatives: GRAPH_FORMATS,
                })?;
                let quads: Vec<Quad> = triples
                    .iter()
                    .map(|t| t.clone().in_graph(GraphName::DefaultGraph))
                    .collect();
                serialize_quads(&quads, rdf).map_err(io_error)
            }
        }
    }
}

fn solutions_table(variables: &[Variable], rows: &[Vec<Option<Term>>]) -> String {
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            (0..variables.len())
                .map(|i| {
                    row.get(i)
                        .and_then(Option::as_ref)
                        .map(display_term)
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&header);
    line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
    for row in &cells {
        line(row);
    }
    out.push_str(&match rows.len() {
        1 => "(1 row)\n".to_string(),
        n => format!("({n} rows)\n"),
    });
    out
}

/// A term whose CSV text a spreadsheet shows as text ([`crate::graph::spreadsheet_text`]).
fn csv_safe(term: &Term) -> Term {
    match term {
        Term::Literal(l) => match crate::graph::spreadsheet_text(l.value()) {
            std::borrow::Cow::Owned(text) => Literal::new_simple_literal(text).into(),
            std::borrow::Cow::Borrowed(_) => term.clone(),
        },
        other => other.clone(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_that_cannot_hold_the_answer_says_which_would() {
        let err = QueryAnswer::Boolean(true)
            .render(AnswerFormat::Turtle)
            .unwrap_err();
        assert!(
            matches!(
                err,
                AnswerError::Mismatch {
                    format: AnswerFormat::Turtle,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(err.to_string(), "the turtle format cannot hold the answer of an ASK query; use table, csv, tsv, json or xml");
    }

    #[test]
    fn tables_align_columns_and_count_rows() {
        let variables = vec![Variable::new_unchecked("a"), Variable::new_unchecked("b")];
        let rows = vec![
            vec![
                Some(Literal::new_simple_literal("assad").into()),
                Some(Literal::new_simple_literal("choigou").into()),
            ],
            vec![Some(Literal::new_simple_literal("x").into()), None],
        ];
        let table = QueryAnswer::Solutions { variables, rows }
            .render(AnswerFormat::Table)
            .unwrap();
        assert_eq!(
            String::from_utf8(table).unwrap(),
            "a      b\n-----  -------\nassad  choigou\nx\n(2 rows)\n"
        );
    }
}
