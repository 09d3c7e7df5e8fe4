//! `depeche link`: quads that reached a store without `ingest` (N-Quads from `depeche extract`,
//! loaded over the SPARQL protocol as a bulk loader would) answer, once linked, as the same
//! articles ingested do: the same article graphs, the same entities graph, the same
//! cross-article identity links, the same answer to who met whom.

use crate::common::*;
use oxigraph::io::RdfFormat;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The bundled articles, and two invented ones where a surname-only person ("M. Kervadec")
/// has one full name in the other: the identity step has something to do.
fn articles(dir: &Path) -> Vec<PathBuf> {
    let invented = dir.join("invented");
    std::fs::create_dir(&invented).unwrap();
    let write = |id: &str, date: &str, body: &str| {
        std::fs::write(
            invented.join(format!("{id}.txt")),
            format!("---\nid: {id}\nlang: fr\ndate: {date}\n---\n{body}\n"),
        )
        .unwrap();
    };
    write("full", "2019-03-04", "Le ministre français de l'Agriculture, Jean-Marc Kervadec, a reçu lundi à Paris le ministre canadien du Commerce, Paul Lindqvist.");
    write(
        "surname",
        "2019-03-06",
        "M. Kervadec a rencontré mercredi à Bruxelles le commissaire européen Hans Vollmer.",
    );
    vec![repo("data/articles"), repo("data/eval/articles"), invented]
}

/// `depeche extract --format nquads` of the articles.
fn extracted(dir: &Path, paths: &[PathBuf]) -> Vec<u8> {
    let mut args: Vec<&OsStr> = vec!["extract".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    args.extend([OsStr::new("--format"), OsStr::new("nquads")]);
    let run = depeche(dir, &args);
    run.ok();
    run.stdout
}

fn run_ok(dir: &Path, args: &[&OsStr]) -> Run {
    let run = depeche(dir, args);
    run.ok();
    run
}

/// The whole store as sorted N-Quads lines, without the digests `ingest` keeps to skip
/// unchanged articles (bookkeeping of `ingest`, which loaded quads do not have).
fn dump(dir: &Path, store: &OsStr) -> Vec<String> {
    let out = run_ok(
        dir,
        &[
            "export".as_ref(),
            "--store".as_ref(),
            store,
            "--format".as_ref(),
            "nquads".as_ref(),
        ],
    )
    .stdout_text();
    let mut lines: Vec<String> = out
        .lines()
        .filter(|l| !l.contains("<https://purl.org/depeche/ns#digest>"))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// The bundled who-met-whom query's answer, as sorted CSV rows after the header.
fn who_met_whom(dir: &Path, store: &OsStr) -> Vec<String> {
    let query = query_file("who-met-whom.rq");
    let out = run_ok(
        dir,
        &[
            "query".as_ref(),
            query.as_os_str(),
            "--store".as_ref(),
            store,
            "--format".as_ref(),
            "csv".as_ref(),
        ],
    )
    .stdout_text();
    let mut rows: Vec<String> = out.lines().skip(1).map(str::to_string).collect();
    rows.sort();
    rows
}

/// The lines of a dump in the entities graph.
fn entities_graph(lines: &[String]) -> Vec<&String> {
    lines
        .iter()
        .filter(|l| l.ends_with("<https://purl.org/depeche/ns#entities> ."))
        .collect()
}

/// The store `ingest` makes of `paths`, as the reference, and how many surname-only persons
/// it linked.
fn ingested(dir: &Path, paths: &[PathBuf]) -> (PathBuf, usize) {
    let store = dir.join("ingested");
    let mut args: Vec<&OsStr> = vec!["ingest".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    args.extend([OsStr::new("--store"), store.as_os_str()]);
    let run = run_ok(dir, &args);
    let linked = run
        .stderr
        .split("; ")
        .find_map(|part| part.strip_suffix(" linked to a full name in the store"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let linked: usize = linked.split(' ').next().unwrap().parse().unwrap();
    assert!(
        linked >= 1,
        "the invented articles make a link: {}",
        run.stderr
    );
    (store, linked)
}

/// Checks that a linked store equals the ingested one, and that linking again changes nothing.
#[track_caller]
fn assert_same_as_ingested(
    dir: &Path,
    linked: &OsStr,
    (reference, links): &(PathBuf, usize),
    link_run: &Run,
) {
    let reference = reference.as_os_str();
    let persons = if *links == 1 { "person" } else { "persons" };
    assert!(
        link_run.stderr.contains(&format!(
            "; {links} surname-only {persons} linked to a full name"
        )),
        "{}",
        link_run.stderr
    );
    let want = dump(dir, reference);
    let got = dump(dir, linked);
    assert!(
        entities_graph(&want).len() > 100,
        "the reference has an entities graph"
    );
    assert_eq!(
        entities_graph(&got),
        entities_graph(&want),
        "the entities graph"
    );
    assert_eq!(got, want, "the whole store");
    let answer = who_met_whom(dir, reference);
    assert!(answer.len() >= 10, "who met whom answers: {answer:?}");
    assert_eq!(who_met_whom(dir, linked), answer);
    let again = run_ok(dir, &["link".as_ref(), "--store".as_ref(), linked]);
    assert!(
        again.stderr.contains("0 links changed by this run"),
        "{}",
        again.stderr
    );
    assert_eq!(dump(dir, linked), want, "linking twice changes nothing");
}

/// N-Quads as one SPARQL `INSERT DATA`, the way a client with no bulk loader loads them: one
/// `GRAPH` block an article.
fn insert_data(nquads: &[u8]) -> String {
    let mut graphs: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for quad in parse_rdf(nquads, RdfFormat::NQuads) {
        graphs
            .entry(quad.graph_name.to_string())
            .or_default()
            .push_str(&format!(
                "{} {} {} .\n",
                quad.subject, quad.predicate, quad.object
            ));
    }
    let mut update = String::from("INSERT DATA {\n");
    for (graph, triples) in &graphs {
        update.push_str(&format!("GRAPH {graph} {{\n{triples}}}\n"));
    }
    update.push('}');
    update
}

#[test]
fn extracted_quads_loaded_then_linked_equal_an_ingest() {
    let dir = tempdir();
    let dir = dir.path();
    let paths = articles(dir);
    let reference = ingested(dir, &paths);
    let nquads = extracted(dir, &paths);

    // Loaded through `depeche serve`'s SPARQL Update endpoint: raw quads, no entities graph.
    let store = dir.join("loaded");
    depeche(
        dir,
        [
            "ingest".as_ref(),
            repo("data/articles").as_os_str(),
            "--store".as_ref(),
            store.as_os_str(),
        ],
    )
    .ok();
    let server = Server::start(&store, &["--allow-update", "--max-body", "100000000"]);
    let emptied = curl(&[
        "-X",
        "POST",
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        "DROP ALL",
        &format!("{}/update", server.url),
    ]);
    assert_eq!(emptied.status, 200, "{}", emptied.text());
    let body = dir.join("insert.ru");
    std::fs::write(&body, insert_data(&nquads)).unwrap();
    let loaded = curl(&[
        "-X",
        "POST",
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        &format!("@{}", body.display()),
        &format!("{}/update", server.url),
    ]);
    assert_eq!(loaded.status, 200, "{}", loaded.text());
    drop(server);
    let before = dump(dir, store.as_os_str());
    assert!(
        entities_graph(&before).is_empty(),
        "loaded quads have no entities graph"
    );
    assert_ne!(
        who_met_whom(dir, store.as_os_str()),
        who_met_whom(dir, reference.0.as_os_str()),
        "before linking, names (the entities graph) and identity links are missing"
    );

    let linked = run_ok(
        dir,
        &["link".as_ref(), "--store".as_ref(), store.as_os_str()],
    );
    assert_same_as_ingested(dir, store.as_os_str(), &reference, &linked);

    // A store `ingest` wrote is linked already.
    let again = run_ok(
        dir,
        &["link".as_ref(), "--store".as_ref(), reference.0.as_os_str()],
    );
    assert!(
        again.stderr.contains("0 links changed by this run"),
        "{}",
        again.stderr
    );
}

#[test]
fn link_needs_an_existing_store() {
    let dir = tempdir();
    depeche(dir.path(), ["link", "--store", "nowhere"]).fails_with("nowhere");
    assert!(!dir.path().join("nowhere").exists(), "no store is created");
}

#[test]
fn a_remote_store_loaded_with_its_own_loader_is_linked_over_the_protocol() {
    let Some(server) = crate::remote_store::start() else {
        return;
    };
    let dir = tempdir();
    let dir = dir.path();
    let paths = articles(dir);
    let reference = ingested(dir, &paths);
    let nquads = dir.join("extracted.nq");
    std::fs::write(&nquads, extracted(dir, &paths)).unwrap();
    // The server's own loader: the N-Quads file posted to its dataset, as a Spark job's part
    // files would be.
    let loaded = curl(&[
        "-X",
        "POST",
        "-H",
        "Content-Type: application/n-quads",
        "--data-binary",
        &format!("@{}", nquads.display()),
        &format!("{}/store", server.url),
    ]);
    assert!(
        (200..300).contains(&loaded.status),
        "{} {}",
        loaded.status,
        loaded.text()
    );
    let remote = OsStr::new(&server.url);
    let linked = run_ok(dir, &["link".as_ref(), "--store".as_ref(), remote]);
    assert!(
        linked
            .stderr
            .contains(&format!("the store at {} now holds", server.url)),
        "{}",
        linked.stderr
    );
    assert_same_as_ingested(dir, remote, &reference, &linked);
}
