//! Hostile and odd input, end to end through the binary: each gets one clear sentence (exit 1,
//! nothing on standard output, the store as it was) or is read correctly; none crashes. The
//! README's reliability table lists the same cases.

use crate::common::*;
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, Term};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn seed_text() -> String {
    std::fs::read_to_string(seed()).expect("the seed article")
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

/// Inputs refused with a sentence, each with the words its message must hold.
fn refused_inputs(dir: &Path) -> Vec<(&'static str, PathBuf, &'static str)> {
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let seed = seed_text();
    let no_mark: Vec<u8> = utf16(&seed, false)[2..].to_vec();
    let mut utf32 = vec![0xFF, 0xFE, 0, 0];
    for c in seed.chars() {
        utf32.extend((c as u32).to_le_bytes());
    }
    let mut nul = seed.clone().into_bytes();
    nul.splice(100..100, [0u8]);
    let deep_id = format!(
        "{{\"id\":{}0{},\"text\":\"Texte.\"}}\n",
        "{\"a\":".repeat(500),
        "}".repeat(500)
    );
    let huge_record = format!(
        "{{\"text\":\"ok\"}}\n{{\"text\":\"{}\"}}\n",
        "mot ".repeat(300_000)
    );
    let mut bad_pair = utf16("Texte", false);
    bad_pair.extend(0xD800u16.to_le_bytes());
    bad_pair.extend(utf16(" suite.", false)[2..].iter());
    vec![
        ("invalid UTF-8", write("latin1.txt", b"Le pr\xe9sident a re\xe7u mardi le ministre.\n"), "is not valid UTF-8 text (invalid byte at offset 5)"),
        ("UTF-16 with an unpaired surrogate", write("broken16.txt", &bad_pair), "is not valid UTF-16 text (an unpaired surrogate at byte 12)"),
        ("UTF-16 without a byte-order mark", write("nomark.txt", &no_mark), "looks like UTF-16 text without a byte-order mark; convert it to UTF-8 first (iconv -f UTF-16LE -t UTF-8)"),
        ("UTF-32", write("wide.txt", &utf32), "is UTF-32 text"),
        ("a NUL byte in text", write("nul.txt", &nul), "is not a text file (it contains binary data)"),
        ("a binary file", write("picture.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06"), "is not a text file"),
        ("an empty file", write("empty.txt", b""), "is an empty article"),
        ("an id nested 500 deep", write("deep-id.jsonl", deep_id.as_bytes()), "deep-id.jsonl:1 is not a valid JSON Lines article: it is nested more than 128 levels deep"),
        ("a JSON Lines record over the size limit", write("huge.jsonl", huge_record.as_bytes()), "huge.jsonl:2 is larger than the 1.0 MiB an article may be; if it is one article, raise the limit with --max-article-size"),
        ("UTF-16 JSON Lines", write("wide.jsonl", &utf16("{\"text\":\"Texte.\"}\n", false)), "JSON Lines are UTF-8 by definition"),
    ]
}

#[test]
fn odd_inputs_are_refused_in_one_sentence_and_never_written() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let before = count_query(dir.path(), &store, QUADS_IN_GRAPHS);
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "---\nid: good\nlang: fr\ndate: 2018-01-01\n---\nLe président français a reçu lundi à Paris le Premier ministre canadien.\n").unwrap();
    for (what, path, message) in refused_inputs(dir.path()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let run = depeche(dir.path(), ["extract".as_ref(), path.as_os_str()]);
        eprintln!("{what}: {}", run.stderr.trim_end());
        run.fails_with(message);
        assert!(
            run.stderr.contains(&name),
            "{what}: the message names the file"
        );
        // Read with a good article before it: nothing of either is written.
        let run = depeche(
            dir.path(),
            [
                "ingest".as_ref(),
                good.as_os_str(),
                path.as_os_str(),
                "--store".as_ref(),
                store.as_os_str(),
            ],
        );
        run.fails_with(message);
        assert_eq!(
            count_query(dir.path(), &store, QUADS_IN_GRAPHS),
            before,
            "{what} changed the store"
        );
    }
}

#[test]
fn utf16_with_a_byte_order_mark_reads_as_the_same_article() {
    let dir = tempdir();
    let text = seed_text();
    let plain = dir.path().join("utf8");
    std::fs::create_dir(&plain).unwrap();
    std::fs::write(plain.join("article.txt"), &text).unwrap();
    let expected = depeche(
        dir.path(),
        [
            "extract".as_ref(),
            plain.join("article.txt").as_os_str(),
            "--format".as_ref(),
            "nquads".as_ref(),
        ],
    )
    .ok();
    assert!(
        expected.contains("dp:Meeting") || expected.contains("ns#Meeting"),
        "{expected}"
    );
    for big_endian in [false, true] {
        let other = dir
            .path()
            .join(if big_endian { "utf16be" } else { "utf16le" });
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("article.txt"), utf16(&text, big_endian)).unwrap();
        let got = depeche(
            dir.path(),
            [
                "extract".as_ref(),
                other.join("article.txt").as_os_str(),
                "--format".as_ref(),
                "nquads".as_ref(),
            ],
        )
        .ok();
        // Byte for byte: evidence offsets count bytes of the UTF-8 form, which is the original.
        assert_eq!(got, expected, "UTF-16 big_endian={big_endian}");
    }
}

#[test]
fn a_100_mb_single_line_article_is_refused_in_bounded_memory() {
    let dir = tempdir();
    // A plain-text file is refused from its size, before a byte is read (a sparse file here).
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let started = Instant::now();
    depeche(dir.path(), ["extract", "big.txt"]).fails_with(
        "big.txt is 100.0 MiB, more than the 1.0 MiB an article may be; if it is one article, raise the limit with --max-article-size",
    );
    assert!(started.elapsed() < Duration::from_secs(10));

    // One 100 MB JSON Lines record is read only up to the limit: the run fits in 200 MB of
    // address space, which the whole line, read and copied, would not.
    let line = dir.path().join("big.jsonl");
    {
        use std::io::Write;
        let mut file = std::io::BufWriter::new(std::fs::File::create(&line).unwrap());
        file.write_all(b"{\"text\":\"").unwrap();
        let chunk = "Le président a reçu le ministre. ".repeat(1024);
        for _ in 0..(100 * 1024 * 1024 / chunk.len()) {
            file.write_all(chunk.as_bytes()).unwrap();
        }
        file.write_all(b"\"}\n").unwrap();
    }
    let output = clean_env(&mut std::process::Command::new("sh"))
        .arg("-c")
        .arg(format!(
            "ulimit -v 200000 && exec '{}' extract big.jsonl",
            env!("CARGO_BIN_EXE_depeche")
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    run.fails_with("big.jsonl:1 is larger than the 1.0 MiB an article may be");
}

#[test]
fn the_size_limit_is_an_option() {
    let dir = tempdir();
    let seed = seed();
    let size = std::fs::metadata(&seed).unwrap().len();
    assert!(
        (1024..8192).contains(&size),
        "the test assumes a seed of a few KiB"
    );
    depeche(
        dir.path(),
        [
            "extract".as_ref(),
            seed.as_os_str(),
            "--max-article-size".as_ref(),
            "1K".as_ref(),
        ],
    )
    .fails_with("more than the 1.0 KiB an article may be");
    let out = depeche(
        dir.path(),
        [
            "extract".as_ref(),
            seed.as_os_str(),
            "--max-article-size".as_ref(),
            "8K".as_ref(),
        ],
    )
    .ok();
    assert!(!out.is_empty());
    let bad = depeche(
        dir.path(),
        [
            "extract".as_ref(),
            seed.as_os_str(),
            "--max-article-size".as_ref(),
            "lots".as_ref(),
        ],
    );
    assert_eq!(bad.code, Some(2), "a usage error: {}", bad.stderr);
}

#[test]
fn wide_and_deep_json_records_and_escaped_control_characters_are_read() {
    let dir = tempdir();
    // Nesting in a field depeche does not read is skipped without recursion, however deep
    // (400,000 levels here; an `id` nested past 128 is refused, see above).
    let deep = format!(
        "{{\"id\":\"deep\",\"lang\":\"fr\",\"text\":\"Le président a reçu le ministre.\",\"extra\":{}1{}}}",
        "[".repeat(400_000),
        "]".repeat(400_000)
    );
    // 20,000 unknown keys: well under the size limit, read in linear time.
    let mut wide = serde_json::Map::new();
    for i in 0..20_000 {
        wide.insert(format!("k{i}"), serde_json::json!(i));
    }
    wide.insert("id".into(), serde_json::json!("wide"));
    wide.insert("lang".into(), serde_json::json!("fr"));
    wide.insert(
        "text".into(),
        serde_json::json!("Le président tunisien a reçu mardi à Tunis le ministre français."),
    );
    // Escaped NUL, escape and bell characters, and U+FFFF, in every field.
    let control = serde_json::json!({
        "id": "ctl\u{0}\u{1b}[31m",
        "lang": "fr",
        "title": "Titre\u{0}\u{7}\u{ffff} rouge\u{1b}[0m",
        "source": "AFP\u{0}\r\n\u{85}",
        "url": "https://example.org/a\u{0}b",
        "text": "Le président\u{0} tunisien\u{ffff} a reçu\u{1b}[2J mardi à Tunis le ministre français.\u{7}",
    });
    let file = dir.path().join("odd.jsonl");
    std::fs::write(
        &file,
        format!("{}\n{}\n{deep}\n", serde_json::Value::Object(wide), control),
    )
    .unwrap();
    let started = Instant::now();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&file]);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(count_query(dir.path(), &store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != dp:entities) }"), 3);
    // Every syntax the store is written in parses back, RDF/XML included, which cannot carry
    // control characters at all; no control character reaches the graph.
    for (format, rdf) in [
        ("rdfxml", RdfFormat::RdfXml),
        ("nquads", RdfFormat::NQuads),
        ("turtle", RdfFormat::Turtle),
    ] {
        let out = depeche(
            dir.path(),
            [
                "export".as_ref(),
                "--format".as_ref(),
                format.as_ref(),
                "--store".as_ref(),
                store.as_os_str(),
            ],
        );
        let quads = parse_rdf(&out.stdout, rdf);
        for quad in quads {
            if let Term::Literal(l) = &quad.object {
                assert!(
                    !l.value()
                        .chars()
                        .any(|c| (c.is_control() && c != '\n') || c == '\u{ffff}'),
                    "{format}: a control character in {l}"
                );
            }
        }
    }
}

#[test]
fn names_with_characters_illegal_in_iris_mint_valid_iris() {
    let dir = tempdir();
    let article = dir.path().join("odd names.txt");
    std::fs::write(
        &article,
        "---\nid: a b<c>\"d{e}|f\\g^h`i %zz #x ?y\nlang: fr\ndate: 2017-09-12\nurl: http://exa mple.org/<bad>\n---\n\
         Le président Jean-Marc <Dupont> a reçu mardi à Paris le ministre Paul {Lefort}|\\x. \
         Le général Ahmed \"al\" Zubaydi^ et M. Back`tick ont rencontré le président Élodie D'Ürsel-Ñuñez à Tunis. \
         Le ministre 金正恩 a reçu le ministre Σωκράτης Παπαδόπουλος.\n",
    )
    .unwrap();
    let out = depeche(
        dir.path(),
        [
            "extract".as_ref(),
            article.as_os_str(),
            "--format".as_ref(),
            "nquads".as_ref(),
        ],
    );
    let quads = parse_rdf(&out.stdout, RdfFormat::NQuads);
    assert!(quads.len() > 5, "{}", out.stderr);
    let mut iris = 0;
    for quad in &quads {
        for term in [
            Term::from(quad.subject.clone()),
            Term::from(quad.predicate.clone()),
            quad.object.clone(),
        ] {
            if let Term::NamedNode(n) = term {
                NamedNode::new(n.as_str()).unwrap_or_else(|e| panic!("invalid IRI <{n}>: {e}"));
                assert!(!n.as_str().contains("urn:depeche:invalid"), "{n}");
                iris += 1;
            }
        }
    }
    assert!(iris > 0);
    // The odd id names the article graph, by its slug.
    let graph = format!(
        "<https://purl.org/depeche/id/article/{}>",
        depeche::rdf::slug("a b<c>\"d{e}|f\\g^h`i %zz #x ?y")
    );
    assert!(
        quads.iter().all(|q| q.graph_name.to_string() == graph),
        "{graph}: {}",
        out.stdout_text()
    );
    // Ingested and queried, the same text is one graph the store can read back.
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&article]);
    assert_eq!(count_query(dir.path(), &store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != dp:entities) }"), 1);
}

#[test]
fn a_query_that_would_run_forever_is_stopped_by_the_timeout() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let forever = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }";
    let s = store.to_str().unwrap();
    let started = Instant::now();
    depeche(dir.path(), ["query", forever, "--store", s, "--timeout", "1"])
        .fails_with("the query ran longer than the limit of 1 s and was stopped; give --timeout SECONDS to allow more");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    let construct = "CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }";
    let started = Instant::now();
    depeche(
        dir.path(),
        [
            "export",
            "--format",
            "dot",
            "--query",
            construct,
            "--store",
            s,
            "--timeout",
            "0.5",
        ],
    )
    .fails_with("ran longer than the limit of 0.5 s");
    assert!(started.elapsed() < Duration::from_secs(15));
    // The lock went with the process: the store answers the next query.
    assert_eq!(
        depeche(
            dir.path(),
            [
                "query",
                "ASK { ?a dp:met ?b }",
                "--store",
                s,
                "--format",
                "csv"
            ]
        )
        .ok(),
        "true"
    );
}

#[test]
fn serve_applies_the_article_size_limit_to_posted_articles() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let server = Server::start(&store, &["--allow-update", "--max-article-size", "1K"]);
    let url = format!("{}/ingest", server.url);
    let text = format!("@{}", seed().display());
    let refused = curl(&[
        "-H",
        "Content-Type: text/plain",
        "--data-binary",
        &text,
        &url,
    ]);
    assert_eq!(refused.status, 413, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("raise the limit with depeche serve --max-article-size"),
        "{}",
        refused.text()
    );
    let record = serde_json::json!({ "id": "long", "text": "mot ".repeat(400) }).to_string();
    let refused = curl(&[
        "-H",
        "Content-Type: application/x-ndjson",
        "--data-binary",
        &record,
        &url,
    ]);
    assert_eq!(refused.status, 413, "{}", refused.text());
    assert!(
        refused.text().starts_with("posted:1 is "),
        "{}",
        refused.text()
    );
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"Le pr\0sident.").unwrap();
    let refused = curl(&[
        "-H",
        "Content-Type: text/plain",
        "--data-binary",
        &format!("@{}", binary.display()),
        &url,
    ]);
    assert_eq!(refused.status, 400, "{}", refused.text());
    assert!(
        refused.text().contains("is not a text file"),
        "{}",
        refused.text()
    );
    drop(server);
    assert_eq!(count_query(dir.path(), &store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != dp:entities) }"), 1);
}

#[test]
fn dates_past_year_9999_are_not_written_as_invalid_xsd_dates() {
    let dir = tempdir();
    let article = dir.path().join("last-day.txt");
    std::fs::write(&article, "---\ntitle: The last day\ndate: 9999-12-31\nlang: en\n---\nPresident Emmanuel Macron will meet Chancellor Angela Merkel in Berlin next week. They met on 30 December.\n").unwrap();
    let run = depeche(
        dir.path(),
        ["extract", article.to_str().unwrap(), "--format", "nquads"],
    );
    let out = run.ok();
    assert!(!out.contains("\"+"), "a date with a sign: {out}");
    let mut dates = 0;
    for quad in parse_rdf(out.as_bytes(), oxigraph::io::RdfFormat::NQuads) {
        if let oxigraph::model::Term::Literal(l) = &quad.object {
            if l.datatype() == depeche::vocab::xsd::DATE {
                dates += 1;
                assert!(
                    l.value().parse::<oxsdatatypes::Date>().is_ok() && l.value().len() == 10,
                    "{l}"
                );
            }
        }
    }
    // The publication date stays; "next week" (in year 10000) is dropped.
    assert!(dates >= 1, "{out}");
}
