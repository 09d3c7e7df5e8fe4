//! What each command does: reading, extracting, ingesting, querying and exporting, output last.

use super::*;

pub(crate) fn run(command: Command) -> Result<()> {
    match command {
        Command::Extract {
            files,
            reading,
            format,
            output,
            on_duplicate_id,
        } => extract(
            &files,
            &reading,
            format.writer(),
            output.as_deref(),
            on_duplicate_id,
        ),
        Command::Ingest {
            paths,
            reading,
            store,
            keep_going,
            batch,
            on_duplicate_id,
        } => ingest(
            &paths,
            &reading,
            &store,
            keep_going,
            batch as usize,
            on_duplicate_id,
        ),
        Command::Link { store } => {
            let store = store.open(false)?;
            let report = depeche::link::link(&store)?;
            let identity = report.identity;
            eprintln!(
                "linked: {} {} described in the entities graph, {} (persons and organizations) summarized for who met whom and roles; {} surname-only {} linked to a full name ({} left alone as ambiguous, {} changed by this run); the store at {} now holds {} triples in {}",
                report.entities,
                if report.entities == 1 { "entity" } else { "entities" },
                plural(report.agents, "agent"),
                identity.linked,
                if identity.linked == 1 { "person" } else { "persons" },
                identity.ambiguous,
                plural(identity.changed, "link"),
                store.location(),
                store.len()?,
                plural(store.graph_count()?, "article graph"),
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
            let format =
                format.unwrap_or_else(|| answer.default_format(std::io::stdout().is_terminal()));
            let bytes = answer.render(format).map_err(|e| match e {
                // The library names the format; the command line names the option that chose it.
                depeche::store::AnswerError::Mismatch {
                    format,
                    kind,
                    alternatives,
                } => anyhow::anyhow!("--format {format} cannot hold {kind}; use {alternatives}"),
                other => other.into(),
            })?;
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
            let query = query.as_deref().map(query_text).transpose()?;
            if format == Some(ExportArg::CsvPair) && render.is_none() {
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
                (Some(ExportArg::One(ExportFormat::Dot)) | None, _) => ExportFormat::Dot,
                (Some(ExportArg::One(other)), None) => other,
                (Some(ExportArg::CsvPair), None) => ExportFormat::Dot,
                (Some(_), Some(_)) => Cli::command()
                    .error(clap::error::ErrorKind::ArgumentConflict, "--render draws a picture from DOT; use it with --format dot (or without --format)")
                    .exit(),
            };
            // Closed before Graphviz runs and output is written, so the lock is held only while reading.
            let mut bytes = export::export(
                &open_limited(&store, timeout)?,
                format,
                view,
                query.as_deref(),
            )?;
            done_reading();
            if let Some(picture) = render {
                if output.is_none()
                    && matches!(picture, Render::Png)
                    && std::io::stdout().is_terminal()
                {
                    anyhow::bail!("refusing to write a PNG picture to the terminal; give -o FILE.png or redirect standard output");
                }
                bytes = export::render(&bytes, picture).map_err(|e| match e {
                    export::GraphvizError::Missing => anyhow::anyhow!("cannot render the picture: Graphviz `dot` is not installed (install the graphviz package, or export --format dot without --render)"),
                    other => other.into(),
                })?;
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
                let mode = if allow_update {
                    "read-write: /update and /ingest accepted"
                } else {
                    "read-only"
                };
                eprintln!("depeche serve: listening on http://{address}/ ({mode}); SPARQL endpoint http://{address}/sparql; Ctrl-C stops");
                if !address.ip().is_loopback() {
                    eprintln!(
                        "depeche serve: warning: {} is reachable from other machines",
                        address.ip()
                    );
                }
            })?;
            Ok(())
        }
        Command::Stats { store, format, top } => {
            let stats = depeche::stats::Stats::compute(&store.open(false)?, top)?;
            emit(None, stats.write(format).as_bytes())
        }
        Command::Eval {
            gold,
            verbose,
            min_entity_f1,
            min_pair_f1,
            min_strict_f1,
        } => {
            let mut scores = Vec::new();
            for path in &gold {
                for (file, g) in depeche::eval::Gold::read_all(path)? {
                    let score = depeche::eval::run_gold(&file, &g, &Options::default())
                        .with_context(|| format!("cannot score {}", file.display()))?;
                    scores.push((g.id.clone(), score));
                }
            }
            if scores.is_empty() {
                anyhow::bail!(
                    "no gold files found in {}",
                    gold.iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            emit(None, depeche::eval::report(&scores, verbose).as_bytes())?;
            let t = depeche::eval::total(scores.iter().map(|(_, s)| s));
            for (name, got, floor) in [
                ("entity", t.entities.f1(), min_entity_f1),
                ("pair", t.pairs.f1(), min_pair_f1),
                ("strict", t.strict.f1(), min_strict_f1),
            ] {
                if got < floor {
                    anyhow::bail!("{name} F1 {got:.3} is below {floor}");
                }
            }
            Ok(())
        }
    }
}

pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The articles under `paths`; with `warn`, the entries a folder walk skips are said on
/// standard error (only on the first of the passes over the input, so each is said once).
pub(crate) fn articles(
    paths: &[PathBuf],
    reading: &Reading,
    warn: bool,
) -> Result<article::Articles, article::ArticleError> {
    let articles = article::Articles::new(paths, reading.overrides(), reading.limits())?;
    Ok(if warn {
        articles.on_warning(|warning| eprintln!("depeche: warning: {warning}"))
    } else {
        articles
    })
}

/// Reads every input once before anything is written: an unreadable article (unless
/// `keep_going`) or a repeated id (unless keep-last) stops the run here, in one sentence.
pub(crate) fn survey(
    paths: &[PathBuf],
    reading: &Reading,
    keep_going: bool,
    on_duplicate: OnDuplicateId,
) -> Result<Survey> {
    let mut first = true;
    let survey = duplicates::survey(
        || articles(paths, reading, std::mem::replace(&mut first, false)),
        keep_going,
    )?;
    let Some(example) = survey.duplicates.first() else {
        return Ok(survey);
    };
    let others = survey.repeated_ids - 1;
    match on_duplicate {
        OnDuplicateId::Error => {
            let and = if others > 0 {
                format!(", and {} repeat too", plural(others as usize, "other id"))
            } else {
                String::new()
            };
            anyhow::bail!("{example}{and}; nothing was written: give --on-duplicate-id keep-last to keep the last record of each id");
        }
        OnDuplicateId::KeepLast => {
            for duplicate in &survey.duplicates {
                eprintln!("depeche: warning: {duplicate}; the last record is kept");
            }
            let unlisted = survey.repeated_ids - survey.duplicates.len() as u64;
            if unlisted > 0 {
                eprintln!(
                    "depeche: warning: {} more repeat; the last record of each is kept",
                    plural(unlisted as usize, "id")
                );
            }
        }
    }
    Ok(survey)
}

/// Whether every input can be read twice: files and folders can, a pipe or a device
/// (`/dev/stdin`, `<(zcat feed.gz)`) cannot.
pub(crate) fn rereadable(paths: &[PathBuf]) -> bool {
    paths
        .iter()
        .all(|path| std::fs::metadata(path).is_ok_and(|m| m.is_file() || m.is_dir()))
}

pub(crate) type ArticleStream =
    Box<dyn Iterator<Item = Result<article::Article, article::ArticleError>> + Send>;

/// The articles to extract, checked first (see [`survey`]) when the inputs can be read twice;
/// a pipe is read once, its repeated ids refused as they come. Also returns how many articles
/// there are, when known.
pub(crate) fn checked_articles(
    paths: &[PathBuf],
    reading: &Reading,
    keep_going: bool,
    on_duplicate: OnDuplicateId,
) -> Result<(ArticleStream, Option<u64>)> {
    if rereadable(paths) {
        let survey = survey(paths, reading, keep_going, on_duplicate)?;
        let total = survey.articles + survey.errors - survey.replaced();
        return Ok((
            Box::new(survey.keep_last(articles(paths, reading, false)?)),
            Some(total),
        ));
    }
    if on_duplicate == OnDuplicateId::KeepLast {
        anyhow::bail!("--on-duplicate-id keep-last reads the input twice, and a pipe can be read only once: save the input to a file first");
    }
    Ok((
        Box::new(duplicates::refuse_repeats(articles(paths, reading, true)?)),
        None,
    ))
}

/// Articles extracted together by `extract`: memory holds two batches (one being read, one
/// extracted and written), whatever the size of the input.
pub(crate) const EXTRACT_BATCH: usize = 256;
/// Most bytes of article text in one `extract` batch.
pub(crate) const EXTRACT_BATCH_BYTES: usize = 8 << 20;

/// `depeche extract`: reads the inputs once to check them (so a bad one stops the run before
/// any output), then streams: batches read on one thread, extracted on all cores, written in
/// input order. With `-o`, the document goes to a temporary file renamed into place at the end,
/// so a failure leaves no half-written file.
pub(crate) fn extract(
    paths: &[PathBuf],
    reading: &Reading,
    format: RdfFormat,
    output: Option<&Path>,
    on_duplicate: OnDuplicateId,
) -> Result<()> {
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

/// Streams the articles' graphs into one document on `out`, counting in `written` the
/// articles handed to it.
pub(crate) fn write_document(
    out: impl Write,
    articles: impl Iterator<Item = Result<article::Article, article::ArticleError>> + Send,
    reading: &Reading,
    format: RdfFormat,
    written: &mut usize,
) -> Result<()> {
    let options = reading.options();
    let mut writer = RdfWriter::new(out, format)?;
    std::thread::scope(|scope| -> Result<()> {
        let (to_extractor, batches) = std::sync::mpsc::sync_channel::<
            Result<Vec<article::Article>, article::ArticleError>,
        >(1);
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
                        eprintln!(
                            "{}: skipped sentence {}: {}",
                            article.origin,
                            skipped.sentence + 1,
                            skipped.reason
                        );
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

/// `depeche ingest`: a first pass reads every input (so a bad one stops the run before anything
/// is written, and the progress bar knows its length), the second extracts and writes.
pub(crate) fn ingest(
    paths: &[PathBuf],
    reading: &Reading,
    location: &StoreArg,
    keep_going: bool,
    batch: usize,
    on_duplicate: OnDuplicateId,
) -> Result<()> {
    let (articles, total) = checked_articles(paths, reading, keep_going, on_duplicate)?;
    let store = location.open(true)?;
    let options = IngestOptions {
        extraction: reading.options(),
        batch_articles: batch,
        keep_going,
        ..IngestOptions::default()
    };
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
                bar.set_message(format!(
                    "{rate:.0}/s, {} triples, {} unchanged, {} errors",
                    report.quads, report.unchanged, report.errors
                ));
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
            say(
                &bar,
                format!(
                    "{origin}: skipped sentence {}: {}",
                    skipped.sentence + 1,
                    skipped.reason
                ),
            );
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
    let graphs = store.graph_count()?;
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
        store.location(),
        total_quads,
        plural(graphs, "article graph"),
    );
    if report.errors > 0 {
        anyhow::bail!(
            "{} could not be read or extracted; the others were written",
            plural(report.errors, "article")
        );
    }
    Ok(())
}

/// A query argument is a file when it names one (or ends in .rq, so a typo says "cannot read"
/// instead of "not valid SPARQL"); otherwise it is the query itself.
pub(crate) fn query_text(arg: &str) -> Result<String> {
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
