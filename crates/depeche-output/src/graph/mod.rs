//! Graph files from the store: RDF syntaxes for machines, and pictures for people and graph tools
//! (Graphviz DOT, GraphML, JSON node-link, Mermaid, CSV node and edge lists).
//!
//! The views and writers are split by concern: `picture` (nodes, edges, the full view),
//! `facts` (the triples by subject; the people and timeline views) and `writers` (DOT,
//! GraphML, JSON, Mermaid, CSV).
//!
//! RDF formats are written by Oxigraph's serialisers. The pictures are not a dump of the triples:
//! they are one of three [`View`]s of them.
//!
//! - **full**: the entities (persons, organisations, places) and the events, labelled by name (or
//!   class and date), joined by short predicate names. Literals are folded into the labels, roles
//!   become edges labelled by the job title, and articles, types and provenance are left out; the
//!   RDF formats keep all of that.
//! - **people**: who met whom: persons only, one undirected edge per pair that met, carrying the
//!   dates and places of their meetings.
//! - **timeline**: the events in date order, each linked to the next by `time:before`, with their
//!   actors and place in their labels.
//!
//! A view reads the whole store (full) or the triples of a bundled CONSTRUCT query
//! (`queries/people-graph.rq`, `queries/timeline.rq`); `--query` replaces that source with any
//! CONSTRUCT or DESCRIBE query, drawn the same way.
//!
//! Output is stable: the same triples give the same bytes.
//!
//! ```
//! use oxrdf::{Literal, NamedNode, Triple};
//! use depeche_extract::vocab::{dp, rdf, rdfs, schema};
//! let a = NamedNode::new("https://purl.org/depeche/id/person/a")?;
//! let b = NamedNode::new("https://purl.org/depeche/id/person/b")?;
//! let triples = vec![
//!     Triple::new(a.clone(), rdf::TYPE, schema::PERSON),
//!     Triple::new(b.clone(), rdf::TYPE, schema::PERSON),
//!     Triple::new(a.clone(), rdfs::LABEL, Literal::new_language_tagged_literal("Karim Benali", "fr")?),
//!     Triple::new(a.clone(), dp::MET, b.clone()),
//!     Triple::new(b.clone(), dp::MET, a.clone()),
//! ];
//! let dot = depeche_output::graph::to_dot(&triples);
//! assert!(dot.contains("label=\"Karim Benali\""));
//! assert_eq!(dot.matches("dir=none").count(), 1); // one edge per pair that met
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

use crate::format::{named, names, row, Format};
use crate::syntax::{as_syntax, RdfSyntax};
use depeche_extract::vocab::{self, dp, owl, prov, rdfs, schema, sem};
use oxrdf::{Literal, NamedNode, Quad, Term, Triple};
use oxrdfio::RdfFormat;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

/// The bundled CONSTRUCT query behind the people view.
pub const PEOPLE_QUERY: &str = include_str!("../../../../queries/people-graph.rq");
/// The bundled CONSTRUCT query behind the timeline view.
pub const TIMELINE_QUERY: &str = include_str!("../../../../queries/timeline.rq");

/// OWL-Time's "before", the link from an event to the next one in a timeline.
const TIME_BEFORE: &str = "http://www.w3.org/2006/time#before";

/// The graph file formats of `depeche export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// Graphviz DOT picture.
    Dot,
    /// GraphML picture (for Gephi, yEd, Cytoscape), with typed attributes.
    GraphMl,
    /// JSON node-link graph (`nodes` and `links`, as D3 and networkx read it).
    Json,
    /// Mermaid flowchart (for Markdown pages that render Mermaid).
    Mermaid,
    /// CSV node list (`Id,Label,...`, as Gephi's spreadsheet import reads it).
    CsvNodes,
    /// CSV edge list (`Source,Target,Type,...`, as Gephi's spreadsheet import reads it).
    CsvEdges,
    /// Turtle: the union of the article graphs.
    Turtle,
    /// N-Quads: every article graph.
    NQuads,
    /// TriG: every article graph.
    TriG,
    /// N-Triples: the union of the article graphs.
    NTriples,
    /// Notation3: the union of the article graphs.
    N3,
    /// JSON-LD: every article graph, with the standard prefixes as context.
    JsonLd,
    /// RDF/XML: the union of the article graphs.
    RdfXml,
}

/// The command-line name of a value in a (name, value) table.
fn name_in<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("?", |(n, _)| n)
}

/// The value of a command-line name in a (name, value) table, ignoring case.
fn value_in<T: Copy>(table: &[(&'static str, T)], name: &str) -> Option<T> {
    table
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// What writes a graph file format's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphWriter {
    /// A picture of a view, written by the picture writers (`writers.rs`).
    Picture,
    /// An RDF syntax, every triple kept.
    Rdf(RdfSyntax),
}

/// A picture format's row.
const fn picture(
    value: ExportFormat,
    name: &'static str,
    extension: &'static str,
    media_type: &'static str,
) -> Format<ExportFormat, GraphWriter> {
    Format {
        value,
        name,
        extension,
        media_type,
        writer: GraphWriter::Picture,
    }
}

/// An RDF format's row: it is the syntax of the same name, so its name, extension and media
/// type are the syntax's row.
const fn rdf(value: ExportFormat, syntax: RdfSyntax) -> Format<ExportFormat, GraphWriter> {
    as_syntax(value, syntax, GraphWriter::Rdf(syntax))
}

impl ExportFormat {
    /// The family's table, the one place a graph file format is declared; the order is the one
    /// `--help` lists.
    pub const TABLE: [Format<ExportFormat, GraphWriter>; 13] = [
        picture(
            ExportFormat::Dot,
            "dot",
            "dot",
            "text/vnd.graphviz; charset=utf-8",
        ),
        picture(
            ExportFormat::GraphMl,
            "graphml",
            "graphml",
            "application/graphml+xml; charset=utf-8",
        ),
        picture(ExportFormat::Json, "json", "json", "application/json"),
        picture(
            ExportFormat::Mermaid,
            "mermaid",
            "mmd",
            "text/plain; charset=utf-8",
        ),
        picture(
            ExportFormat::CsvNodes,
            "csv-nodes",
            "csv",
            "text/csv; charset=utf-8",
        ),
        picture(
            ExportFormat::CsvEdges,
            "csv-edges",
            "csv",
            "text/csv; charset=utf-8",
        ),
        rdf(ExportFormat::Turtle, RdfSyntax::Turtle),
        rdf(ExportFormat::NQuads, RdfSyntax::NQuads),
        rdf(ExportFormat::TriG, RdfSyntax::TriG),
        rdf(ExportFormat::NTriples, RdfSyntax::NTriples),
        rdf(ExportFormat::N3, RdfSyntax::N3),
        rdf(ExportFormat::JsonLd, RdfSyntax::JsonLd),
        rdf(ExportFormat::RdfXml, RdfSyntax::RdfXml),
    ];

    /// Every format with its command-line name, from [`ExportFormat::TABLE`].
    pub const ALL: &'static [(&'static str, ExportFormat)] = &names(&ExportFormat::TABLE);

    /// The command-line name.
    pub fn name(self) -> &'static str {
        row(&ExportFormat::TABLE, self).name
    }

    /// The format of a command-line name.
    ///
    /// ```
    /// use depeche_output::graph::ExportFormat;
    /// assert_eq!(ExportFormat::from_name("graphml"), Some(ExportFormat::GraphMl));
    /// assert_eq!(ExportFormat::from_name("gexf"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        named(&ExportFormat::TABLE, name)
    }

    /// What writes it.
    pub fn writer(self) -> GraphWriter {
        row(&ExportFormat::TABLE, self).writer
    }

    /// The RDF syntax, `None` for the pictures.
    pub fn rdf_format(self) -> Option<RdfFormat> {
        match self.writer() {
            GraphWriter::Rdf(syntax) => Some(syntax.writer()),
            GraphWriter::Picture => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        row(&ExportFormat::TABLE, self).extension
    }

    /// The media type, for HTTP answers.
    pub fn media_type(self) -> &'static str {
        row(&ExportFormat::TABLE, self).media_type
    }
}

/// What part of the graph a picture shows (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// Entities and events.
    #[default]
    Full,
    /// Who met whom, with dates and places on the edges.
    People,
    /// Events in date order.
    Timeline,
}

impl View {
    /// Every view with its command-line name.
    pub const ALL: &'static [(&'static str, View)] = &[
        ("full", View::Full),
        ("people", View::People),
        ("timeline", View::Timeline),
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        name_in(View::ALL, self)
    }

    /// The view of a command-line name.
    pub fn from_name(name: &str) -> Option<View> {
        value_in(View::ALL, name)
    }

    /// The bundled CONSTRUCT query the view reads, `None` for the whole store.
    pub fn query(self) -> Option<&'static str> {
        match self {
            View::Full => None,
            View::People => Some(PEOPLE_QUERY),
            View::Timeline => Some(TIMELINE_QUERY),
        }
    }
}

/// Picture formats Graphviz renders DOT into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    /// Scalable vector graphics.
    Svg,
    /// Bitmap.
    Png,
}

impl Render {
    /// The family's table: the name is also Graphviz's output type (`dot -Tsvg`).
    pub const TABLE: [Format<Render, ()>; 2] = [
        Format {
            value: Render::Svg,
            name: "svg",
            extension: "svg",
            media_type: "image/svg+xml",
            writer: (),
        },
        Format {
            value: Render::Png,
            name: "png",
            extension: "png",
            media_type: "image/png",
            writer: (),
        },
    ];

    /// Every picture format with its name, from [`Render::TABLE`].
    pub const ALL: &'static [(&'static str, Render)] = &names(&Render::TABLE);

    /// The Graphviz output type, also the usual file extension.
    pub fn name(self) -> &'static str {
        row(&Render::TABLE, self).name
    }

    /// The picture format of a name (`svg`), ignoring case.
    pub fn from_name(name: &str) -> Option<Render> {
        named(&Render::TABLE, name)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        row(&Render::TABLE, self).extension
    }

    /// The media type, for HTTP answers.
    pub fn media_type(self) -> &'static str {
        row(&Render::TABLE, self).media_type
    }
}

mod facts;
mod picture;
mod style;
mod writers;
use facts::*;
use picture::*;
pub use style::{page_css, page_js};
use writers::*;

/// Each triple once, whatever graphs stated it.
pub fn distinct_triples(quads: Vec<Quad>) -> Vec<Triple> {
    let mut seen = HashSet::new();
    quads
        .into_iter()
        .map(Triple::from)
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// The two CSV files of a view of `triples`, `(nodes.csv, edges.csv)`, from one picture so that
/// the edges only name nodes of the node list.
pub fn csv_pair(triples: &[Triple], view: View) -> (String, String) {
    let picture = Picture::of(view, triples);
    (picture.nodes_csv(), picture.edges_csv())
}

/// Draws triples as `format` in `view`; `None` for an RDF format (use [`crate::syntax::serialize_quads`]).
///
/// ```
/// use depeche_output::graph::{draw, ExportFormat, View};
/// let json = draw(&[], ExportFormat::Json, View::People).unwrap();
/// assert!(json.contains("\"nodes\": []"));
/// ```
pub fn draw(triples: &[Triple], format: ExportFormat, view: View) -> Option<String> {
    if format.rdf_format().is_some() {
        return None;
    }
    Some(Picture::of(view, triples).write(format, view))
}

/// Why Graphviz could not render a picture.
#[derive(Debug, thiserror::Error)]
pub enum GraphvizError {
    /// Graphviz `dot` is not installed.
    #[error("cannot render the picture: Graphviz `dot` is not installed (install the graphviz package, or export the DOT text without rendering it)")]
    Missing,
    /// Graphviz ran and failed.
    #[error("Graphviz `dot` failed to render the picture: {0}")]
    Failed(String),
}

/// Pipes DOT through Graphviz and returns the picture.
///
/// ```no_run
/// let svg = depeche_output::graph::render(b"digraph { a -> b }", depeche_output::graph::Render::Svg)?;
/// # Ok::<_, depeche_output::graph::GraphvizError>(())
/// ```
pub fn render(dot: &[u8], picture: Render) -> Result<Vec<u8>, GraphvizError> {
    let failed = |e: io::Error| GraphvizError::Failed(e.to_string());
    let mut child = Command::new("dot")
        .arg(format!("-T{}", picture.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                GraphvizError::Missing
            } else {
                failed(e)
            }
        })?;
    // Feed stdin from another thread: dot may fill its stdout pipe before it has read all input.
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| GraphvizError::Failed("no stdin pipe".into()))?;
    let input = dot.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let mut stderr = child.stderr.take();
    let mut picture = Vec::new();
    if let Some(stdout) = child.stdout.as_mut() {
        stdout.read_to_end(&mut picture).map_err(failed)?;
    }
    let mut messages = String::new();
    if let Some(stderr) = stderr.as_mut() {
        stderr.read_to_string(&mut messages).map_err(failed)?;
    }
    let status = child.wait().map_err(failed)?;
    let fed = feeder
        .join()
        .map_err(|_| GraphvizError::Failed("the writer thread panicked".into()))?;
    if !status.success() {
        let first = messages
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(GraphvizError::Failed(format!("{status}: {}", first.trim())));
    }
    fed.map_err(failed)?;
    Ok(picture)
}

/// Draws triples as a Graphviz DOT picture of the full view (see the module documentation).
pub fn to_dot(triples: &[Triple]) -> String {
    Picture::full(triples).dot(View::Full)
}

/// Draws triples as GraphML (full view), with typed node attributes (kind, class, date, IRI,
/// mention count) and typed edge attributes (label, predicate IRI, whether it is symmetric).
///
/// ```
/// let graphml = depeche_output::graph::to_graphml(&[]);
/// assert!(graphml.contains("<graph id=\"depeche\" edgedefault=\"directed\">"));
/// ```
pub fn to_graphml(triples: &[Triple]) -> String {
    Picture::full(triples).graphml()
}

/// The text of a CSV cell as a spreadsheet must show it: with a leading `'` when it starts like
/// a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) and is not a plain number. Every
/// CSV depeche writes (`export`, `query --format csv`, `/sparql` CSV) goes through it.
///
/// ```
/// assert_eq!(depeche_output::graph::spreadsheet_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(depeche_output::graph::spreadsheet_text("-12.5"), "-12.5");
/// ```
pub fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    let number = text.parse::<f64>().is_ok();
    if !number && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use depeche_extract::vocab::{rdf, xsd};

    fn n(local: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://purl.org/depeche/id/{local}"))
    }

    fn fr(text: &str) -> Literal {
        Literal::new_language_tagged_literal_unchecked(text, "fr")
    }

    fn seed() -> Vec<Triple> {
        let (host, guest, city, m, art, syrie, role) = (
            n("host"),
            n("guest"),
            n("city"),
            n("m1"),
            n("article/seed"),
            n("syrie"),
            n("role1"),
        );
        vec![
            Triple::new(art.clone(), rdf::TYPE, schema::NEWS_ARTICLE),
            Triple::new(host.clone(), rdf::TYPE, schema::PERSON),
            Triple::new(host.clone(), rdfs::LABEL, fr("Karim \"al\"-Benali")),
            Triple::new(host.clone(), schema::ALTERNATE_NAME, fr("Benali")),
            Triple::new(guest.clone(), rdf::TYPE, schema::PERSON),
            Triple::new(guest.clone(), rdfs::LABEL, fr("Paul Lefort")),
            Triple::new(city.clone(), rdf::TYPE, schema::PLACE),
            Triple::new(city.clone(), rdf::TYPE, schema::CITY),
            Triple::new(city.clone(), rdfs::LABEL, fr("Tunis")),
            Triple::new(syrie.clone(), rdf::TYPE, schema::COUNTRY),
            Triple::new(syrie.clone(), rdf::TYPE, schema::PLACE),
            Triple::new(syrie.clone(), rdfs::LABEL, fr("Syrie")),
            Triple::new(m.clone(), rdf::TYPE, sem::EVENT),
            Triple::new(m.clone(), rdf::TYPE, dp::MEETING),
            Triple::new(m.clone(), sem::HAS_ACTOR, host.clone()),
            Triple::new(m.clone(), sem::HAS_ACTOR, guest.clone()),
            Triple::new(m.clone(), sem::HAS_PLACE, city.clone()),
            Triple::new(
                m.clone(),
                sem::HAS_TIME_STAMP,
                Literal::new_typed_literal("2017-09-12", xsd::DATE),
            ),
            Triple::new(m.clone(), prov::WAS_DERIVED_FROM, art.clone()),
            Triple::new(m.clone(), dp::EVIDENCE, fr("Le président syrien...")),
            Triple::new(host.clone(), dp::MET, guest.clone()),
            Triple::new(guest.clone(), dp::MET, host.clone()),
            Triple::new(host.clone(), dp::HOLDS_ROLE, role.clone()),
            Triple::new(role.clone(), rdf::TYPE, schema::ROLE),
            Triple::new(role.clone(), schema::JOB_TITLE, fr("président")),
            Triple::new(role.clone(), dp::ROLE_OF, syrie.clone()),
        ]
    }

    #[test]
    fn dot_shows_entities_events_and_one_met_edge() {
        let dot = to_dot(&seed());
        assert!(dot.contains(r#"label="Karim \"al\"-Benali""#), "{dot}");
        assert!(dot.contains(r#"label="Meeting\n2017-09-12""#), "{dot}");
        assert_eq!(dot.matches("dir=none").count(), 1);
        assert!(dot.contains(r#"[label="président", style=dashed"#), "{dot}");
        assert!(!dot.contains("article/seed"), "articles are left out");
        assert!(!dot.contains("role1"), "roles are folded");
        assert!(!dot.contains("label=\"type\""));
        assert!(dot.contains("label=\"hasActor\"") && dot.contains("label=\"hasPlace\""));
        // 4 entities + 1 event; hasActor ×2, hasPlace, met, role.
        assert!(
            dot.starts_with("// depeche knowledge graph (full view): 5 nodes, 5 edges\n"),
            "{dot}"
        );
    }

    #[test]
    fn an_edge_s_class_is_drawn_alike_in_dot_and_mermaid() {
        let one = |sequence, undirected, role| Edge {
            sequence,
            undirected,
            role,
            ..Edge::default()
        };
        assert_eq!(one(true, false, false).class(), style::EdgeClass::Sequence);
        assert_eq!(one(false, true, false).class(), style::EdgeClass::Symmetric);
        assert_eq!(one(false, false, true).class(), style::EdgeClass::Role);
        assert_eq!(one(false, false, false).class(), style::EdgeClass::Plain);
        // In the seed's full view: who met whom, a role, and plain hasActor edges.
        let dot = draw(&seed(), ExportFormat::Dot, View::Full).unwrap();
        let mermaid = draw(&seed(), ExportFormat::Mermaid, View::Full).unwrap();
        let line = |text: &str, label: &str| -> String {
            text.lines()
                .find(|l| l.contains(label))
                .unwrap_or_else(|| panic!("no edge {label} in {text}"))
                .to_string()
        };
        for (label, class) in [
            ("met", style::EdgeClass::Symmetric),
            ("président", style::EdgeClass::Role),
            ("hasActor", style::EdgeClass::Plain),
        ] {
            let dot_line = line(&dot, &format!("label=\"{label}\""));
            let mermaid_line = line(&mermaid, &format!("|\"{label}\"|"));
            let dot_style = match class {
                style::EdgeClass::Plain => "];".to_string(),
                _ => format!("{}];", class.style().dot),
            };
            assert!(dot_line.ends_with(&dot_style), "{dot_line}");
            assert!(
                mermaid_line.contains(&format!(" {}|", class.style().mermaid)),
                "{mermaid_line}"
            );
        }
    }

    #[test]
    fn output_does_not_depend_on_triple_order() {
        let mut reversed = seed();
        reversed.reverse();
        assert_eq!(to_dot(&seed()), to_dot(&reversed));
        assert_eq!(to_graphml(&seed()), to_graphml(&reversed));
    }

    #[test]
    fn untyped_constructs_still_draw() {
        let dot = to_dot(&[Triple::new(n("a"), dp::MET, n("b"))]);
        assert!(
            dot.contains("label=\"a\"") && dot.contains("label=\"b\""),
            "{dot}"
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(dot_escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert_eq!(dot_escape("&amp; & é"), "&amp;amp; &amp; é");
        assert_eq!(xml_escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        let graphml = to_graphml(&seed());
        assert!(graphml.contains("<data key=\"symmetric\">true</data>"));
        assert!(
            !graphml.contains("directed=\"false\""),
            "networkx refuses mixed graphs"
        );
        assert!(graphml.contains("<data key=\"date\">2017-09-12</data>"));
        assert_eq!(xml_escape("a\u{ffff}b\u{1}"), "a\u{fffd}b ");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-12.5"), "-12.5");
        assert_eq!(csv_field("2017-09-12"), "2017-09-12");
        assert_eq!(
            mermaid_escape("#quot; `x` & <b>"),
            "#35;quot; #96;x#96; #amp; #lt;b#gt;"
        );
    }

    #[test]
    fn graphviz_parses_the_dot_when_installed() {
        match render(to_dot(&seed()).as_bytes(), Render::Svg) {
            Ok(svg) => assert!(String::from_utf8_lossy(&svg).contains("<svg")),
            Err(GraphvizError::Missing) => eprintln!("Graphviz is not installed; skipping"),
            Err(e) => panic!("{e}"),
        }
    }
}
