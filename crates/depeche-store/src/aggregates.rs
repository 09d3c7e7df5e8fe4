//! Summaries kept in the entities graph ([`crate::store::ENTITIES_GRAPH`]) for the questions
//! asked all the time, so that they are answered from a few thousand nodes instead of every
//! article that states them:
//!
//! - one `dp:PairSummary` node per pair of agents that met (`dp:met`, stated in an article
//!   graph) or acted together in a meeting reported as held: `dp:person1` and `dp:person2` (the
//!   IRIs in string order), and, for a `dp:met` pair, `dp:articleCount` (the distinct articles
//!   stating `<person1> dp:met <person2>`), `dp:firstDate` and `dp:lastDate` (the meeting's date
//!   when the article gives one, else the article's publication date) and `dp:language` (the
//!   least language of those articles), as `queries/who-met-whom.rq` used to compute them from
//!   the article graphs; `dp:meetingCount`, the meetings reported as held that had both as
//!   actors, when there are some (the network of `depeche stats` joins both kinds);
//! - one `dp:RoleSummary` node per person, role and title (`dp:holdsRole`, `schema:jobTitle`):
//!   `dp:person`, `dp:role`, `dp:title`, each `dp:holder` (`dp:roleOf`) and `dp:language` of
//!   the articles stating it, `dp:articleCount`, `dp:firstDate` and `dp:lastDate` (publication
//!   dates).
//!
//! They are derived summaries, not facts: each node is a function of the article graphs that
//! state something about its agents, recomputed whole from them (never added to), so the
//! store stays a function of the set of articles, not their order. Names are not stored: the
//! queries read them from the entities graph, one lookup per row.
//!
//! A write refreshes the summaries of every agent its articles (new and replaced) name;
//! locally the refresh waits with the mention counts and runs when they are settled, under the
//! same `dp:countsPending` marker (see `store/counts.rs`); a store without
//! `dp:entities dp:summariesVersion` (written before the summaries existed, or stopped during
//! a rebuild) has them rebuilt from all article graphs.
//!
//! Everything is SPARQL over the store's query and update front, so a remote store (Oxigraph,
//! Virtuoso 7.2) keeps the same nodes. The arithmetic (counts, least and greatest dates) is done
//! here from plain rows: no aggregate or expression runs inside an update, which is what
//! Virtuoso 7.2 failed to compile before.

use crate::store::{QueryAnswer, StoreError};
use depeche_extract::vocab;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, Term, TermRef};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The version of the summaries' layout, stored as `dp:entities dp:summariesVersion` once they
/// are complete: a store without it (or with another) has them rebuilt.
pub const SUMMARIES_VERSION: u32 = 1;

/// Where summary nodes are named: `…/summary/pair-<md5>`, `…/summary/role-<md5>`.
pub const SUMMARY_BASE: &str = "https://purl.org/depeche/id/summary/";

/// Agents refreshed per round of queries and update: small enough that one request stays
/// small and one answer bounded, large enough that a large store takes few rounds (Oxigraph
/// reads each round's OPTIONAL parts over the whole store, so a round costs about what the
/// store's `dp:met` statements do, whatever its size).
const AGENTS_PER_ROUND: usize = 2_000;

/// Summary triples written per `INSERT DATA`: one request stays some megabytes.
const TRIPLES_PER_INSERT: usize = 20_000;

/// Runs a query (prefixes of the contract pre-declared).
pub(crate) type QueryFn<'a> = Box<dyn Fn(&str) -> Result<QueryAnswer, StoreError> + 'a>;

/// Runs an update (prefixes of the contract pre-declared).
pub(crate) type UpdateFn<'a> = Box<dyn Fn(&str) -> Result<(), StoreError> + 'a>;

/// How the summaries are read from and written to a store: its query and its update, run by
/// a caller that holds the store's write lock.
pub(crate) struct Sparql<'a> {
    /// Runs a query (prefixes of the contract pre-declared).
    pub(crate) query: QueryFn<'a>,
    /// Runs an update (prefixes of the contract pre-declared).
    pub(crate) update: UpdateFn<'a>,
}

/// The agents an article's quads say something summarized about: both ends of `dp:met`, the
/// holder of a `dp:holdsRole`, and the actors of a meeting.
pub(crate) fn agents(quads: &[Quad]) -> BTreeSet<NamedNode> {
    let meetings: HashSet<&NamedOrBlankNode> = quads
        .iter()
        .filter(|q| {
            q.predicate.as_ref() == vocab::rdf::TYPE
                && matches!(q.object.as_ref(), TermRef::NamedNode(c) if c == vocab::dp::MEETING)
        })
        .map(|q| &q.subject)
        .collect();
    let mut found = BTreeSet::new();
    for q in quads {
        let p = q.predicate.as_ref();
        let subject = match &q.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n),
            _ => None,
        };
        let object = match &q.object {
            Term::NamedNode(n) => Some(n),
            _ => None,
        };
        if p == vocab::dp::MET {
            found.extend(subject.cloned());
            found.extend(object.cloned());
        } else if p == vocab::dp::HOLDS_ROLE {
            found.extend(subject.cloned());
        } else if p == vocab::sem::HAS_ACTOR && meetings.contains(&q.subject) {
            found.extend(object.cloned());
        }
    }
    found
}

/// `ASK`: the summaries are complete, in this layout.
pub fn current_query() -> String {
    format!("ASK {{ GRAPH dp:entities {{ dp:entities dp:summariesVersion {SUMMARIES_VERSION} }} }}")
}

/// Whether the store's summaries are complete and in this layout.
pub(crate) fn is_current(sparql: &Sparql) -> Result<bool, StoreError> {
    Ok(matches!(
        (sparql.query)(&current_query())?,
        QueryAnswer::Boolean(true)
    ))
}

/// Whether a query reads the summaries (names their classes): [`crate::store::Store::query`]
/// then makes sure a store written before they existed has them
/// ([`crate::store::Store::ensure_summaries`]) rather than answer empty.
pub fn reads_summaries(sparql: &str) -> bool {
    ["PairSummary", "RoleSummary", "articleCount"]
        .iter()
        .any(|class| sparql.contains(class))
}

/// Whether a quad of the store is part of the summaries: about a summary node, or the version
/// saying they are complete.
pub fn is_summary(quad: &Quad) -> bool {
    matches!(&quad.subject, NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(SUMMARY_BASE))
        || quad.predicate.as_ref() == vocab::dp::SUMMARIES_VERSION
}

/// `ASK`: the store holds at least one article graph.
const ANY_ARTICLE: &str = "ASK { GRAPH ?g { ?g a schema:NewsArticle } }";

/// Whether the store holds articles but not their summaries in this layout (written before
/// they existed, or a rebuild was stopped): a store without articles has nothing to summarize.
pub(crate) fn are_missing(sparql: &Sparql) -> Result<bool, StoreError> {
    Ok(!is_current(sparql)? && matches!((sparql.query)(ANY_ARTICLE)?, QueryAnswer::Boolean(true)))
}

fn named(cell: Option<&Option<Term>>) -> Option<NamedNode> {
    match cell {
        Some(Some(Term::NamedNode(n))) => Some(n.clone()),
        _ => None,
    }
}

fn literal(cell: Option<&Option<Term>>) -> Option<Literal> {
    match cell {
        Some(Some(Term::Literal(l))) => Some(l.clone()),
        _ => None,
    }
}

/// The lexical form of a cell, as SPARQL's `STR` gives it.
fn text(cell: Option<&Option<Term>>) -> Option<String> {
    match cell {
        Some(Some(Term::Literal(l))) => Some(l.value().to_string()),
        Some(Some(Term::NamedNode(n))) => Some(n.as_str().to_string()),
        _ => None,
    }
}

fn summary_iri(kind: &str, key: &[&str]) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{SUMMARY_BASE}{kind}-{}",
        crate::remote::md5_hex(&key.join(" "))
    ))
}

/// A `dp:met` pair (or co-actors) being summed up.
#[derive(Default)]
struct Pair {
    articles: BTreeSet<String>,
    first: Option<String>,
    last: Option<String>,
    language: Option<Literal>,
    meetings: BTreeSet<NamedNode>,
}

/// A person's role under one title being summed up.
#[derive(Default)]
struct RoleSum {
    articles: BTreeSet<String>,
    first: Option<String>,
    last: Option<String>,
    /// In N-Triples form, as written.
    languages: BTreeSet<String>,
    holders: BTreeSet<NamedNode>,
}

fn widen(first: &mut Option<String>, last: &mut Option<String>, date: Option<String>) {
    if let Some(d) = date {
        if first.as_ref().is_none_or(|f| d < *f) {
            *first = Some(d.clone());
        }
        if last.as_ref().is_none_or(|l| d > *l) {
            *last = Some(d);
        }
    }
}

fn values(nodes: &[NamedNode]) -> String {
    nodes.iter().map(|n| format!("{n} ")).collect()
}

/// `VALUES variable { … }` over `agents`, or nothing for every agent.
fn restrict(variable: &str, agents: Option<&[NamedNode]>) -> String {
    agents.map_or_else(String::new, |agents| {
        format!("VALUES {variable} {{ {}}}", values(agents))
    })
}

/// `dp:met` statements about the agents (`values`, a `VALUES` clause or nothing), with what the
/// summary needs of their article.
fn met_query(values: &str) -> String {
    format!(
        "SELECT DISTINCT ?s ?o ?g ?published ?language ?when WHERE {{
           {values}
           GRAPH ?g {{
             ?s dp:met ?o .
             OPTIONAL {{ ?g schema:datePublished ?published }}
             OPTIONAL {{ ?g schema:inLanguage ?language }}
             OPTIONAL {{ ?meeting a dp:Meeting ; sem:hasActor ?s, ?o ; sem:hasTimeStamp ?when }}
           }}
           FILTER(?g != dp:entities)
         }}"
    )
}

/// The updates that set the summaries of `agents` (`None`: of every agent, the old summaries
/// being gone already) to what the article graphs state now: every summary node naming one of
/// them removed, the recomputed ones inserted. Returns the agents summarized.
fn refresh_round(
    sparql: &Sparql,
    agents: Option<&[NamedNode]>,
) -> Result<BTreeSet<NamedNode>, StoreError> {
    let mut pairs: BTreeMap<(NamedNode, NamedNode), Pair> = BTreeMap::new();
    let positions: &[&str] = if agents.is_some() {
        &["?s", "?o"]
    } else {
        &["?s"]
    };
    for position in positions {
        for row in (sparql.query)(&met_query(&restrict(position, agents)))?.into_rows() {
            let (Some(s), Some(o), Some(g)) =
                (named(row.first()), named(row.get(1)), text(row.get(2)))
            else {
                continue;
            };
            // Stated in both directions; the summary counts the one in string order, as
            // who-met-whom always has. A row found from both ends counts once: the articles are
            // a set, the dates and language least and greatest.
            if s.as_str() >= o.as_str() {
                continue;
            }
            let pair = pairs.entry((s, o)).or_default();
            pair.articles.insert(g);
            let date = text(row.get(5)).or_else(|| text(row.get(3)));
            widen(&mut pair.first, &mut pair.last, date);
            if let Some(language) = literal(row.get(4)) {
                if pair
                    .language
                    .as_ref()
                    .is_none_or(|l| language.value() < l.value())
                {
                    pair.language = Some(language);
                }
            }
        }
    }
    let co_actors = format!(
        "SELECT DISTINCT ?s ?o ?m WHERE {{
           {}
           GRAPH ?g {{ ?m a dp:Meeting ; sem:hasActor ?s, ?o . FILTER NOT EXISTS {{ ?m dp:modality ?any }} }}
           FILTER(?g != dp:entities && ?s != ?o)
         }}",
        restrict("?s", agents)
    );
    for row in (sparql.query)(&co_actors)?.into_rows() {
        let (Some(a), Some(b), Some(m)) =
            (named(row.first()), named(row.get(1)), named(row.get(2)))
        else {
            continue;
        };
        let key = if a.as_str() < b.as_str() {
            (a, b)
        } else {
            (b, a)
        };
        pairs.entry(key).or_default().meetings.insert(m);
    }
    let roles_query = format!(
        "SELECT DISTINCT ?person ?role ?jobTitle ?g ?published ?language ?holder WHERE {{
           {}
           GRAPH ?g {{
             ?person dp:holdsRole ?role .
             ?role schema:jobTitle ?jobTitle .
             OPTIONAL {{ ?g schema:datePublished ?published }}
             OPTIONAL {{ ?g schema:inLanguage ?language }}
             OPTIONAL {{ ?role dp:roleOf ?holder }}
           }}
           FILTER(?g != dp:entities)
         }}",
        restrict("?person", agents)
    );
    let mut roles: BTreeMap<(NamedNode, NamedNode, String), RoleSum> = BTreeMap::new();
    for row in (sparql.query)(&roles_query)?.into_rows() {
        let (Some(person), Some(role), Some(title), Some(g)) = (
            named(row.first()),
            named(row.get(1)),
            text(row.get(2)),
            text(row.get(3)),
        ) else {
            continue;
        };
        let sum = roles.entry((person, role, title)).or_default();
        sum.articles.insert(g);
        widen(&mut sum.first, &mut sum.last, text(row.get(4)));
        sum.languages
            .extend(literal(row.get(5)).map(|l| l.to_string()));
        sum.holders.extend(named(row.get(6)));
    }
    let old: Vec<NamedNode> = match agents {
        Some(agents) => (sparql.query)(&format!(
            "SELECT DISTINCT ?n WHERE {{
               VALUES ?x {{ {}}}
               GRAPH dp:entities {{ ?n ?link ?x FILTER(?link IN (dp:person1, dp:person2, dp:person)) }}
             }}",
            values(agents)
        ))?.into_rows()
        .into_iter()
        .filter_map(|row| named(row.first()))
        .collect(),
        None => Vec::new(),
    };
    let mut summarized = BTreeSet::new();
    for (a, b) in pairs.keys() {
        summarized.insert(a.clone());
        summarized.insert(b.clone());
    }
    summarized.extend(roles.keys().map(|(person, _, _)| person.clone()));
    let mut data = String::new();
    let integer = |n: usize| Literal::new_typed_literal(n.to_string(), vocab::xsd::INTEGER);
    let plain = |s: &str| Literal::new_simple_literal(s);
    for ((a, b), pair) in &pairs {
        let node = summary_iri("pair", &[a.as_str(), b.as_str()]);
        data.push_str(&format!(
            "{node} a dp:PairSummary ; dp:person1 {a} ; dp:person2 {b} .\n"
        ));
        if !pair.articles.is_empty() {
            data.push_str(&format!(
                "{node} dp:articleCount {} .\n",
                integer(pair.articles.len())
            ));
        }
        if let Some(first) = &pair.first {
            data.push_str(&format!("{node} dp:firstDate {} .\n", plain(first)));
        }
        if let Some(last) = &pair.last {
            data.push_str(&format!("{node} dp:lastDate {} .\n", plain(last)));
        }
        if let Some(language) = &pair.language {
            data.push_str(&format!("{node} dp:language {language} .\n"));
        }
        if !pair.meetings.is_empty() {
            data.push_str(&format!(
                "{node} dp:meetingCount {} .\n",
                integer(pair.meetings.len())
            ));
        }
    }
    for ((person, role, title), sum) in &roles {
        let node = summary_iri("role", &[person.as_str(), role.as_str(), title]);
        data.push_str(&format!(
            "{node} a dp:RoleSummary ; dp:person {person} ; dp:role {role} ; dp:title {} ; dp:articleCount {} .\n",
            plain(title),
            integer(sum.articles.len())
        ));
        if let Some(first) = &sum.first {
            data.push_str(&format!("{node} dp:firstDate {} .\n", plain(first)));
        }
        if let Some(last) = &sum.last {
            data.push_str(&format!("{node} dp:lastDate {} .\n", plain(last)));
        }
        for language in &sum.languages {
            data.push_str(&format!("{node} dp:language {language} .\n"));
        }
        for holder in &sum.holders {
            data.push_str(&format!("{node} dp:holder {holder} .\n"));
        }
    }
    // The old nodes removed and the first part of the new inserted in one request, so that a
    // round small enough for one request is never seen half-done.
    let mut script = String::new();
    if !old.is_empty() {
        script.push_str(&format!(
            "DELETE {{ GRAPH dp:entities {{ ?n ?p ?o }} }} WHERE {{ VALUES ?n {{ {}}} GRAPH dp:entities {{ ?n ?p ?o }} }} ;\n",
            values(&old)
        ));
    }
    let lines: Vec<&str> = data.lines().collect();
    for part in lines.chunks(TRIPLES_PER_INSERT) {
        script.push_str(&format!(
            "INSERT DATA {{ GRAPH dp:entities {{\n{}\n}} }} ;\n",
            part.join("\n")
        ));
        (sparql.update)(&script)?;
        script.clear();
    }
    if !script.is_empty() {
        (sparql.update)(&script)?;
    }
    Ok(summarized)
}

/// Sets the summaries of `agents` to what the article graphs state now (see the module
/// documentation), in rounds of a few hundred agents.
pub(crate) fn refresh(sparql: &Sparql, agents: &BTreeSet<NamedNode>) -> Result<(), StoreError> {
    let agents: Vec<NamedNode> = agents.iter().cloned().collect();
    for round in agents.chunks(AGENTS_PER_ROUND) {
        refresh_round(sparql, Some(round))?;
    }
    Ok(())
}

/// Rebuilds every summary from the article graphs and records [`SUMMARIES_VERSION`]; returns
/// how many agents were summarized. The version is removed first, so a rebuild stopped half-way
/// is done again by the next writer.
pub(crate) fn rebuild(sparql: &Sparql) -> Result<usize, StoreError> {
    (sparql.update)(
        "DELETE { GRAPH dp:entities { dp:entities dp:summariesVersion ?v } }
         WHERE { GRAPH dp:entities { dp:entities dp:summariesVersion ?v } } ;
         DELETE { GRAPH dp:entities { ?n ?p ?o } }
         WHERE { GRAPH dp:entities { ?n a ?c . FILTER(?c IN (dp:PairSummary, dp:RoleSummary)) ?n ?p ?o } }",
    )?;
    // One pass over the whole store: rounds of agents would each read it again.
    let agents = refresh_round(sparql, None)?;
    (sparql.update)(&format!(
        "INSERT DATA {{ GRAPH dp:entities {{ dp:entities dp:summariesVersion {SUMMARIES_VERSION} }} }}"
    ))?;
    Ok(agents.len())
}

/// Brings the summaries up to date after a write: rebuilt when `stale` (a writer was stopped
/// before it refreshed them) or when the store has none in this layout, else refreshed for
/// `agents`.
pub(crate) fn settle(
    sparql: &Sparql,
    agents: &BTreeSet<NamedNode>,
    stale: bool,
) -> Result<(), StoreError> {
    if stale || !is_current(sparql)? {
        rebuild(sparql)?;
    } else {
        refresh(sparql, agents)?;
    }
    Ok(())
}

/// The query listing the agents named in some article graphs (`VALUES ?g`), for the articles a
/// remote write replaces.
pub(crate) const AGENTS_IN_GRAPHS: &str =
    "{ ?x dp:met ?y } UNION { ?x dp:holdsRole ?r } UNION { ?m a dp:Meeting ; sem:hasActor ?x }";

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::GraphName;

    #[test]
    fn agents_are_met_pairs_role_holders_and_meeting_actors() {
        let n = |s: &str| NamedNode::new_unchecked(format!("urn:{s}"));
        let g = GraphName::NamedNode(n("g"));
        let quads = vec![
            Quad::new(n("a"), vocab::dp::MET, n("b"), g.clone()),
            Quad::new(n("c"), vocab::dp::HOLDS_ROLE, n("r"), g.clone()),
            Quad::new(n("m"), vocab::rdf::TYPE, vocab::dp::MEETING, g.clone()),
            Quad::new(n("m"), vocab::sem::HAS_ACTOR, n("d"), g.clone()),
            Quad::new(n("v"), vocab::rdf::TYPE, vocab::dp::VISIT, g.clone()),
            Quad::new(n("v"), vocab::sem::HAS_ACTOR, n("e"), g.clone()),
        ];
        let found: Vec<String> = agents(&quads).iter().map(|a| a.to_string()).collect();
        assert_eq!(found, ["<urn:a>", "<urn:b>", "<urn:c>", "<urn:d>"]);
    }

    #[test]
    fn dates_widen_and_iris_are_stable() {
        let (mut first, mut last) = (None, None);
        for d in ["2017-09-12", "2016-06-18", "2017-01-01"] {
            widen(&mut first, &mut last, Some(d.to_string()));
        }
        widen(&mut first, &mut last, None);
        assert_eq!(first.as_deref(), Some("2016-06-18"));
        assert_eq!(last.as_deref(), Some("2017-09-12"));
        assert_eq!(
            summary_iri("pair", &["urn:a", "urn:b"]),
            summary_iri("pair", &["urn:a", "urn:b"])
        );
        assert_ne!(
            summary_iri("pair", &["urn:a", "urn:b"]),
            summary_iri("pair", &["urn:b", "urn:a"])
        );
    }
}
