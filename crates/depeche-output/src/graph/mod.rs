//! Graph files from the store: RDF syntaxes for machines, and pictures for people and graph tools
//! (Graphviz DOT, GraphML, JSON node-link, Mermaid, CSV node and edge lists).
//!
//! Over 600 lines because it still holds the three views and every writer, moved here whole so
//! history follows (`git log --follow`); issue 14 splits it into picture/facts, dot, graphml,
//! mermaid and json files.
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

use depeche_extract::vocab::{self, dp, owl, prov, rdfs, schema, sem};
use oxrdf::{Literal, NamedNode, Quad, Term, Triple};
use oxrdfio::RdfFormat;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

/// The bundled CONSTRUCT query behind the people view.
pub const PEOPLE_QUERY: &str = include_str!("../../../queries/people-graph.rq");
/// The bundled CONSTRUCT query behind the timeline view.
pub const TIMELINE_QUERY: &str = include_str!("../../../queries/timeline.rq");

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
    table.iter().find(|(_, v)| *v == value).map_or("?", |(n, _)| n)
}

/// The value of a command-line name in a (name, value) table, ignoring case.
fn value_in<T: Copy>(table: &[(&'static str, T)], name: &str) -> Option<T> {
    table.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
}

impl ExportFormat {
    /// Every format with its command-line name.
    pub const ALL: &'static [(&'static str, ExportFormat)] = &[
        ("dot", ExportFormat::Dot),
        ("graphml", ExportFormat::GraphMl),
        ("json", ExportFormat::Json),
        ("mermaid", ExportFormat::Mermaid),
        ("csv-nodes", ExportFormat::CsvNodes),
        ("csv-edges", ExportFormat::CsvEdges),
        ("turtle", ExportFormat::Turtle),
        ("nquads", ExportFormat::NQuads),
        ("trig", ExportFormat::TriG),
        ("ntriples", ExportFormat::NTriples),
        ("n3", ExportFormat::N3),
        ("jsonld", ExportFormat::JsonLd),
        ("rdfxml", ExportFormat::RdfXml),
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        name_in(ExportFormat::ALL, self)
    }

    /// The format of a command-line name.
    ///
    /// ```
    /// use depeche_output::graph::ExportFormat;
    /// assert_eq!(ExportFormat::from_name("graphml"), Some(ExportFormat::GraphMl));
    /// assert_eq!(ExportFormat::from_name("gexf"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        value_in(ExportFormat::ALL, name)
    }

    /// The RDF syntax, `None` for the pictures.
    pub fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            ExportFormat::Dot
            | ExportFormat::GraphMl
            | ExportFormat::Json
            | ExportFormat::Mermaid
            | ExportFormat::CsvNodes
            | ExportFormat::CsvEdges => None,
            ExportFormat::Turtle => Some(RdfFormat::Turtle),
            ExportFormat::NQuads => Some(RdfFormat::NQuads),
            ExportFormat::TriG => Some(RdfFormat::TriG),
            ExportFormat::NTriples => Some(RdfFormat::NTriples),
            ExportFormat::N3 => Some(RdfFormat::N3),
            ExportFormat::JsonLd => RdfFormat::from_extension("jsonld"),
            ExportFormat::RdfXml => Some(RdfFormat::RdfXml),
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Json => "json",
            ExportFormat::Mermaid => "mmd",
            ExportFormat::CsvNodes | ExportFormat::CsvEdges => "csv",
            ExportFormat::Turtle => "ttl",
            ExportFormat::NQuads => "nq",
            ExportFormat::TriG => "trig",
            ExportFormat::NTriples => "nt",
            ExportFormat::N3 => "n3",
            ExportFormat::JsonLd => "jsonld",
            ExportFormat::RdfXml => "rdf",
        }
    }

    /// The media type, for HTTP answers.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Dot => "text/vnd.graphviz; charset=utf-8",
            ExportFormat::GraphMl => "application/graphml+xml; charset=utf-8",
            ExportFormat::Json => "application/json",
            ExportFormat::Mermaid => "text/plain; charset=utf-8",
            ExportFormat::CsvNodes | ExportFormat::CsvEdges => "text/csv; charset=utf-8",
            other => other
                .rdf_format()
                .map_or("application/octet-stream", |f| f.media_type()),
        }
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
    /// The Graphviz output type, also the usual file extension.
    pub fn name(self) -> &'static str {
        match self {
            Render::Svg => "svg",
            Render::Png => "png",
        }
    }
}

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
        return Err(GraphvizError::Failed(format!(
            "{status}: {}",
            first.trim()
        )));
    }
    fed.map_err(failed)?;
    Ok(picture)
}

/// What a node of the picture stands for; decides its shape and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Person,
    Organization,
    Place,
    Event,
    Other,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Place => "place",
            Kind::Event => "event",
            Kind::Other => "other",
        }
    }

    /// DOT attributes: one colour family per kind, events as boxes so they stand apart.
    fn dot_style(self) -> &'static str {
        match self {
            Kind::Person => r##"shape=ellipse, fillcolor="#cfe2ff", color="#3d6ab3""##,
            Kind::Organization => r##"shape=hexagon, fillcolor="#ffe0b2", color="#c77c0e""##,
            Kind::Place => r##"shape=house, fillcolor="#d4edda", color="#3c8d50""##,
            Kind::Event => {
                r##"shape=box, style="rounded,filled", fillcolor="#fff3bf", color="#b08900""##
            }
            Kind::Other => r##"shape=ellipse, fillcolor="#eeeeee", color="#888888""##,
        }
    }

    /// Mermaid `classDef` style: the DOT colours.
    fn mermaid_style(self) -> &'static str {
        match self {
            Kind::Person => "fill:#cfe2ff,stroke:#3d6ab3",
            Kind::Organization => "fill:#ffe0b2,stroke:#c77c0e",
            Kind::Place => "fill:#d4edda,stroke:#3c8d50",
            Kind::Event => "fill:#fff3bf,stroke:#b08900",
            Kind::Other => "fill:#eeeeee,stroke:#888888",
        }
    }
}

#[derive(Debug, Clone)]
struct Node {
    key: String,
    kind: Kind,
    /// Name, or event class.
    title: String,
    /// Further label lines: the date of an event, job titles with no drawn organisation.
    details: Vec<String>,
    /// An event's own label, shown as its tooltip.
    name: Option<String>,
    /// Class local name (events), date (events), mention count: the typed GraphML attributes.
    class: Option<String>,
    date: Option<String>,
    mentions: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    label: String,
    predicate: String,
    /// `dp:met` is symmetric: drawn once per pair, without an arrow.
    undirected: bool,
    /// A role (person → country or organisation, labelled by the job title).
    role: bool,
    /// A timeline step (event → the next event in time).
    sequence: bool,
    /// People view: the dates of the pair's meetings, sorted.
    dates: Vec<String>,
    /// People view: where the pair met, by name, sorted.
    places: Vec<String>,
    /// People view: how many meetings the pair had (0 when only `dp:met` says they met).
    meetings: usize,
}

impl Node {
    /// Label lines other than the date, which has its own attribute.
    fn extra_details(&self) -> Vec<String> {
        self.details
            .iter()
            .filter(|d| Some(*d) != self.date.as_ref())
            .cloned()
            .collect()
    }
}

/// The picture, built from triples; nodes and edges are inserted in sorted order so the output
/// bytes depend only on the triples, not on the order they came in.
struct Picture {
    graph: DiGraph<Node, Edge>,
}

/// Predicates never drawn as edges: typing, provenance, identity, and the role structure (folded).
fn hidden_predicate(p: &NamedNode) -> bool {
    let p = p.as_ref();
    p == vocab::rdf::TYPE
        || p == prov::WAS_DERIVED_FROM
        || p == owl::SAME_AS
        || p == schema::MENTIONS
        || p == dp::EVIDENCE
        || p == dp::SOURCE_FILE
        || p == dp::HOLDS_ROLE
        || p == dp::ROLE_OF
}

fn key(term: &Term) -> String {
    term.to_string()
}

/// The local name of an IRI: `hasActor` for `sem:hasActor`.
fn local_name(iri: &str) -> &str {
    let cut = iri.trim_end_matches(['/', '#']);
    cut.rsplit(['#', '/'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(iri)
}

/// A name for a node with no label: its IRI's local name without a trailing numeric id
/// (`place/russia-2017370` → `russia`); the tooltip still gives the full IRI.
fn readable_local_name(iri: &str) -> String {
    let local = local_name(iri);
    match local.rsplit_once('-') {
        Some((head, id))
            if !head.is_empty() && !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) =>
        {
            head.to_string()
        }
        _ => local.to_string(),
    }
}

/// Literal values of one subject, by predicate IRI.
type Literals<'a> = HashMap<&'a str, Vec<&'a Literal>>;

impl Picture {
    /// The full view: entities and events (see the module documentation).
    fn full(triples: &[Triple]) -> Picture {
        let mut types: HashMap<String, BTreeSet<&str>> = HashMap::new();
        let mut literals: HashMap<String, Literals<'_>> = HashMap::new();
        let mut links: Vec<(String, &NamedNode, String)> = Vec::new();
        let mut articles: HashSet<String> = HashSet::new();
        let mut label_languages: BTreeMap<&str, usize> = BTreeMap::new();
        for t in triples {
            let s = key(&t.subject.clone().into());
            match &t.object {
                Term::Literal(l) => {
                    if t.predicate.as_ref() == rdfs::LABEL {
                        *label_languages
                            .entry(l.language().unwrap_or(""))
                            .or_default() += 1;
                    }
                    literals
                        .entry(s)
                        .or_default()
                        .entry(t.predicate.as_str())
                        .or_default()
                        .push(l);
                }
                Term::NamedNode(o) if t.predicate.as_ref() == vocab::rdf::TYPE => {
                    types.entry(s).or_default().insert(o.as_str());
                }
                object => {
                    if t.predicate.as_ref() == prov::WAS_DERIVED_FROM {
                        articles.insert(key(object));
                    }
                    links.push((s, &t.predicate, key(object)));
                }
            }
        }
        // Labels in the language most labels are in, so a French store reads in French.
        let language = label_languages
            .iter()
            .max_by_key(|(lang, n)| (**n, std::cmp::Reverse(**lang)))
            .map(|(l, _)| *l);
        let pick = |subject: &str, predicate: &str| -> Option<String> {
            let mut values: Vec<&Literal> = literals.get(subject)?.get(predicate)?.clone();
            values.sort_by_key(|l| {
                (
                    l.language().unwrap_or("") != language.unwrap_or(""),
                    l.language(),
                    l.value(),
                )
            });
            values.first().map(|l| l.value().to_string())
        };
        let kind_of = |k: &str| -> Option<Kind> {
            let ts = types.get(k)?;
            let has = |n: oxrdf::NamedNodeRef<'_>| ts.contains(n.as_str());
            if has(schema::NEWS_ARTICLE) || has(schema::ROLE) || has(dp::ROLE) {
                None
            } else if has(schema::PERSON) {
                Some(Kind::Person)
            } else if has(schema::ORGANIZATION) {
                Some(Kind::Organization)
            } else if has(schema::PLACE)
                || [
                    schema::COUNTRY,
                    schema::CITY,
                    schema::ADMINISTRATIVE_AREA,
                    schema::CONTINENT,
                ]
                .into_iter()
                .any(has)
            {
                Some(Kind::Place)
            } else if has(sem::EVENT) || ts.iter().any(|t| t.starts_with(dp::NAMESPACE)) {
                Some(Kind::Event)
            } else {
                Some(Kind::Other)
            }
        };
        let hidden_node =
            |k: &str| articles.contains(k) || (types.contains_key(k) && kind_of(k).is_none());

        // Which resources are drawn: every typed entity or event, and untyped ones only when
        // linked (a CONSTRUCT without rdf:type still draws something).
        let mut drawn: BTreeMap<String, Kind> = BTreeMap::new();
        for k in types.keys() {
            if let Some(kind @ (Kind::Person | Kind::Organization | Kind::Place | Kind::Event)) =
                kind_of(k)
            {
                drawn.insert(k.clone(), kind);
            }
        }
        let edge_links: Vec<&(String, &NamedNode, String)> = links
            .iter()
            .filter(|(s, p, o)| !hidden_predicate(p) && !hidden_node(s) && !hidden_node(o))
            .collect();
        for (s, _, o) in &edge_links {
            for k in [s, o] {
                drawn
                    .entry(k.clone())
                    .or_insert_with(|| kind_of(k).unwrap_or(Kind::Other));
            }
        }

        let mut nodes: Vec<Node> = drawn
            .iter()
            .map(|(k, kind)| {
                let name = pick(k, rdfs::LABEL.as_str()).or_else(|| pick(k, schema::NAME.as_str()));
                let mut node = Node {
                    key: k.clone(),
                    kind: *kind,
                    title: String::new(),
                    details: Vec::new(),
                    name: None,
                    class: None,
                    date: None,
                    mentions: pick(k, dp::MENTION_COUNT.as_str()).and_then(|n| n.parse().ok()),
                };
                if *kind == Kind::Event {
                    let class = types.get(k).and_then(|ts| {
                        ts.iter()
                            .find(|t| t.starts_with(dp::NAMESPACE))
                            .map(|t| local_name(t).to_string())
                    });
                    let date = pick(k, sem::HAS_TIME_STAMP.as_str()).or_else(|| {
                        let begin = pick(k, sem::HAS_BEGIN_TIME_STAMP.as_str());
                        let end = pick(k, sem::HAS_END_TIME_STAMP.as_str());
                        match (begin, end) {
                            (Some(b), Some(e)) if b == e => Some(b),
                            (Some(b), Some(e)) => Some(format!("{b} – {e}")),
                            (Some(b), None) => Some(format!("from {b}")),
                            (None, Some(e)) => Some(format!("until {e}")),
                            (None, None) => None,
                        }
                    });
                    // Class and date say what and when at a glance; the event's own label (a
                    // sentence-like summary) goes in the tooltip.
                    node.title = class.clone().unwrap_or_else(|| "Event".to_string());
                    node.details.extend(date.clone());
                    node.name = name;
                    node.class = class;
                    node.date = date;
                } else {
                    node.title = name.unwrap_or_else(|| readable_local_name(key_iri(k)));
                }
                node
            })
            .collect();

        // Roles: `?person dp:holdsRole ?role . ?role schema:jobTitle ?t ; dp:roleOf ?org` becomes
        // an edge person → org labelled by the title, or a label line when org is not drawn.
        let mut role_edges: BTreeSet<(String, String, String)> = BTreeSet::new();
        let role_of: HashMap<&str, Vec<&str>> = links
            .iter()
            .filter(|(_, p, _)| p.as_ref() == dp::ROLE_OF)
            .fold(HashMap::new(), |mut m, (s, _, o)| {
                m.entry(s.as_str()).or_default().push(o.as_str());
                m
            });
        let mut extra_details: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (person, _, role) in links
            .iter()
            .filter(|(_, p, _)| p.as_ref() == dp::HOLDS_ROLE)
        {
            if !drawn.contains_key(person) {
                continue;
            }
            let Some(title) =
                pick(role, schema::JOB_TITLE.as_str()).or_else(|| pick(role, rdfs::LABEL.as_str()))
            else {
                continue;
            };
            let targets: Vec<&&str> = role_of
                .get(role.as_str())
                .map(|v| v.iter().filter(|o| drawn.contains_key(**o)).collect())
                .unwrap_or_default();
            if targets.is_empty() {
                extra_details
                    .entry(person.clone())
                    .or_default()
                    .insert(title);
            } else {
                for target in targets {
                    role_edges.insert((person.clone(), target.to_string(), title.clone()));
                }
            }
        }
        for node in &mut nodes {
            if let Some(titles) = extra_details.remove(&node.key) {
                node.details.extend(titles);
            }
        }

        nodes.sort_by(|a, b| {
            (a.kind, &a.title, &a.details, &a.key).cmp(&(b.kind, &b.title, &b.details, &b.key))
        });
        let mut graph = DiGraph::new();
        let mut index: HashMap<String, NodeIndex> = HashMap::new();
        for node in nodes {
            let k = node.key.clone();
            index.insert(k, graph.add_node(node));
        }

        let mut edges: BTreeSet<(NodeIndex, NodeIndex, Edge)> = BTreeSet::new();
        for (s, p, o) in edge_links {
            let (Some(&a), Some(&b)) = (index.get(s), index.get(o)) else {
                continue;
            };
            let undirected = p.as_ref() == dp::MET;
            let (a, b) = if undirected && b < a { (b, a) } else { (a, b) };
            if undirected && a == b {
                continue;
            }
            edges.insert((
                a,
                b,
                Edge {
                    label: local_name(p.as_str()).to_string(),
                    predicate: p.as_str().to_string(),
                    undirected,
                    ..Edge::default()
                },
            ));
        }
        for (person, target, title) in role_edges {
            if let (Some(&a), Some(&b)) = (index.get(&person), index.get(&target)) {
                edges.insert((
                    a,
                    b,
                    Edge {
                        label: title,
                        predicate: dp::HOLDS_ROLE.as_str().to_string(),
                        role: true,
                        ..Edge::default()
                    },
                ));
            }
        }
        for (a, b, edge) in edges {
            graph.add_edge(a, b, edge);
        }
        Picture { graph }
    }
}

/// Escapes text for a double-quoted DOT string; newlines become DOT's centred line breaks.
/// Graphviz reads HTML entities in any label (`&amp;` is drawn `&`), so `&` is written `&amp;`:
/// the text is drawn as it is, entities and all.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            // XML 1.0 cannot carry other control characters at all, nor these two.
            c if c.is_control() => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The IRI of a node key, for tooltips (`<iri>` → `iri`).
fn key_iri(key: &str) -> &str {
    key.strip_prefix('<')
        .and_then(|k| k.strip_suffix('>'))
        .unwrap_or(key)
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

/// Escapes text for a CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
///
/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, other than a plain
/// number) gets a leading `'`, which spreadsheets read as "this is text": article text must not
/// become a formula in the analyst's spreadsheet.
fn csv_field(text: &str) -> String {
    let text = spreadsheet_text(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// Escapes text for a double-quoted Mermaid label; Mermaid reads HTML entities there.
fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Mermaid reads `#name;` and `#123;` as entities, and a backtick as the start of
            // Markdown: the text's own are written as entities too.
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            '&' => out.push_str("#amp;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

impl Picture {
    /// The picture of `view` over `triples`.
    fn of(view: View, triples: &[Triple]) -> Picture {
        match view {
            View::Full => Picture::full(triples),
            View::People => Picture::people(triples),
            View::Timeline => Picture::timeline(triples),
        }
    }

    /// The picture in a picture format; RDF formats never reach here.
    fn write(&self, format: ExportFormat, view: View) -> String {
        match format {
            ExportFormat::GraphMl => self.graphml(),
            ExportFormat::Json => self.json(view),
            ExportFormat::Mermaid => self.mermaid(view),
            ExportFormat::CsvNodes => self.nodes_csv(),
            ExportFormat::CsvEdges => self.edges_csv(),
            _ => self.dot(view),
        }
    }

    /// All edges symmetric (the people view): the file says so once, as an undirected graph.
    fn undirected(&self) -> bool {
        self.graph.edge_count() > 0 && self.graph.edge_weights().all(|e| e.undirected)
    }

    fn node_label(node: &Node) -> String {
        let mut label = node.title.clone();
        for line in &node.details {
            label.push('\n');
            label.push_str(line);
        }
        label
    }

    fn dot(&self, view: View) -> String {
        let g = &self.graph;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "// depeche knowledge graph ({} view): {} nodes, {} edges",
            view.name(),
            g.node_count(),
            g.edge_count()
        );
        out.push_str("digraph depeche {\n");
        out.push_str(
            "  graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.35, ranksep=0.9, overlap=false];\n",
        );
        out.push_str("  node [fontname=\"Helvetica\", fontsize=11, style=filled, penwidth=1.2];\n");
        out.push_str(
            "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#666666\", fontcolor=\"#333333\"];\n",
        );
        for i in g.node_indices() {
            let node = &g[i];
            let tooltip = match &node.name {
                Some(name) => format!("{name}\n{}", key_iri(&node.key)),
                None => key_iri(&node.key).to_string(),
            };
            let _ = writeln!(
                out,
                "  n{} [label=\"{}\", {}, tooltip=\"{}\"];",
                i.index(),
                dot_escape(&Picture::node_label(node)),
                node.kind.dot_style(),
                dot_escape(&tooltip)
            );
        }
        for e in g.edge_indices() {
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let edge = &g[e];
            let style = if edge.sequence {
                ", style=dotted, color=\"#b08900\", fontcolor=\"#b08900\""
            } else if edge.undirected {
                ", dir=none, color=\"#c0392b\", fontcolor=\"#c0392b\", penwidth=2"
            } else if edge.role {
                ", style=dashed, color=\"#3d6ab3\", fontcolor=\"#3d6ab3\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{}\"{style}];",
                a.index(),
                b.index(),
                dot_escape(&edge.label)
            );
        }
        out.push_str("}\n");
        out
    }

    fn graphml(&self) -> String {
        let g = &self.graph;
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
        for (id, domain, name, ty) in [
            ("label", "node", "label", "string"),
            ("kind", "node", "kind", "string"),
            ("name", "node", "name", "string"),
            ("class", "node", "class", "string"),
            ("date", "node", "date", "string"),
            ("details", "node", "details", "string"),
            ("iri", "node", "iri", "string"),
            ("mentions", "node", "mentionCount", "int"),
            ("elabel", "edge", "label", "string"),
            ("predicate", "edge", "predicate", "string"),
            ("symmetric", "edge", "symmetric", "boolean"),
            ("dates", "edge", "dates", "string"),
            ("places", "edge", "places", "string"),
            ("meetings", "edge", "meetings", "int"),
        ] {
            let _ = writeln!(
                out,
                "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
            );
        }
        // networkx refuses a per-edge `directed` that contradicts the graph's default, so a mixed
        // picture stays directed and marks its symmetric edges with the `symmetric` attribute.
        let _ = writeln!(
            out,
            "  <graph id=\"depeche\" edgedefault=\"{}\">",
            if self.undirected() { "undirected" } else { "directed" }
        );
        let data = |out: &mut String, key: &str, value: &str| {
            let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", xml_escape(value));
        };
        for i in g.node_indices() {
            let node = &g[i];
            let _ = writeln!(out, "    <node id=\"n{}\">", i.index());
            data(&mut out, "label", &node.title);
            data(&mut out, "kind", node.kind.name());
            if let Some(name) = &node.name {
                data(&mut out, "name", name);
            }
            if let Some(class) = &node.class {
                data(&mut out, "class", class);
            }
            if let Some(date) = &node.date {
                data(&mut out, "date", date);
            }
            let extra = node.extra_details();
            if !extra.is_empty() {
                data(&mut out, "details", &extra.join("; "));
            }
            data(&mut out, "iri", key_iri(&node.key));
            if let Some(n) = node.mentions {
                data(&mut out, "mentions", &n.to_string());
            }
            out.push_str("    </node>\n");
        }
        for e in g.edge_indices() {
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let edge = &g[e];
            let _ = writeln!(
                out,
                "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\">",
                e.index(),
                a.index(),
                b.index()
            );
            data(&mut out, "elabel", &edge.label);
            data(&mut out, "predicate", &edge.predicate);
            data(&mut out, "symmetric", if edge.undirected { "true" } else { "false" });
            if !edge.dates.is_empty() {
                data(&mut out, "dates", &edge.dates.join("; "));
            }
            if !edge.places.is_empty() {
                data(&mut out, "places", &edge.places.join("; "));
            }
            if edge.meetings > 0 {
                data(&mut out, "meetings", &edge.meetings.to_string());
            }
            out.push_str("    </edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// Node-link JSON: `nodes` with `id` (the IRI), `links` with `source` and `target` naming
    /// node ids, as D3 force layouts and `networkx.node_link_graph(data, edges="links")` read it.
    fn json(&self, view: View) -> String {
        use serde_json::{json, Map, Value};
        let g = &self.graph;
        let nodes: Vec<Value> = g
            .node_indices()
            .map(|i| {
                let node = &g[i];
                let mut object = Map::new();
                object.insert("id".into(), json!(key_iri(&node.key)));
                object.insert("label".into(), json!(node.title));
                object.insert("kind".into(), json!(node.kind.name()));
                if let Some(name) = &node.name {
                    object.insert("name".into(), json!(name));
                }
                if let Some(class) = &node.class {
                    object.insert("class".into(), json!(class));
                }
                if let Some(date) = &node.date {
                    object.insert("date".into(), json!(date));
                }
                object.insert("details".into(), json!(node.extra_details()));
                if let Some(n) = node.mentions {
                    object.insert("mentions".into(), json!(n));
                }
                Value::Object(object)
            })
            .collect();
        let links: Vec<Value> = g
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = g.edge_endpoints(e)?;
                let edge = &g[e];
                let mut object = Map::new();
                object.insert("source".into(), json!(key_iri(&g[a].key)));
                object.insert("target".into(), json!(key_iri(&g[b].key)));
                object.insert("label".into(), json!(edge.label));
                object.insert("predicate".into(), json!(edge.predicate));
                object.insert("symmetric".into(), json!(edge.undirected));
                if view == View::People {
                    object.insert("dates".into(), json!(edge.dates));
                    object.insert("places".into(), json!(edge.places));
                    object.insert("meetings".into(), json!(edge.meetings));
                }
                Some(Value::Object(object))
            })
            .collect();
        // Two predicates between the same pair are two links: networkx then needs a multigraph.
        let mut ends = HashSet::new();
        let multigraph = !g
            .edge_indices()
            .filter_map(|e| g.edge_endpoints(e))
            .all(|pair| ends.insert(pair));
        let document = json!({
            "directed": !self.undirected(),
            "multigraph": multigraph,
            "graph": { "name": "depeche", "view": view.name() },
            "nodes": nodes,
            "links": links,
        });
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
        text.push('\n');
        text
    }

    /// A Mermaid flowchart: one shape and colour per kind, `---` for symmetric edges.
    fn mermaid(&self, view: View) -> String {
        let g = &self.graph;
        let mut out = format!(
            "%% depeche knowledge graph ({} view): {} nodes, {} edges\nflowchart LR\n",
            view.name(),
            g.node_count(),
            g.edge_count()
        );
        for i in g.node_indices() {
            let node = &g[i];
            let label = mermaid_escape(&Picture::node_label(node));
            let (open, close) = match node.kind {
                Kind::Person => ("([\"", "\"])"),
                Kind::Organization => ("{{\"", "\"}}"),
                Kind::Place => ("[/\"", "\"\\]"),
                Kind::Event => ("[\"", "\"]"),
                Kind::Other => ("(\"", "\")"),
            };
            let _ = writeln!(
                out,
                "  n{}{open}{label}{close}:::{}",
                i.index(),
                node.kind.name()
            );
        }
        for e in g.edge_indices() {
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let edge = &g[e];
            let arrow = if edge.undirected {
                "---"
            } else if edge.role || edge.sequence {
                "-.->"
            } else {
                "-->"
            };
            let _ = writeln!(
                out,
                "  n{} {arrow}|\"{}\"| n{}",
                a.index(),
                mermaid_escape(&edge.label),
                b.index()
            );
        }
        for kind in [
            Kind::Person,
            Kind::Organization,
            Kind::Place,
            Kind::Event,
            Kind::Other,
        ] {
            let _ = writeln!(out, "  classDef {} {}", kind.name(), kind.mermaid_style());
        }
        out
    }

    /// `Id,Label,Kind,Class,Date,Details,Mentions`: Gephi's node table, one row a node.
    fn nodes_csv(&self) -> String {
        let g = &self.graph;
        let mut out = String::from("Id,Label,Kind,Class,Date,Details,Mentions\n");
        for i in g.node_indices() {
            let node = &g[i];
            let row = [
                key_iri(&node.key).to_string(),
                node.title.clone(),
                node.kind.name().to_string(),
                node.class.clone().unwrap_or_default(),
                node.date.clone().unwrap_or_default(),
                node.extra_details().join("; "),
                node.mentions.map(|n| n.to_string()).unwrap_or_default(),
            ];
            out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }

    /// `Source,Target,Type,Label,Predicate,Dates,Places,Meetings`: Gephi's edge table, with
    /// `Type` Directed or Undirected and the ids of `nodes.csv`.
    fn edges_csv(&self) -> String {
        let g = &self.graph;
        let mut out = String::from("Source,Target,Type,Label,Predicate,Dates,Places,Meetings\n");
        for e in g.edge_indices() {
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let edge = &g[e];
            let row = [
                key_iri(&g[a].key).to_string(),
                key_iri(&g[b].key).to_string(),
                if edge.undirected { "Undirected" } else { "Directed" }.to_string(),
                edge.label.clone(),
                edge.predicate.clone(),
                edge.dates.join("; "),
                edge.places.join("; "),
                if edge.meetings > 0 { edge.meetings.to_string() } else { String::new() },
            ];
            out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}


/// What the people and timeline views need to know about the triples, indexed by subject key.
struct Facts<'a> {
    types: HashMap<String, BTreeSet<&'a str>>,
    literals: HashMap<String, Literals<'a>>,
    links: Vec<(String, &'a NamedNode, String)>,
    /// The language most labels are in, so a French store reads in French.
    language: Option<&'a str>,
}

impl<'a> Facts<'a> {
    fn new(triples: &'a [Triple]) -> Facts<'a> {
        let mut facts = Facts {
            types: HashMap::new(),
            literals: HashMap::new(),
            links: Vec::new(),
            language: None,
        };
        let mut label_languages: BTreeMap<&str, usize> = BTreeMap::new();
        for t in triples {
            let s = key(&t.subject.clone().into());
            match &t.object {
                Term::Literal(l) => {
                    if t.predicate.as_ref() == rdfs::LABEL {
                        *label_languages.entry(l.language().unwrap_or("")).or_default() += 1;
                    }
                    facts
                        .literals
                        .entry(s)
                        .or_default()
                        .entry(t.predicate.as_str())
                        .or_default()
                        .push(l);
                }
                Term::NamedNode(o) if t.predicate.as_ref() == vocab::rdf::TYPE => {
                    facts.types.entry(s).or_default().insert(o.as_str());
                }
                object => facts.links.push((s, &t.predicate, key(object))),
            }
        }
        facts.language = label_languages
            .iter()
            .max_by_key(|(lang, n)| (**n, std::cmp::Reverse(**lang)))
            .map(|(l, _)| *l);
        facts
    }

    /// One value of a literal property, preferring the store's main language, then the
    /// smallest, so the choice is the same on every run.
    fn pick(&self, subject: &str, predicate: &str) -> Option<String> {
        let mut values: Vec<&Literal> = self.literals.get(subject)?.get(predicate)?.clone();
        values.sort_by_key(|l| {
            (
                l.language().unwrap_or("") != self.language.unwrap_or(""),
                l.language(),
                l.value(),
            )
        });
        values.first().map(|l| l.value().to_string())
    }

    /// Every value of a literal property in the main language (or untagged), sorted.
    fn all(&self, subject: &str, predicate: &str) -> Vec<String> {
        let Some(values) = self.literals.get(subject).and_then(|m| m.get(predicate)) else {
            return Vec::new();
        };
        let wanted: BTreeSet<String> = values
            .iter()
            .filter(|l| l.language().is_none() || l.language() == self.language)
            .map(|l| l.value().to_string())
            .collect();
        wanted.into_iter().collect()
    }

    fn has_type(&self, subject: &str, class: oxrdf::NamedNodeRef<'_>) -> bool {
        self.types
            .get(subject)
            .is_some_and(|ts| ts.contains(class.as_str()))
    }

    fn is_event(&self, subject: &str) -> bool {
        self.types.get(subject).is_some_and(|ts| {
            ts.contains(sem::EVENT.as_str())
                || ts.iter().any(|t| {
                    t.starts_with(dp::NAMESPACE) && *t != dp::ROLE.as_str()
                })
        })
    }

    fn name(&self, subject: &str) -> String {
        self.pick(subject, rdfs::LABEL.as_str())
            .or_else(|| self.pick(subject, schema::NAME.as_str()))
            .unwrap_or_else(|| readable_local_name(key_iri(subject)))
    }

    /// The event's class local name (`Meeting`), `Event` when it has none of ours.
    fn event_class(&self, subject: &str) -> String {
        self.types
            .get(subject)
            .and_then(|ts| {
                ts.iter()
                    .find(|t| t.starts_with(dp::NAMESPACE))
                    .map(|t| local_name(t).to_string())
            })
            .unwrap_or_else(|| "Event".to_string())
    }

    /// `(sort key, shown date)`: a day, month or year, or a span `begin – end`.
    fn event_date(&self, subject: &str) -> Option<(String, String)> {
        if let Some(ts) = self.pick(subject, sem::HAS_TIME_STAMP.as_str()) {
            return Some((ts.clone(), ts));
        }
        let begin = self.pick(subject, sem::HAS_BEGIN_TIME_STAMP.as_str());
        let end = self.pick(subject, sem::HAS_END_TIME_STAMP.as_str());
        match (begin, end) {
            (Some(b), Some(e)) if b == e => Some((b.clone(), b)),
            (Some(b), Some(e)) => Some((b.clone(), format!("{b} – {e}"))),
            (Some(b), None) => Some((b.clone(), format!("from {b}"))),
            (None, Some(e)) => Some((e.clone(), format!("until {e}"))),
            (None, None) => None,
        }
    }

    /// Objects of `predicate` from `subject`, sorted.
    fn objects(&self, subject: &str, predicate: oxrdf::NamedNodeRef<'_>) -> Vec<&str> {
        let mut found: Vec<&str> = self
            .links
            .iter()
            .filter(|(s, p, _)| s == subject && p.as_ref() == predicate)
            .map(|(_, _, o)| o.as_str())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// An event of the timeline: `(sort key and shown date, key, node)`.
type TimelineEntry = (Option<(String, String)>, String, Node);

/// The meetings a pair of persons had, as the people view's edge shows them.
#[derive(Default)]
struct Pair {
    /// (date sort key, shown date, place names) per meeting, by meeting key.
    meetings: BTreeMap<String, (String, String, Vec<String>)>,
}

impl Picture {
    /// The people view: persons who met, one symmetric edge per pair carrying the dates and
    /// places of their meetings.
    fn people(triples: &[Triple]) -> Picture {
        let facts = Facts::new(triples);
        let is_person = |k: &str| {
            facts.has_type(k, schema::PERSON)
                // A CONSTRUCT without types still draws its dp:met pairs.
                || !facts.types.contains_key(k)
        };
        let mut pairs: BTreeMap<(String, String), Pair> = BTreeMap::new();
        let ordered = |a: &str, b: &str| {
            if a < b {
                (a.to_string(), b.to_string())
            } else {
                (b.to_string(), a.to_string())
            }
        };
        for (s, p, o) in &facts.links {
            if p.as_ref() == dp::MET && s != o && is_person(s) && is_person(o) {
                pairs.entry(ordered(s, o)).or_default();
            }
        }
        let mut events: Vec<&String> = facts
            .types
            .keys()
            .filter(|k| facts.has_type(k, dp::MEETING))
            .collect();
        events.sort();
        for meeting in events {
            let actors: Vec<&str> = facts
                .objects(meeting, sem::HAS_ACTOR)
                .into_iter()
                .filter(|a| facts.has_type(a, schema::PERSON))
                .collect();
            let (sort, shown) = facts.event_date(meeting).unwrap_or_default();
            let places: Vec<String> = facts
                .objects(meeting, sem::HAS_PLACE)
                .into_iter()
                .map(|p| facts.name(p))
                .collect();
            for (i, a) in actors.iter().enumerate() {
                for b in &actors[i + 1..] {
                    pairs.entry(ordered(a, b)).or_default().meetings.insert(
                        meeting.clone(),
                        (sort.clone(), shown.clone(), places.clone()),
                    );
                }
            }
        }

        let people: BTreeSet<&String> = pairs.keys().flat_map(|(a, b)| [a, b]).collect();
        let mut nodes: Vec<Node> = people
            .into_iter()
            .map(|k| Node {
                key: k.clone(),
                kind: Kind::Person,
                title: facts.name(k),
                details: facts.all(k, schema::JOB_TITLE.as_str()),
                name: None,
                class: None,
                date: None,
                mentions: facts
                    .pick(k, dp::MENTION_COUNT.as_str())
                    .and_then(|n| n.parse().ok()),
            })
            .collect();
        nodes.sort_by(|a, b| (&a.title, &a.key).cmp(&(&b.title, &b.key)));
        let mut graph = DiGraph::new();
        let index: HashMap<String, NodeIndex> = nodes
            .into_iter()
            .map(|n| (n.key.clone(), graph.add_node(n)))
            .collect();
        let mut edges: Vec<(NodeIndex, NodeIndex, Edge)> = Vec::new();
        for ((a, b), pair) in pairs {
            let (Some(&a), Some(&b)) = (index.get(&a), index.get(&b)) else {
                continue;
            };
            let mut meetings: Vec<&(String, String, Vec<String>)> = pair.meetings.values().collect();
            meetings.sort();
            let mut lines: Vec<String> = meetings
                .iter()
                .map(|(_, shown, places)| {
                    [shown.as_str(), &places.join(", ")]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|l| !l.is_empty())
                .collect();
            lines.dedup();
            let dates: BTreeSet<String> = meetings
                .iter()
                .filter(|(_, shown, _)| !shown.is_empty())
                .map(|(_, shown, _)| shown.clone())
                .collect();
            let places: BTreeSet<String> =
                meetings.iter().flat_map(|(_, _, p)| p.iter().cloned()).collect();
            let (a, b) = if b < a { (b, a) } else { (a, b) };
            edges.push((
                a,
                b,
                Edge {
                    label: if lines.is_empty() {
                        "met".to_string()
                    } else {
                        lines.join("\n")
                    },
                    predicate: dp::MET.as_str().to_string(),
                    undirected: true,
                    dates: dates.into_iter().collect(),
                    places: places.into_iter().collect(),
                    meetings: meetings.len(),
                    ..Edge::default()
                },
            ));
        }
        edges.sort();
        for (a, b, edge) in edges {
            graph.add_edge(a, b, edge);
        }
        Picture { graph }
    }

    /// The timeline view: events in date order, each linked to the next dated one.
    fn timeline(triples: &[Triple]) -> Picture {
        let facts = Facts::new(triples);
        let mut events: Vec<TimelineEntry> = facts
            .types
            .keys()
            .filter(|k| facts.is_event(k))
            .map(|k| {
                let date = facts.event_date(k);
                let class = facts.event_class(k);
                let actors: Vec<String> = facts
                    .objects(k, sem::HAS_ACTOR)
                    .into_iter()
                    .map(|a| facts.name(a))
                    .collect();
                let places: Vec<String> = facts
                    .objects(k, sem::HAS_PLACE)
                    .into_iter()
                    .map(|p| facts.name(p))
                    .collect();
                let mut details = Vec::new();
                details.extend(date.as_ref().map(|(_, shown)| shown.clone()));
                if !actors.is_empty() {
                    details.push(actors.join(", "));
                }
                if !places.is_empty() {
                    details.push(format!("in {}", places.join(", ")));
                }
                let node = Node {
                    key: k.clone(),
                    kind: Kind::Event,
                    title: class.clone(),
                    details,
                    name: facts.pick(k, rdfs::LABEL.as_str()),
                    class: Some(class),
                    date: date.as_ref().map(|(_, shown)| shown.clone()),
                    mentions: None,
                };
                (date, k.clone(), node)
            })
            .collect();
        // Dated events first, by date; undated ones after, unlinked.
        events.sort_by(|a, b| {
            (a.0.is_none(), &a.0, &a.2.title, &a.1).cmp(&(b.0.is_none(), &b.0, &b.2.title, &b.1))
        });
        let mut graph = DiGraph::new();
        let mut previous: Option<NodeIndex> = None;
        for (date, _, node) in events {
            let index = graph.add_node(node);
            if date.is_some() {
                if let Some(before) = previous {
                    graph.add_edge(
                        before,
                        index,
                        Edge {
                            label: "before".to_string(),
                            predicate: TIME_BEFORE.to_string(),
                            sequence: true,
                            ..Edge::default()
                        },
                    );
                }
                previous = Some(index);
            }
        }
        Picture { graph }
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
        assert!(!graphml.contains("directed=\"false\""), "networkx refuses mixed graphs");
        assert!(graphml.contains("<data key=\"date\">2017-09-12</data>"));
        assert_eq!(xml_escape("a\u{ffff}b\u{1}"), "a\u{fffd}b ");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-12.5"), "-12.5");
        assert_eq!(csv_field("2017-09-12"), "2017-09-12");
        assert_eq!(mermaid_escape("#quot; `x` & <b>"), "#35;quot; #96;x#96; #amp; #lt;b#gt;");
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
