//! One article's quads as stated, put in N-Quads' stable order; literals and time values.

use crate::article::Lang;
use crate::timex::TimeValue;
use crate::vocab::{sem, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use rustc_hash::FxHashMap;

/// The quads of one article as they are stated, in a form that is cheap to sort: each subject and
/// predicate is written down once and named by its position.
pub(super) struct Out {
    pub(super) graph: GraphName,
    pub(super) subjects: Vec<NamedNode>,
    pub(super) subject_ids: FxHashMap<String, u32>,
    pub(super) predicates: Vec<NamedNodeRef<'static>>,
    pub(super) predicate_ids: FxHashMap<&'static str, u32>,
    /// (subject, predicate, object), in the order they were added.
    pub(super) triples: Vec<(u32, u32, Term)>,
    /// The node of each country described so far, by gazetteer index.
    pub(super) countries: FxHashMap<usize, NamedNode>,
}

impl Out {
    pub(super) fn new(graph: GraphName) -> Out {
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

    pub(super) fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'static>, o: impl Into<Term>) {
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
    pub(super) fn into_sorted(self) -> Vec<Quad> {
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
pub(super) fn ranks<'s>(iris: impl Iterator<Item = &'s str>) -> Vec<u32> {
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
pub(super) fn iri_order(a: &str, b: &str) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    let closed = |iri: &str| iri.as_bytes().get(n).copied().unwrap_or(b'>');
    a.as_bytes()[..n]
        .cmp(&b.as_bytes()[..n])
        .then_with(|| closed(a).cmp(&closed(b)))
}

pub(super) fn lit(s: &str, lang: Lang) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, lang.tag())
}

/// Whether a year has the four-digit lexical form every reader of xsd:date takes: chrono writes
/// year 10000 as `+10000`, which is no xsd:date at all. Dates out there are dropped, not bent.
pub(super) fn plain_year(year: i32) -> bool {
    (1..=9999).contains(&year)
}

pub(super) fn time_quads(out: &mut Out, s: &NamedNode, t: TimeValue) {
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
