//! The `depeche` command line: a thin layer over the library.
//!
//! Every command does all its reading and computing first and writes last, so an error leaves
//! standard output empty, `-o` files untouched and the store as it was. `extract` streams
//! instead (its input may be larger than memory): it checks every input first, and should
//! extraction still fail, an `-o` file is left untouched, and on standard output the error
//! says how many articles were written before it. Errors are one sentence
//! on standard error, prefixed `depeche: `, with exit code 1 (2 for usage errors).

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use depeche::article::{self, Lang, Overrides};
use depeche::export::{self, ExportFormat, Render, View};
use depeche::ingest::{catch_bug, IngestOptions};
use depeche::duplicates::{self, Survey};
use depeche::output::{Piece, RdfWriter};
use depeche::pipeline::{self, Options};
use rayon::prelude::*;
use depeche::store::{AnswerFormat, Store};
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DEFAULT_STORE: &str = "depeche-store";

// Extraction allocates many small strings on several threads at once, where glibc's allocator
// spends a third of the time; mimalloc halves that.
// Budgeted counts what each query allocates, so that `serve` can stop one past its budget.
#[global_allocator]
static ALLOCATOR: depeche::limits::Budgeted<mimalloc::MiMalloc> = depeche::limits::Budgeted(mimalloc::MiMalloc);

unsafe extern "C" {
    /// mimalloc's own: returns the calling thread's freed pages to the system.
    fn mi_collect(force: bool);
}

/// Gives a large query's freed memory back to the system on its thread.
fn release_query_memory() {
    // SAFETY: a plain call into the allocator linked into this binary, no pointers involved.
    unsafe { mi_collect(true) }
}

/// Reads news articles and builds a knowledge graph of who met whom, where and when.
#[derive(Debug, Parser)]
#[command(name = "depeche", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  depeche extract article.txt --format nquads\n  depeche ingest articles/\n  depeche link --store http://127.0.0.1:7878\n  depeche query queries/who-met-whom.rq\n  depeche query 'SELECT ?name WHERE { GRAPH dp:entities { ?p a schema:Person ; rdfs:label ?name } }' --format csv\n  depeche export --format dot --query queries/meeting-graph.rq --render svg -o meetings.svg\n  depeche export --view people --format graphml -o people.graphml\n  depeche serve --bind 127.0.0.1:7878\n  depeche stats"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract a knowledge graph from articles and write it as RDF (no store).
    Extract {
        /// Article files (.txt, .md, .jsonl, .jsonl.gz) or folders of them.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        reading: Reading,
        /// RDF syntax to write.
        #[arg(long, value_enum, default_value_t = RdfArg::Trig)]
        format: RdfArg,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Records that repeat an article id: refuse the run before writing (error), or keep
        /// the last record of each id, with a warning naming it (keep-last).
        #[arg(long, value_enum, value_name = "WHAT", default_value_t = DuplicateArg::Error)]
        on_duplicate_id: DuplicateArg,
    },
    /// Extract from articles and load them into the store; re-ingesting an article replaces it.
    ///
    /// Folders are read recursively and JSON Lines (.jsonl, .jsonl.gz) record by record, in
    /// batches extracted on all cores; an article whose text is unchanged since it was stored
    /// is skipped. All inputs are read once first, so a bad one stops the run before anything
    /// is written (unless --keep-going). Progress goes to standard error.
    Ingest {
        /// Article files (.txt, .md, .jsonl, .jsonl.gz) or folders of them.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        reading: Reading,
        #[command(flatten)]
        store: StoreArg,
        /// Report unreadable articles and go on, instead of stopping before anything is written
        /// (1000 unreadable articles in a row still stop the run).
        #[arg(long)]
        keep_going: bool,
        /// Records that repeat an article id: refuse the run before writing (error), or keep
        /// the last record of each id, with a warning naming it (keep-last).
        #[arg(long, value_enum, value_name = "WHAT", default_value_t = DuplicateArg::Error)]
        on_duplicate_id: DuplicateArg,
        /// Articles extracted and written together (memory holds three batches at most).
        #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
        batch: u32,
    },
    /// Link a store whose quads were loaded some other way, as `ingest` links what it writes.
    ///
    /// For N-Quads from `extract` or a Spark job put in the store by a bulk loader: rebuilds
    /// the entities graph (dp:entities) from the article graphs, then links surname-only persons
    /// to their full names across articles (owl:sameAs). Running it again changes nothing.
    Link {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Run a SPARQL 1.1 query over the store (the default graph is the union of all articles).
    ///
    /// The prefixes dp, schema, sem, prov, rdf, rdfs, xsd and owl are pre-declared. Without
    /// --format, answers are a table on a terminal, and TSV (SELECT, ASK) or N-Triples
    /// (CONSTRUCT, DESCRIBE) when standard output is a pipe or a file.
    Query {
        /// Query text, or a file holding it (a name ending in .rq, or any existing file; - reads standard input).
        #[arg(value_name = "QUERY | FILE.rq")]
        query: String,
        #[command(flatten)]
        store: StoreArg,
        /// Answer format.
        #[arg(long, value_enum)]
        format: Option<AnswerArg>,
        /// Longest the query may run, in seconds, before it is stopped.
        #[arg(long, value_name = "SECONDS", default_value_t = 300.0, value_parser = parse_seconds)]
        timeout: f64,
    },
    /// Write the whole store, a view of it, or a CONSTRUCTed part of it, as a graph file.
    ///
    /// Pictures (dot, graphml, json, mermaid, csv) show a view: full (entities and events),
    /// people (who met whom, edges carrying dates and places) or timeline (events by date).
    /// RDF formats write the whole store, or the triples behind the view or --query.
    /// `--format csv -o DIR` writes DIR/nodes.csv and DIR/edges.csv.
    Export {
        #[command(flatten)]
        store: StoreArg,
        /// Graph file format.
        #[arg(long, value_enum, required_unless_present = "render")]
        format: Option<ExportArg>,
        /// What to show.
        #[arg(long, value_enum, default_value_t = ViewArg::Full)]
        view: ViewArg,
        /// A CONSTRUCT or DESCRIBE query (file or text) choosing what to export.
        #[arg(long, value_name = "CONSTRUCT.rq")]
        query: Option<String>,
        /// Write to this file instead of standard output (a directory for --format csv).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Render the DOT picture with Graphviz (implies --format dot).
        #[arg(long, value_enum)]
        render: Option<RenderArg>,
        /// Longest the export's queries may run, in seconds, before they are stopped.
        #[arg(long, value_name = "SECONDS", default_value_t = 300.0, value_parser = parse_seconds)]
        timeout: f64,
    },
    /// Answer SPARQL over HTTP (SPARQL 1.1 Protocol) and serve the browser page at /.
    ///
    /// Read-only unless --allow-update, which also accepts SPARQL Update at /update and
    /// articles posted to /ingest. Listens on 127.0.0.1 (this machine only) by default; with
    /// port 0 the system picks a free port. The address is printed on standard error.
    Serve {
        #[command(flatten)]
        store: StoreArg,
        /// Address and port to listen on.
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
        bind: std::net::SocketAddr,
        /// Accept SPARQL Update (POST /update) and article ingest (POST /ingest).
        #[arg(long)]
        allow_update: bool,
        /// Longest a query or update may run, in seconds, before it is stopped (503).
        #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds)]
        timeout: f64,
        /// Largest request body accepted, in bytes (413 beyond).
        #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
        max_body: usize,
        /// Largest article /ingest accepts (bytes, or with K, M or G).
        #[arg(long, value_name = "SIZE", default_value = "1M", value_parser = parse_size)]
        max_article_size: u64,
        /// Memory one query may use (bytes, or with K, M or G) before it is stopped (503).
        #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
        max_query_memory: u64,
        /// Connections served at once; more wait until one closes.
        #[arg(long, value_name = "N", default_value_t = 256)]
        max_connections: usize,
        /// Longest a client may take to send a request's headers, or stay idle between
        /// requests, before its connection is closed (seconds).
        #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
        header_timeout: f64,
        /// A host name to answer besides the bind address, as a reverse proxy forwards it
        /// (repeatable); requests naming any other host get 421 (against DNS rebinding).
        #[arg(long, value_name = "NAME")]
        allowed_host: Vec<String>,
    },
    /// What the store holds: articles, entities and events by class, the most connected people
    /// and organizations (degree and PageRank over who met whom), connected groups, time span.
    Stats {
        #[command(flatten)]
        store: StoreArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsArg::Table)]
        format: StatsArg,
        /// How many people, organizations and groups to list.
        #[arg(long, value_name = "N", default_value_t = 10)]
        top: usize,
    },
    /// Score the extractor against gold files (entity P/R/F1, who-met-whom pairs, strict meetings).
    Eval {
        /// A gold .json file or a folder of them (format of data/eval/README.md).
        #[arg(required = true, value_name = "GOLD")]
        gold: Vec<PathBuf>,
        /// List missed and extra entities and meetings under each article.
        #[arg(short, long)]
        verbose: bool,
        /// Exit with status 1 when entity F1 is below this.
        #[arg(long, value_name = "F1", default_value_t = 0.0)]
        min_entity_f1: f64,
        /// Exit with status 1 when pair F1 is below this.
        #[arg(long, value_name = "F1", default_value_t = 0.0)]
        min_pair_f1: f64,
        /// Exit with status 1 when strict meeting F1 is below this.
        #[arg(long, value_name = "F1", default_value_t = 0.0)]
        min_strict_f1: f64,
    },
}

/// Where the knowledge graph lives: shared by every command that reads or writes it.
#[derive(Debug, Clone, clap::Args)]
struct StoreArg {
    /// Store directory, or the http(s) URL of a SPARQL 1.1 store (an Oxigraph server's base URL,
    /// or an endpoint that takes queries, updates and graph uploads).
    #[arg(long, value_name = "DIR | URL", env = "DEPECHE_STORE", default_value = DEFAULT_STORE)]
    store: String,
    /// SPARQL Update endpoint of a remote store, when not the --store URL itself.
    #[arg(long, value_name = "URL", env = "DEPECHE_UPDATE_URL")]
    update_url: Option<String>,
    /// Graph Store Protocol endpoint of a remote store, when not the --store URL itself.
    #[arg(long, value_name = "URL", env = "DEPECHE_GRAPH_STORE_URL")]
    graph_store_url: Option<String>,
}

impl StoreArg {
    /// Opens the store; a local one is created only when `create` is set.
    fn open(&self, create: bool) -> Result<Store> {
        if !depeche::remote::is_url(&self.store) && (self.update_url.is_some() || self.graph_store_url.is_some()) {
            anyhow::bail!("--update-url and --graph-store-url are for a remote store; --store {} is a directory", self.store);
        }
        Ok(Store::open_location(&self.store, self.update_url.as_deref(), self.graph_store_url.as_deref(), create)?)
    }
}

/// How articles are read: shared by `extract` and `ingest`.
#[derive(Debug, clap::Args)]
struct Reading {
    /// Language of the articles (auto: as declared, else detected).
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
    /// Publication date, the anchor for relative dates ("mardi"); overrides front matter.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
    /// Base IRI under which entity, event and article IRIs are minted.
    #[arg(long, value_name = "IRI", value_parser = parse_base, default_value = depeche::vocab::DEFAULT_BASE)]
    base: String,
    /// Also report the sentences the extractor skipped, on standard error.
    #[arg(short, long)]
    verbose: bool,
    /// Largest article read (bytes, or with K, M or G): a plain-text file, or one JSON Lines
    /// record. Larger ones are refused before they are read.
    #[arg(long, value_name = "SIZE", default_value = "1M", value_parser = parse_size)]
    max_article_size: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Auto,
    Fr,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DuplicateArg {
    Error,
    KeepLast,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RdfArg {
    Trig,
    Nquads,
    Turtle,
    Ntriples,
    Jsonld,
    Rdfxml,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AnswerArg {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
    N3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportArg {
    Dot,
    Graphml,
    Json,
    Mermaid,
    /// nodes.csv and edges.csv in the -o directory.
    Csv,
    CsvNodes,
    CsvEdges,
    Turtle,
    Nquads,
    Trig,
    Ntriples,
    N3,
    Jsonld,
    Rdfxml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ViewArg {
    Full,
    People,
    Timeline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatsArg {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RenderArg {
    Svg,
    Png,
}

impl RdfArg {
    fn format(self) -> Option<RdfFormat> {
        Some(match self {
            RdfArg::Trig => RdfFormat::TriG,
            RdfArg::Nquads => RdfFormat::NQuads,
            RdfArg::Turtle => RdfFormat::Turtle,
            RdfArg::Ntriples => RdfFormat::NTriples,
            RdfArg::Jsonld => return RdfFormat::from_extension("jsonld"),
            RdfArg::Rdfxml => RdfFormat::RdfXml,
        })
    }
}

impl AnswerArg {
    fn format(self) -> AnswerFormat {
        match self {
            AnswerArg::Table => AnswerFormat::Table,
            AnswerArg::Csv => AnswerFormat::Csv,
            AnswerArg::Tsv => AnswerFormat::Tsv,
            AnswerArg::Json => AnswerFormat::Json,
            AnswerArg::Xml => AnswerFormat::Xml,
            AnswerArg::Turtle => AnswerFormat::Turtle,
            AnswerArg::Ntriples => AnswerFormat::NTriples,
            AnswerArg::Nquads => AnswerFormat::NQuads,
            AnswerArg::Trig => AnswerFormat::TriG,
            AnswerArg::Jsonld => AnswerFormat::JsonLd,
            AnswerArg::Rdfxml => AnswerFormat::RdfXml,
            AnswerArg::N3 => AnswerFormat::N3,
        }
    }
}

impl ExportArg {
    /// The single-file format; `None` for `csv`, which writes two files.
    fn format(self) -> Option<ExportFormat> {
        Some(match self {
            ExportArg::Dot => ExportFormat::Dot,
            ExportArg::Graphml => ExportFormat::GraphMl,
            ExportArg::Json => ExportFormat::Json,
            ExportArg::Mermaid => ExportFormat::Mermaid,
            ExportArg::Csv => return None,
            ExportArg::CsvNodes => ExportFormat::CsvNodes,
            ExportArg::CsvEdges => ExportFormat::CsvEdges,
            ExportArg::Turtle => ExportFormat::Turtle,
            ExportArg::Nquads => ExportFormat::NQuads,
            ExportArg::Trig => ExportFormat::TriG,
            ExportArg::Ntriples => ExportFormat::NTriples,
            ExportArg::N3 => ExportFormat::N3,
            ExportArg::Jsonld => ExportFormat::JsonLd,
            ExportArg::Rdfxml => ExportFormat::RdfXml,
        })
    }
}

impl ViewArg {
    fn view(self) -> View {
        match self {
            ViewArg::Full => View::Full,
            ViewArg::People => View::People,
            ViewArg::Timeline => View::Timeline,
        }
    }
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() && v <= 86_400.0 => Ok(v),
        _ => Err("expected a number of seconds between 0 and 86400, like 30 or 0.5".to_string()),
    }
}

fn parse_size(s: &str) -> Result<u64, String> {
    match article::parse_size(s) {
        Some(n) if n > 0 => Ok(n),
        _ => Err("expected a size in bytes, or with K, M or G, like 4M".to_string()),
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    article::parse_date(s).ok_or_else(|| "expected a date like 2017-09-12".to_string())
}

fn parse_base(s: &str) -> Result<String, String> {
    NamedNode::new(s)
        .map(NamedNode::into_string)
        .map_err(|e| format!("not an absolute IRI ({e})"))
}

fn main() -> ExitCode {
    install_panic_hook();
    depeche::limits::on_large_query_end(release_query_memory);
    let cli = Cli::parse();
    // Parsing and evaluating a query recurse with its shape: `query` and `export` run on a
    // thread with the same 64 MiB of stack (reserved, touched only as used) as the server's
    // query threads. Other commands keep the main thread, and their address space small.
    let outcome = if matches!(cli.command, Command::Query { .. } | Command::Export { .. }) {
        let worker = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || run(cli.command));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| std::process::exit(101)),
            Err(error) => Err(anyhow::Error::new(error).context("cannot start the query thread")),
        }
    } else {
        run(cli.command)
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("depeche: {}", sentence(&error));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes as one sentence. Library errors often quote their cause already
/// ("cannot read x: No such file"), so a cause whose text is already there is not repeated.
fn sentence(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A bug should still read as one line, not a wall of backtrace; RUST_BACKTRACE adds it back.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let kept = depeche::ingest::keep_panic_message(format!("{}: {message}", at.trim_start()));
        if kept {
            return;
        }
        eprintln!(
            "depeche: internal error{at}: {message}; this is a bug in depeche, please report it"
        );
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            eprintln!("{backtrace}");
        }
    }));
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Extract {
            files,
            reading,
            format,
            output,
            on_duplicate_id,
        } => {
            let rdf = format
                .format()
                .context("this build of Oxigraph has no JSON-LD serialiser")?;
            extract(&files, &reading, rdf, output.as_deref(), on_duplicate_id)
        }
        Command::Ingest {
            paths,
            reading,
            store,
            keep_going,
            batch,
            on_duplicate_id,
        } => ingest(&paths, &reading, &store, keep_going, batch as usize, on_duplicate_id),
        Command::Link { store } => {
            let store = store.open(false)?;
            let report = depeche::link::link(&store)?;
            let identity = report.identity;
            eprintln!(
                "linked: {} {} described in the entities graph; {} surname-only {} linked to a full name ({} left alone as ambiguous, {} changed by this run); the store at {} now holds {} triples in {}",
                report.entities,
                if report.entities == 1 { "entity" } else { "entities" },
                identity.linked,
                if identity.linked == 1 { "person" } else { "persons" },
                identity.ambiguous,
                plural(identity.changed, "link"),
                store.path().display(),
                store.len()?,
                plural(store.graphs()?.len(), "article graph"),
            );
            Ok(())
        }
        Command::Query {
            query,
            store,
            format,
            timeout,
        } => {
            let text = query_text(&query)?;
            // The store is closed before writing: a slow reader (`| less`) must not hold its lock.
            let answer = open_limited(&store, timeout)?.query(&text)?;
            done_reading();
            let format = format
                .map(AnswerArg::format)
                .unwrap_or_else(|| answer.default_format(std::io::stdout().is_terminal()));
            let bytes = answer.render(format)?;
            emit(None, &bytes)
        }
        Command::Export {
            store,
            format,
            view,
            query,
            output,
            render,
            timeout,
        } => {
            let view = view.view();
            let query = query.as_deref().map(query_text).transpose()?;
            if format == Some(ExportArg::Csv) && render.is_none() {
                let Some(dir) = output else {
                    Cli::command()
                        .error(clap::error::ErrorKind::MissingRequiredArgument, "--format csv writes two files, nodes.csv and edges.csv: give -o DIR, or use --format csv-nodes or csv-edges")
                        .exit()
                };
                let (nodes, edges) =
                    export::csv_files(&open_limited(&store, timeout)?, view, query.as_deref())?;
                done_reading();
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create the directory {}", dir.display()))?;
                emit(Some(&dir.join("nodes.csv")), &nodes)?;
                return emit(Some(&dir.join("edges.csv")), &edges);
            }
            let format = match (format, render) {
                (Some(ExportArg::Dot) | None, _) => ExportFormat::Dot,
                (Some(other), None) => other.format().unwrap_or(ExportFormat::Dot),
                (Some(_), Some(_)) => Cli::command()
                    .error(clap::error::ErrorKind::ArgumentConflict, "--render draws a picture from DOT; use it with --format dot (or without --format)")
                    .exit(),
            };
            // Closed before Graphviz runs and output is written, so the lock is held only while reading.
            let mut bytes =
                export::export(&open_limited(&store, timeout)?, format, view, query.as_deref())?;
            done_reading();
            if let Some(picture) = render {
                let picture = match picture {
                    RenderArg::Svg => Render::Svg,
                    RenderArg::Png => Render::Png,
                };
                if output.is_none()
                    && matches!(picture, Render::Png)
                    && std::io::stdout().is_terminal()
                {
                    anyhow::bail!("refusing to write a PNG picture to the terminal; give -o FILE.png or redirect standard output");
                }
                bytes = export::render(&bytes, picture)?;
            }
            emit(output.as_deref(), &bytes)
        }
        Command::Serve {
            store,
            bind,
            allow_update,
            timeout,
            max_body,
            max_article_size,
            max_query_memory,
            max_connections,
            header_timeout,
            allowed_host,
        } => {
            let store = store.open(false)?;
            let options = depeche::serve::ServeOptions {
                bind,
                allow_update,
                timeout: std::time::Duration::from_secs_f64(timeout),
                max_body,
                limits: article::Limits {
                    max_article_bytes: max_article_size,
                },
                max_query_memory: usize::try_from(max_query_memory).unwrap_or(usize::MAX),
                max_connections,
                header_timeout: std::time::Duration::from_secs_f64(header_timeout),
                allowed_hosts: allowed_host,
            };
            depeche::serve::serve(store, options, |address| {
                let mode = if allow_update { "read-write: /update and /ingest accepted" } else { "read-only" };
                eprintln!("depeche serve: listening on http://{address}/ ({mode}); SPARQL endpoint http://{address}/sparql; Ctrl-C stops");
                if !address.ip().is_loopback() {
                    eprintln!("depeche serve: warning: {} is reachable from other machines", address.ip());
                }
            })?;
            Ok(())
        }
        Command::Stats { store, format, top } => {
            let stats = depeche::stats::Stats::compute(&store.open(false)?, top)?;
            let text = match format {
                StatsArg::Table => stats.to_table(),
                StatsArg::Json => stats.to_json(),
            };
            emit(None, text.as_bytes())
        }
        Command::Eval { gold, verbose, min_entity_f1, min_pair_f1, min_strict_f1 } => {
            let mut scores = Vec::new();
            for path in &gold {
                for (file, g) in depeche::eval::Gold::read_all(path)? {
                    let score = depeche::eval::run_gold(&file, &g, &Options::default())
                        .with_context(|| format!("cannot score {}", file.display()))?;
                    scores.push((g.id.clone(), score));
                }
            }
            if scores.is_empty() {
                anyhow::bail!("no gold files found in {}", gold.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
            }
            emit(None, depeche::eval::report(&scores, verbose).as_bytes())?;
            let t = depeche::eval::total(scores.iter().map(|(_, s)| s));
            for (name, got, floor) in [("entity", t.entities.f1(), min_entity_f1), ("pair", t.pairs.f1(), min_pair_f1), ("strict", t.strict.f1(), min_strict_f1)] {
                if got < floor {
                    anyhow::bail!("{name} F1 {got:.3} is below {floor}");
                }
            }
            Ok(())
        }
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl Reading {
    fn overrides(&self) -> Overrides {
        Overrides {
            date: self.date,
            lang: match self.lang {
                LangArg::Auto => None,
                LangArg::Fr => Some(Lang::Fr),
                LangArg::En => Some(Lang::En),
            },
        }
    }

    fn limits(&self) -> article::Limits {
        article::Limits { max_article_bytes: self.max_article_size }
    }

    fn options(&self) -> Options {
        Options { base: self.base.clone() }
    }
}

/// The articles under `paths`; with `warn`, the entries a folder walk skips are said on
/// standard error (only on the first of the passes over the input, so each is said once).
fn articles(paths: &[PathBuf], reading: &Reading, warn: bool) -> Result<article::Articles, article::ArticleError> {
    let articles = article::Articles::new(paths, reading.overrides(), reading.limits())?;
    Ok(if warn { articles.on_warning(|warning| eprintln!("depeche: warning: {warning}")) } else { articles })
}

/// Reads every input once before anything is written: an unreadable article (unless
/// `keep_going`) or a repeated id (unless keep-last) stops the run here, in one sentence.
fn survey(paths: &[PathBuf], reading: &Reading, keep_going: bool, on_duplicate: DuplicateArg) -> Result<Survey> {
    let mut first = true;
    let survey = duplicates::survey(|| articles(paths, reading, std::mem::replace(&mut first, false)), keep_going)?;
    let Some(example) = survey.duplicates.first() else { return Ok(survey) };
    let others = survey.repeated_ids - 1;
    match on_duplicate {
        DuplicateArg::Error => {
            let and = if others > 0 { format!(", and {} repeat too", plural(others as usize, "other id")) } else { String::new() };
            anyhow::bail!("{example}{and}; nothing was written: give --on-duplicate-id keep-last to keep the last record of each id");
        }
        DuplicateArg::KeepLast => {
            for duplicate in &survey.duplicates {
                eprintln!("depeche: warning: {duplicate}; the last record is kept");
            }
            let unlisted = survey.repeated_ids - survey.duplicates.len() as u64;
            if unlisted > 0 {
                eprintln!("depeche: warning: {} more repeat; the last record of each is kept", plural(unlisted as usize, "id"));
            }
        }
    }
    Ok(survey)
}

/// Whether every input can be read twice: files and folders can, a pipe or a device
/// (`/dev/stdin`, `<(zcat feed.gz)`) cannot.
fn rereadable(paths: &[PathBuf]) -> bool {
    paths.iter().all(|path| std::fs::metadata(path).is_ok_and(|m| m.is_file() || m.is_dir()))
}

type ArticleStream = Box<dyn Iterator<Item = Result<article::Article, article::ArticleError>> + Send>;

/// The articles to extract, checked first (see [`survey`]) when the inputs can be read twice;
/// a pipe is read once, its repeated ids refused as they come. Also returns how many articles
/// there are, when known.
fn checked_articles(paths: &[PathBuf], reading: &Reading, keep_going: bool, on_duplicate: DuplicateArg) -> Result<(ArticleStream, Option<u64>)> {
    if rereadable(paths) {
        let survey = survey(paths, reading, keep_going, on_duplicate)?;
        let total = survey.articles + survey.errors - survey.replaced();
        return Ok((Box::new(survey.keep_last(articles(paths, reading, false)?)), Some(total)));
    }
    if on_duplicate == DuplicateArg::KeepLast {
        anyhow::bail!("--on-duplicate-id keep-last reads the input twice, and a pipe can be read only once: save the input to a file first");
    }
    Ok((Box::new(duplicates::refuse_repeats(articles(paths, reading, true)?)), None))
}

/// Articles extracted together by `extract`: memory holds two batches (one being read, one
/// extracted and written), whatever the size of the input.
const EXTRACT_BATCH: usize = 256;
/// Most bytes of article text in one `extract` batch.
const EXTRACT_BATCH_BYTES: usize = 8 << 20;

/// `depeche extract`: reads the inputs once to check them (so a bad one stops the run before
/// any output), then streams: batches read on one thread, extracted on all cores, written in
/// input order. With `-o`, the document goes to a temporary file renamed into place at the end,
/// so a failure leaves no half-written file.
fn extract(paths: &[PathBuf], reading: &Reading, format: RdfFormat, output: Option<&Path>, on_duplicate: DuplicateArg) -> Result<()> {
    let (articles, _) = checked_articles(paths, reading, false, on_duplicate)?;
    let mut written = 0usize;
    match output.filter(|path| *path != Path::new("-")) {
        // A device or a FIFO (`-o /dev/null`) is written as it is: there is nothing to rename.
        Some(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
            let file = std::fs::OpenOptions::new().write(true).open(path).with_context(|| format!("cannot write {}", path.display()))?;
            write_document(std::io::BufWriter::new(file), articles, reading, format, &mut written).map_err(|error| {
                anyhow::anyhow!("{}; the output is incomplete: {} had been written to {} when this happened", sentence(&error), plural(written, "article"), path.display())
            })
        }
        Some(path) => {
            let mut temporary = path.as_os_str().to_owned();
            temporary.push(format!(".{}.tmp", std::process::id()));
            let temporary = Removed(PathBuf::from(temporary));
            let cannot = || format!("cannot write {}", path.display());
            let file = std::fs::File::create(&temporary.0).with_context(cannot)?;
            write_document(std::io::BufWriter::new(file), articles, reading, format, &mut written)
                .map_err(|error| anyhow::anyhow!("{}; nothing was written to {}", sentence(&error), path.display()))?;
            std::fs::rename(&temporary.0, path).with_context(cannot)?;
            std::mem::forget(temporary);
            Ok(())
        }
        None => match write_document(std::io::BufWriter::new(std::io::stdout().lock()), articles, reading, format, &mut written) {
            Ok(()) => Ok(()),
            // The reader went away (`| head`): what it wanted, it got.
            Err(error) if error.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => Ok(()),
            Err(error) if written > 0 => Err(anyhow::anyhow!(
                "{}; the output is incomplete: {} had been written to standard output when this happened",
                sentence(&error),
                plural(written, "article")
            )),
            Err(error) => Err(anyhow::anyhow!("{}; nothing was written", sentence(&error))),
        },
    }
}

/// A temporary file removed when dropped, unless forgotten once renamed into place.
struct Removed(PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Streams the articles' graphs into one document on `out`, counting in `written` the
/// articles handed to it.
fn write_document(
    out: impl Write,
    articles: impl Iterator<Item = Result<article::Article, article::ArticleError>> + Send,
    reading: &Reading,
    format: RdfFormat,
    written: &mut usize,
) -> Result<()> {
    let options = reading.options();
    let mut writer = RdfWriter::new(out, format)?;
    std::thread::scope(|scope| -> Result<()> {
        let (to_extractor, batches) = std::sync::mpsc::sync_channel::<Result<Vec<article::Article>, article::ArticleError>>(1);
        scope.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for article in articles {
                let article = match article {
                    Ok(article) => article,
                    Err(error) => {
                        let _ = to_extractor.send(Err(error));
                        return;
                    }
                };
                bytes += article.body.as_str().len();
                batch.push(article);
                if batch.len() >= EXTRACT_BATCH || bytes >= EXTRACT_BATCH_BYTES {
                    bytes = 0;
                    if to_extractor.send(Ok(std::mem::take(&mut batch))).is_err() {
                        return;
                    }
                }
            }
            if !batch.is_empty() {
                let _ = to_extractor.send(Ok(batch));
            }
        });
        for batch in batches {
            let batch = batch?;
            // A bug in extraction stops the run naming the article that showed it, rather than
            // aborting with a message that names none.
            let pieces: Vec<(Vec<pipeline::Skipped>, Piece)> = batch
                .par_iter()
                .map(|a| {
                    let extraction = catch_bug(|| pipeline::extract(a, &options)).map_err(|bug| {
                        anyhow::anyhow!("extracting {} hit a bug in depeche ({bug}); please report it with this article", a.origin)
                    })?;
                    let piece = Piece::of(extraction.quads, format).context("cannot serialise the extracted graph")?;
                    Ok((extraction.skipped, piece))
                })
                .collect::<Result<_>>()?;
            for (article, (skipped, piece)) in batch.iter().zip(pieces) {
                if reading.verbose {
                    for skipped in skipped {
                        eprintln!("{}: skipped sentence {}: {}", article.origin, skipped.sentence + 1, skipped.reason);
                    }
                }
                writer.write(piece)?;
                *written += 1;
            }
        }
        Ok(())
    })?;
    writer.finish()?;
    Ok(())
}

/// A line on standard error, above the progress bar when there is one.
fn say(bar: &Option<indicatif::ProgressBar>, line: String) {
    match bar {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}

/// How often progress is printed when standard error is not a terminal (a log, CI).
const PLAIN_PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// `depeche ingest`: a first pass reads every input (so a bad one stops the run before anything
/// is written, and the progress bar knows its length), the second extracts and writes.
fn ingest(paths: &[PathBuf], reading: &Reading, location: &StoreArg, keep_going: bool, batch: usize, on_duplicate: DuplicateArg) -> Result<()> {
    let (articles, total) = checked_articles(paths, reading, keep_going, on_duplicate)?;
    let store = location.open(true)?;
    let options = IngestOptions { extraction: reading.options(), batch_articles: batch, keep_going, ..IngestOptions::default() };
    let terminal = std::io::stderr().is_terminal();
    let bar = terminal.then(|| {
        let bar = total.map_or_else(indicatif::ProgressBar::no_length, indicatif::ProgressBar::new);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} [{bar:30}] {human_pos}/{human_len} articles, eta {eta}: {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut last_line = std::time::Instant::now();
    let verbose = reading.verbose;
    let mut on_event = |event: depeche::ingest::Event| match event {
        depeche::ingest::Event::Progress(report) => {
            if let Some(bar) = &bar {
                bar.set_position(report.articles as u64);
                let rate = report.articles as f64 / report.elapsed.as_secs_f64().max(1e-9);
                bar.set_message(format!("{rate:.0}/s, {} triples, {} unchanged, {} errors", report.quads, report.unchanged, report.errors));
            } else if last_line.elapsed() >= PLAIN_PROGRESS_EVERY {
                last_line = std::time::Instant::now();
                let of = total.map(|t| format!(" of {t}")).unwrap_or_default();
                eprintln!(
                    "ingest: {}{of} articles read in {:.0} s ({:.0} articles/s), {} written, {} unchanged, {} errors, {} triples",
                    report.articles,
                    report.elapsed.as_secs_f64(),
                    report.articles as f64 / report.elapsed.as_secs_f64().max(1e-9),
                    report.written(),
                    report.unchanged,
                    report.errors,
                    report.quads
                );
            }
        }
        depeche::ingest::Event::Skipped { origin, skipped } if verbose => {
            say(&bar, format!("{origin}: skipped sentence {}: {}", skipped.sentence + 1, skipped.reason));
        }
        depeche::ingest::Event::Skipped { .. } => {}
        depeche::ingest::Event::Error(message) => say(&bar, format!("depeche: {message}")),
    };
    let report = depeche::ingest::ingest(&store, articles, &options, &mut on_event);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = report?;
    let seconds = report.elapsed.as_secs_f64().max(1e-9);
    let total_quads = store.len()?;
    let graphs = store.graphs()?.len();
    eprintln!(
        "ingested {} ({} new, {} replaced, {} unchanged, {}): {} triples, {} entities, {} events, {}; {} surname-only {} linked to a full name in the store; {:.1} s, {:.0} articles/s, {:.2} MB/s, {:.0} words/s; the store at {} now holds {} triples in {}",
        plural(report.articles, "article"),
        report.new,
        report.replaced,
        report.unchanged,
        plural(report.errors, "error"),
        report.quads,
        report.entities,
        report.events,
        plural(report.meetings, "meeting"),
        report.linked,
        if report.linked == 1 { "person" } else { "persons" },
        seconds,
        report.articles as f64 / seconds,
        report.bytes as f64 / 1e6 / seconds,
        report.words as f64 / seconds,
        store.path().display(),
        total_quads,
        plural(graphs, "article graph"),
    );
    if report.errors > 0 {
        anyhow::bail!("{} could not be read or extracted; the others were written", plural(report.errors, "article"));
    }
    Ok(())
}

/// Set while `query` or `export` reads the store, cleared before the first byte of output: what
/// the `--timeout` watchdog may still interrupt.
static READING: std::sync::Mutex<bool> = std::sync::Mutex::new(false);

/// How long a query past its limit gets to stop by itself before the process stops it.
const GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// Opens an existing store whose queries stop after `timeout` seconds.
///
/// Oxigraph stops a query at its limit the next time the query reads the store; one that only
/// joins in memory (a COUNT over a huge cross product) never does. So a watchdog ends the
/// process past the limit and a grace period: it has only read the store and written nothing.
fn open_limited(location: &StoreArg, timeout: f64) -> Result<Store> {
    let mut store = location.open(false)?;
    let limit = std::time::Duration::from_secs_f64(timeout);
    store.limit_queries(limit);
    *READING.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = true;
    std::thread::spawn(move || {
        std::thread::sleep(limit + GRACE);
        // Held until the exit, so the main thread cannot start writing in between.
        let reading = READING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if *reading {
            eprintln!(
                "depeche: {}",
                depeche::store::StoreError::TimedOut { seconds: timeout }
            );
            std::process::exit(1);
        }
    });
    Ok(store)
}

/// The store has been read: from here on the watchdog of [`open_limited`] leaves the process be.
fn done_reading() {
    *READING.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = false;
}

/// A query argument is a file when it names one (or ends in .rq, so a typo says "cannot read"
/// instead of "not valid SPARQL"); otherwise it is the query itself.
fn query_text(arg: &str) -> Result<String> {
    if arg == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the query from standard input")?;
        return Ok(text);
    }
    let path = Path::new(arg);
    if arg.ends_with(".rq") || path.is_file() {
        return std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the query file {arg}"));
    }
    Ok(arg.to_string())
}

/// Writes the finished output: to `path` through a temporary file renamed into place (a reader
/// never sees half a file), or to standard output.
fn emit(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    emit_pieces(path, &[bytes])
}

/// [`emit`] of output made in pieces (one per article), written one after the other rather than
/// copied into one buffer first.
fn emit_pieces(path: Option<&Path>, pieces: &[impl AsRef<[u8]>]) -> Result<()> {
    let write_all = |out: &mut dyn Write| -> std::io::Result<()> {
        for piece in pieces {
            out.write_all(piece.as_ref())?;
        }
        out.flush()
    };
    match path {
        Some(path) if path != Path::new("-") => {
            let mut temporary = path.as_os_str().to_owned();
            temporary.push(".tmp");
            let temporary = PathBuf::from(temporary);
            let written = std::fs::File::create(&temporary)
                .and_then(|file| write_all(&mut std::io::BufWriter::new(file)))
                .and_then(|()| std::fs::rename(&temporary, path));
            if let Err(error) = written {
                let _ = std::fs::remove_file(&temporary);
                return Err(error).with_context(|| format!("cannot write {}", path.display()));
            }
            Ok(())
        }
        _ => {
            match write_all(&mut std::io::stdout().lock()) {
                // The reader went away (`| head`): what it wanted, it got.
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}
