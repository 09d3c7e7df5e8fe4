//! Entities and events to quads, in the vocabulary of the contract.
//!
//! IRIs are deterministic: an entity's IRI comes from its type and name (or its gazetteer id),
//! so the same person in two articles is one node; an event's IRI comes from its article and its
//! position. Any name gives a valid IRI: letters are folded to ASCII, anything else is
//! percent-encoded.
//!
//! ```
//! use depeche_extract::rdf::slug;
//! assert_eq!(slug("Sergueï Ivanov"), "serguei-ivanov");
//! assert_eq!(slug("金正恩"), "%E9%87%91%E6%AD%A3%E6%81%A9");
//! ```

use crate::article::{Article, Lang};
use crate::coref::Entity;
use crate::events::{Event, Modality};
use crate::lexicon::{EventClass, GazKind, Lexicon};
use crate::mentions::EntityType;
use crate::segment::Sentence;
use crate::timex::TimeValue;
use crate::vocab::{dp, owl, prov, rdf, rdfs, schema, sem, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;

/// A readable IRI path segment for any name.
pub fn slug(name: &str) -> String {
    let folded = crate::lexicon::fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            ' ' => out.push('-'),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    if out.is_empty() {
        // Names made only of punctuation still need a stable, valid segment.
        for b in name.bytes() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

fn iri(s: String) -> NamedNode {
    // Every segment is slugged, so this only fails on a bad --base, which the CLI checks first.
    NamedNode::new(s).unwrap_or_else(|e| {
        NamedNode::new_unchecked(format!("urn:depeche:invalid:{}", slug(&e.to_string())))
    })
}

/// Checks that a base IRI is usable.
pub fn check_base(base: &str) -> Result<(), String> {
    NamedNode::new(format!("{base}x"))
        .map(|_| ())
        .map_err(|e| format!("the base IRI {base:?} is not valid: {e}"))
}

/// The IRI of an article (and of its named graph).
pub fn article_iri(base: &str, article: &Article) -> NamedNode {
    iri(format!("{base}article/{}", slug(&article.id)))
}

/// The gazetteer entry that is this entity, when its kind agrees with the entity's type: a
/// person whom context tells apart from the town of the same name is not that town, and must
/// not share its IRI, other-language names or GeoNames link.
fn gazetteer_identity(e: &Entity, lex: &Lexicon) -> Option<usize> {
    let g = e.gaz?;
    let organization = lex.gazetteer.entries[g].kind == GazKind::Organization;
    match e.etype {
        EntityType::Person => None,
        EntityType::Organization => organization.then_some(g),
        EntityType::Place => (!organization).then_some(g),
    }
}

/// The IRI of an entity.
pub fn entity_iri(base: &str, e: &Entity, lex: &Lexicon) -> NamedNode {
    if let Some(g) = gazetteer_identity(e, lex) {
        let entry = &lex.gazetteer.entries[g];
        let id = entry
            .key
            .split_once(':')
            .map_or(entry.key.as_str(), |(_, id)| id);
        // Organization keys are curated slugs already; places carry their GeoNames id, since
        // place names repeat across the world.
        return match entry.kind {
            GazKind::Organization => iri(format!("{base}org/{}", slug(id))),
            _ => iri(format!("{base}place/{}-{}", slug(&entry.name_en), slug(id))),
        };
    }
    let kind = match e.etype {
        EntityType::Person => "person",
        EntityType::Organization => "org",
        EntityType::Place => "place",
    };
    iri(format!("{base}{kind}/{}", slug(&e.label)))
}

fn class_name(c: EventClass) -> (&'static str, NamedNodeRef<'static>) {
    match c {
        EventClass::Meeting => ("meeting", dp::MEETING),
        EventClass::Visit => ("visit", dp::VISIT),
        EventClass::Statement => ("statement", dp::STATEMENT),
        EventClass::Handover => ("handover", dp::HANDOVER),
        EventClass::Military => ("military-action", dp::MILITARY_ACTION),
        EventClass::Casualties => ("casualties", dp::MILITARY_ACTION),
    }
}

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

/// The quads of one article as they are stated, in a form that is cheap to sort: each subject and
/// predicate is written down once and named by its position.
struct Out {
    graph: GraphName,
    subjects: Vec<NamedNode>,
    subject_ids: FxHashMap<String, u32>,
    predicates: Vec<NamedNodeRef<'static>>,
    predicate_ids: FxHashMap<&'static str, u32>,
    /// (subject, predicate, object), in the order they were added.
    triples: Vec<(u32, u32, Term)>,
    /// The node of each country described so far, by gazetteer index.
    countries: FxHashMap<usize, NamedNode>,
}

impl Out {
    fn new(graph: GraphName) -> Out {
        Out {
            graph,
            subjects: Vec::new(),
            subject_ids: FxHashMap::default(),
            predicates: Vec::new(),
            predicate_ids: FxHashMap::default(),
            // About what an article of a few entities and events gives, so the list seldom grows.
            triples: Vec::with_capacity(256),
            countries: FxHashMap::default(),
        }
    }

    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'static>, o: impl Into<Term>) {
        // A node's statements are mostly made one after the other: the last subject is checked
        // before the table is.
        let subject = match self.triples.last() {
            Some(&(last, _, _)) if self.subjects[last as usize] == *s => last,
            _ => match self.subject_ids.get(s.as_str()) {
                Some(&known) => known,
                None => {
                    let new = self.subjects.len() as u32;
                    self.subject_ids.insert(s.as_str().to_owned(), new);
                    self.subjects.push(s.clone());
                    new
                }
            },
        };
        let predicate = *self.predicate_ids.entry(p.as_str()).or_insert_with(|| {
            self.predicates.push(p);
            (self.predicates.len() - 1) as u32
        });
        self.triples.push((subject, predicate, o.into()));
    }

    /// The quads in the order of their N-Quads lines, so that the output is stable, each once.
    ///
    /// Subjects and predicates are IRIs, written `<iri>`: since an IRI never holds a `>`, their
    /// lines compare as the IRIs followed by `>` do, and only quads that share both need their
    /// objects written out to be ordered.
    fn into_sorted(self) -> Vec<Quad> {
        let Out {
            graph,
            subjects,
            predicates,
            triples,
            ..
        } = self;
        let subject_rank = ranks(subjects.iter().map(NamedNode::as_str));
        let predicate_rank = ranks(predicates.iter().map(|p| p.as_str()));
        // The position breaks ties, which makes the unstable sort keep the order of addition.
        let mut order: Vec<(u32, u32, u32)> = triples
            .iter()
            .enumerate()
            .map(|(k, &(s, p, _))| {
                (
                    subject_rank[s as usize],
                    predicate_rank[p as usize],
                    k as u32,
                )
            })
            .collect();
        order.sort_unstable();
        let mut objects: Vec<Option<Term>> = Vec::with_capacity(triples.len());
        let mut keys: Vec<(u32, u32)> = Vec::with_capacity(triples.len());
        for (s, p, o) in triples {
            keys.push((s, p));
            objects.push(Some(o));
        }
        let mut sorted = Vec::with_capacity(order.len());
        let mut emit = |k: u32, objects: &mut [Option<Term>]| {
            let (s, p) = keys[k as usize];
            if let Some(o) = objects[k as usize].take() {
                sorted.push(Quad::new(
                    subjects[s as usize].clone(),
                    predicates[p as usize].into_owned(),
                    o,
                    graph.clone(),
                ));
            }
        };
        let mut same: Vec<u32> = Vec::new();
        let mut written: Vec<(String, u32)> = Vec::new();
        for run in order.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            if let [one] = run {
                emit(one.2, &mut objects);
                continue;
            }
            same.clear();
            same.extend(run.iter().map(|t| t.2));
            let object = |k: &u32| {
                objects[*k as usize]
                    .as_ref()
                    .expect("each object is taken once")
            };
            if same.iter().all(|k| matches!(object(k), Term::NamedNode(_))) {
                let iri = |k: &u32| match object(k) {
                    Term::NamedNode(n) => n.as_str(),
                    _ => unreachable!("only named nodes here"),
                };
                same.sort_by(|a, b| iri_order(iri(a), iri(b)));
                same.dedup_by(|a, b| iri(a) == iri(b));
            } else {
                written.clear();
                written.extend(same.iter().map(|k| (object(k).to_string(), *k)));
                written.sort_by(|a, b| a.0.cmp(&b.0));
                written.dedup_by(|a, b| a.0 == b.0);
                same.clear();
                same.extend(written.iter().map(|w| w.1));
            }
            for &k in &same {
                emit(k, &mut objects);
            }
        }
        sorted
    }
}

/// Each IRI's position in the order of [`iri_order`].
fn ranks<'s>(iris: impl Iterator<Item = &'s str>) -> Vec<u32> {
    let iris: Vec<&str> = iris.collect();
    let mut by_order: Vec<u32> = (0..iris.len() as u32).collect();
    by_order.sort_unstable_by(|&a, &b| iri_order(iris[a as usize], iris[b as usize]));
    let mut rank = vec![0; iris.len()];
    for (r, &k) in by_order.iter().enumerate() {
        rank[k as usize] = r as u32;
    }
    rank
}

/// The order of `<a>` and `<b>` as N-Quads writes them.
fn iri_order(a: &str, b: &str) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    let closed = |iri: &str| iri.as_bytes().get(n).copied().unwrap_or(b'>');
    a.as_bytes()[..n]
        .cmp(&b.as_bytes()[..n])
        .then_with(|| closed(a).cmp(&closed(b)))
}

fn lit(s: &str, lang: Lang) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, lang.tag())
}

/// Whether a year has the four-digit lexical form every reader of xsd:date takes: chrono writes
/// year 10000 as `+10000`, which is no xsd:date at all. Dates out there are dropped, not bent.
fn plain_year(year: i32) -> bool {
    (1..=9999).contains(&year)
}

fn time_quads(out: &mut Out, s: &NamedNode, t: TimeValue) {
    let year_ok = match t {
        TimeValue::Day(d) => plain_year(chrono::Datelike::year(&d)),
        TimeValue::Month(y, _) | TimeValue::Year(y) => plain_year(y),
        TimeValue::Span(a, b) => {
            plain_year(chrono::Datelike::year(&a)) && plain_year(chrono::Datelike::year(&b))
        }
    };
    if !year_ok {
        return;
    }
    match t {
        TimeValue::Day(d) => out.add(
            s,
            sem::HAS_TIME_STAMP,
            Literal::new_typed_literal(d.format("%Y-%m-%d").to_string(), xsd::DATE),
        ),
        TimeValue::Month(..) => out.add(
            s,
            sem::HAS_TIME_STAMP,
            Literal::new_typed_literal(t.iso(), xsd::G_YEAR_MONTH),
        ),
        TimeValue::Year(..) => out.add(
            s,
            sem::HAS_TIME_STAMP,
            Literal::new_typed_literal(t.iso(), xsd::G_YEAR),
        ),
        TimeValue::Span(a, b) => {
            out.add(
                s,
                sem::HAS_BEGIN_TIME_STAMP,
                Literal::new_typed_literal(a.format("%Y-%m-%d").to_string(), xsd::DATE),
            );
            out.add(
                s,
                sem::HAS_END_TIME_STAMP,
                Literal::new_typed_literal(b.format("%Y-%m-%d").to_string(), xsd::DATE),
            );
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment;
    use crate::vocab::DEFAULT_BASE;
    use chrono::NaiveDate;

    /// A person the article names, with a nationality if given.
    fn person(label: &str, country: Option<usize>) -> Entity {
        Entity {
            etype: EntityType::Person,
            gaz: None,
            place_kind: None,
            label: label.to_string(),
            names: BTreeSet::from([label.to_string()]),
            mentions: Vec::new(),
            roles: Vec::new(),
            country,
        }
    }

    /// A meeting stated by the first sentence.
    fn meeting(
        actors: Vec<usize>,
        places: Vec<usize>,
        day: Option<&str>,
        modality: Option<Modality>,
    ) -> Event {
        Event {
            class: EventClass::Meeting,
            evidence: vec![0],
            actors,
            places,
            time: day.map(|d| TimeValue::Day(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())),
            recipient: None,
            object: None,
            count: None,
            trigger: "met".to_string(),
            modality,
            anaphoric: false,
            apart: false,
            pending: false,
        }
    }

    /// The triples the mapper writes, as `<s> <p> <o>` (the graph is the article's for all).
    fn triples(lang: Lang, text: &str, entities: &[Entity], events: &[Event]) -> BTreeSet<String> {
        let lex = Lexicon::bundled();
        let article = Article::from_text("berg.txt", text).unwrap();
        let sentences = segment::segment(text, lex.lang(lang));
        let input = Input {
            article: &article,
            lang,
            sentences: &sentences,
            entities,
            events,
            lex,
            base: DEFAULT_BASE,
        };
        let (graph, quads) = quads(&input);
        assert!(
            quads
                .iter()
                .all(|q| q.graph_name == GraphName::NamedNode(graph.clone())),
            "every quad in the article's graph"
        );
        quads
            .iter()
            .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
            .collect()
    }

    #[test]
    fn entities_and_events_give_their_quads() {
        let lex = Lexicon::bundled();
        let gaz = |name: &str, kind: GazKind| {
            lex.gazetteer
                .lookup(name)
                .find(|e| e.kind == kind)
                .unwrap_or_else(|| panic!("{name} in the gazetteer"))
                .index
        };
        let (lisbon, portugal) = (
            gaz("Lisbon", GazKind::City),
            gaz("Portugal", GazKind::Country),
        );
        let lisbon_node = Entity {
            etype: EntityType::Place,
            gaz: Some(lisbon),
            place_kind: Some(GazKind::City),
            label: "Lisbon".to_string(),
            names: BTreeSet::from(["Lisbon".to_string()]),
            mentions: Vec::new(),
            roles: Vec::new(),
            country: None,
        };
        let geonames = |g: usize| {
            format!(
                "<https://sws.geonames.org/{}/>",
                lex.gazetteer.entries[g].geonames.unwrap()
            )
        };
        let portugal_iri = format!(
            "<{}>",
            entity_iri(DEFAULT_BASE, &gaz_entity(lex, portugal, Lang::En), lex).as_str()
        );
        let (berg, mendes, lisbon_iri) = (
            "<https://purl.org/depeche/id/person/anna-berg>",
            "<https://purl.org/depeche/id/person/joao-mendes>",
            format!("<{}>", entity_iri(DEFAULT_BASE, &lisbon_node, lex).as_str()),
        );
        let en = "Anna Berg met Joao Mendes in Lisbon on Monday.";
        let fr = "Anna Berg a rencontré Joao Mendes lundi à Lisbonne.";
        let event = "<https://purl.org/depeche/id/event/berg/meeting-1>";
        let ty = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
        let label = "<http://www.w3.org/2000/01/rdf-schema#label>";
        let met = "<https://purl.org/depeche/ns#met>";
        // (what, language, text, entities, events, triples that must be written, triples that must not)
        type Case<'a> = (
            &'a str,
            Lang,
            &'a str,
            Vec<Entity>,
            Vec<Event>,
            Vec<String>,
            Vec<String>,
        );
        let cases: Vec<Case> = vec![
            (
                "a person with a nationality",
                Lang::En,
                en,
                vec![person("Joao Mendes", Some(portugal))],
                vec![],
                vec![
                    format!("{mendes} {ty} <https://schema.org/Person>"),
                    format!("{mendes} {label} \"Joao Mendes\"@en"),
                    format!("{mendes} <https://schema.org/nationality> {portugal_iri}"),
                    format!("{portugal_iri} {ty} <https://schema.org/Country>"),
                    format!("{portugal_iri} <http://www.w3.org/2002/07/owl#sameAs> {}", geonames(portugal)),
                ],
                vec![],
            ),
            (
                "a city of the gazetteer, named in both languages",
                Lang::En,
                en,
                vec![lisbon_node.clone()],
                vec![],
                vec![
                    format!("{lisbon_iri} {ty} <https://schema.org/Place>"),
                    format!("{lisbon_iri} {ty} <https://schema.org/City>"),
                    format!("{lisbon_iri} {label} \"Lisbon\"@en"),
                    format!("{lisbon_iri} {label} \"{}\"@fr", lex.gazetteer.entries[lisbon].name_fr),
                    format!("{lisbon_iri} <http://www.w3.org/2002/07/owl#sameAs> {}", geonames(lisbon)),
                ],
                vec![],
            ),
            (
                "a meeting held",
                Lang::En,
                en,
                vec![person("Anna Berg", None), person("Joao Mendes", None), lisbon_node.clone()],
                vec![meeting(vec![0, 1], vec![2], Some("2019-03-11"), None)],
                vec![
                    format!("{event} {ty} <http://semanticweb.cs.vu.nl/2009/11/sem/Event>"),
                    format!("{event} {ty} <https://purl.org/depeche/ns#Meeting>"),
                    format!("{event} {label} \"Meeting : Anna Berg – Joao Mendes, 2019-03-11\"@en"),
                    format!("{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasActor> {berg}"),
                    format!("{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasActor> {mendes}"),
                    format!("{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace> {lisbon_iri}"),
                    format!("{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp> \"2019-03-11\"^^<http://www.w3.org/2001/XMLSchema#date>"),
                    format!("{event} <https://purl.org/depeche/ns#evidence> \"{en}\""),
                    format!("{berg} {met} {mendes}"),
                    format!("{mendes} {met} {berg}"),
                ],
                vec![],
            ),
            (
                "a meeting held, in French: the label of the class in that language",
                Lang::Fr,
                fr,
                vec![person("Anna Berg", None), person("Joao Mendes", None)],
                vec![meeting(vec![0, 1], vec![], None, None)],
                vec![format!("{event} {label} \"Rencontre : Anna Berg – Joao Mendes\"@fr"), format!("{berg} {met} {mendes}")],
                vec![],
            ),
            (
                "a meeting only planned: its modality, and no one met",
                Lang::En,
                en,
                vec![person("Anna Berg", None), person("Joao Mendes", None)],
                vec![meeting(vec![0, 1], vec![], None, Some(Modality::Planned))],
                vec![format!("{event} <https://purl.org/depeche/ns#modality> <https://purl.org/depeche/ns#Planned>")],
                vec![format!("{berg} {met} {mendes}"), format!("{mendes} {met} {berg}")],
            ),
        ];
        for (what, lang, text, entities, events, present, absent) in cases {
            let written = triples(lang, text, &entities, &events);
            for t in &present {
                assert!(
                    written.contains(t),
                    "{what}: missing {t}\nwritten:\n{}",
                    written.iter().cloned().collect::<Vec<_>>().join("\n")
                );
            }
            for t in &absent {
                assert!(!written.contains(t), "{what}: unexpected {t}");
            }
        }
    }
}
