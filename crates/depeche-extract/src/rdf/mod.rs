//! Entities and events to quads, in the vocabulary of the contract.
//!
//! IRIs are deterministic: an entity's IRI comes from its type and name (or its gazetteer id),
//! so the same person in two articles is one node; an event's IRI comes from its article and its
//! position. Any name gives a valid IRI: letters are folded to ASCII, anything else is
//! percent-encoded.
//!
//! This file states an article's facts as quads ([`quads`]); its parts: `iris` (the IRIs),
//! `graph` (the quads collected and put in their stable order, literals and times), `tests`.
//!
//! ```
//! use depeche_extract::rdf::slug;
//! assert_eq!(slug("Sergueï Ivanov"), "serguei-ivanov");
//! assert_eq!(slug("金正恩"), "%E9%87%91%E6%AD%A3%E6%81%A9");
//! ```

mod graph;
mod iris;
#[cfg(test)]
mod tests;

use crate::article::{Article, Lang};
use crate::coref::Entity;
use crate::events::{Event, Modality};
use crate::lexicon::{EventClass, GazKind, Lexicon};
use crate::mentions::EntityType;
use crate::segment::Sentence;
use crate::vocab::{dp, owl, prov, rdf, rdfs, schema, sem, xsd};
use graph::{lit, plain_year, time_quads, Out};
use iris::{class_name, gazetteer_identity, iri};
use oxrdf::{GraphName, Literal, NamedNode, Quad};
use std::collections::BTreeSet;

pub use iris::{article_iri, check_base, entity_iri, slug};

/// Everything the mapper reads.
pub struct Input<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its language.
    pub lang: Lang,
    /// Its sentences (in `article.body`).
    pub sentences: &'a [Sentence],
    /// Entities.
    pub entities: &'a [Entity],
    /// Events.
    pub events: &'a [Event],
    /// Lexicons.
    pub lex: &'a Lexicon,
    /// IRI base.
    pub base: &'a str,
}

/// Maps one article's extraction to quads in its own named graph, sorted.
pub fn quads(input: &Input) -> (NamedNode, Vec<Quad>) {
    let Input {
        article,
        lang,
        sentences,
        entities,
        events,
        lex,
        base,
    } = *input;
    let art = article_iri(base, article);
    let mut out = Out::new(GraphName::NamedNode(art.clone()));
    let text = article.body.as_str();

    out.add(&art, rdf::TYPE, schema::NEWS_ARTICLE.into_owned());
    if let Some(t) = &article.title {
        out.add(&art, schema::HEADLINE, lit(t, lang));
    }
    if let Some(d) = article
        .date
        .filter(|d| plain_year(chrono::Datelike::year(d)))
    {
        out.add(
            &art,
            schema::DATE_PUBLISHED,
            Literal::new_typed_literal(d.format("%Y-%m-%d").to_string(), xsd::DATE),
        );
    }
    out.add(
        &art,
        schema::IN_LANGUAGE,
        Literal::new_simple_literal(lang.tag()),
    );
    if let Some(src) = &article.source {
        out.add(&art, schema::PUBLISHER, Literal::new_simple_literal(src));
    }
    if let Some(url) = &article.url {
        match NamedNode::new(url.clone()) {
            Ok(u) => out.add(&art, schema::URL, u),
            Err(_) => out.add(&art, schema::URL, Literal::new_simple_literal(url)),
        }
    }

    let iris: Vec<NamedNode> = entities.iter().map(|e| entity_iri(base, e, lex)).collect();
    for (e, node) in entities.iter().zip(&iris) {
        out.add(&art, schema::MENTIONS, node.clone());
        let class = match e.etype {
            EntityType::Person => schema::PERSON,
            EntityType::Organization => schema::ORGANIZATION,
            EntityType::Place => schema::PLACE,
        };
        out.add(node, rdf::TYPE, class.into_owned());
        if e.etype == EntityType::Place {
            let finer = match e.place_kind {
                Some(GazKind::Country) => Some(schema::COUNTRY),
                Some(GazKind::City) => Some(schema::CITY),
                Some(GazKind::Region) => Some(schema::ADMINISTRATIVE_AREA),
                Some(GazKind::Continent) => Some(schema::CONTINENT),
                _ => None,
            };
            if let Some(f) = finer {
                out.add(node, rdf::TYPE, f.into_owned());
            }
        }
        out.add(node, rdfs::LABEL, lit(&e.label, lang));
        if let Some(g) = gazetteer_identity(e, lex) {
            // The gazetteer name in the other language is the label there.
            let entry = &lex.gazetteer.entries[g];
            for other in [Lang::Fr, Lang::En].into_iter().filter(|l| *l != lang) {
                if !entry.name(other).is_empty() {
                    out.add(node, rdfs::LABEL, lit(entry.name(other), other));
                }
            }
            for acro in &entry.acronyms {
                out.add(
                    node,
                    schema::ALTERNATE_NAME,
                    Literal::new_simple_literal(acro),
                );
            }
            if let Some(id) = entry.geonames {
                out.add(
                    node,
                    owl::SAME_AS,
                    iri(format!("https://sws.geonames.org/{id}/")),
                );
            }
        }
        for n in e.names.iter().filter(|n| **n != e.label) {
            out.add(node, schema::ALTERNATE_NAME, lit(n, lang));
        }
        if let Some(c) = e.country.filter(|_| e.etype != EntityType::Place) {
            let country = country_node(&mut out, base, lex, c, lang);
            // schema:nationality is defined for persons; an army or a ministry is "of" a country.
            let p = if e.etype == EntityType::Person {
                schema::NATIONALITY
            } else {
                dp::NATIONALITY
            };
            out.add(node, p, country);
        }
        out.add(node, prov::WAS_DERIVED_FROM, art.clone());
        for (role, si) in &e.roles {
            let mut role_id = format!("{}--{}", slug(&e.label), slug(&role.title));
            if let Some(c) = role.country {
                role_id.push_str("--");
                role_id.push_str(&slug(&lex.gazetteer.entries[c].name_en));
            }
            let r = iri(format!("{base}role/{role_id}"));
            out.add(node, dp::HOLDS_ROLE, r.clone());
            out.add(node, schema::JOB_TITLE, lit(&role.title, lang));
            out.add(&r, rdf::TYPE, schema::ROLE.into_owned());
            out.add(&r, rdf::TYPE, dp::ROLE.into_owned());
            out.add(&r, schema::JOB_TITLE, lit(&role.title, lang));
            let mut label = format!("{} ({})", role.title, e.label);
            if let Some(c) = role.country {
                let country = country_node(&mut out, base, lex, c, lang);
                out.add(&r, dp::ROLE_OF, country);
                label = format!(
                    "{} – {} ({})",
                    role.title,
                    lex.gazetteer.entries[c].name(lang),
                    e.label
                );
            }
            out.add(&r, rdfs::LABEL, lit(&label, lang));
            evidence(&mut out, &r, article, sentences, *si, text, &art);
        }
    }

    let mut counters = std::collections::HashMap::new();
    for ev in events {
        let (name, class) = class_name(ev.class);
        let n = counters.entry(name).and_modify(|n| *n += 1).or_insert(1);
        let node = iri(format!("{base}event/{}/{name}-{n}", slug(&article.id)));
        out.add(&node, rdf::TYPE, sem::EVENT.into_owned());
        out.add(&node, rdf::TYPE, class.into_owned());
        let mut label = lex.lang(lang).event_label(ev.class).to_string();
        let actor_names: Vec<&str> = ev
            .actors
            .iter()
            .map(|&a| entities[a].label.as_str())
            .collect();
        if !actor_names.is_empty() {
            label.push_str(&format!(" : {}", actor_names.join(" – ")));
        }
        if let Some(t) = ev.time {
            label.push_str(&format!(", {}", t.iso()));
        }
        out.add(&node, rdfs::LABEL, lit(&label, lang));
        for &a in &ev.actors {
            out.add(&node, sem::HAS_ACTOR, iris[a].clone());
        }
        for &p in &ev.places {
            out.add(&node, sem::HAS_PLACE, iris[p].clone());
        }
        if let Some(t) = ev.time {
            time_quads(&mut out, &node, t);
        }
        if let Some(r) = ev.recipient {
            out.add(&node, dp::RECIPIENT, iris[r].clone());
        }
        if let Some(o) = &ev.object {
            out.add(&node, dp::OBJECT, lit(o, lang));
        }
        if let Some(c) = ev.count {
            out.add(
                &node,
                dp::CASUALTIES,
                Literal::new_typed_literal(c.to_string(), xsd::INTEGER),
            );
        }
        out.add(&node, dp::TRIGGER, lit(&ev.trigger, lang));
        for (k, &si) in ev.evidence.iter().enumerate() {
            if k == 0 {
                evidence(&mut out, &node, article, sentences, si, text, &art);
            } else {
                let s = &sentences[si];
                out.add(
                    &node,
                    dp::EVIDENCE,
                    Literal::new_simple_literal(&text[s.start..s.end]),
                );
            }
        }
        if let Some(m) = ev.modality {
            let value = match m {
                Modality::Planned => dp::PLANNED,
                Modality::Cancelled => dp::CANCELLED,
                Modality::Hypothetical => dp::HYPOTHETICAL,
            };
            out.add(&node, dp::MODALITY, value.into_owned());
        }
        // A meeting the article does not report as held links no one: "who met whom" must not
        // answer with a summit that was called off.
        if ev.class == EventClass::Meeting && ev.modality.is_none() {
            let persons: Vec<usize> = ev
                .actors
                .iter()
                .copied()
                .filter(|&a| entities[a].etype == EntityType::Person)
                .collect();
            for &a in &persons {
                for &b in &persons {
                    if a != b {
                        out.add(&iris[a], dp::MET, iris[b].clone());
                    }
                }
            }
        }
    }
    (art, out.into_sorted())
}

fn evidence(
    out: &mut Out,
    node: &NamedNode,
    article: &Article,
    sentences: &[Sentence],
    si: usize,
    text: &str,
    art: &NamedNode,
) {
    let s = &sentences[si];
    out.add(node, prov::WAS_DERIVED_FROM, art.clone());
    out.add(
        node,
        dp::EVIDENCE,
        Literal::new_simple_literal(&text[s.start..s.end]),
    );
    // Offsets are bytes of the file as given, so "evidence" can be found in the original.
    let start = article.body.original_offset(s.start);
    let end = article.body.original_offset(s.end);
    out.add(
        node,
        dp::EVIDENCE_START,
        Literal::new_typed_literal(start.to_string(), xsd::INTEGER),
    );
    out.add(
        node,
        dp::EVIDENCE_END,
        Literal::new_typed_literal(end.to_string(), xsd::INTEGER),
    );
}

/// A country known only from a nationality adjective still gets its type and names, so that every
/// node the graph points to can be read on its own.
fn country_node(out: &mut Out, base: &str, lex: &Lexicon, g: usize, lang: Lang) -> NamedNode {
    // Described again, the country would give the same quads, which sorting drops as duplicates.
    if let Some(node) = out.countries.get(&g) {
        return node.clone();
    }
    let node = entity_iri(base, &gaz_entity(lex, g, lang), lex);
    let entry = &lex.gazetteer.entries[g];
    out.add(&node, rdf::TYPE, schema::PLACE.into_owned());
    out.add(&node, rdf::TYPE, schema::COUNTRY.into_owned());
    for l in [Lang::Fr, Lang::En] {
        if !entry.name(l).is_empty() {
            out.add(&node, rdfs::LABEL, lit(entry.name(l), l));
        }
    }
    if let Some(id) = entry.geonames {
        out.add(
            &node,
            owl::SAME_AS,
            iri(format!("https://sws.geonames.org/{id}/")),
        );
    }
    out.countries.insert(g, node.clone());
    node
}

fn gaz_entity(lex: &Lexicon, g: usize, lang: Lang) -> Entity {
    let entry = &lex.gazetteer.entries[g];
    Entity {
        etype: if entry.kind == GazKind::Organization {
            EntityType::Organization
        } else {
            EntityType::Place
        },
        gaz: Some(g),
        place_kind: Some(entry.kind),
        label: entry.name(lang).to_string(),
        names: BTreeSet::new(),
        mentions: Vec::new(),
        roles: Vec::new(),
        country: None,
    }
}
