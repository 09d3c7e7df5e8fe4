//! Corpus-scale ingest through the binary: compressed feeds, idempotent re-ingest, replaced
//! articles, order independence, one node per person across articles, and --keep-going.

use crate::common::*;
use std::ffi::OsStr;
use std::io::Write as _;
use std::path::Path;

/// The store as sorted N-Quads lines: the canonical form compared across runs (depeche writes
/// no blank nodes, so sorting lines is canonicalisation).
fn canonical_dump(dir: &Path, store: &Path) -> Vec<String> {
    let out = depeche(
        dir,
        [
            "export".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
            "--format".as_ref(),
            OsStr::new("nquads"),
        ],
    )
    .ok();
    assert!(
        !out.lines()
            .any(|l| l.starts_with("_:") || l.contains("> _:")),
        "no blank nodes"
    );
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

fn ingest_run(dir: &Path, store: &Path, paths: &[&Path], extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("ingest")];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    args.extend([OsStr::new("--store"), store.as_os_str()]);
    args.extend(extra.iter().map(OsStr::new));
    depeche(dir, args)
}

/// Invented dispatches: a full name, the same person by surname alone, another person with
/// that surname, and the surname with the first one's office. No real person is named.
fn write_surname_articles(dir: &Path) -> [std::path::PathBuf; 4] {
    let texts = [
        ("full", "2019-03-04", "Le ministre français de l'Agriculture, Jean-Marc Kervadec, a reçu lundi à Paris le ministre canadien du Commerce, Paul Lindqvist."),
        ("surname", "2019-03-06", "M. Kervadec a rencontré mercredi à Bruxelles le commissaire européen Hans Vollmer."),
        ("namesake", "2019-03-08", "Le député breton Yann Kervadec a rencontré vendredi à Rennes la maire Sophie Lemarchand."),
        ("office", "2019-03-09", "Le ministre Kervadec a reçu samedi à Paris son homologue allemand Klaus Brenner."),
    ];
    texts.map(|(id, date, body)| {
        let path = dir.join(format!("{id}.txt"));
        std::fs::write(
            &path,
            format!("---\nid: {id}\nlang: fr\ndate: {date}\n---\n{body}\n"),
        )
        .unwrap();
        path
    })
}

#[test]
fn a_gzip_feed_reads_as_the_plain_one() {
    let dir = tempdir();
    let plain = dir.path().join("feed.jsonl");
    let mut records = String::new();
    for (i, article) in [
        "data/eval/articles/fr-04.txt",
        "data/eval/articles/en-01.txt",
    ]
    .iter()
    .enumerate()
    {
        let text = std::fs::read_to_string(repo(article)).unwrap();
        let body = text.split_once("\n---\n").map_or(text.as_str(), |(_, b)| b);
        records.push_str(
            &serde_json::json!({"id": format!("feed-{i}"), "date": "2020-01-01", "text": body})
                .to_string(),
        );
        records.push('\n');
    }
    std::fs::write(&plain, &records).unwrap();
    let compressed = dir.path().join("feed.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&compressed).unwrap(),
        flate2::Compression::default(),
    );
    gz.write_all(records.as_bytes()).unwrap();
    gz.finish().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    ingest(dir.path(), &a, &[&plain]);
    ingest(dir.path(), &b, &[&compressed]);
    assert_eq!(
        canonical_dump(dir.path(), &a),
        canonical_dump(dir.path(), &b)
    );
    assert_eq!(
        count_query(
            dir.path(),
            &b,
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }"
        ),
        2
    );

    // A damaged archive is one sentence naming it, and nothing is written.
    let cut = dir.path().join("cut.jsonl.gz");
    let bytes = std::fs::read(&compressed).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let before = canonical_dump(dir.path(), &b);
    ingest_run(dir.path(), &b, &[&cut], &[]).fails_with("cut.jsonl.gz is not a complete gzip file");
    assert_eq!(canonical_dump(dir.path(), &b), before);
}

#[test]
fn ingesting_twice_changes_nothing_and_skips_every_article() {
    let dir = tempdir();
    let store = dir.path().join("store");
    let articles = repo("data/eval/articles");
    let first = ingest_run(dir.path(), &store, &[&articles, &seed()], &[]);
    first.ok();
    let total = std::fs::read_dir(&articles)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count()
        + 1;
    let dump = canonical_dump(dir.path(), &store);
    let count = count_query(dir.path(), &store, QUADS_IN_GRAPHS);
    let second = ingest_run(dir.path(), &store, &[&articles, &seed()], &[]);
    second.ok();
    assert!(
        second.stderr.contains(&format!(
            "ingested {total} articles (0 new, 0 replaced, {total} unchanged, 0 errors): 0 triples"
        )),
        "{}",
        second.stderr
    );
    assert_eq!(count_query(dir.path(), &store, QUADS_IN_GRAPHS), count);
    assert_eq!(canonical_dump(dir.path(), &store), dump);
}

#[test]
fn a_changed_article_replaces_its_graph_and_only_it() {
    let dir = tempdir();
    let store = dir.path().join("store");
    let [full, surname, _, _] = write_surname_articles(dir.path());
    ingest(dir.path(), &store, &[&full, &surname]);
    let text = std::fs::read_to_string(&surname)
        .unwrap()
        .replace("Bruxelles", "Strasbourg");
    std::fs::write(&surname, text).unwrap();
    let run = ingest_run(dir.path(), &store, &[&full, &surname], &[]);
    run.ok();
    assert!(
        run.stderr
            .contains("ingested 2 articles (0 new, 1 replaced, 1 unchanged, 0 errors)"),
        "{}",
        run.stderr
    );
    let dump = canonical_dump(dir.path(), &store).join("\n");
    assert!(
        dump.contains("Strasbourg") && !dump.contains("Bruxelles"),
        "the old text's facts are gone"
    );
}

#[test]
fn a_surname_alone_joins_the_one_full_name_and_leaves_it_when_a_namesake_comes() {
    let dir = tempdir();
    let [full, surname, namesake, _] = write_surname_articles(dir.path());
    let store = dir.path().join("store");
    let run = ingest_run(dir.path(), &store, &[&full, &surname], &[]);
    assert!(
        run.ok().is_empty()
            && run
                .stderr
                .contains("1 surname-only person linked to a full name"),
        "{}",
        run.stderr
    );
    // One node, derived from both articles, met by both counterparts, known also by the surname.
    let sources = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { <https://purl.org/depeche/id/person/jean-marc-kervadec> prov:wasDerivedFrom ?a }";
    assert_eq!(count_query(dir.path(), &store, sources), 2);
    let met = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { <https://purl.org/depeche/id/person/jean-marc-kervadec> dp:met ?o }";
    assert_eq!(count_query(dir.path(), &store, met), 2);
    let persons = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person ; rdfs:label|schema:alternateName ?l FILTER(CONTAINS(STR(?l), \"Kervadec\")) }";
    assert_eq!(count_query(dir.path(), &store, persons), 1);
    let alias = "ASK { <https://purl.org/depeche/id/person/kervadec> owl:sameAs <https://purl.org/depeche/id/person/jean-marc-kervadec> }";
    let answer = depeche(
        dir.path(),
        [
            "query".as_ref(),
            OsStr::new(alias),
            "--store".as_ref(),
            store.as_os_str(),
            "--format".as_ref(),
            "csv".as_ref(),
        ],
    )
    .ok();
    assert!(answer.contains("true"), "{answer}");

    // Two people now answer to the surname: the link is undone, and the surname is a node again.
    ingest(dir.path(), &store, &[&namesake]);
    assert_eq!(count_query(dir.path(), &store, sources), 1);
    assert_eq!(count_query(dir.path(), &store, persons), 3);
}

#[test]
fn an_office_tells_namesakes_apart() {
    let dir = tempdir();
    let [full, _, namesake, office] = write_surname_articles(dir.path());
    let store = dir.path().join("store");
    let run = ingest_run(dir.path(), &store, &[&full, &namesake, &office], &[]);
    assert!(
        run.ok().is_empty()
            && run
                .stderr
                .contains("1 surname-only person linked to a full name"),
        "{}",
        run.stderr
    );
    // "Le ministre Kervadec" is the minister of the first article, not the member of parliament.
    let met = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { <https://purl.org/depeche/id/person/jean-marc-kervadec> dp:met ?o }";
    assert_eq!(count_query(dir.path(), &store, met), 2);
    let namesake_met = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { <https://purl.org/depeche/id/person/yann-kervadec> dp:met ?o }";
    assert_eq!(count_query(dir.path(), &store, namesake_met), 1);
}

#[test]
fn the_store_does_not_depend_on_the_order_of_ingest() {
    let dir = tempdir();
    let [full, surname, namesake, office] = write_surname_articles(dir.path());
    let seed = seed();
    let orders: [&[&Path]; 4] = [
        &[&full, &surname, &namesake, &office, &seed],
        &[&seed, &office, &namesake, &surname, &full],
        &[&surname, &seed, &full, &office, &namesake],
        &[&namesake, &office, &full, &seed, &surname],
    ];
    let mut dumps = Vec::new();
    for (k, order) in orders.iter().enumerate() {
        let store = dir.path().join(format!("one-by-one-{k}"));
        for path in order.iter() {
            ingest(dir.path(), &store, &[path]);
        }
        dumps.push(canonical_dump(dir.path(), &store));
    }
    // The same articles in one run, and the first two articles alone then all: same store.
    let store = dir.path().join("together");
    ingest(
        dir.path(),
        &store,
        &[&namesake, &surname, &office, &full, &seed],
    );
    dumps.push(canonical_dump(dir.path(), &store));
    let store = dir.path().join("grown");
    ingest(dir.path(), &store, &[&surname, &full]);
    ingest(dir.path(), &store, &[&full, &surname, &namesake]);
    ingest(dir.path(), &store, &[&office, &seed]);
    dumps.push(canonical_dump(dir.path(), &store));
    for (k, dump) in dumps.iter().enumerate().skip(1) {
        assert_eq!(dump, &dumps[0], "order {k} gave another store");
    }
    assert!(dumps[0].len() > 100);
}

/// Across the bundled corpus, every person label found in several articles names one node, and
/// that node's provenance points to each of those articles.
#[test]
fn a_person_named_in_several_bundled_articles_is_one_node() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(
        dir.path(),
        &store,
        &[
            &repo("data/corpus"),
            &repo("data/eval/articles"),
            &repo("data/articles"),
        ],
    );
    let query = "SELECT ?label (COUNT(DISTINCT ?p) AS ?nodes) (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(DISTINCT ?a) AS ?sources)
                 WHERE { GRAPH ?g { ?p a schema:Person ; rdfs:label ?label } FILTER(?g != dp:entities) ?p prov:wasDerivedFrom ?a }
                 GROUP BY ?label HAVING (COUNT(DISTINCT ?g) > 1) ORDER BY DESC(?graphs)";
    let out = depeche(
        dir.path(),
        [
            "query".as_ref(),
            OsStr::new(query),
            "--store".as_ref(),
            store.as_os_str(),
            "--format".as_ref(),
            "csv".as_ref(),
        ],
    )
    .ok();
    let rows: Vec<Vec<String>> = out
        .lines()
        .skip(1)
        .map(|l| l.rsplitn(4, ',').map(str::to_string).collect())
        .collect();
    assert!(
        rows.len() >= 5,
        "several persons recur across the bundled articles: {out}"
    );
    for row in &rows {
        let (sources, graphs, nodes, label) = (&row[0], &row[1], &row[2], &row[3]);
        assert_eq!(nodes, "1", "{label} is one node");
        assert!(
            sources.parse::<usize>().unwrap() >= graphs.parse::<usize>().unwrap(),
            "{label}: derived from each of its {graphs} articles, got {sources}"
        );
    }
}

#[test]
fn keep_going_writes_the_good_articles_and_counts_the_bad() {
    let dir = tempdir();
    let store = dir.path().join("store");
    ingest(dir.path(), &store, &[&seed()]);
    let feed = dir.path().join("feed.jsonl");
    let good = |id: &str| {
        serde_json::json!({"id": id, "lang": "fr", "date": "2020-02-02", "text": "Le président français a reçu lundi à Paris le Premier ministre canadien."}).to_string()
    };
    std::fs::write(
        &feed,
        format!(
            "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
            good("first"),
            good("second")
        ),
    )
    .unwrap();
    let before = count_query(dir.path(), &store, QUADS_IN_GRAPHS);
    ingest_run(dir.path(), &store, &[&feed], &[])
        .fails_with("feed.jsonl:2 is not a valid JSON Lines article");
    assert_eq!(
        count_query(dir.path(), &store, QUADS_IN_GRAPHS),
        before,
        "nothing is written without --keep-going"
    );

    let run = ingest_run(dir.path(), &store, &[&feed], &["--keep-going"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("feed.jsonl:2 is not a valid JSON Lines article"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("ingested 3 articles (2 new, 0 replaced, 0 unchanged, 1 error)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .trim_end()
            .ends_with("1 article could not be read or extracted; the others were written"),
        "{}",
        run.stderr
    );
    assert_eq!(
        count_query(
            dir.path(),
            &store,
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }"
        ),
        3
    );
}

#[test]
fn the_summary_goes_to_standard_error() {
    let dir = tempdir();
    let store = dir.path().join("store");
    let run = ingest_run(
        dir.path(),
        &store,
        &[&repo("data/eval/articles")],
        &["--batch", "2"],
    );
    assert!(run.ok().is_empty(), "nothing on standard output");
    let summary = run.stderr.lines().last().unwrap();
    for part in [
        "ingested 31 articles (31 new",
        "triples",
        "entities",
        "events",
        "meeting",
        "articles/s",
        "MB/s",
        "words/s",
        "now holds",
    ] {
        assert!(summary.contains(part), "{part:?} missing from {summary}");
    }
}

/// The bundled Wikinews corpus in two orders, and in two runs, gives one store.
#[test]
fn the_bundled_corpus_in_any_order_gives_one_store() {
    use std::io::Read as _;
    let dir = tempdir();
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(repo("data/corpus/wikinews.jsonl.gz")).unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 200);
    let write = |name: &str, lines: &[&str]| {
        let path = dir.path().join(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    };
    let forward = write("forward.jsonl", &lines);
    let reversed: Vec<&str> = lines.iter().rev().copied().collect();
    let backward = write("backward.jsonl", &reversed);
    let (first_half, second_half) = reversed.split_at(reversed.len() / 2);
    let (first_half, second_half) = (
        write("first.jsonl", first_half),
        write("second.jsonl", second_half),
    );

    let a = dir.path().join("a");
    ingest_run(dir.path(), &a, &[&forward], &["--batch", "64"]).ok();
    let b = dir.path().join("b");
    ingest_run(dir.path(), &b, &[&backward], &["--batch", "7"]).ok();
    let c = dir.path().join("c");
    ingest(dir.path(), &c, &[&first_half]);
    ingest(dir.path(), &c, &[&second_half]);
    let dump = canonical_dump(dir.path(), &a);
    assert_eq!(canonical_dump(dir.path(), &b), dump, "reversed order");
    assert_eq!(canonical_dump(dir.path(), &c), dump, "two runs");
    assert!(
        dump.iter()
            .any(|q| q.contains("owl#sameAs> <https://purl.org/depeche/id/person/")),
        "the corpus exercises surname links"
    );
}
