//! One RDF document written article after article, so that `extract` holds a batch of
//! articles in memory rather than the graph of the whole input.
//!
//! Each article's quads become a [`Piece`] ([`Piece::of`], which may run on any thread: N-Quads
//! and JSON-LD are serialised there), and [`RdfWriter`] writes the pieces in order into one
//! document: N-Quads line by line, TriG, Turtle, N-Triples and RDF/XML through one Oxigraph
//! serialiser (prefixes declared once), JSON-LD as one `@graph` array. The document is the
//! same as one made from all the quads at once, but for the formats without named graphs
//! (Turtle, N-Triples, RDF/XML): a triple several articles share is written once per
//! [`DEDUP_TRIPLES`] distinct triples rather than once in all, which any RDF reader reads as
//! the same graph.
//!
//! ```
//! use depeche_output::document::{Piece, RdfWriter};
//! use oxrdfio::RdfFormat;
//! let article = depeche_extract::article::Article::from_text("a.txt", "Le président a reçu le ministre.").unwrap();
//! let quads = depeche_extract::pipeline::extract(&article, &Default::default()).quads;
//! let mut writer = RdfWriter::new(Vec::new(), RdfFormat::NQuads).unwrap();
//! writer.write(Piece::of(quads, RdfFormat::NQuads).unwrap()).unwrap();
//! assert!(String::from_utf8(writer.finish().unwrap()).unwrap().ends_with(" .\n"));
//! ```

use crate::syntax::serialize_quads;
use oxrdf::{GraphNameRef, Quad, QuadRef, Triple};
use oxrdfio::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use std::collections::HashSet;
use std::io::{self, Write};

/// Distinct triples remembered to avoid writing one twice in a format without named graphs;
/// past this the memory is cleared, so it stays bounded.
pub const DEDUP_TRIPLES: usize = 1 << 20;

/// One article's share of the document.
pub enum Piece {
    /// Serialised already (N-Quads).
    Bytes(Vec<u8>),
    /// The entries of a JSON-LD `@graph`, and the `@context` they are written against.
    JsonLd {
        /// The context.
        context: serde_json::Value,
        /// The nodes, one named graph per article.
        nodes: Vec<serde_json::Value>,
    },
    /// Quads for the document's serialiser.
    Quads(Vec<Quad>),
}

impl Piece {
    /// Prepares an article's quads for `format`, serialising what can be serialised alone.
    pub fn of(quads: Vec<Quad>, format: RdfFormat) -> io::Result<Piece> {
        if format == RdfFormat::NQuads {
            return serialize_quads(&quads, format).map(Piece::Bytes);
        }
        if matches!(format, RdfFormat::JsonLd { .. }) {
            let mut document: serde_json::Value =
                serde_json::from_slice(&serialize_quads(&quads, format)?)
                    .map_err(io::Error::other)?;
            let context = document
                .as_object_mut()
                .and_then(|o| o.remove("@context"))
                .unwrap_or(serde_json::Value::Null);
            let nodes = match document {
                serde_json::Value::Object(mut o) if o.len() == 1 && o.contains_key("@graph") => {
                    match o.remove("@graph") {
                        Some(serde_json::Value::Array(nodes)) => nodes,
                        Some(other) => vec![other],
                        None => Vec::new(),
                    }
                }
                serde_json::Value::Array(nodes) => nodes,
                serde_json::Value::Object(o) if o.is_empty() => Vec::new(),
                other => vec![other],
            };
            return Ok(Piece::JsonLd { context, nodes });
        }
        Ok(Piece::Quads(quads))
    }
}

/// Writes [`Piece`]s in order as one document; [`RdfWriter::finish`] closes it.
pub struct RdfWriter<W: Write> {
    format: RdfFormat,
    state: State<W>,
}

// One State lives per document written, so the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
enum State<W: Write> {
    Plain(Tail<W>),
    Serializer {
        writer: WriterQuadSerializer<Tail<W>>,
        seen: HashSet<Triple>,
    },
    JsonLd {
        out: Tail<W>,
        started: bool,
    },
}

impl<W: Write> RdfWriter<W> {
    /// A document in `format` on `out`; nothing is written before the first piece.
    pub fn new(out: W, format: RdfFormat) -> io::Result<Self> {
        let out = Tail {
            inner: out,
            last: None,
        };
        let state = match format {
            RdfFormat::NQuads => State::Plain(out),
            RdfFormat::JsonLd { .. } => State::JsonLd {
                out,
                started: false,
            },
            _ => {
                let mut serializer = RdfSerializer::from_format(format);
                if matches!(
                    format,
                    RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml | RdfFormat::N3
                ) {
                    for (prefix, namespace) in depeche_extract::vocab::PREFIXES {
                        serializer = serializer
                            .with_prefix(*prefix, *namespace)
                            .map_err(io::Error::other)?;
                    }
                }
                State::Serializer {
                    writer: serializer.for_writer(out),
                    seen: HashSet::new(),
                }
            }
        };
        Ok(RdfWriter { format, state })
    }

    /// Writes one article's piece, made by [`Piece::of`] for this writer's format.
    pub fn write(&mut self, piece: Piece) -> io::Result<()> {
        match (&mut self.state, piece) {
            (State::Plain(out), Piece::Bytes(bytes)) => out.write_all(&bytes),
            (State::JsonLd { out, started }, Piece::JsonLd { context, nodes }) => {
                for node in nodes {
                    if *started {
                        out.write_all(b",\n")?;
                    } else {
                        out.write_all(b"{\n  \"@context\": ")?;
                        serde_json::to_writer(&mut *out, &context)?;
                        out.write_all(b",\n  \"@graph\": [\n")?;
                        *started = true;
                    }
                    serde_json::to_writer_pretty(&mut *out, &node)?;
                }
                Ok(())
            }
            (State::Serializer { writer, seen }, Piece::Quads(quads)) => {
                if self.format.supports_datasets() {
                    for quad in &quads {
                        writer.serialize_quad(quad)?;
                    }
                    return Ok(());
                }
                for quad in quads {
                    if seen.len() >= DEDUP_TRIPLES {
                        seen.clear();
                    }
                    let triple = Triple::new(quad.subject, quad.predicate, quad.object);
                    if !seen.contains(&triple) {
                        writer.serialize_quad(QuadRef::new(
                            triple.subject.as_ref(),
                            triple.predicate.as_ref(),
                            triple.object.as_ref(),
                            GraphNameRef::DefaultGraph,
                        ))?;
                        seen.insert(triple);
                    }
                }
                Ok(())
            }
            _ => Err(io::Error::other("an RDF piece made for another format")),
        }
    }

    /// Closes the document (a text file ends with a line end) and flushes it.
    pub fn finish(self) -> io::Result<W> {
        let mut out = match self.state {
            State::Plain(out) => out,
            State::Serializer { writer, .. } => writer.finish()?,
            State::JsonLd { mut out, started } => {
                if started {
                    out.write_all(b"\n  ]\n}")?;
                } else {
                    out.write_all(&serialize_quads(&[], self.format)?)?;
                }
                out
            }
        };
        if out.last.is_some_and(|b| b != b'\n') {
            out.write_all(b"\n")?;
        }
        out.flush()?;
        Ok(out.inner)
    }
}

/// A writer that remembers the last byte written.
struct Tail<W> {
    inner: W,
    last: Option<u8>,
}

impl<W: Write> Write for Tail<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quads(texts: &[&str]) -> Vec<Vec<Quad>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let article =
                    depeche_extract::article::Article::from_text(&format!("a{i}.txt"), text)
                        .unwrap();
                depeche_extract::pipeline::extract(&article, &Default::default()).quads
            })
            .collect()
    }

    /// Written piece by piece, every format reads back as the graph of all the quads at once.
    #[test]
    fn pieces_make_the_same_graph_as_the_whole() {
        let articles = quads(&[
            "Le président Paul Lefort a reçu mardi à Tunis le ministre Karim Benali.",
            "Karim Benali a rencontré Paul Lefort à Paris.",
        ]);
        let all: Vec<Quad> = articles.concat();
        for format in [
            RdfFormat::NQuads,
            RdfFormat::TriG,
            RdfFormat::Turtle,
            RdfFormat::NTriples,
            RdfFormat::RdfXml,
            RdfFormat::from_extension("jsonld").unwrap(),
        ] {
            let mut writer = RdfWriter::new(Vec::new(), format).unwrap();
            for article in &articles {
                writer
                    .write(Piece::of(article.clone(), format).unwrap())
                    .unwrap();
            }
            let streamed = writer.finish().unwrap();
            let whole = serialize_quads(&all, format).unwrap();
            let read = |bytes: &[u8]| -> HashSet<Quad> {
                oxrdfio::RdfParser::from_format(format)
                    .for_slice(bytes)
                    .collect::<Result<_, _>>()
                    .unwrap_or_else(|e| panic!("{format}: {e}\n{}", String::from_utf8_lossy(bytes)))
            };
            assert_eq!(read(&streamed), read(&whole), "{format}");
            assert!(streamed.ends_with(b"\n"), "{format}");
        }
    }
}
