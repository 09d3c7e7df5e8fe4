//! The command line as clap reads it: commands, options, and their parsers.

use super::*;

pub(crate) const DEFAULT_STORE: &str = "depeche-store";

/// Reads news articles and builds a knowledge graph of who met whom, where and when.
#[derive(Debug, Parser)]
#[command(name = "depeche", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  depeche extract article.txt --format nquads\n  depeche ingest articles/\n  depeche link --store http://127.0.0.1:7878\n  depeche query queries/who-met-whom.rq\n  depeche query 'SELECT ?name WHERE { GRAPH dp:entities { ?p a schema:Person ; rdfs:label ?name } }' --format csv\n  depeche export --format dot --query queries/meeting-graph.rq --render svg -o meetings.svg\n  depeche export --view people --format graphml -o people.graphml\n  depeche serve --bind 127.0.0.1:7878\n  depeche stats"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Extract a knowledge graph from articles and write it as RDF (no store).
    Extract {
        /// Article files (.txt, .md, .jsonl, .jsonl.gz) or folders of them.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        reading: Reading,
        /// RDF syntax to write.
        #[arg(long, value_parser = choice(RdfSyntax::ALL), default_value = "trig")]
        format: RdfSyntax,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Records that repeat an article id: refuse the run before writing (error), or keep
        /// the last record of each id, with a warning naming it (keep-last).
        #[arg(long, value_name = "WHAT", value_parser = choice(ON_DUPLICATE_ID), default_value = "error")]
        on_duplicate_id: OnDuplicateId,
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
        #[arg(long, value_name = "WHAT", value_parser = choice(ON_DUPLICATE_ID), default_value = "error")]
        on_duplicate_id: OnDuplicateId,
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
        #[arg(long, value_parser = choice(AnswerFormat::ALL))]
        format: Option<AnswerFormat>,
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
        #[arg(long, value_parser = export_choice(), required_unless_present = "render")]
        format: Option<ExportArg>,
        /// What to show.
        #[arg(long, value_parser = choice(View::ALL), default_value = "full")]
        view: View,
        /// A CONSTRUCT or DESCRIBE query (file or text) choosing what to export.
        #[arg(long, value_name = "CONSTRUCT.rq")]
        query: Option<String>,
        /// Write to this file instead of standard output (a directory for --format csv).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Render the DOT picture with Graphviz (implies --format dot).
        #[arg(long, value_parser = choice(Render::ALL))]
        render: Option<Render>,
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
        #[arg(long, value_parser = choice(StatsFormat::ALL), default_value = "table")]
        format: StatsFormat,
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
pub(crate) struct StoreArg {
    /// Store directory, or the http(s) URL of a SPARQL 1.1 store (an Oxigraph server's base URL,
    /// or an endpoint that takes queries, updates and graph uploads).
    #[arg(long, value_name = "DIR | URL", env = "DEPECHE_STORE", default_value = DEFAULT_STORE)]
    pub(crate) store: String,
    /// SPARQL Update endpoint of a remote store, when not the --store URL itself.
    #[arg(long, value_name = "URL", env = "DEPECHE_UPDATE_URL")]
    pub(crate) update_url: Option<String>,
    /// Graph Store Protocol endpoint of a remote store, when not the --store URL itself.
    #[arg(long, value_name = "URL", env = "DEPECHE_GRAPH_STORE_URL")]
    pub(crate) graph_store_url: Option<String>,
}

impl StoreArg {
    /// Opens the store; a local one is created only when `create` is set.
    pub(crate) fn open(&self, create: bool) -> Result<Store> {
        if !depeche::remote::is_url(&self.store)
            && (self.update_url.is_some() || self.graph_store_url.is_some())
        {
            anyhow::bail!("--update-url and --graph-store-url are for a remote store; --store {} is a directory", self.store);
        }
        Ok(Store::open_location(
            &self.store,
            self.update_url.as_deref(),
            self.graph_store_url.as_deref(),
            create,
        )?)
    }
}

/// How articles are read: shared by `extract` and `ingest`.
#[derive(Debug, clap::Args)]
pub(crate) struct Reading {
    /// Language of the articles (auto: as declared, else detected).
    // Spelled out so that clap takes `None` (auto) as a value, not as the option left out.
    #[arg(long, value_parser = lang_choice(), default_value = AUTO)]
    pub(crate) lang: ::std::option::Option<Lang>,
    /// Publication date, the anchor for relative dates ("mardi"); overrides front matter.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) date: Option<chrono::NaiveDate>,
    /// Base IRI under which entity, event and article IRIs are minted.
    #[arg(long, value_name = "IRI", value_parser = parse_base, default_value = depeche::vocab::DEFAULT_BASE)]
    pub(crate) base: String,
    /// Also report the sentences the extractor skipped, on standard error.
    #[arg(short, long)]
    pub(crate) verbose: bool,
    /// Largest article read (bytes, or with K, M or G): a plain-text file, or one JSON Lines
    /// record. Larger ones are refused before they are read.
    #[arg(long, value_name = "SIZE", default_value = "1M", value_parser = parse_size)]
    pub(crate) max_article_size: u64,
}

/// `--lang` for "as declared, else detected".
const AUTO: &str = "auto";

/// `--lang`'s parser: `auto` (no override), then [`Lang::ALL`] by tag.
pub(crate) fn lang_choice() -> impl clap::builder::TypedValueParser<Value = Option<Lang>> {
    let table: Vec<(&'static str, Option<Lang>)> = std::iter::once((AUTO, None))
        .chain(Lang::ALL.map(|lang| (lang.tag(), Some(lang))))
        .collect();
    choice(table)
}

/// What `export --format` names: a format of the library's table, or `csv`, the pair of CSV
/// files written into the -o directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExportArg {
    /// One file in this format.
    One(ExportFormat),
    /// nodes.csv and edges.csv in the -o directory.
    CsvPair,
}

/// `export --format`'s parser: [`ExportFormat::ALL`], with `csv` after the pictures' own
/// formats (where --help has always listed it).
pub(crate) fn export_choice() -> impl clap::builder::TypedValueParser<Value = ExportArg> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    const CSV: &str = "csv";
    let mut values: Vec<PossibleValue> = Vec::new();
    for (name, format) in ExportFormat::ALL {
        if *format == ExportFormat::CsvNodes {
            values
                .push(PossibleValue::new(CSV).help("nodes.csv and edges.csv in the -o directory"));
        }
        values.push(PossibleValue::new(*name));
    }
    PossibleValuesParser::new(values).map(|name: String| {
        if name == CSV {
            ExportArg::CsvPair
        } else {
            ExportArg::One(
                ExportFormat::from_name(&name).expect("clap accepts only the table's names"),
            )
        }
    })
}

/// A value parser over a library table of (command-line name, value): the names clap accepts
/// and lists in --help are the library's, declared once there, and no copy enum maps them.
pub(crate) fn choice<T, Table>(table: Table) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: Copy + Send + Sync + 'static,
    Table: AsRef<[(&'static str, T)]> + Clone + Send + Sync + 'static,
{
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let names = table
        .as_ref()
        .iter()
        .map(|(name, _)| PossibleValue::new(*name));
    PossibleValuesParser::new(names).map(move |name: String| {
        table
            .as_ref()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| *value)
            .expect("clap accepts only the table's names")
    })
}

pub(crate) fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() && v <= 86_400.0 => Ok(v),
        _ => Err("expected a number of seconds between 0 and 86400, like 30 or 0.5".to_string()),
    }
}

pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    match article::parse_size(s) {
        Some(n) if n > 0 => Ok(n),
        _ => Err("expected a size in bytes, or with K, M or G, like 4M".to_string()),
    }
}

pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    article::parse_date(s).ok_or_else(|| "expected a date like 2017-09-12".to_string())
}

pub(crate) fn parse_base(s: &str) -> Result<String, String> {
    NamedNode::new(s)
        .map(NamedNode::into_string)
        .map_err(|e| format!("not an absolute IRI ({e})"))
}

impl Reading {
    pub(crate) fn overrides(&self) -> Overrides {
        Overrides {
            date: self.date,
            lang: self.lang,
        }
    }

    pub(crate) fn limits(&self) -> article::Limits {
        article::Limits {
            max_article_bytes: self.max_article_size,
        }
    }

    pub(crate) fn options(&self) -> Options {
        Options {
            base: self.base.clone(),
        }
    }
}
