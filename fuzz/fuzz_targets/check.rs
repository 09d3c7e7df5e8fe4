//! The invariants every extraction keeps, whatever its input. Shared by the fuzz targets and the
//! proptest properties of `tests/it/properties.rs` (which include this file by path), so that a
//! broken invariant is a crash for the fuzzer and a failing test for `cargo test` alike.
//!
//! Each check panics with what broke: a panic is what both harnesses report.

#![allow(dead_code)] // each harness uses its own subset

use depeche::article::{self, Article, Lang};
use depeche::pipeline::{extract, Extraction, Options};
use depeche::store::serialize_quads;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use std::collections::HashSet;
use std::str::FromStr;

/// Every IRI is one Oxigraph accepts, minted under `base` (or a fixed outside namespace), never
/// the fallback `urn:depeche:invalid:` that `rdf` uses when minting went wrong.
pub fn iri(node: &NamedNode, base: &str) {
    let text = node.as_str();
    if let Err(e) = NamedNode::new(text) {
        panic!("minted an invalid IRI <{text}>: {e}");
    }
    assert!(
        !text.starts_with("urn:depeche:invalid"),
        "minting fell back to <{text}>"
    );
    let _ = base;
}

/// A typed literal's lexical form is valid for its datatype (a date Oxigraph cannot read would
/// be silently dropped from every date comparison in a query).
pub fn literal(l: &Literal) {
    let value = l.value();
    let ok = match l.datatype().as_str() {
        "http://www.w3.org/2001/XMLSchema#date" => oxsdatatypes::Date::from_str(value).is_ok(),
        "http://www.w3.org/2001/XMLSchema#gYear" => oxsdatatypes::GYear::from_str(value).is_ok(),
        "http://www.w3.org/2001/XMLSchema#gYearMonth" => {
            oxsdatatypes::GYearMonth::from_str(value).is_ok()
        }
        "http://www.w3.org/2001/XMLSchema#integer" => {
            oxsdatatypes::Integer::from_str(value).is_ok()
        }
        _ => true,
    };
    assert!(ok, "invalid lexical form {l}");
    // XML 1.0 cannot carry these at all: RDF/XML and GraphML would be unreadable.
    assert!(
        !value.chars().any(|c| matches!(c, '\u{FFFE}' | '\u{FFFF}')
            || (c.is_control() && !matches!(c, '\n' | '\t'))),
        "a literal carries a character XML cannot hold: {l}"
    );
}

/// The whole extraction: IRIs, literals, one graph, and a lossless trip through every RDF syntax.
pub fn extraction(e: &Extraction, base: &str) {
    iri(&e.graph, base);
    let graph = GraphName::NamedNode(e.graph.clone());
    for q in &e.quads {
        assert_eq!(q.graph_name, graph, "a quad outside the article graph: {q}");
        if let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject {
            iri(s, base);
        } else {
            panic!("a blank node subject: {q}");
        }
        iri(&q.predicate, base);
        match &q.object {
            Term::NamedNode(o) => iri(o, base),
            Term::Literal(l) => literal(l),
            Term::BlankNode(_) => panic!("a blank node object: {q}"),
        }
    }
    round_trip(&e.quads);
}

/// Writes `quads` in every RDF syntax depeche offers and parses each back: the same graph (the
/// same dataset for the syntaxes with named graphs), or the parse error names the syntax.
pub fn round_trip(quads: &[Quad]) {
    round_trip_in(quads, &all_formats());
}

/// Every RDF syntax depeche writes.
pub fn all_formats() -> Vec<RdfFormat> {
    vec![
        RdfFormat::NQuads,
        RdfFormat::TriG,
        RdfFormat::NTriples,
        RdfFormat::Turtle,
        RdfFormat::RdfXml,
        RdfFormat::N3,
        RdfFormat::from_extension("jsonld").expect("a JSON-LD format"),
    ]
}

/// [`round_trip`] in the given syntaxes.
pub fn round_trip_in(quads: &[Quad], formats: &[RdfFormat]) {
    let dataset: HashSet<Quad> = quads.iter().cloned().collect();
    let triples: HashSet<Quad> = quads
        .iter()
        .map(|q| {
            Quad::new(
                q.subject.clone(),
                q.predicate.clone(),
                q.object.clone(),
                GraphName::DefaultGraph,
            )
        })
        .collect();
    for &format in formats {
        let bytes = serialize_quads(quads, format)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", format.name()));
        let parsed: HashSet<Quad> = RdfParser::from_format(format)
            .for_slice(&bytes)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| {
                panic!(
                    "{} output does not parse back: {e}\n{}",
                    format.name(),
                    String::from_utf8_lossy(&bytes)
                )
            });
        let expected = if format.supports_datasets() {
            &dataset
        } else {
            &triples
        };
        if &parsed != expected {
            let missing: Vec<String> = expected
                .difference(&parsed)
                .map(|q| q.to_string())
                .collect();
            let extra: Vec<String> = parsed.difference(expected).map(|q| q.to_string()).collect();
            panic!(
                "{} does not read back as the same graph; missing {missing:?}, extra {extra:?}",
                format.name()
            );
        }
    }
}

/// The `article_reader` target: the reader on any bytes, as plain text with front matter or as
/// JSON Lines (the first byte chooses). Refusing is fine; panicking, or an article whose offsets
/// point outside its input, is not.
pub fn article_reader(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = article::decode("fuzz.txt", bytes) else {
        return;
    };
    let articles = if mode & 1 == 0 {
        vec![Article::from_text("fuzz.txt", &text)]
    } else {
        article::from_json_lines("fuzz.jsonl", &text)
    };
    for article in articles.into_iter().flatten() {
        let body = article.body.as_str();
        assert!(!body.trim().is_empty(), "an empty article was accepted");
        assert!(
            !body.contains(|c: char| c.is_control() && c != '\n'),
            "a control character in the body"
        );
        for (at, _) in body.char_indices() {
            let original = article.body.original_offset(at);
            assert!(
                original <= text.len(),
                "offset {original} past the end of the input"
            );
            if mode & 1 == 0 {
                assert!(
                    text.is_char_boundary(original),
                    "offset {original} inside a character"
                );
            }
        }
    }
}

/// The `segmenter` target: sentences and tokens of any text, in both languages, are ordered,
/// non-overlapping ranges of the text on character boundaries.
pub fn segmenter(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let lang = if mode & 1 == 0 { Lang::Fr } else { Lang::En };
    let lex = depeche::lexicon::Lexicon::bundled().lang(lang);
    let mut last = 0;
    for sentence in depeche::segment::segment(text, lex) {
        assert!(sentence.start <= sentence.end && sentence.end <= text.len());
        assert!(sentence.start >= last, "sentences overlap or go backwards");
        assert!(text.is_char_boundary(sentence.start) && text.is_char_boundary(sentence.end));
        let mut previous = sentence.start;
        for token in &sentence.tokens {
            assert!(token.start < token.end, "an empty token at {}", token.start);
            assert!(token.start >= previous, "tokens overlap or go backwards");
            assert!(token.end <= sentence.end, "a token past its sentence's end");
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            previous = token.end;
        }
        last = sentence.end;
    }
    let mut previous = 0;
    for token in depeche::segment::tokenize(text, lex) {
        assert!(token.start < token.end && token.start >= previous && token.end <= text.len());
        previous = token.end;
    }
}

/// The `extractor` target: the whole extractor on any text read as an article, language and
/// date chosen by the first byte. It terminates (the fuzzer's own timeout), and [`extraction`]
/// holds.
pub fn extractor(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(mut article) = Article::from_text("fuzz.txt", text) else {
        return;
    };
    article.lang = match mode % 3 {
        0 => Some(Lang::Fr),
        1 => Some(Lang::En),
        _ => article.lang,
    };
    if mode & 0x80 != 0 && article.date.is_none() {
        article.date = chrono::NaiveDate::from_ymd_opt(2017, 9, 12);
    }
    let options = Options::default();
    extraction(&extract(&article, &options), &options.base);
}

/// The `iri_minting` target: a slug is made only of unreserved characters and percent escapes,
/// is the same for the same name, and makes a valid IRI; an article id makes a valid article IRI.
pub fn iri_minting(name: &str) {
    let slug = depeche::rdf::slug(name);
    assert!(!slug.is_empty(), "an empty slug for {name:?}");
    assert_eq!(slug, depeche::rdf::slug(name), "slug is not deterministic");
    let mut chars = slug.chars();
    while let Some(c) = chars.next() {
        match c {
            'a'..='z' | '0'..='9' | '-' | '_' => {}
            '%' => {
                let hex: String = chars.by_ref().take(2).collect();
                assert!(
                    hex.len() == 2 && hex.chars().all(|h| h.is_ascii_hexdigit()),
                    "a bad percent escape in {slug:?}"
                );
            }
            other => panic!("{other:?} in the slug {slug:?} of {name:?}"),
        }
    }
    let base = depeche::vocab::DEFAULT_BASE;
    let node = NamedNode::new(format!("{base}person/{slug}")).unwrap_or_else(|e| {
        panic!("the slug {slug:?} of {name:?} is not a valid IRI segment: {e}")
    });
    iri(&node, base);
    let front = format!(
        "---\nid: {}\n---\nTexte.\n",
        name.replace(['\n', '\r'], " ")
    );
    if let Ok(article) = Article::from_text("fuzz.txt", &front) {
        iri(&depeche::rdf::article_iri(base, &article), base);
    }
}
