//! The picture a view draws: nodes and edges in sorted order, and the full view built from the facts.

use super::*;

/// What a node of the picture stands for; decides its shape and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Kind {
    Person,
    Organization,
    Place,
    Event,
    Other,
}

impl Kind {
    /// Its row of `data/style.tsv`.
    pub(super) fn style(self) -> &'static style::NodeStyle {
        &style::NODES[self as usize]
    }

    pub(super) fn name(self) -> &'static str {
        self.style().class
    }

    /// DOT attributes: one colour family per kind, events as boxes so they stand apart.
    pub(super) fn dot_style(self) -> &'static str {
        self.style().dot
    }

    /// Mermaid `classDef` style: the DOT colours.
    pub(super) fn mermaid_style(self) -> String {
        let s = self.style();
        format!("fill:{},stroke:{}", s.fill, s.stroke)
    }
}

#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) key: String,
    pub(super) kind: Kind,
    /// Name, or event class.
    pub(super) title: String,
    /// Further label lines: the date of an event, job titles with no drawn organisation.
    pub(super) details: Vec<String>,
    /// An event's own label, shown as its tooltip.
    pub(super) name: Option<String>,
    /// Class local name (events), date (events), mention count: the typed GraphML attributes.
    pub(super) class: Option<String>,
    pub(super) date: Option<String>,
    pub(super) mentions: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Edge {
    pub(super) label: String,
    pub(super) predicate: String,
    /// `dp:met` is symmetric: drawn once per pair, without an arrow.
    pub(super) undirected: bool,
    /// A role (person → country or organisation, labelled by the job title).
    pub(super) role: bool,
    /// A timeline step (event → the next event in time).
    pub(super) sequence: bool,
    /// People view: the dates of the pair's meetings, sorted.
    pub(super) dates: Vec<String>,
    /// People view: where the pair met, by name, sorted.
    pub(super) places: Vec<String>,
    /// People view: how many meetings the pair had (0 when only `dp:met` says they met).
    pub(super) meetings: usize,
}

impl Edge {
    /// Its class in `data/style.tsv`, decided here once for every writer (an edge has at most
    /// one of the flags): a timeline step, who met whom, a role, or any other edge.
    pub(super) fn class(&self) -> style::EdgeClass {
        if self.sequence {
            style::EdgeClass::Sequence
        } else if self.undirected {
            style::EdgeClass::Symmetric
        } else if self.role {
            style::EdgeClass::Role
        } else {
            style::EdgeClass::Plain
        }
    }
}

impl Node {
    /// Label lines other than the date, which has its own attribute.
    pub(super) fn extra_details(&self) -> Vec<String> {
        self.details
            .iter()
            .filter(|d| Some(*d) != self.date.as_ref())
            .cloned()
            .collect()
    }
}

/// The picture, built from triples; nodes and edges are inserted in sorted order so the output
/// bytes depend only on the triples, not on the order they came in.
pub(super) struct Picture {
    pub(super) graph: DiGraph<Node, Edge>,
}

/// Predicates never drawn as edges: typing, provenance, identity, and the role structure (folded).
pub(super) fn hidden_predicate(p: &NamedNode) -> bool {
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

pub(super) fn key(term: &Term) -> String {
    term.to_string()
}

/// The local name of an IRI: `hasActor` for `sem:hasActor`.
pub(super) fn local_name(iri: &str) -> &str {
    let cut = iri.trim_end_matches(['/', '#']);
    cut.rsplit(['#', '/'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(iri)
}

/// A name for a node with no label: its IRI's local name without a trailing numeric id
/// (`place/russia-2017370` → `russia`); the tooltip still gives the full IRI.
pub(super) fn readable_local_name(iri: &str) -> String {
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
pub(super) type Literals<'a> = HashMap<&'a str, Vec<&'a Literal>>;

impl Picture {
    /// The full view: entities and events (see the module documentation).
    pub(super) fn full(triples: &[Triple]) -> Picture {
        // The same reading of the triples as the other views; the full view also hides the
        // articles (what prov:wasDerivedFrom points at).
        let facts = Facts::new(triples);
        let (types, links) = (&facts.types, &facts.links);
        let articles: HashSet<&str> = links
            .iter()
            .filter(|(_, p, _)| p.as_ref() == prov::WAS_DERIVED_FROM)
            .map(|(_, _, o)| o.as_str())
            .collect();
        let pick = |subject: &str, predicate: &str| facts.pick(subject, predicate);
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

impl Picture {
    /// The picture of `view` over `triples`.
    pub(super) fn of(view: View, triples: &[Triple]) -> Picture {
        match view {
            View::Full => Picture::full(triples),
            View::People => Picture::people(triples),
            View::Timeline => Picture::timeline(triples),
        }
    }

    /// The picture in a picture format; RDF formats never reach here.
    pub(super) fn write(&self, format: ExportFormat, view: View) -> String {
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
    pub(super) fn undirected(&self) -> bool {
        self.graph.edge_count() > 0 && self.graph.edge_weights().all(|e| e.undirected)
    }

    pub(super) fn node_label(node: &Node) -> String {
        let mut label = node.title.clone();
        for line in &node.details {
            label.push('\n');
            label.push_str(line);
        }
        label
    }
}
