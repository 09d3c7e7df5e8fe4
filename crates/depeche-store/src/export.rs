//! Graph files from the store: a view's triples read with SPARQL, then written by the output
//! crate's writers ([`depeche_output::graph`]); re-exported as `depeche_store::export`.

pub use depeche_output::graph::*;

use crate::store::{serialize_quads, QueryAnswer, Store, StoreError};
use oxigraph::model::{GraphName, NamedNode, Quad, Term, Triple};
use std::collections::HashSet;
use std::io;

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
    /// Graphviz could not render the picture.
    #[error(transparent)]
    Graphviz(#[from] GraphvizError),
}

/// The quads a view (or a query) exports: the whole store with its article graphs, or the
/// triples of a CONSTRUCT/DESCRIBE query in the default graph.
fn source_quads(store: &Store, view: View, query: Option<&str>) -> Result<Vec<Quad>, ExportError> {
    match query.or(view.query()) {
        None => Ok(store.quads()?),
        Some(text) => Ok(query_triples(store, text)?
            .into_iter()
            .map(|t| t.in_graph(GraphName::DefaultGraph))
            .collect()),
    }
}

/// The quads a picture draws: the summaries ([`crate::aggregates`]) are bookkeeping, not
/// nodes of the graph (RDF exports keep them, as they keep the mention counts).
fn pictured(quads: Vec<Quad>) -> Vec<Quad> {
    quads
        .into_iter()
        .filter(|q| !crate::aggregates::is_summary(q))
        .collect()
}

fn query_triples(store: &Store, query: &str) -> Result<Vec<Triple>, ExportError> {
    match store.query(query)? {
        QueryAnswer::Graph(triples) => Ok(triples),
        QueryAnswer::Solutions { .. } => Err(ExportError::NotAGraphQuery("a SELECT query")),
        QueryAnswer::Boolean(_) => Err(ExportError::NotAGraphQuery("an ASK query")),
    }
}

/// Exports a view of the store, or the graph a `CONSTRUCT`/`DESCRIBE` query builds from it.
///
/// The whole store (the full view without a query) keeps its article graphs in N-Quads, TriG
/// and JSON-LD; a query's graph has none, and neither do the triple-only syntaxes (each triple
/// is then written once).
///
/// ```no_run
/// use depeche_store::export::{export, ExportFormat, View};
/// let store = depeche_store::store::Store::open_existing("depeche-store")?;
/// let dot = export(&store, ExportFormat::Dot, View::Full, Some("CONSTRUCT WHERE { ?a dp:met ?b }"))?;
/// let people = export(&store, ExportFormat::GraphMl, View::People, None)?;
/// # Ok::<_, depeche_store::export::ExportError>(())
/// ```
pub fn export(
    store: &Store,
    format: ExportFormat,
    view: View,
    query: Option<&str>,
) -> Result<Vec<u8>, ExportError> {
    let quads = source_quads(store, view, query)?;
    match format.rdf_format() {
        Some(rdf) => serialize_quads(&quads, rdf).map_err(|source| ExportError::Serialize {
            format: format.name(),
            source,
        }),
        None => Ok(draw(&distinct_triples(pictured(quads)), format, view)
            .unwrap_or_default()
            .into_bytes()),
    }
}

/// The two CSV files of a view, `(nodes.csv, edges.csv)`, drawn from one reading of the store
/// so that the edges only name nodes of the node list.
///
/// ```no_run
/// use depeche_store::export::{csv_files, View};
/// let store = depeche_store::store::Store::open_existing("depeche-store")?;
/// let (nodes, edges) = csv_files(&store, View::People, None)?;
/// # Ok::<_, depeche_store::export::ExportError>(())
/// ```
pub fn csv_files(
    store: &Store,
    view: View,
    query: Option<&str>,
) -> Result<(Vec<u8>, Vec<u8>), ExportError> {
    let quads = source_quads(store, view, query)?;
    let (nodes, edges) = csv_pair(&distinct_triples(pictured(quads)), view);
    Ok((nodes.into_bytes(), edges.into_bytes()))
}

/// The triples that show the resources named in a SELECT answer as a graph: each resource with
/// its types and literal values (labels, dates), the links between them, and for an event its
/// actors and place. Used by the browser page to draw any SELECT answer.
///
/// At most `limit` resources are drawn, the first ones met in the answer.
///
/// ```no_run
/// use depeche_store::export::{answer_graph, to_dot};
/// let store = depeche_store::store::Store::open_existing("depeche-store")?;
/// let answer = store.query("SELECT ?a ?b WHERE { ?a dp:met ?b }")?;
/// let dot = to_dot(&answer_graph(&store, &answer, 500)?);
/// # Ok::<_, depeche_store::export::ExportError>(())
/// ```
pub fn answer_graph(
    store: &Store,
    answer: &QueryAnswer,
    limit: usize,
) -> Result<Vec<Triple>, ExportError> {
    let mut seen = HashSet::new();
    let mut iris: Vec<&NamedNode> = Vec::new();
    match answer {
        QueryAnswer::Solutions { rows, .. } => {
            for term in rows.iter().flatten().flatten() {
                if let Term::NamedNode(n) = term {
                    if iris.len() < limit && seen.insert(n.as_str()) {
                        iris.push(n);
                    }
                }
            }
        }
        QueryAnswer::Graph(triples) => return Ok(triples.clone()),
        QueryAnswer::Boolean(_) => {}
    }
    if iris.is_empty() {
        return Ok(Vec::new());
    }
    let values: String = iris.iter().map(|n| format!("{n} ")).collect();
    // Entities are described once in the entities graph; read through the union their labels
    // and types would come once per article naming them. Other resources (events, articles,
    // roles) live in one article graph each.
    let described: HashSet<String> = match store.query(&format!(
        "SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {values} }} GRAPH dp:entities {{ ?x a ?t }} }}"
    ))? {
        QueryAnswer::Solutions { rows, .. } => rows
            .into_iter()
            .flatten()
            .flatten()
            .map(|t| t.to_string())
            .collect(),
        _ => HashSet::new(),
    };
    let (entities, others): (Vec<&NamedNode>, Vec<&NamedNode>) = iris
        .iter()
        .copied()
        .partition(|n| described.contains(&n.to_string()));
    let list = |nodes: &[&NamedNode]| -> String { nodes.iter().map(|n| format!("{n} ")).collect() };
    let (entities, others) = (list(&entities), list(&others));
    let members: String = iris
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let query = format!(
        "CONSTRUCT {{ ?x ?p ?o . ?x ?link ?y . ?x ?role ?n . ?n ?q ?z }}
         WHERE {{
           {{ VALUES ?x {{ {entities} }} GRAPH dp:entities {{ ?x ?p ?o }} FILTER(isLiteral(?o) || ?p = rdf:type) }}
           UNION {{ VALUES ?x {{ {others} }} ?x ?p ?o FILTER(isLiteral(?o) || ?p = rdf:type) }}
           UNION {{
             VALUES ?x {{ {others} }}
             VALUES ?link {{ sem:hasActor sem:hasPlace dp:recipient dp:holdsRole dp:roleOf dp:speaker
                             prov:wasDerivedFrom schema:mentions }}
             ?x ?link ?y FILTER(?y IN ({members}))
           }}
           UNION {{
             # An entity's links to other resources; not its provenance, one link per article.
             VALUES ?x {{ {entities} }}
             VALUES ?link {{ dp:holdsRole schema:nationality dp:nationality owl:sameAs }}
             ?x ?link ?y FILTER(?y IN ({members}))
           }}
           UNION {{
             # Who met whom, from the pairs' summaries: through the union, once per article.
             VALUES ?x {{ {entities} }}
             GRAPH dp:entities {{
               {{ ?pair dp:person1 ?x ; dp:person2 ?y }} UNION {{ ?pair dp:person2 ?x ; dp:person1 ?y }}
               ?pair dp:articleCount ?stated
             }}
             FILTER(?y IN ({members}))
             BIND(dp:met AS ?link)
           }}
           UNION {{
             VALUES ?x {{ {others} }}
             VALUES ?role {{ sem:hasActor sem:hasPlace }}
             ?x a sem:Event ; ?role ?n .
             GRAPH dp:entities {{ ?n ?q ?z }} FILTER(isLiteral(?z) || ?q = rdf:type)
           }}
         }}"
    );
    query_triples(store, &query)
}
