//! The entities graph ([`ENTITIES_GRAPH`]): which of an article's quads describe an entity,
//! the `dp:mentionCount` quads, and the update that rebuilds descriptions from the articles.

use super::ArticleGraph;
use depeche_extract::vocab;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term, Triple};
use std::collections::HashSet;

/// The graph holding each entity's description once: its types, its labels (one per language
/// and spelling the articles use), its alternate names and its `owl:sameAs` links, and
/// `dp:mentionCount`, the number of article graphs that type it, kept up to date at ingest.
///
/// Article graphs keep their own copy (what each article says, replaced with the article);
/// this graph is their union without repetition, so a query that reads names here finds each
/// once, where the union default graph repeats them once per article.
pub const ENTITIES_GRAPH: oxigraph::model::NamedNodeRef<'static> = vocab::dp::ENTITIES;

/// The predicates of an entity's description.
const DESCRIPTION_PREDICATES: [oxigraph::model::NamedNodeRef<'static>; 4] = [
    vocab::rdf::TYPE,
    vocab::rdfs::LABEL,
    vocab::schema::ALTERNATE_NAME,
    vocab::owl::SAME_AS,
];

/// In SPARQL: the entities a graph `?g` describes, as `?s`.
pub(crate) const DESCRIBED_PATTERN: &str =
    "?s ?p ?o FILTER(?p IN (rdf:type, rdfs:label, schema:alternateName, owl:sameAs))
    FILTER NOT EXISTS { ?s a ?c FILTER(?c IN (sem:Event, schema:Role, schema:NewsArticle)) }";

/// The description triples among one article's quads: what it states with
/// `DESCRIPTION_PREDICATES` about anything but itself, its events and its roles.
pub fn descriptions(quads: &[Quad]) -> impl Iterator<Item = Triple> + '_ {
    let not_entities: HashSet<&NamedOrBlankNode> = quads
        .iter()
        .filter(|q| {
            q.predicate.as_ref() == vocab::rdf::TYPE
                && matches!(q.object.as_ref(), oxigraph::model::TermRef::NamedNode(c) if c == vocab::sem::EVENT || c == vocab::schema::ROLE || c == vocab::schema::NEWS_ARTICLE)
        })
        .map(|q| &q.subject)
        .collect();
    quads
        .iter()
        .filter(move |q| {
            DESCRIPTION_PREDICATES.contains(&q.predicate.as_ref())
                && !not_entities.contains(&q.subject)
        })
        .map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()))
}

/// The entities an article's quads type (Person, Organization, Place...): those whose
/// `dp:mentionCount` the article counts in.
pub(super) fn typed_entities(quads: &[Quad]) -> HashSet<NamedNode> {
    descriptions(quads)
        .filter(|t| t.predicate.as_ref() == vocab::rdf::TYPE)
        .filter_map(|t| match t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n),
            _ => None,
        })
        .collect()
}

/// The largest of the `dp:mentionCount` values among `quads`, 0 without one.
pub(super) fn max_count(quads: &[Quad]) -> i64 {
    quads
        .iter()
        .filter_map(|q| match &q.object {
            Term::Literal(l) => l.value().parse().ok(),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

pub(super) fn count_quad(entity: &NamedNode, count: i64) -> Quad {
    Quad::new(
        entity.clone(),
        vocab::dp::MENTION_COUNT,
        Literal::new_typed_literal(count.to_string(), vocab::xsd::INTEGER),
        ENTITIES_GRAPH,
    )
}

/// SPARQL Update that sets the entities graph's description of `entities` to the union of what
/// the article graphs state about them: run after a change that touches them outside
/// [`Store::write_articles`](super::Store::write_articles) (the identity step, a replaced article on a remote store).
pub fn refresh_entities(entities: &[NamedNode]) -> String {
    let values: String = entities.iter().map(|e| format!("{e} ")).collect();
    format!(
        "DELETE {{ GRAPH dp:entities {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values}}} GRAPH dp:entities {{ ?s ?p ?o }} }} ;
         INSERT {{ GRAPH dp:entities {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values}}} GRAPH ?g {{ ?s ?p ?o }}
           FILTER(?g != dp:entities && ?p IN (rdf:type, rdfs:label, schema:alternateName, owl:sameAs)) }} ;
         INSERT {{ GRAPH dp:entities {{ ?s dp:mentionCount ?n }} }} WHERE {{
           {{ SELECT ?s (COUNT(DISTINCT ?g) AS ?n) WHERE {{ VALUES ?s {{ {values}}} GRAPH ?g {{ ?s a ?t }} FILTER(?g != dp:entities) }} GROUP BY ?s }}
         }} ;
"
    )
}

/// Quads of one article for its graph, with its digest; returns how many.
pub(super) fn article_quads(article: &ArticleGraph, out: &mut Vec<Quad>) -> usize {
    let graph = &article.extraction.graph;
    let before = out.len();
    let mut written = HashSet::new();
    for quad in &article.extraction.quads {
        // The graph is forced to the article's: a stray quad elsewhere would escape
        // replacement on re-ingest and pile up as a duplicate.
        if written.insert(QuadRef::new(
            &quad.subject,
            &quad.predicate,
            &quad.object,
            graph.as_ref(),
        )) {
            out.push(Quad::new(
                quad.subject.clone(),
                quad.predicate.clone(),
                quad.object.clone(),
                graph.clone(),
            ));
        }
    }
    if !article.digest.is_empty() {
        out.push(Quad::new(
            graph.clone(),
            vocab::dp::DIGEST,
            Literal::new_simple_literal(article.digest),
            graph.clone(),
        ));
    }
    out.len() - before
}
