//! The `depeche` command line: a thin layer over the library.
//!
//! Every command does all its reading and computing first and writes last, so an error leaves
//! standard output empty, `-o` files untouched and the store as it was. Errors are one sentence
//! on standard error, prefixed `depeche: `, with exit code 1 (2 for usage errors).

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use depeche::article::{self, Lang, Overrides};
use depeche::export::{self, ExportFormat, Render};
use depeche::pipeline::{self, Extraction, Options};
use depeche::store::{serialize_quads, AnswerFormat, Store};
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, Quad};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DEFAULT_STORE: &str = "depeche-store";

/// Reads news articles and builds a knowledge graph of who met whom, where and when.
#[derive(Debug, Parser)]
#[command(name = "depeche", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  depeche extract article.txt --format nquads\n  depeche ingest articles/\n  depeche query queries/who-met-whom.rq\n  depeche query 'SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }' --format csv\n  depeche export --format dot --query queries/meeting-graph.rq --render svg -o meetings.svg"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract a knowledge graph from articles and write it as RDF (no store).
    Extract {
        /// Article files (.txt, .md, .jsonl) or folders of them.
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
    },
    /// Extract from articles and load them into the store; re-ingesting an article replaces it.
    Ingest {
        /// Article files (.txt, .md, .jsonl) or folders of them.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        reading: Reading,
        /// Store directory (created when missing).
        #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
        store: PathBuf,
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
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Answer format.
        #[arg(long, value_enum)]
        format: Option<AnswerArg>,
    },
    /// Write the whole store, or a CONSTRUCTed part of it, as a graph file.
    Export {
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Graph file format (dot and graphml are pictures; the others are RDF).
        #[arg(long, value_enum, required_unless_present = "render")]
        format: Option<ExportArg>,
        /// A CONSTRUCT or DESCRIBE query (file or text) choosing what to export.
        #[arg(long, value_name = "CONSTRUCT.rq")]
        query: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Render the DOT picture with Graphviz (implies --format dot).
        #[arg(long, value_enum)]
        render: Option<RenderArg>,
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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Auto,
    Fr,
    En,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportArg {
    Dot,
    Graphml,
    Turtle,
    Nquads,
    Trig,
    Ntriples,
    Jsonld,
    Rdfxml,
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
        }
    }
}

impl ExportArg {
    fn format(self) -> ExportFormat {
        match self {
            ExportArg::Dot => ExportFormat::Dot,
            ExportArg::Graphml => ExportFormat::GraphMl,
            ExportArg::Turtle => ExportFormat::Turtle,
            ExportArg::Nquads => ExportFormat::NQuads,
            ExportArg::Trig => ExportFormat::TriG,
            ExportArg::Ntriples => ExportFormat::NTriples,
            ExportArg::Jsonld => ExportFormat::JsonLd,
            ExportArg::Rdfxml => ExportFormat::RdfXml,
        }
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
    let cli = Cli::parse();
    match run(cli.command) {
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
        } => {
            let extractions = read_and_extract(&files, &reading)?;
            let quads: Vec<Quad> = extractions
                .iter()
                .flat_map(|e| e.quads.iter().cloned())
                .collect();
            let rdf = format
                .format()
                .context("this build of Oxigraph has no JSON-LD serialiser")?;
            let bytes =
                serialize_quads(&quads, rdf).context("cannot serialise the extracted graph")?;
            emit(output.as_deref(), &bytes)
        }
        Command::Ingest {
            paths,
            reading,
            store,
        } => {
            let extractions = read_and_extract(&paths, &reading)?;
            let store = Store::open(&store)?;
            let summary = store.ingest(&extractions)?;
            let total = store.len()?;
            let graphs = store.graphs()?.len();
            eprintln!(
                "ingested {} ({} replaced): {} triples, {} entities, {} events, {}; the store at {} now holds {} triples in {}",
                plural(summary.articles, "article"),
                summary.replaced,
                summary.quads,
                summary.entities,
                summary.events,
                plural(summary.meetings, "meeting"),
                store.path().display(),
                total,
                plural(graphs, "article graph"),
            );
            Ok(())
        }
        Command::Query {
            query,
            store,
            format,
        } => {
            let text = query_text(&query)?;
            // The store is closed before writing: a slow reader (`| less`) must not hold its lock.
            let answer = Store::open_existing(&store)?.query(&text)?;
            let format = format
                .map(AnswerArg::format)
                .unwrap_or_else(|| answer.default_format(std::io::stdout().is_terminal()));
            let bytes = answer.render(format)?;
            emit(None, &bytes)
        }
        Command::Export {
            store,
            format,
            query,
            output,
            render,
        } => {
            let format = match (format, render) {
                (Some(ExportArg::Dot) | None, _) => ExportFormat::Dot,
                (Some(other), None) => other.format(),
                (Some(_), Some(_)) => Cli::command()
                    .error(clap::error::ErrorKind::ArgumentConflict, "--render draws a picture from DOT; use it with --format dot (or without --format)")
                    .exit(),
            };
            let query = query.as_deref().map(query_text).transpose()?;
            // Closed before Graphviz runs and output is written, so the lock is held only while reading.
            let mut bytes =
                export::export(&Store::open_existing(&store)?, format, query.as_deref())?;
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

/// Reads every article before extracting any: one bad file fails the run before anything is written.
fn read_and_extract(paths: &[PathBuf], reading: &Reading) -> Result<Vec<Extraction>> {
    let overrides = Overrides {
        date: reading.date,
        lang: match reading.lang {
            LangArg::Auto => None,
            LangArg::Fr => Some(Lang::Fr),
            LangArg::En => Some(Lang::En),
        },
    };
    let articles = article::read_all(paths, &overrides)?;
    let options = Options {
        base: reading.base.clone(),
    };
    let extractions: Vec<Extraction> = articles
        .iter()
        .map(|a| pipeline::extract(a, &options))
        .collect();
    if reading.verbose {
        for (article, extraction) in articles.iter().zip(&extractions) {
            for skipped in &extraction.skipped {
                eprintln!(
                    "{}: skipped sentence {}: {}",
                    article.origin,
                    skipped.sentence + 1,
                    skipped.reason
                );
            }
        }
    }
    Ok(extractions)
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
    match path {
        Some(path) if path != Path::new("-") => {
            let mut temporary = path.as_os_str().to_owned();
            temporary.push(".tmp");
            let temporary = PathBuf::from(temporary);
            let written =
                std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
            if let Err(error) = written {
                let _ = std::fs::remove_file(&temporary);
                return Err(error).with_context(|| format!("cannot write {}", path.display()));
            }
            Ok(())
        }
        _ => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                // The reader went away (`| head`): what it wanted, it got.
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}
