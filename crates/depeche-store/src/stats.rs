//! What the store holds at a glance: articles, entities and events by class, the most connected
//! people and organizations, the connected groups of who met whom, and the time span covered.
//!
//! The counts come from SPARQL over the store. The "who met whom" network is built with petgraph:
//! its nodes are the persons and organizations that took part in a meeting, its edges join any
//! two that met (`dp:met`, or actors of the same `dp:Meeting`), read from the pairs' summaries
//! ([`crate::aggregates`]). Degree is the number of distinct
//! partners; PageRank (damping 0.85) also weighs how connected those partners are.
//!
//! ```no_run
//! let store = depeche_store::store::Store::open_existing("depeche-store")?;
//! let stats = depeche_store::stats::Stats::compute(&store, 10)?;
//! print!("{}", stats.to_table());
//! # Ok::<_, depeche_store::stats::StatsError>(())
//! ```

use crate::store::{display_term, QueryAnswer, Store, StoreError};
use depeche_output::format::{names, Format};
use oxigraph::model::Term;
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// What writes the statistics in one format.
pub type StatsWriter = fn(&Stats) -> String;

/// How the statistics are written: `stats --format`'s choices, declared once in
/// [`StatsFormat::TABLE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsFormat {
    /// Aligned text for a terminal ([`Stats::to_table`]).
    Table,
    /// Pretty-printed JSON ([`Stats::to_json`]).
    Json,
}

impl StatsFormat {
    /// Each format: name, extension, media type and writer.
    pub const TABLE: [Format<StatsFormat, StatsWriter>; 2] = [
        Format {
            value: StatsFormat::Table,
            name: "table",
            extension: "txt",
            media_type: "text/plain; charset=utf-8",
            writer: Stats::to_table,
        },
        Format {
            value: StatsFormat::Json,
            name: "json",
            extension: "json",
            media_type: "application/json",
            writer: Stats::to_json,
        },
    ];

    /// (name, format) for each row of [`StatsFormat::TABLE`], for a command-line parser.
    pub const ALL: &'static [(&'static str, StatsFormat)] = &names(&StatsFormat::TABLE);
}

/// Why the statistics could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A person or organization in the who-met-whom network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Connected {
    /// Its IRI.
    pub iri: String,
    /// Its name (a label, the same on every run).
    pub name: String,
    /// `person` or `organization`.
    pub kind: &'static str,
    /// Number of distinct partners it met.
    pub degree: usize,
    /// PageRank over the network (sums to 1 over all its nodes).
    pub pagerank: f64,
}

/// A connected group of the who-met-whom network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// How many persons and organizations it holds.
    pub size: usize,
    /// Their names, most connected first.
    pub members: Vec<String>,
}

/// The first and last date of something.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Earliest date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Latest date.
    pub to: Option<String>,
}

/// Everything `depeche stats` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The store directory.
    pub store: String,
    /// Quads in the store.
    pub triples: usize,
    /// Articles (`schema:NewsArticle`).
    pub articles: usize,
    /// Distinct entities by class local name (`Person`, `Organization`, `Place`, `City`...).
    pub entities: BTreeMap<String, usize>,
    /// Distinct events (`sem:Event`).
    pub events: usize,
    /// Distinct events by class local name (`Meeting`, `Statement`...).
    pub event_classes: BTreeMap<String, usize>,
    /// Persons and organizations in the who-met-whom network.
    pub network_nodes: usize,
    /// Pairs who met.
    pub network_pairs: usize,
    /// The most connected persons, by PageRank then degree.
    pub people: Vec<Connected>,
    /// The most connected organizations, by PageRank then degree.
    pub organizations: Vec<Connected>,
    /// How many connected groups the network has.
    pub group_count: usize,
    /// The largest groups, largest first.
    pub groups: Vec<Group>,
    /// Dates of the events (time stamps and spans).
    pub event_span: Span,
    /// Publication dates of the articles.
    pub article_span: Span,
}

fn rows(store: &Store, query: &str) -> Result<Vec<Vec<Option<Term>>>, StatsError> {
    match store.query(query)? {
        QueryAnswer::Solutions { rows, .. } => Ok(rows),
        _ => Ok(Vec::new()),
    }
}

/// The plain value of a cell: a literal's text, an IRI as is.
fn value(cell: &Option<Term>) -> Option<String> {
    match cell.as_ref()? {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::Literal(l) => Some(l.value().to_string()),
        other => Some(display_term(other)),
    }
}

fn count(cell: &Option<Term>) -> usize {
    value(cell).and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn local(iri: &str) -> String {
    iri.rsplit(['#', '/']).next().unwrap_or(iri).to_string()
}

/// petgraph's PageRank compares every pair of nodes on each round: right for the networks a
/// news desk builds, too slow past a few thousand nodes, where this sparse power iteration of
/// the same model (undirected edges, damping 0.85) takes over.
const DENSE_PAGERANK_LIMIT: usize = 2_000;

fn pagerank(graph: &UnGraph<usize, ()>) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    if n <= DENSE_PAGERANK_LIMIT {
        // petgraph walks `edges(v)`, which for an undirected graph gives both directions.
        return petgraph::algo::page_rank(graph, 0.85_f64, 50);
    }
    let damping = 0.85;
    let mut ranks = vec![1.0 / n as f64; n];
    for _ in 0..50 {
        let mut next = vec![0.0; n];
        let mut dangling = 0.0;
        for v in graph.node_indices() {
            let degree = graph.edges(v).count();
            if degree == 0 {
                dangling += ranks[v.index()];
                continue;
            }
            let share = ranks[v.index()] / degree as f64;
            for e in graph.edges(v) {
                next[e.target().index()] += share;
            }
        }
        let base = (1.0 - damping) / n as f64 + damping * dangling / n as f64;
        for r in &mut next {
            *r = base + damping * *r;
        }
        ranks = next;
    }
    ranks
}

impl Stats {
    /// Reads the store and computes everything; `top` bounds the lists of people,
    /// organizations and groups.
    pub fn compute(store: &Store, top: usize) -> Result<Stats, StatsError> {
        let articles = rows(
            store,
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }",
        )?
        .first()
        .and_then(|r| r.first())
        .map_or(0, count);

        let mut entities = BTreeMap::new();
        for row in rows(
            store,
            "SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
               VALUES ?class { schema:Person schema:Organization schema:Place schema:Country
                               schema:City schema:AdministrativeArea schema:Continent }
               GRAPH dp:entities { ?e a ?class }
             } GROUP BY ?class",
        )? {
            if let (Some(class), Some(n)) = (value(&row[0]), row.get(1)) {
                entities.insert(local(&class), count(n));
            }
        }

        let events = rows(
            store,
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event }",
        )?
        .first()
        .and_then(|r| r.first())
        .map_or(0, count);
        let mut event_classes = BTreeMap::new();
        for row in rows(
            store,
            "SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
               ?e a sem:Event ; a ?class FILTER(?class != sem:Event)
             } GROUP BY ?class",
        )? {
            if let (Some(class), Some(n)) = (value(&row[0]), row.get(1)) {
                event_classes.insert(local(&class), count(n));
            }
        }

        // The network: persons and organizations, with one name each.
        let mut names: HashMap<String, (String, &'static str)> = HashMap::new();
        for row in rows(
            store,
            "SELECT ?x ?class (MIN(STR(?label)) AS ?name) WHERE {
               VALUES ?class { schema:Person schema:Organization }
               GRAPH dp:entities { ?x a ?class OPTIONAL { ?x rdfs:label ?label } }
             } GROUP BY ?x ?class",
        )? {
            let Some(iri) = value(&row[0]) else { continue };
            let kind = match value(&row[1]).as_deref().map(local).as_deref() {
                Some("Person") => "person",
                _ => "organization",
            };
            let name = value(&row[2]).unwrap_or_else(|| local(&iri));
            // A thing typed both ways counts as a person.
            names
                .entry(iri)
                .and_modify(|e| {
                    if kind == "person" {
                        e.1 = kind
                    }
                })
                .or_insert((name, kind));
        }
        let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
        let mut add_pair = |a: String, b: String| {
            if a != b && names.contains_key(&a) && names.contains_key(&b) {
                pairs.insert(if a < b { (a, b) } else { (b, a) });
            }
        };
        // The pairs, from their summaries in the entities graph (crate::aggregates): one node
        // per pair that met or acted together in a held meeting, where reading every
        // article's dp:met and every meeting's actors grew with the store.
        for row in rows(
            store,
            "SELECT ?a ?b WHERE { GRAPH dp:entities { ?pair a dp:PairSummary ; dp:person1 ?a ; dp:person2 ?b } }",
        )? {
            if let (Some(a), Some(b)) = (value(&row[0]), value(&row[1])) {
                add_pair(a, b);
            }
        }

        let mut graph: UnGraph<usize, ()> = UnGraph::new_undirected();
        let nodes: Vec<&String> = pairs
            .iter()
            .flat_map(|(a, b)| [a, b])
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: HashMap<&String, NodeIndex> = nodes
            .iter()
            .enumerate()
            .map(|(i, iri)| (*iri, graph.add_node(i)))
            .collect();
        for (a, b) in &pairs {
            graph.add_edge(index[a], index[b], ());
        }
        let ranks = pagerank(&graph);
        let mut connected: Vec<Connected> = nodes
            .iter()
            .map(|iri| {
                let i = index[iri];
                let (name, kind) = names
                    .get(*iri)
                    .cloned()
                    .unwrap_or_else(|| (local(iri), "person"));
                Connected {
                    iri: (*iri).clone(),
                    name,
                    kind,
                    degree: graph.neighbors(i).count(),
                    pagerank: (ranks.get(i.index()).copied().unwrap_or(0.0) * 1e6).round() / 1e6,
                }
            })
            .collect();
        connected.sort_by(|a, b| {
            b.pagerank
                .total_cmp(&a.pagerank)
                .then(b.degree.cmp(&a.degree))
                .then(a.name.cmp(&b.name))
                .then(a.iri.cmp(&b.iri))
        });

        let mut union = UnionFind::<usize>::new(graph.node_count());
        for e in graph.edge_indices() {
            if let Some((a, b)) = graph.edge_endpoints(e) {
                union.union(a.index(), b.index());
            }
        }
        let rank_order: HashMap<&str, usize> = connected
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iri.as_str(), i))
            .collect();
        let mut groups: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
        for (i, iri) in nodes.iter().enumerate() {
            groups.entry(union.find(i)).or_default().push(iri);
        }
        let group_count = groups.len();
        let mut groups: Vec<Group> = groups
            .into_values()
            .map(|mut members| {
                members.sort_by_key(|iri| rank_order.get(iri.as_str()).copied());
                Group {
                    size: members.len(),
                    members: members
                        .iter()
                        .map(|iri| names.get(*iri).map_or_else(|| local(iri), |n| n.0.clone()))
                        .collect(),
                }
            })
            .collect();
        groups.sort_by(|a, b| b.size.cmp(&a.size).then(a.members.cmp(&b.members)));
        groups.truncate(top);

        let span = |query: &str| -> Result<Span, StatsError> {
            let found = rows(store, query)?;
            let row = found.first();
            Ok(Span {
                from: row.and_then(|r| value(&r[0])),
                to: row.and_then(|r| value(&r[1])),
            })
        };
        let event_span = span(
            "SELECT (MIN(?d) AS ?from) (MAX(?d) AS ?to) WHERE {
               ?e a sem:Event .
               { ?e sem:hasTimeStamp ?t } UNION { ?e sem:hasBeginTimeStamp ?t } UNION { ?e sem:hasEndTimeStamp ?t }
               BIND(STR(?t) AS ?d)
             }",
        )?;
        let article_span = span(
            "SELECT (MIN(?d) AS ?from) (MAX(?d) AS ?to) WHERE {
               ?a a schema:NewsArticle ; schema:datePublished ?p BIND(STR(?p) AS ?d)
             }",
        )?;

        let network_nodes = connected.len();
        let network_pairs = pairs.len();
        let organizations: Vec<Connected> = connected
            .iter()
            .filter(|c| c.kind == "organization")
            .take(top)
            .cloned()
            .collect();
        let people: Vec<Connected> = connected
            .into_iter()
            .filter(|c| c.kind == "person")
            .take(top)
            .collect();
        Ok(Stats {
            store: store.location().to_string(),
            triples: store.len()?,
            articles,
            entities,
            events,
            event_classes,
            network_nodes,
            network_pairs,
            people,
            organizations,
            group_count,
            groups,
            event_span,
            article_span,
        })
    }

    /// The statistics in `format`.
    pub fn write(&self, format: StatsFormat) -> String {
        let row = StatsFormat::TABLE
            .iter()
            .find(|f| f.value == format)
            .expect("every format has a row");
        (row.writer)(self)
    }

    /// The statistics as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The statistics as aligned text for a terminal.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let list = |map: &BTreeMap<String, usize>| {
            map.iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let span = |s: &Span| match (&s.from, &s.to) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "none".to_string(),
        };
        let _ = writeln!(
            out,
            "store            {} ({} triples)",
            self.store, self.triples
        );
        let _ = writeln!(out, "articles         {}", self.articles);
        let _ = writeln!(out, "entities         {}", list(&self.entities));
        let _ = writeln!(
            out,
            "events           {}{}",
            self.events,
            if self.event_classes.is_empty() {
                String::new()
            } else {
                format!(": {}", list(&self.event_classes))
            }
        );
        let _ = writeln!(out, "events dated     {}", span(&self.event_span));
        let _ = writeln!(out, "articles dated   {}", span(&self.article_span));
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let _ = writeln!(
            out,
            "who met whom     {}, {}, {}",
            plural(
                self.network_nodes,
                "person or organization",
                "people and organizations"
            ),
            plural(self.network_pairs, "pair", "pairs"),
            plural(self.group_count, "connected group", "connected groups"),
        );
        for (title, list) in [
            ("most connected people", &self.people),
            ("most connected organizations", &self.organizations),
        ] {
            if list.is_empty() {
                continue;
            }
            let width = list
                .iter()
                .map(|c| c.name.chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            let _ = writeln!(out, "\n{title}\n{:<width$}  degree  pagerank", "name");
            for c in list {
                let _ = writeln!(
                    out,
                    "{:<width$}  {:>6}  {:>8.4}",
                    c.name, c.degree, c.pagerank
                );
            }
        }
        if !self.groups.is_empty() {
            let _ = writeln!(out, "\nlargest connected groups\nsize  members");
            for g in &self.groups {
                let mut members = g
                    .members
                    .iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if g.members.len() > 8 {
                    let _ = write!(members, ", and {} more", g.members.len() - 8);
                }
                let _ = writeln!(out, "{:>4}  {members}", g.size);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stats_format_has_one_row_and_its_name() {
        for format in [StatsFormat::Table, StatsFormat::Json] {
            let rows: Vec<_> = StatsFormat::TABLE
                .iter()
                .filter(|f| f.value == format)
                .collect();
            assert_eq!(rows.len(), 1, "{format:?}");
            assert!(StatsFormat::ALL.contains(&(rows[0].name, format)));
        }
        assert_eq!(StatsFormat::ALL.len(), StatsFormat::TABLE.len());
    }

    #[test]
    fn pagerank_of_a_star_favours_the_centre() {
        let mut g: UnGraph<usize, ()> = UnGraph::new_undirected();
        let centre = g.add_node(0);
        for i in 1..4 {
            let leaf = g.add_node(i);
            g.add_edge(centre, leaf, ());
        }
        let ranks = pagerank(&g);
        assert!(
            ranks[0] > ranks[1] && (ranks[1] - ranks[3]).abs() < 1e-9,
            "{ranks:?}"
        );
        assert!((ranks.iter().sum::<f64>() - 1.0).abs() < 1e-6);
    }
}
