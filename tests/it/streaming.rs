//! Inputs of any size in memory that does not grow with them: `extract` streams its output,
//! every reading path (gzip and plain JSON Lines, folders, one huge line, a gzip bomb) holds a
//! record at a time, folders are walked without following loops or opening FIFOs and devices,
//! and repeated ids are caught. Inputs are generated here, bounded in size and time; peak memory
//! is read from the child's `VmHWM` in /proc.
//!
//! Over 600 lines as one file on purpose: every case here is a way of reading input, and they
//! share the generators and the memory probe below (`record`, `jsonl`, `measure`, `peak_kb`).

use crate::common::*;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One short article a record, each with its own id and date.
fn record(i: usize) -> String {
    let names = ["Paul Lefort", "Karim Benali", "Anna Weber", "Ivan Petrov"];
    let places = ["Tunis", "Paris", "Berlin", "Madrid"];
    serde_json::json!({
        "id": format!("r{i}"),
        "lang": "fr",
        "date": format!("2017-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
        "title": format!("Dépêche {i}"),
        "text": format!(
            "Le ministre {} a reçu mardi à {} son homologue {}. Ils ont évoqué la coopération, selon un communiqué publié le jour même (dépêche {i}).",
            names[i % 4],
            places[i % 4],
            names[(i + 1) % 4]
        ),
    })
    .to_string()
}

/// Writes records `0..` into `out` until `bytes` are written; returns how many.
fn write_records(out: &mut impl Write, bytes: u64) -> usize {
    let (mut written, mut i) = (0u64, 0);
    while written < bytes {
        let line = record(i) + "\n";
        out.write_all(line.as_bytes()).unwrap();
        written += line.len() as u64;
        i += 1;
    }
    i
}

fn jsonl(path: &Path, bytes: u64) -> usize {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let n = write_records(&mut out, bytes);
    out.flush().unwrap();
    n
}

/// What a child did, and the most memory it held.
struct Measured {
    code: Option<i32>,
    stdout: Vec<u8>,
    stdout_bytes: u64,
    stderr: String,
    peak_mb: f64,
}

fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs depeche in `dir`, keeping at most `keep` bytes of its standard output (counting all),
/// and stops it after `stop_after` bytes of output or `limit` time, whichever comes first.
fn measure(
    dir: &Path,
    args: &[&str],
    keep: usize,
    stop_after: Option<u64>,
    limit: Duration,
) -> Measured {
    let mut child = depeche_command()
        .args(args)
        .env("RAYON_NUM_THREADS", "2")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let counted = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let reader = {
        let counted = counted.clone();
        std::thread::spawn(move || {
            let (mut kept, mut buffer) = (Vec::new(), vec![0u8; 1 << 16]);
            while let Ok(n) = stdout.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let room = keep.saturating_sub(kept.len()).min(n);
                kept.extend_from_slice(&buffer[..room]);
                counted.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
            }
            kept
        })
    };
    let mut stderr = child.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let mut peak = 0;
    let code = loop {
        peak = peak.max(peak_kb(pid).unwrap_or(0));
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        let enough =
            stop_after.is_some_and(|n| counted.load(std::sync::atomic::Ordering::Relaxed) >= n);
        if enough || started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            assert!(enough, "depeche {args:?} ran past {limit:?}");
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Measured {
        code,
        stdout: reader.join().unwrap(),
        stdout_bytes: counted.load(std::sync::atomic::Ordering::Relaxed),
        stderr: errors.join().unwrap(),
        peak_mb: peak as f64 / 1024.0,
    }
}

/// The bound every run here must stay under, whatever its input: the lexicons and gazetteers,
/// two batches and the census of ids take some 40 MB; reading a 200 MB input whole took 2.6 GB.
const PEAK_LIMIT_MB: f64 = 200.0;

/// A 200 MB gzip-compressed stream: `extract` writes its first articles long before it could
/// have read the input whole, in bounded memory, and every reading pass stays bounded.
#[test]
fn extract_streams_a_large_gzip_input_in_bounded_memory() {
    let dir = tempdir();
    let path = dir.path().join("feed.jsonl.gz");
    let records = {
        let file = std::fs::File::create(&path).unwrap();
        let mut out = flate2::write::GzEncoder::new(
            std::io::BufWriter::new(file),
            flate2::Compression::fast(),
        );
        let n = write_records(&mut out, 200 << 20);
        out.finish().unwrap().flush().unwrap();
        n
    };
    // Stopped once 2 MB of N-Quads are out: extracting all would take minutes.
    let run = measure(
        dir.path(),
        &["extract", "feed.jsonl.gz", "--format", "nquads"],
        1 << 20,
        Some(2 << 20),
        Duration::from_secs(240),
    );
    eprintln!(
        "{records} records, 200 MB: peak {:.0} MB, {} bytes out",
        run.peak_mb, run.stdout_bytes
    );
    assert!(run.stdout_bytes >= 2 << 20, "{}", run.stderr);
    assert!(run.peak_mb < PEAK_LIMIT_MB, "peak {:.0} MB", run.peak_mb);
    let text = String::from_utf8_lossy(&run.stdout);
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("/article/r0>"),
        "articles come out in input order: {first}"
    );
}

/// Run to the end, a plain JSON Lines file four times as large takes the same memory in
/// `extract`, which writes its articles whole and in order.
#[test]
fn extract_memory_does_not_grow_with_the_input() {
    let dir = tempdir();
    let small = jsonl(&dir.path().join("small.jsonl"), 600_000);
    let large = jsonl(&dir.path().join("large.jsonl"), 2_400_000);
    let limit = Duration::from_secs(300);
    let a = measure(
        dir.path(),
        &[
            "extract",
            "small.jsonl",
            "--format",
            "nquads",
            "-o",
            "small.nq",
        ],
        0,
        None,
        limit,
    );
    let b = measure(
        dir.path(),
        &[
            "extract",
            "large.jsonl",
            "--format",
            "nquads",
            "-o",
            "large.nq",
        ],
        0,
        None,
        limit,
    );
    assert_eq!(
        (a.code, b.code),
        (Some(0), Some(0)),
        "{}{}",
        a.stderr,
        b.stderr
    );
    eprintln!(
        "{small} articles: peak {:.0} MB; {large} articles: peak {:.0} MB",
        a.peak_mb, b.peak_mb
    );
    assert!(
        b.peak_mb < a.peak_mb * 1.5,
        "{small} articles: {:.0} MB, {large}: {:.0} MB",
        a.peak_mb,
        b.peak_mb
    );
    let out = std::fs::read_to_string(dir.path().join("large.nq")).unwrap();
    let mut graphs: Vec<&str> = Vec::new();
    for line in out.lines() {
        let graph = line
            .rsplit_once(" <")
            .map(|(_, g)| g.trim_end_matches(" ."))
            .unwrap();
        if graphs.last() != Some(&graph) {
            graphs.push(graph);
        }
    }
    assert_eq!(graphs.len(), large, "each article is one run of lines");
    for (i, graph) in graphs.iter().enumerate() {
        assert!(
            graph.ends_with(&format!("/article/r{i}>")),
            "article {i} is {graph}"
        );
    }
}

/// `ingest` on the same two inputs: memory does not grow with them either. RocksDB's memtables
/// grew with the input (208 MB for 2,409 articles, 602 MB for 9,595) until the store flushed
/// them every so many quads; the closing summary listed every article graph to count them,
/// and RocksDB kept every SST file's index in memory (both now bounded, see README, "Inputs of
/// any size").
#[test]
fn ingest_memory_does_not_grow_with_the_input() {
    let dir = tempdir();
    let small = jsonl(&dir.path().join("small.jsonl"), 600_000);
    let large = jsonl(&dir.path().join("large.jsonl"), 2_400_000);
    let limit = Duration::from_secs(600);
    let a = measure(
        dir.path(),
        &["ingest", "small.jsonl", "--store", "small-store"],
        0,
        None,
        limit,
    );
    let b = measure(
        dir.path(),
        &["ingest", "large.jsonl", "--store", "large-store"],
        0,
        None,
        limit,
    );
    assert_eq!(
        (a.code, b.code),
        (Some(0), Some(0)),
        "{}{}",
        a.stderr,
        b.stderr
    );
    eprintln!(
        "ingest: {small} articles: peak {:.0} MB; {large} articles: peak {:.0} MB",
        a.peak_mb, b.peak_mb
    );
    assert!(
        b.stderr
            .contains(&format!("ingested {large} articles ({large} new")),
        "{}",
        b.stderr
    );
    assert!(
        b.peak_mb < a.peak_mb * 1.5 && b.peak_mb < PEAK_LIMIT_MB * 2.0,
        "{small} articles: {:.0} MB, {large}: {:.0} MB",
        a.peak_mb,
        b.peak_mb
    );
}

/// Trig through one serialiser across batches reads back as the graph N-Quads gives.
#[test]
fn streamed_formats_agree() {
    let dir = tempdir();
    let n = jsonl(&dir.path().join("f.jsonl"), 200_000);
    assert!(n > 600, "more than two batches");
    let nquads = depeche(dir.path(), ["extract", "f.jsonl", "--format", "nquads"]).ok();
    let trig = depeche(dir.path(), ["extract", "f.jsonl", "--format", "trig"]).ok();
    let jsonld = depeche(dir.path(), ["extract", "f.jsonl", "--format", "jsonld"]).ok();
    let read = |text: &str, format| -> std::collections::HashSet<oxigraph::model::Quad> {
        oxigraph::io::RdfParser::from_format(format)
            .for_slice(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let expected = read(&nquads, oxigraph::io::RdfFormat::NQuads);
    assert_eq!(read(&trig, oxigraph::io::RdfFormat::TriG), expected);
    assert_eq!(
        read(
            &jsonld,
            oxigraph::io::RdfFormat::from_extension("jsonld").unwrap()
        ),
        expected
    );
}

/// Runs depeche through `sh` with files limited to 100 KB (`ulimit -f`, SIGXFSZ ignored so
/// that a write past it fails with EFBIG, as on a full disk).
fn with_small_files(dir: &Path, command: &str) -> Run {
    let output = clean_env(&mut Command::new("sh"))
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 200; exec '{}' {command}",
            env!("CARGO_BIN_EXE_depeche")
        ))
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A failure after output began (here, the disk full): on standard output, exit 1 and one
/// sentence saying how many articles were written; with -o, the old file untouched and no
/// temporary file left.
#[test]
fn a_failure_midway_leaves_no_half_file_and_says_what_was_written() {
    let dir = tempdir();
    let n = jsonl(&dir.path().join("feed.jsonl"), 300_000);
    let run = with_small_files(dir.path(), "extract feed.jsonl --format nquads > out.nq");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let message = run.stderr.trim_end();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with("depeche: ") && message.contains("File too large"),
        "{message}"
    );
    let written: usize = message
        .split("the output is incomplete: ")
        .nth(1)
        .and_then(|rest| {
            rest.strip_suffix(" articles had been written to standard output when this happened")
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{message}"));
    assert!(written > 0 && written < n, "{message}");
    let out = std::fs::read_to_string(dir.path().join("out.nq")).unwrap();
    assert!(out.contains("/article/r0>") && !out.contains(&format!("/article/r{}>", n - 1)));

    std::fs::write(dir.path().join("old.nq"), "kept\n").unwrap();
    let run = with_small_files(dir.path(), "extract feed.jsonl --format nquads -o old.nq");
    run.fails_with("nothing was written to old.nq");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old.nq")).unwrap(),
        "kept\n",
        "the old file is untouched"
    );
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["feed.jsonl", "old.nq", "out.nq"],
        "no temporary file is left"
    );
}

/// One gzip member of `size` spaces, repeated: a 1 GiB line in a file of a few hundred KB.
fn gzip_bomb(path: &Path, members: usize) {
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    member.write_all(&vec![b' '; 1 << 20]).unwrap();
    let member = member.finish().unwrap();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(&member).unwrap();
    for _ in 1..members {
        out.write_all(&member).unwrap();
    }
    out.flush().unwrap();
}

/// A 1 GiB line behind a gzip bomb is refused with the size sentence, in bounded memory.
#[test]
fn a_gzip_bomb_is_refused_in_bounded_memory() {
    let dir = tempdir();
    gzip_bomb(&dir.path().join("bomb.jsonl.gz"), 1024);
    assert!(
        std::fs::metadata(dir.path().join("bomb.jsonl.gz"))
            .unwrap()
            .len()
            < 4 << 20
    );
    let run = measure(
        dir.path(),
        &["extract", "bomb.jsonl.gz"],
        1024,
        None,
        Duration::from_secs(120),
    );
    eprintln!("gzip bomb: peak {:.0} MB", run.peak_mb);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("bomb.jsonl:1 is larger than the 1.0 MiB an article may be"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    assert!(run.peak_mb < PEAK_LIMIT_MB, "peak {:.0} MB", run.peak_mb);
}

fn lines_with(text: &str, needle: &str) -> usize {
    text.lines().filter(|l| l.contains(needle)).count()
}

/// Repeated ids: refused by default, naming the id and the line; with keep-last, a warning and
/// only the last record's graph, in `extract` and `ingest` alike.
#[test]
fn repeated_ids_are_refused_or_the_last_kept() {
    let dir = tempdir();
    let feed = [
        r#"{"id":"a1","title":"Premier","text":"Le ministre Paul Lefort a reçu Karim Benali."}"#,
        r#"{"id":"b2","title":"Autre","text":"Karim Benali a rencontré Anna Weber."}"#,
        r#"{"id":"a1","title":"Second","text":"Le ministre Paul Lefort a reçu Anna Weber."}"#,
    ]
    .join("\n");
    std::fs::write(dir.path().join("feed.jsonl"), feed).unwrap();
    depeche(dir.path(), ["extract", "feed.jsonl"]).fails_with(
        "feed.jsonl:3 repeats the article id \"a1\" of feed.jsonl:1; nothing was written: give --on-duplicate-id keep-last",
    );
    depeche(dir.path(), ["ingest", "feed.jsonl", "--store", "s"])
        .fails_with("feed.jsonl:3 repeats the article id \"a1\" of feed.jsonl:1");
    assert!(!dir.path().join("s").exists(), "nothing was written");

    let run = depeche(
        dir.path(),
        [
            "extract",
            "feed.jsonl",
            "--on-duplicate-id",
            "keep-last",
            "--format",
            "nquads",
        ],
    );
    let out = run.ok();
    assert!(run.stderr.contains("depeche: warning: feed.jsonl:3 repeats the article id \"a1\" of feed.jsonl:1; the last record is kept"), "{}", run.stderr);
    assert!(
        out.contains("\"Second\"") && !out.contains("\"Premier\""),
        "only the last record of a1"
    );
    assert_eq!(
        lines_with(
            &out,
            "/article/b2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        ),
        1
    );

    let run = depeche(
        dir.path(),
        [
            "ingest",
            "feed.jsonl",
            "--store",
            "s",
            "--on-duplicate-id",
            "keep-last",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: feed.jsonl:3 repeats the article id \"a1\""),
        "{}",
        run.stderr
    );
    let titles = depeche(
        dir.path(),
        [
            "query",
            "SELECT ?t WHERE { ?a <https://schema.org/headline> ?t } ORDER BY ?t",
            "--store",
            "s",
            "--format",
            "tsv",
        ],
    )
    .ok();
    assert!(
        titles.contains("Second") && !titles.contains("Premier"),
        "{titles}"
    );
}

/// Loops of symbolic links, a FIFO, a link to /dev/zero and a folder's README, SOURCES and
/// LICENSE files: each article is read once, the rest skipped (with a warning for what could
/// block), and the run ends.
#[test]
fn folders_with_loops_fifos_devices_and_documentation() {
    let dir = tempdir();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("a/b")).unwrap();
    std::fs::write(
        corpus.join("a/one.txt"),
        "Le ministre Paul Lefort a reçu Karim Benali.",
    )
    .unwrap();
    std::fs::write(
        corpus.join("a/b/two.txt"),
        "Karim Benali a rencontré Anna Weber.",
    )
    .unwrap();
    for name in ["README.md", "SOURCES.md", "LICENSE.txt", "readme.txt"] {
        std::fs::write(
            corpus.join(name),
            "# Sources\n\nEnglish CSV, by Paul Lefort.\n",
        )
        .unwrap();
    }
    std::os::unix::fs::symlink(".", corpus.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", corpus.join("a/b/up")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", corpus.join("zero.jsonl")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(corpus.join("pipe.jsonl"))
        .status()
        .unwrap()
        .success());

    let run = measure(
        dir.path(),
        &["extract", "corpus", "--format", "nquads"],
        1 << 24,
        None,
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = String::from_utf8(run.stdout).unwrap();
    let articles = lines_with(
        &out,
        "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/NewsArticle>",
    );
    assert_eq!(articles, 2, "one.txt and two.txt, once each");
    assert!(
        !out.contains("/article/readme")
            && !out.contains("/article/sources")
            && !out.contains("/article/license")
    );
    assert!(
        run.stderr.contains("pipe.jsonl: it is not a regular file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("zero.jsonl: it is not a regular file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("a symbolic link loop"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .lines()
            .all(|l| l.starts_with("depeche: warning: skipped ")),
        "{}",
        run.stderr
    );

    // `ingest --keep-going` ends too, with the same two articles.
    let run = measure(
        dir.path(),
        &["ingest", "corpus", "--store", "s", "--keep-going"],
        0,
        None,
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("ingested 2 articles"), "{}", run.stderr);

    // Named on the command line, a README is read: the user asked for it.
    let out = depeche(
        dir.path(),
        ["extract", "corpus/README.md", "--format", "nquads"],
    )
    .ok();
    assert!(out.contains("/article/readme>"));
}

/// `--keep-going` gives up on an input whose records fail one after the other.
#[test]
fn keep_going_stops_on_an_input_that_only_fails() {
    let dir = tempdir();
    let mut text: String = (0..1500)
        .map(|i| format!("{{\"id\":\"x{i}\",\"text\":\"\"}}\n"))
        .collect();
    text.push_str(&(record(0) + "\n"));
    std::fs::write(dir.path().join("bad.jsonl"), text).unwrap();
    let run = depeche(
        dir.path(),
        ["ingest", "bad.jsonl", "--store", "s", "--keep-going"],
    );
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("stopped after 1000 unreadable articles in a row, the last one: bad.jsonl:1000 is an empty article"), "{}", run.stderr);
    assert!(
        run.stderr.contains("ingested 1000 articles"),
        "the stream ended there: {}",
        run.stderr
    );
}

/// Writes `text` into a new FIFO at `path` once, from another thread.
fn fifo_with(path: &Path, text: String) -> std::thread::JoinHandle<()> {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let mut fifo = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        // The reader may stop early; what it does not read is not needed.
        let _ = fifo.write_all(text.as_bytes());
    })
}

/// A pipe can be read only once: it is extracted in one reading, repeated ids refused as they
/// come, and keep-last (which needs two readings) refused before anything is read.
#[test]
fn a_piped_input_is_read_once() {
    let dir = tempdir();
    let text: String = (0..700).map(|i| record(i) + "\n").collect();
    let feeder = fifo_with(&dir.path().join("feed.jsonl"), text);
    let out = depeche(dir.path(), ["extract", "feed.jsonl", "--format", "nquads"]).ok();
    feeder.join().unwrap();
    assert_eq!(
        lines_with(
            &out,
            "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/NewsArticle>"
        ),
        700
    );

    std::fs::remove_file(dir.path().join("feed.jsonl")).unwrap();
    let text: String = (0..600).map(|i| record(i) + "\n").collect::<String>() + &record(3) + "\n";
    let feeder = fifo_with(&dir.path().join("feed.jsonl"), text);
    let run = depeche(dir.path(), ["extract", "feed.jsonl", "--format", "nquads"]);
    feeder.join().unwrap();
    assert_eq!(run.code, Some(1));
    let message = run.stderr.trim_end();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("feed.jsonl:601 repeats the article id \"r3\" of an earlier record"),
        "{message}"
    );
    assert!(
        message
            .contains("the output is incomplete: 512 articles had been written to standard output"),
        "{message}"
    );

    depeche(
        dir.path(),
        ["extract", "feed.jsonl", "--on-duplicate-id", "keep-last"],
    )
    .fails_with(
        "--on-duplicate-id keep-last reads the input twice, and a pipe can be read only once",
    );
}
