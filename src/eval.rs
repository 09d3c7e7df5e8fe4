//! Scoring extraction against gold files: entity P/R/F1, meeting pairs, strict meeting facts.
//!
//! The same metrics and matching rules as the shared evaluation scorer (`score.py`): a predicted
//! entity matches a gold entity when any of its names equals any gold name after folding case,
//! accents, punctuation and a leading article; a duplicate node or a wrong type is a false
//! positive; a strict meeting fact is a pair with the gold place among its places and the gold
//! date among its dates.
//!
//! ```
//! use depeche::eval::{Counts};
//! let c = Counts { tp: 9, fp: 1, fn_: 1 };
//! assert!((c.f1() - 0.9).abs() < 1e-9);
//! ```

use crate::vocab::{dp, rdf, schema, sem};
use oxigraph::model::{Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Counts {
    /// Precision (1 when nothing was predicted and nothing was missed).
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            return if self.fn_ == 0 { 1.0 } else { 0.0 };
        }
        self.tp as f64 / (self.tp + self.fp) as f64
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            return 1.0;
        }
        self.tp as f64 / (self.tp + self.fn_) as f64
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Scores of one article or of a whole set.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Entities.
    pub entities: Counts,
    /// Who-met-whom pairs.
    pub pairs: Counts,
    /// Pair + place + date.
    pub strict: Counts,
    /// Gold entities not found.
    pub missed_entities: Vec<String>,
    /// Predicted entities that match nothing (or duplicates, or wrong types).
    pub extra_entities: Vec<String>,
    /// Gold meeting facts not found.
    pub missed_meetings: Vec<String>,
    /// Predicted meeting facts that match nothing.
    pub extra_meetings: Vec<String>,
}

/// Why a gold file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// Unreadable file.
    #[error("cannot read the gold file {path}: {source}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// Malformed gold.
    #[error("{path} is not a valid gold file: {message}")]
    Format {
        /// Path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Clone, serde::Deserialize)]
struct GoldEntity {
    #[serde(rename = "type")]
    etype: String,
    names: Vec<String>,
    #[serde(default)]
    optional: bool,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn set(v: &Option<OneOrMany>) -> Option<BTreeSet<String>> {
        v.as_ref().map(|v| match v {
            OneOrMany::One(s) => [s.clone()].into(),
            OneOrMany::Many(m) => m.iter().cloned().collect(),
        })
    }
}

#[derive(Debug, Clone, serde::Deserialize)]
struct GoldMeeting {
    actors: Vec<String>,
    place: Option<OneOrMany>,
    date: Option<OneOrMany>,
    #[serde(default)]
    optional: bool,
}

/// One gold file.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Gold {
    /// Identifier.
    pub id: String,
    /// The article path, relative to the gold file.
    pub article: String,
    /// Language.
    pub lang: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    entities: BTreeMap<String, GoldEntity>,
    #[serde(default)]
    meetings: Vec<GoldMeeting>,
}

impl Gold {
    /// Reads a gold file.
    pub fn read(path: &Path) -> Result<Gold, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| EvalError::Format {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Reads a gold file, or every `*.json` of a folder, sorted by name.
    pub fn read_all(path: &Path) -> Result<Vec<(PathBuf, Gold)>, EvalError> {
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|source| EvalError::Io {
                    path: path.to_path_buf(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            v.sort();
            v
        } else {
            vec![path.to_path_buf()]
        };
        files
            .into_iter()
            .map(|f| Gold::read(&f).map(|g| (f, g)))
            .collect()
    }

    /// The article path resolved against the gold file's folder.
    pub fn article_path(&self, gold_file: &Path) -> PathBuf {
        gold_file
            .parent()
            .unwrap_or(Path::new("."))
            .join(&self.article)
    }
}

/// Folds a name the way the scorer does: accents, case, punctuation, a leading article.
pub fn norm(name: &str) -> String {
    let folded = crate::lexicon::fold(&name.replace(['\'', '.'], " "));
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    while words.first().is_some_and(|w| {
        matches!(
            *w,
            "le" | "la" | "les" | "l" | "the" | "un" | "une" | "a" | "an"
        )
    }) {
        words.remove(0);
    }
    words.join(" ")
}

const NAME_PREDICATES: &[&str] = &[
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://schema.org/name",
    "https://schema.org/alternateName",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
];

/// Scores one article's quads against its gold.
pub fn score(gold: &Gold, quads: &[Quad]) -> Score {
    let mut out: HashMap<String, Vec<(&str, &Term)>> = HashMap::new();
    for q in quads {
        out.entry(q.subject.to_string())
            .or_default()
            .push((q.predicate.as_str(), &q.object));
    }
    let types = |node: &str| -> BTreeSet<String> {
        out.get(node).map_or(BTreeSet::new(), |v| {
            v.iter()
                .filter(|(p, _)| *p == rdf::TYPE.as_str())
                .filter_map(|(_, o)| {
                    if let Term::NamedNode(n) = o {
                        Some(n.as_str().to_string())
                    } else {
                        None
                    }
                })
                .collect()
        })
    };
    let names = |node: &str| -> BTreeSet<String> {
        out.get(node).map_or(BTreeSet::new(), |v| {
            v.iter()
                .filter(|(p, _)| NAME_PREDICATES.contains(p))
                .filter_map(|(_, o)| {
                    if let Term::Literal(l) = o {
                        Some(l.value().to_string())
                    } else {
                        None
                    }
                })
                .collect()
        })
    };
    let mut index: HashMap<String, Vec<&str>> = HashMap::new();
    for (key, e) in &gold.entities {
        for n in &e.names {
            index.entry(norm(n)).or_default().push(key);
        }
    }
    let map_entity = |names: &BTreeSet<String>, kind: Option<&str>| -> Option<String> {
        let keys: Vec<&str> = names
            .iter()
            .flat_map(|n| index.get(&norm(n)).cloned().unwrap_or_default())
            .collect();
        let same: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| Some(gold.entities[*k].etype.as_str()) == kind)
            .collect();
        same.first().or(keys.first()).map(|k| k.to_string())
    };
    let kinds = [
        (schema::PERSON, "Person"),
        (schema::ORGANIZATION, "Organization"),
        (schema::PLACE, "Place"),
    ];
    let mut s = Score::default();
    let mut node_key: HashMap<String, Option<String>> = HashMap::new();
    let mut seen = BTreeSet::new();
    let mut nodes: Vec<&String> = out.keys().collect();
    nodes.sort();
    for node in nodes {
        let t = types(node);
        let Some(kind) = kinds
            .iter()
            .find(|(iri, _)| t.contains(iri.as_str()))
            .map(|k| k.1)
        else {
            continue;
        };
        let ns = names(node);
        let key = map_entity(&ns, Some(kind));
        node_key.insert(node.clone(), key.clone());
        let shown = format!(
            "{kind}:{}",
            ns.iter().cloned().collect::<Vec<_>>().join("|")
        );
        match key {
            None => {
                s.entities.fp += 1;
                s.extra_entities.push(shown);
            }
            Some(k) if gold.entities[&k].optional => {}
            Some(k) if gold.entities[&k].etype == kind && !seen.contains(&k) => {
                seen.insert(k);
                s.entities.tp += 1;
            }
            Some(k) => {
                s.entities.fp += 1;
                s.extra_entities.push(format!("{shown} (as {k})"));
            }
        }
    }
    for (k, e) in &gold.entities {
        if !e.optional && !seen.contains(k) {
            s.entities.fn_ += 1;
            s.missed_entities.push(k.clone());
        }
    }
    let key_of = |node: &str| -> Option<String> {
        node_key
            .get(node)
            .cloned()
            .unwrap_or_else(|| map_entity(&names(node), None))
    };
    type Fact = ((String, String), BTreeSet<String>, BTreeSet<String>);
    let mut pred_pairs = BTreeSet::new();
    let mut pred_facts: BTreeSet<Fact> = BTreeSet::new();
    for (node, props) in &out {
        // A planned, cancelled or hypothetical meeting claims nothing happened: not scored.
        if !types(node).contains(dp::MEETING.as_str())
            || props.iter().any(|(p, _)| *p == dp::MODALITY.as_str())
        {
            continue;
        }
        let objs = |p: &str| -> Vec<&Term> {
            props
                .iter()
                .filter(|(q, _)| *q == p)
                .map(|(_, o)| *o)
                .collect()
        };
        let actors: BTreeSet<String> = objs(sem::HAS_ACTOR.as_str())
            .iter()
            .filter(|o| !matches!(o, Term::Literal(_)))
            .map(|o| key_of(&o.to_string()).unwrap_or_else(|| format!("?{o}")))
            .collect();
        let places: BTreeSet<String> = objs(sem::HAS_PLACE.as_str())
            .iter()
            .filter_map(|o| key_of(&o.to_string()))
            .collect();
        let dates: BTreeSet<String> = [sem::HAS_TIME_STAMP, sem::HAS_BEGIN_TIME_STAMP]
            .iter()
            .flat_map(|p| objs(p.as_str()))
            .filter_map(|o| {
                if let Term::Literal(l) = o {
                    Some(l.value().chars().take(10).collect())
                } else {
                    None
                }
            })
            .collect();
        let a: Vec<String> = actors.into_iter().collect();
        for i in 0..a.len() {
            for j in i + 1..a.len() {
                let pair = (a[i].clone(), a[j].clone());
                pred_pairs.insert(pair.clone());
                pred_facts.insert((pair, places.clone(), dates.clone()));
            }
        }
    }
    let mut gold_pairs = BTreeSet::new();
    let mut optional_pairs = BTreeSet::new();
    type GoldFact = (
        (String, String),
        Option<BTreeSet<String>>,
        Option<BTreeSet<String>>,
    );
    let mut gold_facts: Vec<GoldFact> = Vec::new();
    let mut optional_facts: Vec<GoldFact> = Vec::new();
    for m in &gold.meetings {
        let a: Vec<String> = m
            .actors
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for i in 0..a.len() {
            for j in i + 1..a.len() {
                let fact = (
                    (a[i].clone(), a[j].clone()),
                    OneOrMany::set(&m.place),
                    OneOrMany::set(&m.date),
                );
                if m.optional {
                    optional_pairs.insert(fact.0.clone());
                    optional_facts.push(fact);
                } else {
                    gold_pairs.insert(fact.0.clone());
                    gold_facts.push(fact);
                }
            }
        }
    }
    let optional_pairs: BTreeSet<_> = optional_pairs.difference(&gold_pairs).cloned().collect();
    s.pairs = Counts {
        tp: pred_pairs.intersection(&gold_pairs).count(),
        fp: pred_pairs
            .iter()
            .filter(|p| !gold_pairs.contains(*p) && !optional_pairs.contains(*p))
            .count(),
        fn_: gold_pairs.difference(&pred_pairs).count(),
    };
    let matches = |f: &Fact, g: &GoldFact| {
        f.0 == g.0
            && g.1.as_ref().is_none_or(|p| !p.is_disjoint(&f.1))
            && g.2.as_ref().is_none_or(|d| !d.is_disjoint(&f.2))
    };
    let show =
        |pair: &(String, String), p: String, d: String| format!("{}+{} @{p} {d}", pair.0, pair.1);
    let mut used = BTreeSet::new();
    for g in &gold_facts {
        match pred_facts
            .iter()
            .find(|f| !used.contains(*f) && matches(f, g))
        {
            Some(f) => {
                used.insert(f.clone());
            }
            None => s.missed_meetings.push(show(
                &g.0,
                g.1.as_ref().map_or("-".into(), |p| {
                    p.iter().cloned().collect::<Vec<_>>().join("|")
                }),
                g.2.as_ref().map_or("-".into(), |d| {
                    d.iter().cloned().collect::<Vec<_>>().join("|")
                }),
            )),
        }
    }
    for f in &pred_facts {
        if !used.contains(f) && !optional_facts.iter().any(|g| matches(f, g)) {
            s.extra_meetings.push(show(
                &f.0,
                f.1.iter().cloned().collect::<Vec<_>>().join("|"),
                f.2.iter().cloned().collect::<Vec<_>>().join("|"),
            ));
        }
    }
    s.strict = Counts {
        tp: used.len(),
        fp: s.extra_meetings.len(),
        fn_: s.missed_meetings.len(),
    };
    s
}

/// Adds up per-article scores.
pub fn total<'a>(scores: impl IntoIterator<Item = &'a Score>) -> Score {
    let mut t = Score::default();
    for s in scores {
        t.entities.add(&s.entities);
        t.pairs.add(&s.pairs);
        t.strict.add(&s.strict);
    }
    t
}

/// Extracts the article of a gold file (with the gold's language and date) and scores it.
pub fn run_gold(
    gold_file: &Path,
    gold: &Gold,
    options: &crate::pipeline::Options,
) -> Result<Score, crate::article::ArticleError> {
    let overrides = crate::article::Overrides {
        date: gold.date.as_deref().and_then(crate::article::parse_date),
        lang: gold.lang.as_deref().and_then(crate::article::Lang::parse),
    };
    let articles = crate::article::read_all(&[gold.article_path(gold_file)], &overrides)?;
    let quads: Vec<Quad> = articles
        .iter()
        .flat_map(|a| crate::pipeline::extract(a, options).quads)
        .collect();
    Ok(score(gold, &quads))
}

/// The scorer's report: a line per article, the misses and extras with `verbose`, then totals.
///
/// ```
/// use depeche::eval::{report, Score};
/// let text = report(&[("a".to_string(), Score::default())], false);
/// assert!(text.contains("total strict"));
/// ```
pub fn report(scores: &[(String, Score)], verbose: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:28} {:>6} {:>6} {:>7} {:>8}",
        "doc", "ent P", "ent R", "pairF1", "strictF1"
    );
    for (id, s) in scores {
        let _ = writeln!(
            out,
            "{id:28} {:6.2} {:6.2} {:7.2} {:8.2}",
            s.entities.precision(),
            s.entities.recall(),
            s.pairs.f1(),
            s.strict.f1()
        );
        if verbose {
            for (label, items) in [
                ("missed entity ", &s.missed_entities),
                ("extra entity  ", &s.extra_entities),
                ("missed meeting", &s.missed_meetings),
                ("extra meeting ", &s.extra_meetings),
            ] {
                for item in items {
                    let _ = writeln!(out, "    {label} {item}");
                }
            }
        }
    }
    let t = total(scores.iter().map(|(_, s)| s));
    for (name, c) in [
        ("entities", t.entities),
        ("pairs", t.pairs),
        ("strict", t.strict),
    ] {
        let _ = writeln!(
            out,
            "total {name:9} P={:.3} R={:.3} F1={:.3}  (tp={} fp={} fn={})",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    out
}
