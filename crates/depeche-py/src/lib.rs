//! The Python module `depeche`: the extractor of `depeche-extract` for Python programs, notebooks
//! and Spark jobs.
//!
//! - `depeche.extract(text, lang=None, date=None, id=None)` reads one article the way
//!   `depeche extract FILE --lang L --date D` reads a file (a front-matter block is honoured, the
//!   arguments override it) and returns a dict: the article's quads as N-Quads, byte for byte
//!   what `depeche extract --format nquads` writes, and a summary.
//! - `depeche.extract_many(records)` reads dicts as `ingest` reads JSON Lines records (`id`,
//!   `text`, `date`, `lang`, `title`, `source`, `url`) and yields one such dict per record, in
//!   order; records are taken in batches and each batch is extracted on all cores with the GIL
//!   released.
//!
//! Both raise `depeche.ArticleError` (a `ValueError`) with one sentence for an article that
//! cannot be read (empty text, a bad date or language), `TypeError` for a value of the wrong type.

use depeche_extract::article::{self, Article, Lang, Overrides, Record};
use depeche_extract::pipeline::{self, Extraction, Options};
use depeche_extract::vocab::{dp, rdf, rdfs, sem};
use oxrdf::{NamedOrBlankNode, Quad, Term};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyString};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

pyo3::create_exception!(
    depeche,
    ArticleError,
    PyValueError,
    "An article that cannot be read: empty text, a date or language that is not one."
);

/// What `extract_many` takes before extracting, like `depeche extract`'s batches: enough work
/// for every core, little enough memory.
const BATCH_ARTICLES: usize = 256;
const BATCH_BYTES: usize = 8 << 20;

/// One meeting of an article, as its quads state it.
struct Meeting {
    event: String,
    actors: Vec<String>,
    place: Option<String>,
    date: Option<String>,
    modality: Option<String>,
    evidence: Option<String>,
}

/// One article's result, built without the GIL and turned into a dict with it.
struct Extracted {
    id: String,
    graph: String,
    nquads: String,
    entities: usize,
    events: usize,
    meetings: Vec<Meeting>,
    skipped: Vec<(usize, String)>,
}

fn run(article: &Article) -> Extracted {
    let Extraction {
        graph,
        quads,
        entities,
        events,
        skipped,
        ..
    } = pipeline::extract(article, &Options::default());
    Extracted {
        id: article.id.clone(),
        graph: graph.into_string(),
        nquads: nquads(&quads),
        entities,
        events,
        meetings: meetings(&quads),
        skipped: skipped
            .into_iter()
            .map(|s| (s.sentence, s.reason))
            .collect(),
    }
}

/// N-Quads as Oxigraph's serialiser writes them (`depeche extract --format nquads`): each quad
/// as oxrdf prints it, then ` .` and a line end.
fn nquads(quads: &[Quad]) -> String {
    let mut out = String::with_capacity(quads.len() * 160);
    for quad in quads {
        writeln!(out, "{quad} .").expect("writing to a String cannot fail");
    }
    out
}

/// The meetings of an article read back from its quads, so that the summary says exactly what
/// the graph says: actors and place by their label, the date as its literal.
fn meetings(quads: &[Quad]) -> Vec<Meeting> {
    let mut labels: HashMap<&NamedOrBlankNode, &str> = HashMap::new();
    let mut order: Vec<&NamedOrBlankNode> = Vec::new();
    for q in quads {
        if q.predicate.as_ref() == rdfs::LABEL {
            if let Term::Literal(l) = &q.object {
                labels.entry(&q.subject).or_insert(l.value());
            }
        } else if q.predicate.as_ref() == rdf::TYPE
            && q.object == Term::NamedNode(dp::MEETING.into_owned())
            && !order.contains(&&q.subject)
        {
            order.push(&q.subject);
        }
    }
    let name = |term: &Term| -> String {
        match term {
            Term::NamedNode(n) => labels
                .get(&NamedOrBlankNode::NamedNode(n.clone()))
                .map_or_else(|| n.as_str().to_string(), |l| (*l).to_string()),
            Term::BlankNode(b) => labels
                .get(&NamedOrBlankNode::BlankNode(b.clone()))
                .map_or_else(|| b.to_string(), |l| (*l).to_string()),
            Term::Literal(l) => l.value().to_string(),
            #[allow(unreachable_patterns)]
            other => other.to_string(),
        }
    };
    order
        .into_iter()
        .map(|event| {
            let about = || quads.iter().filter(move |q| &q.subject == event);
            let value = |predicate| {
                about()
                    .find(|q| q.predicate.as_ref() == predicate)
                    .map(|q| &q.object)
            };
            let literal = |predicate| match value(predicate) {
                Some(Term::Literal(l)) => Some(l.value().to_string()),
                _ => None,
            };
            // A span is written as its two ends, the way ISO 8601 writes an interval.
            let date = literal(sem::HAS_TIME_STAMP).or_else(|| {
                match (
                    literal(sem::HAS_BEGIN_TIME_STAMP),
                    literal(sem::HAS_END_TIME_STAMP),
                ) {
                    (Some(b), Some(e)) => Some(format!("{b}/{e}")),
                    (b, e) => b.or(e),
                }
            });
            Meeting {
                event: match event {
                    NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
                    other => other.to_string(),
                },
                actors: about()
                    .filter(|q| q.predicate.as_ref() == sem::HAS_ACTOR)
                    .map(|q| name(&q.object))
                    .collect(),
                place: value(sem::HAS_PLACE).map(name),
                date,
                modality: match value(dp::MODALITY) {
                    Some(Term::NamedNode(n)) => Some(
                        n.as_str()
                            .strip_prefix(dp::NAMESPACE)
                            .unwrap_or(n.as_str())
                            .to_string(),
                    ),
                    _ => None,
                },
                evidence: literal(dp::EVIDENCE),
            }
        })
        .collect()
}

impl Extracted {
    fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let result = PyDict::new(py);
        result.set_item("id", self.id)?;
        result.set_item("graph", self.graph)?;
        result.set_item("nquads", self.nquads)?;
        let summary = PyDict::new(py);
        summary.set_item("entities", self.entities)?;
        summary.set_item("events", self.events)?;
        summary.set_item("meetings", self.meetings.len())?;
        result.set_item("summary", summary)?;
        let meetings = PyList::empty(py);
        for m in self.meetings {
            let d = PyDict::new(py);
            d.set_item("event", m.event)?;
            d.set_item("actors", m.actors)?;
            d.set_item("place", m.place)?;
            d.set_item("date", m.date)?;
            d.set_item("modality", m.modality)?;
            d.set_item("evidence", m.evidence)?;
            meetings.append(d)?;
        }
        result.set_item("meetings", meetings)?;
        let skipped = PyList::empty(py);
        for (sentence, reason) in self.skipped {
            let d = PyDict::new(py);
            d.set_item("sentence", sentence)?;
            d.set_item("reason", reason)?;
            skipped.append(d)?;
        }
        result.set_item("skipped", skipped)?;
        Ok(result)
    }
}

/// The id of an article given none: a digest of its text, so that the same text has the same
/// graph in any batch, process or Spark partition.
fn text_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut id = String::from("text-");
    for b in &digest[..8] {
        write!(id, "{b:02x}").expect("writing to a String cannot fail");
    }
    id
}

fn article_error(error: article::ArticleError) -> PyErr {
    ArticleError::new_err(error.to_string())
}

/// `None`, `"auto"`, `"fr"`, `"en"` (or `"fr-FR"`, `"French"`...).
fn parse_lang(lang: Option<&str>) -> PyResult<Option<Lang>> {
    match lang.map(str::trim) {
        None => Ok(None),
        Some(l) if l.eq_ignore_ascii_case("auto") || l.is_empty() => Ok(None),
        Some(l) => Lang::parse(l).map(Some).ok_or_else(|| {
            ArticleError::new_err(format!(
                "lang {l:?} is not a language depeche reads: expected fr, en or auto"
            ))
        }),
    }
}

/// A date as a string (`"2017-09-12"`, or a timestamp whose date part is taken) or a
/// `datetime.date`, as its ISO form.
fn date_text(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Option<String>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if value.hasattr("isoformat")? {
        return Ok(Some(value.call_method0("isoformat")?.extract()?));
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be a string YYYY-MM-DD or a datetime.date, not {}",
        value.get_type().name()?
    )))
}

/// Reads one article from its text, like `depeche extract` reads a file, and returns its
/// quads as N-Quads with a summary.
///
/// `lang` (`"fr"`, `"en"` or `"auto"`) and `date` (`"YYYY-MM-DD"` or a `datetime.date`, the
/// anchor of relative dates) override what a front-matter block declares; `id` names the
/// article's graph (by default a digest of the text). The GIL is released while extracting.
#[pyfunction]
#[pyo3(signature = (text, lang=None, date=None, id=None))]
fn extract(
    py: Python<'_>,
    text: String,
    lang: Option<String>,
    date: Option<Bound<'_, PyAny>>,
    id: Option<String>,
) -> PyResult<Py<PyDict>> {
    let lang = parse_lang(lang.as_deref())?;
    let date = match date {
        Some(d) => match date_text(&d, "date")? {
            Some(s) => Some(article::parse_date(&s).ok_or_else(|| {
                ArticleError::new_err(format!("date {s:?} is not a date: expected YYYY-MM-DD"))
            })?),
            None => None,
        },
        None => None,
    };
    let extracted = py.detach(move || -> Result<Extracted, article::ArticleError> {
        let mut article = Article::from_text("the text", &text)?;
        // A front-matter id is the article's own; otherwise the caller's, or the text's digest.
        match id {
            Some(id) if !id.trim().is_empty() => article.id = id.trim().to_string(),
            _ if article.id == "the text" => article.id = text_id(&text),
            _ => {}
        }
        article.apply(&Overrides { date, lang });
        Ok(run(&article))
    });
    Ok(extracted.map_err(article_error)?.into_dict(py)?.unbind())
}

/// The fields of one record, read from a dict (with the GIL held).
fn record(value: &Bound<'_, PyAny>, number: usize) -> PyResult<(String, Record)> {
    let Ok(dict) = value.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "record {number} is a {}, not a dict with text and optionally id, date, lang, title, source, url",
            value.get_type().name()?
        )));
    };
    let field = |key: &str| -> PyResult<Option<String>> {
        match dict.get_item(key)? {
            None => Ok(None),
            Some(v) if v.is_none() => Ok(None),
            Some(v) if key == "date" => date_text(&v, &format!("record {number}'s date")),
            Some(v) => match v.cast::<PyString>() {
                Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
                Err(_) => Err(PyTypeError::new_err(format!(
                    "record {number}'s {key} must be a string, not {}",
                    v.get_type().name()?
                ))),
            },
        }
    };
    // JSON Lines ids may be strings or numbers; so may these.
    let id = match dict.get_item("id")? {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Some(serde_json::Value::String(s.to_cow()?.into_owned())),
            Err(_) => match v.extract::<i64>() {
                Ok(n) if !v.is_instance_of::<pyo3::types::PyBool>() => {
                    Some(serde_json::Value::from(n))
                }
                _ => {
                    return Err(PyTypeError::new_err(format!(
                        "record {number}'s id must be a string or an integer, not {}",
                        v.get_type().name()?
                    )))
                }
            },
        },
    };
    let origin = match &id {
        Some(serde_json::Value::String(s)) => format!("record {number} (id {s:?})"),
        Some(other) => format!("record {number} (id {other})"),
        None => format!("record {number}"),
    };
    Ok((
        origin,
        Record {
            id,
            title: field("title")?,
            date: field("date")?,
            lang: field("lang")?,
            source: field("source")?,
            url: field("url")?,
            text: field("text")?,
        },
    ))
}

/// The iterator `extract_many` returns: it takes a batch of records from the iterable, extracts
/// them on all cores without the GIL, and hands out their results one by one.
#[pyclass(module = "depeche")]
struct ExtractMany {
    records: Option<Py<PyIterator>>,
    ready: VecDeque<PyResult<Extracted>>,
    taken: usize,
}

impl ExtractMany {
    /// Reads up to one batch of records and extracts them; an error (a bad record, or the
    /// iterable raising) comes after the results of the records before it, and ends the batch
    /// and the iteration.
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        let Some(records) = self.records.as_ref() else {
            return Ok(());
        };
        let mut records = records.bind(py).clone();
        let mut batch: Vec<Article> = Vec::new();
        let mut bytes = 0;
        let mut failure = None;
        while batch.len() < BATCH_ARTICLES && bytes < BATCH_BYTES {
            let value = match records.next() {
                None => {
                    self.records = None;
                    break;
                }
                Some(Err(e)) => {
                    failure = Some(e);
                    break;
                }
                Some(Ok(value)) => value,
            };
            self.taken += 1;
            let number = self.taken;
            let read = record(&value, number).and_then(|(origin, fields)| {
                let text = fields.text.clone();
                Article::from_record(
                    origin,
                    move || text_id(text.as_deref().unwrap_or("")),
                    fields,
                )
                .map_err(article_error)
            });
            match read {
                Ok(article) => {
                    bytes += article.body.as_str().len();
                    batch.push(article);
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        if failure.is_some() {
            self.records = None;
        }
        let results: Vec<Extracted> = py.detach(move || batch.par_iter().map(run).collect());
        self.ready.extend(results.into_iter().map(Ok));
        self.ready.extend(failure.map(Err));
        Ok(())
    }
}

#[pymethods]
impl ExtractMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>) -> PyResult<Option<Py<PyDict>>> {
        let py = slf.py();
        if slf.ready.is_empty() {
            slf.fill(py)?;
        }
        match slf.ready.pop_front() {
            None => Ok(None),
            Some(result) => Ok(Some(result?.into_dict(py)?.unbind())),
        }
    }
}

/// Extracts every record of an iterable of dicts (`text`, and `id`, `date`, `lang`, `title`,
/// `source`, `url` as in a JSON Lines record of `depeche ingest`) and yields one result per
/// record, in order, each what `extract` returns for it.
///
/// Records are taken a batch at a time (256 articles or 8 MB of text) and each batch is
/// extracted on all cores with the GIL released. A bad record raises `ArticleError` at its turn,
/// after the results of the records before it, and ends the iteration.
#[pyfunction]
fn extract_many(records: &Bound<'_, PyAny>) -> PyResult<ExtractMany> {
    let iterator = records.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "records must be an iterable of dicts, not {}",
            records
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    Ok(ExtractMany {
        records: Some(iterator.unbind()),
        ready: VecDeque::new(),
        taken: 0,
    })
}

/// depeche's extractor: news articles (French, English) to entities, meetings and roles as RDF.
#[pymodule(name = "depeche")]
mod depeche_module {
    #[pymodule_export]
    use super::{extract, extract_many, ArticleError, ExtractMany};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
