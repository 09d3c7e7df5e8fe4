//! Graph files from the store: RDF syntaxes for machines, DOT and GraphML pictures for people.
//!
//! RDF formats are written by Oxigraph's serialisers. The pictures are not a dump of the triples:
//! they show the entities (persons, organisations, places) and the events, labelled by name (or
//! class and date), joined by short predicate names. Literals are folded into the labels, roles
//! become edges labelled by the job title, and articles, types and provenance are left out; the
//! RDF formats keep all of that.
//!
//! Output is stable: the same triples give the same bytes.
//!
//! ```
//! use oxigraph::model::{Literal, NamedNode, Triple};
//! use depeche::vocab::{dp, rdf, rdfs, schema};
//! let a = NamedNode::new("https://purl.org/depeche/id/person/a")?;
//! let b = NamedNode::new("https://purl.org/depeche/id/person/b")?;
//! let triples = vec![
//!     Triple::new(a.clone(), rdf::TYPE, schema::PERSON),
//!     Triple::new(b.clone(), rdf::TYPE, schema::PERSON),
//!     Triple::new(a.clone(), rdfs::LABEL, Literal::new_language_tagged_literal("Karim Benali", "fr")?),
//!     Triple::new(a.clone(), dp::MET, b.clone()),
//!     Triple::new(b.clone(), dp::MET, a.clone()),
//! ];
//! let dot = depeche::export::to_dot(&triples);
//! assert!(dot.contains("label=\"Karim Benali\""));
//! assert_eq!(dot.matches("dir=none").count(), 1); // one edge per pair that met
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

use crate::store::{serialize_quads, QueryAnswer, Store, StoreError};
use crate::vocab::{self, dp, owl, prov, rdfs, schema, sem};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term, Triple};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Opening or querying the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `--query` gave solutions, not a graph.
    #[error("the export query must be a CONSTRUCT or DESCRIBE query, not {0}")]
    NotAGraphQuery(&'static str),
    /// An RDF serialiser failed.
    #[error("cannot write the graph as {format}: {source}")]
    Serialize {
        /// The format.
        format: &'static str,
        /// The cause.
        source: io::Error,
    },
    /// `--render` needs Graphviz.
    #[error("cannot render the picture: Graphviz `dot` is not installed (install the graphviz package, or export --format dot without --render)")]
    GraphvizMissing,
    /// Graphviz ran and failed.
    #[error("Graphviz `dot` failed to render the picture: {0}")]
    GraphvizFailed(String),
}

/// The graph file formats of `depeche export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// Graphviz DOT picture.
    Dot,
    /// GraphML picture (for Gephi, yEd, Cytoscape), with typed attributes.
    GraphMl,
    /// Turtle: the union of the article graphs.
    Turtle,
    /// N-Quads: every article graph.
    NQuads,
    /// TriG: every article graph.
    TriG,
    /// N-Triples: the union of the article graphs.
    NTriples,
    /// JSON-LD: every article graph.
    JsonLd,
    /// RDF/XML: the union of the article graphs.
    RdfXml,
}

impl ExportFormat {
    /// Every format with its command-line name.
    pub const ALL: &'static [(&'static str, ExportFormat)] = &[
        ("dot", ExportFormat::Dot),
        ("graphml", ExportFormat::GraphMl),
        ("turtle", ExportFormat::Turtle),
        ("nquads", ExportFormat::NQuads),
        ("trig", ExportFormat::TriG),
        ("ntriples", ExportFormat::NTriples),
        ("jsonld", ExportFormat::JsonLd),
        ("rdfxml", ExportFormat::RdfXml),
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        ExportFormat::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    /// The RDF syntax, `None` for the pictures.
    pub fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            ExportFormat::Dot | ExportFormat::GraphMl => None,
            ExportFormat::Turtle => Some(RdfFormat::Turtle),
            ExportFormat::NQuads => Some(RdfFormat::NQuads),
            ExportFormat::TriG => Some(RdfFormat::TriG),
            ExportFormat::NTriples => Some(RdfFormat::NTriples),
            ExportFormat::JsonLd => RdfFormat::from_extension("jsonld"),
            ExportFormat::RdfXml => Some(RdfFormat::RdfXml),
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

/// Exports the whole store, or the graph a `CONSTRUCT`/`DESCRIBE` query builds from it.
///
/// The whole store keeps its article graphs in N-Quads, TriG and JSON-LD; a query's graph has
/// none, and neither do the triple-only syntaxes (each triple is then written once).
///
/// ```no_run
/// use depeche::export::{export, ExportFormat};
/// let store = depeche::store::Store::open_existing("depeche-store")?;
/// let dot = export(&store, ExportFormat::Dot, Some("CONSTRUCT WHERE { ?a dp:met ?b }"))?;
/// # Ok::<_, depeche::export::ExportError>(())
/// ```
pub fn export(
    store: &Store,
    format: ExportFormat,
    query: Option<&str>,
) -> Result<Vec<u8>, ExportError> {
    let quads: Vec<Quad> = match query {
        None => store.quads()?,
        Some(text) => match store.query(text)? {
            QueryAnswer::Graph(triples) => triples
                .into_iter()
                .map(|t| t.in_graph(GraphName::DefaultGraph))
                .collect(),
            QueryAnswer::Solutions { .. } => {
                return Err(ExportError::NotAGraphQuery("a SELECT query"))
            }
            QueryAnswer::Boolean(_) => return Err(ExportError::NotAGraphQuery("an ASK query")),
        },
    };
    match format.rdf_format() {
        Some(rdf) => serialize_quads(&quads, rdf).map_err(|source| ExportError::Serialize {
            format: format.name(),
            source,
        }),
        None => {
            let mut seen = HashSet::new();
            let triples: Vec<Triple> = quads
                .into_iter()
                .map(Triple::from)
                .filter(|t| seen.insert(t.clone()))
                .collect();
            Ok(match format {
                ExportFormat::GraphMl => to_graphml(&triples),
                _ => to_dot(&triples),
            }
            .into_bytes())
        }
    }
}

/// Pipes DOT through Graphviz and returns the picture.
///
/// ```no_run
/// let svg = depeche::export::render(b"digraph { a -> b }", depeche::export::Render::Svg)?;
/// # Ok::<_, depeche::export::ExportError>(())
/// ```
pub fn render(dot: &[u8], picture: Render) -> Result<Vec<u8>, ExportError> {
    let failed = |e: io::Error| ExportError::GraphvizFailed(e.to_string());
    let mut child = Command::new("dot")
        .arg(format!("-T{}", picture.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                ExportError::GraphvizMissing
            } else {
                failed(e)
            }
        })?;
    // Feed stdin from another thread: dot may fill its stdout pipe before it has read all input.
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| ExportError::GraphvizFailed("no stdin pipe".into()))?;
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
        .map_err(|_| ExportError::GraphvizFailed("the writer thread panicked".into()))?;
    if !status.success() {
        let first = messages
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(ExportError::GraphvizFailed(format!(
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

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    label: String,
    predicate: String,
    /// `dp:met` is symmetric: drawn once per pair, without an arrow.
    undirected: bool,
    /// A role (person → country or organisation, labelled by the job title).
    role: bool,
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
    fn new(triples: &[Triple]) -> Picture {
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
            let has = |n: oxigraph::model::NamedNodeRef<'_>| ts.contains(n.as_str());
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
                    role: false,
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
                        undirected: false,
                        role: true,
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
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
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
            // XML 1.0 cannot carry other control characters at all.
            c if c.is_control() => out.push(' '),
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

/// Draws triples as a Graphviz DOT picture (see the module documentation for what is shown).
pub fn to_dot(triples: &[Triple]) -> String {
    let picture = Picture::new(triples);
    let g = &picture.graph;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// depeche knowledge graph: {} nodes, {} edges",
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
        let mut label = node.title.clone();
        for line in &node.details {
            label.push('\n');
            label.push_str(line);
        }
        let tooltip = match &node.name {
            Some(name) => format!("{name}\n{}", key_iri(&node.key)),
            None => key_iri(&node.key).to_string(),
        };
        let _ = writeln!(
            out,
            "  n{} [label=\"{}\", {}, tooltip=\"{}\"];",
            i.index(),
            dot_escape(&label),
            node.kind.dot_style(),
            dot_escape(&tooltip)
        );
    }
    for e in g.edge_indices() {
        let Some((a, b)) = g.edge_endpoints(e) else {
            continue;
        };
        let edge = &g[e];
        let style = if edge.undirected {
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

/// Draws triples as GraphML, with typed node attributes (kind, class, date, IRI, mention count)
/// and typed edge attributes (label, predicate IRI); `dp:met` edges are undirected.
///
/// ```
/// let graphml = depeche::export::to_graphml(&[]);
/// assert!(graphml.contains("<graph id=\"depeche\" edgedefault=\"directed\">"));
/// ```
pub fn to_graphml(triples: &[Triple]) -> String {
    let picture = Picture::new(triples);
    let g = &picture.graph;
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
    ] {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"depeche\" edgedefault=\"directed\">\n");
    let data = |out: &mut String, key: &str, value: &str| {
        let _ = writeln!(
            out,
            "      <data key=\"{key}\">{}</data>",
            xml_escape(value)
        );
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
        let extra: Vec<&String> = node
            .details
            .iter()
            .filter(|d| Some(*d) != node.date.as_ref())
            .collect();
        if !extra.is_empty() {
            data(
                &mut out,
                "details",
                &extra
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
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
        let directed = if edge.undirected {
            " directed=\"false\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\"{directed}>",
            e.index(),
            a.index(),
            b.index()
        );
        data(&mut out, "elabel", &edge.label);
        data(&mut out, "predicate", &edge.predicate);
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{rdf, xsd};

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
            dot.starts_with("// depeche knowledge graph: 5 nodes, 5 edges\n"),
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
        assert_eq!(xml_escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        let graphml = to_graphml(&seed());
        assert!(graphml.contains("directed=\"false\""));
        assert!(graphml.contains("<data key=\"date\">2017-09-12</data>"));
    }

    #[test]
    fn graphviz_parses_the_dot_when_installed() {
        match render(to_dot(&seed()).as_bytes(), Render::Svg) {
            Ok(svg) => assert!(String::from_utf8_lossy(&svg).contains("<svg")),
            Err(ExportError::GraphvizMissing) => eprintln!("Graphviz is not installed; skipping"),
            Err(e) => panic!("{e}"),
        }
    }
}
