//! Quads to an RDF syntax: Oxigraph's serialisers with the standard prefixes, a faster N-Quads
//! writer byte-identical to Oxigraph's, JSON-LD compacted with the prefixes, and a stable order.

use crate::format::{named, names, row, Format};
use crate::iri::compact_iri;
use depeche_extract::vocab;
use oxrdf::{
    GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term, Triple, TripleRef,
};
use oxrdfio::{RdfFormat, RdfSerializer};
use std::collections::HashSet;
use std::io;

/// The RDF syntaxes depeche writes (`extract --format`, `export --format`, query answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RdfSyntax {
    /// TriG: named graphs kept.
    TriG,
    /// N-Quads: named graphs kept, one quad a line.
    NQuads,
    /// Turtle: the union of the graphs.
    Turtle,
    /// N-Triples: the union of the graphs, one triple a line.
    NTriples,
    /// JSON-LD, with the standard prefixes as its context.
    JsonLd,
    /// RDF/XML: the union of the graphs.
    RdfXml,
    /// Notation3: the union of the graphs.
    N3,
}

/// A syntax's row: Oxigraph's serialiser for it gives its extension and media type.
const fn rdf(
    value: RdfSyntax,
    name: &'static str,
    writer: RdfFormat,
) -> Format<RdfSyntax, RdfFormat> {
    Format {
        value,
        name,
        extension: writer.file_extension(),
        media_type: writer.media_type(),
        writer,
    }
}

/// A row of another family for a format that is an RDF syntax (Turtle as a query answer, as
/// an export): its name, extension and media type are the syntax's row.
pub(crate) const fn as_syntax<T, W>(value: T, syntax: RdfSyntax, writer: W) -> Format<T, W> {
    let mut i = 0;
    while i < RdfSyntax::TABLE.len() {
        let s = RdfSyntax::TABLE[i];
        if s.value as u8 == syntax as u8 {
            return Format {
                value,
                name: s.name,
                extension: s.extension,
                media_type: s.media_type,
                writer,
            };
        }
        i += 1;
    }
    panic!("every RDF syntax has a row")
}

impl RdfSyntax {
    /// The family's table, the one place a syntax is declared; the order is the one `--help`
    /// lists.
    pub const TABLE: [Format<RdfSyntax, RdfFormat>; 7] = [
        rdf(RdfSyntax::TriG, "trig", RdfFormat::TriG),
        rdf(RdfSyntax::NQuads, "nquads", RdfFormat::NQuads),
        rdf(RdfSyntax::Turtle, "turtle", RdfFormat::Turtle),
        rdf(RdfSyntax::NTriples, "ntriples", RdfFormat::NTriples),
        rdf(
            RdfSyntax::JsonLd,
            "jsonld",
            RdfFormat::JsonLd {
                profile: oxjsonld::JsonLdProfileSet::empty(),
            },
        ),
        rdf(RdfSyntax::RdfXml, "rdfxml", RdfFormat::RdfXml),
        rdf(RdfSyntax::N3, "n3", RdfFormat::N3),
    ];

    /// Every syntax with its name, from [`RdfSyntax::TABLE`].
    pub const ALL: &'static [(&'static str, RdfSyntax)] = &names(&RdfSyntax::TABLE);

    /// The name (`turtle`).
    pub fn name(self) -> &'static str {
        row(&RdfSyntax::TABLE, self).name
    }

    /// The syntax of a name, ignoring case.
    ///
    /// ```
    /// use depeche_output::syntax::RdfSyntax;
    /// assert_eq!(RdfSyntax::from_name("TriG"), Some(RdfSyntax::TriG));
    /// assert_eq!(RdfSyntax::from_name("hdt"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<RdfSyntax> {
        named(&RdfSyntax::TABLE, name)
    }

    /// The serialiser that writes it.
    pub fn writer(self) -> RdfFormat {
        row(&RdfSyntax::TABLE, self).writer
    }

    /// The usual file extension (`ttl`).
    pub fn extension(self) -> &'static str {
        row(&RdfSyntax::TABLE, self).extension
    }

    /// The media type (`text/turtle`).
    pub fn media_type(self) -> &'static str {
        row(&RdfSyntax::TABLE, self).media_type
    }
}

/// Predicates that open a description: what a thing is, then what it is called.
fn predicate_rank(predicate: &NamedNode) -> u8 {
    if predicate.as_ref() == vocab::rdf::TYPE {
        0
    } else if predicate.as_ref() == vocab::rdfs::LABEL {
        1
    } else {
        2
    }
}

/// N-Quads, byte for byte as Oxigraph's serialiser writes them, without its formatting machinery:
/// `extract` spends more on writing lines through `fmt::Write` than on building the quads.
fn nquads(quads: &[Quad]) -> Vec<u8> {
    // The lines' size but for escapes, which a few quotes in a sentence add: a little room for
    // them spares a copy of the whole buffer.
    let unescaped: usize = quads
        .iter()
        .map(|q| {
            let object = match &q.object {
                Term::Literal(l) => {
                    let suffix = match l.language() {
                        Some(language) => language.len() + 1,
                        None if l.datatype() == oxrdf::vocab::xsd::STRING => 0,
                        None => l.datatype().as_str().len() + 4,
                    };
                    l.value().len() + suffix + 2
                }
                Term::NamedNode(n) => n.as_str().len() + 2,
                Term::BlankNode(b) => b.as_str().len() + 2,
            };
            let graph = match &q.graph_name {
                GraphName::NamedNode(n) => n.as_str().len() + 3,
                GraphName::BlankNode(b) => b.as_str().len() + 3,
                GraphName::DefaultGraph => 0,
            };
            let subject = match &q.subject {
                NamedOrBlankNode::NamedNode(n) => n.as_str().len(),
                NamedOrBlankNode::BlankNode(b) => b.as_str().len(),
            };
            // "<s> <p> " and " .\n"
            subject + 3 + q.predicate.as_str().len() + 3 + object + graph + 3
        })
        .sum();
    let mut out = Vec::with_capacity(unescaped + unescaped / 32);
    for q in quads {
        match &q.subject {
            NamedOrBlankNode::NamedNode(n) => write_iri(&mut out, n.as_str()),
            NamedOrBlankNode::BlankNode(b) => write_blank(&mut out, b.as_str()),
        }
        out.push(b' ');
        write_iri(&mut out, q.predicate.as_str());
        out.push(b' ');
        match &q.object {
            Term::NamedNode(n) => write_iri(&mut out, n.as_str()),
            Term::BlankNode(b) => write_blank(&mut out, b.as_str()),
            Term::Literal(l) => write_literal(&mut out, l.as_ref()),
        }
        match &q.graph_name {
            GraphName::NamedNode(n) => {
                out.push(b' ');
                write_iri(&mut out, n.as_str());
            }
            GraphName::BlankNode(b) => {
                out.push(b' ');
                write_blank(&mut out, b.as_str());
            }
            GraphName::DefaultGraph => {}
        }
        out.extend_from_slice(b" .\n");
    }
    out
}

fn write_iri(out: &mut Vec<u8>, iri: &str) {
    out.push(b'<');
    out.extend_from_slice(iri.as_bytes());
    out.push(b'>');
}

fn write_blank(out: &mut Vec<u8>, id: &str) {
    out.extend_from_slice(b"_:");
    out.extend_from_slice(id.as_bytes());
}

/// As `oxrdf::LiteralRef`'s `Display`: a simple literal is its quoted value alone.
fn write_literal(out: &mut Vec<u8>, literal: oxrdf::LiteralRef<'_>) {
    write_quoted(out, literal.value());
    if let Some(language) = literal.language() {
        out.push(b'@');
        out.extend_from_slice(language.as_bytes());
    } else if literal.datatype() != oxrdf::vocab::xsd::STRING {
        out.extend_from_slice(b"^^");
        write_iri(out, literal.datatype().as_str());
    }
}

/// The bytes that start a character `print_quoted_str` escapes: most text has none, and is
/// copied as it is.
const MAY_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table[0x7F] = true;
    table[0xEF] = true;
    table
};

/// As `oxrdf::literal::print_quoted_str`.
fn write_quoted(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    let bytes = value.as_bytes();
    let mut clean = 0;
    for (at, &b) in bytes.iter().enumerate() {
        if !MAY_ESCAPE[usize::from(b)] {
            continue;
        }
        let short: Option<&[u8]> = match b {
            0x08 => Some(b"\\b"),
            b'\t' => Some(b"\\t"),
            b'\n' => Some(b"\\n"),
            0x0C => Some(b"\\f"),
            b'\r' => Some(b"\\r"),
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            0x00..=0x1F | 0x7F => None,
            // U+FFFE and U+FFFF, the only other escaped characters, are EF BF BE and EF BF BF.
            0xEF if matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])) => None,
            _ => continue,
        };
        out.extend_from_slice(&bytes[clean..at]);
        match short {
            Some(escape) => {
                out.extend_from_slice(escape);
                clean = at + 1;
            }
            None => {
                let c = value[at..].chars().next().unwrap_or_default();
                out.extend_from_slice(format!("\\u{:04X}", u32::from(c)).as_bytes());
                clean = at + c.len_utf8();
            }
        }
    }
    out.extend_from_slice(&bytes[clean..]);
    out.push(b'"');
}

/// Sorts quads by graph, subject, then `rdf:type` and `rdfs:label` first, then predicate and
/// object: stable bytes for the same data, and Turtle/TriG that read like descriptions.
pub fn sort_quads(quads: &mut [Quad]) {
    quads.sort_by_cached_key(|q| {
        (
            q.graph_name.to_string(),
            q.subject.to_string(),
            predicate_rank(&q.predicate),
            q.predicate.to_string(),
            q.object.to_string(),
        )
    });
}

/// [`sort_quads`] for triples.
pub fn sort_triples(triples: &mut [Triple]) {
    triples.sort_by_cached_key(|t| {
        (
            t.subject.to_string(),
            predicate_rank(&t.predicate),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
}

/// Serialises quads in `format`, with the standard prefixes where the syntax has them.
///
/// Quads are written in the order given. A format without named graphs (Turtle, N-Triples,
/// RDF/XML) gets each triple once, whatever graphs it was stated in.
///
/// ```
/// use oxrdf::{GraphName, NamedNode, Quad};
/// use oxrdfio::RdfFormat;
/// let n = NamedNode::new("https://purl.org/depeche/id/x")?;
/// let quad = Quad::new(n.clone(), depeche_extract::vocab::dp::MET, n, GraphName::DefaultGraph);
/// let out = depeche_output::syntax::serialize_quads(&[quad], RdfFormat::NTriples)?;
/// assert!(String::from_utf8(out)?.ends_with(" .\n"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn serialize_quads(quads: &[Quad], format: RdfFormat) -> io::Result<Vec<u8>> {
    if matches!(format, RdfFormat::JsonLd { .. }) {
        return jsonld_with_context(quads);
    }
    if format == RdfFormat::NQuads {
        return Ok(nquads(quads));
    }
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml | RdfFormat::N3
    ) {
        for (prefix, namespace) in vocab::PREFIXES {
            serializer = serializer
                .with_prefix(*prefix, *namespace)
                .map_err(io::Error::other)?;
        }
    }
    let mut writer = serializer.for_writer(Vec::new());
    if format.supports_datasets() {
        for quad in quads {
            writer.serialize_quad(quad)?;
        }
    } else {
        let mut seen = HashSet::new();
        for quad in quads {
            if seen.insert(TripleRef::new(&quad.subject, &quad.predicate, &quad.object)) {
                writer.serialize_quad(QuadRef::new(
                    quad.subject.as_ref(),
                    quad.predicate.as_ref(),
                    quad.object.as_ref(),
                    GraphNameRef::DefaultGraph,
                ))?;
            }
        }
    }
    let mut bytes = writer.finish()?;
    // The TriG serialiser stops at the closing brace; text files end with a newline.
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    Ok(bytes)
}

/// JSON-LD a person can read: the standard prefixes as `@context`, and every property, type and
/// vocabulary IRI written as a compact IRI (`schema:Person`, `dp:met`), pretty-printed.
///
/// Oxigraph's JSON-LD writer (through `RdfSerializer`) ignores prefixes, and `oxjsonld` declares
/// them without using them; the compaction here is the one step of JSON-LD compaction that
/// needs no processor: a compact IRI whose prefix is a term ending in `/` or `#` expands back to
/// the same IRI in every JSON-LD 1.1 processor.
fn jsonld_with_context(quads: &[Quad]) -> io::Result<Vec<u8>> {
    let mut serializer = oxjsonld::JsonLdSerializer::new();
    for (prefix, namespace) in vocab::PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *namespace)
            .map_err(io::Error::other)?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for quad in quads {
        writer.serialize_quad(quad)?;
    }
    let plain = writer.finish()?;
    let mut value: serde_json::Value = serde_json::from_slice(&plain).map_err(io::Error::other)?;
    compact_jsonld(&mut value);
    let mut bytes = serde_json::to_vec_pretty(&value).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn compact_jsonld(value: &mut serde_json::Value) {
    use serde_json::Value;
    let compact = |v: &mut Value| {
        if let Value::String(s) = v {
            if let Some(short) = compact_iri(s) {
                *s = short;
            }
        }
    };
    match value {
        Value::Array(items) => items.iter_mut().for_each(compact_jsonld),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut inner) in entries {
                match key.as_str() {
                    "@context" | "@value" | "@language" => {}
                    "@id" => compact(&mut inner),
                    "@type" => match &mut inner {
                        Value::Array(types) => types.iter_mut().for_each(compact),
                        other => compact(other),
                    },
                    _ => compact_jsonld(&mut inner),
                }
                let key = if key.starts_with('@') {
                    key
                } else {
                    compact_iri(&key).unwrap_or(key)
                };
                map.insert(key, inner);
            }
        }
        _ => {}
    }
}
