//! Throughput of each extraction stage on the bundled articles, in bytes of article text per
//! second: `cargo bench --bench extraction` (add `-- --quick` for a rough figure in seconds).
//!
//! Each stage is timed on the output of the stages before it, computed once outside the loop,
//! so a regression shows in the stage that caused it. The entity tagger is also timed alone, in
//! tokens per second (group `tagger`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use depeche::article::{Article, Lang};
use depeche::lexicon::Lexicon;
use depeche::pipeline::{extract, Options};
use depeche::{coref, events, lang, mentions, rdf, segment, tagger, timex};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// Every bundled article: the seed, the development set and the benchmark samples.
fn bundled() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut dirs = vec![root.join("articles"), root.join("eval/articles")];
    let mut samples: Vec<_> = std::fs::read_dir(root.join("eval/bench"))
        .expect("data/eval/bench")
        .map(|e| e.expect("an entry").path().join("articles"))
        .collect();
    samples.sort();
    dirs.extend(samples);
    let mut files: Vec<_> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap_or_else(|e| panic!("{}: {e}", d.display())))
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("a bundled article"),
            )
        })
        .collect()
}

/// One article and what each stage made of it.
struct Staged {
    article: Article,
    lang: Lang,
    sentences: Vec<segment::Sentence>,
    mentions: Vec<mentions::Mention>,
    resolution: coref::Resolution,
    times: Vec<Vec<timex::Timex>>,
    events: Vec<events::Event>,
}

fn stage(article: Article, lex: &'static Lexicon) -> Staged {
    let text = article.body.as_str();
    let lang = article.lang.unwrap_or_else(|| lang::detect(text));
    let sentences = segment::segment(text, lex.lang(lang));
    let mentions = mentions::find(text, &sentences, lex, lang);
    let resolution = coref::resolve(&mentions, lex, lang);
    let times = sentences
        .iter()
        .map(|s| timex::find(text, s, lex.lang(lang), article.date))
        .collect();
    let mut staged = Staged {
        article,
        lang,
        sentences,
        mentions,
        resolution,
        times,
        events: Vec::new(),
    };
    staged.events = events::extract(&events_input(&staged, lex));
    staged
}

fn events_input<'a>(s: &'a Staged, lex: &'a Lexicon) -> events::Input<'a> {
    events::Input {
        text: s.article.body.as_str(),
        sentences: &s.sentences,
        mentions: &s.mentions,
        resolution: &s.resolution,
        times: &s.times,
        lex,
        lang: s.lang,
    }
}

fn stages(c: &mut Criterion) {
    let lex = Lexicon::bundled();
    let raw = bundled();
    let bytes: u64 = raw.iter().map(|(_, text)| text.len() as u64).sum();
    let staged: Vec<Staged> = raw
        .iter()
        .map(|(origin, text)| {
            stage(
                Article::from_text(origin, text).expect("a bundled article reads"),
                lex,
            )
        })
        .collect();
    let options = Options::default();

    let mut group = c.benchmark_group("extraction");
    group.throughput(Throughput::Bytes(bytes));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("read and normalise", |b| {
        b.iter(|| {
            raw.iter()
                .map(|(origin, text)| {
                    Article::from_text(origin, black_box(text))
                        .map(|a| a.body.as_str().len())
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    group.bench_function("segment", |b| {
        b.iter(|| {
            staged
                .iter()
                .map(|s| {
                    segment::segment(black_box(s.article.body.as_str()), lex.lang(s.lang)).len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("mentions and times", |b| {
        b.iter(|| {
            staged
                .iter()
                .map(|s| {
                    let text = black_box(s.article.body.as_str());
                    let times: usize = s
                        .sentences
                        .iter()
                        .map(|x| timex::find(text, x, lex.lang(s.lang), s.article.date).len())
                        .sum();
                    mentions::find(text, &s.sentences, lex, s.lang).len() + times
                })
                .sum::<usize>()
        })
    });
    group.bench_function("coreference", |b| {
        b.iter(|| {
            staged
                .iter()
                .map(|s| {
                    coref::resolve(black_box(&s.mentions), lex, s.lang)
                        .entities
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("events", |b| {
        b.iter(|| {
            staged
                .iter()
                .map(|s| events::extract(black_box(&events_input(s, lex))).len())
                .sum::<usize>()
        })
    });
    group.bench_function("rdf mapping", |b| {
        b.iter(|| {
            staged
                .iter()
                .map(|s| {
                    let input = rdf::Input {
                        article: &s.article,
                        lang: s.lang,
                        sentences: &s.sentences,
                        entities: &s.resolution.entities,
                        events: &s.events,
                        lex,
                        base: &options.base,
                    };
                    rdf::quads(black_box(&input)).1.len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("whole pipeline", |b| {
        b.iter(|| {
            staged
                .iter()
                .map(|s| extract(black_box(&s.article), &options).quads.len())
                .sum::<usize>()
        })
    });
    group.finish();
    tagger_alone(c, &staged, lex);
}

/// The entity tagger alone, in tokens per second: lexicon lookups for its features, the
/// document's word counts and Viterbi decoding, on sentences already segmented.
fn tagger_alone(c: &mut Criterion, staged: &[Staged], lex: &'static Lexicon) {
    let Some(model) = tagger::Model::bundled() else {
        return;
    };
    // One document: every sentence's words, lowercase words and lexicon information.
    type Doc = (
        Lang,
        Vec<(Vec<&'static str>, Vec<&'static str>, Vec<tagger::TokenInfo>)>,
    );
    let docs: Vec<Doc> = staged
        .iter()
        .map(|s| {
            let text: &'static str =
                Box::leak(s.article.body.as_str().to_string().into_boxed_str());
            let sentences = s
                .sentences
                .iter()
                .map(|x| {
                    let words: Vec<&'static str> = x.tokens.iter().map(|t| t.text(text)).collect();
                    let lower: Vec<&'static str> = words
                        .iter()
                        .map(|w| &*Box::leak(w.to_lowercase().into_boxed_str()))
                        .collect();
                    let info = mentions::lexical_info(&words, lex, s.lang);
                    (words, lower, info)
                })
                .collect();
            (s.lang, sentences)
        })
        .collect();
    let tokens: u64 = docs
        .iter()
        .flat_map(|d| &d.1)
        .map(|s| s.0.len() as u64)
        .sum();
    let mut group = c.benchmark_group("tagger");
    group.throughput(Throughput::Elements(tokens));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("tag tokens", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(lang, sentences)| {
                    let doc = tagger::DocInfo::new(
                        sentences.iter().map(|s| (s.0.as_slice(), s.1.as_slice())),
                    );
                    sentences
                        .iter()
                        .map(|s| {
                            model
                                .tag(
                                    &tagger::SentenceInput {
                                        words: &s.0,
                                        lower: &s.1,
                                        info: &s.2,
                                    },
                                    *lang,
                                    black_box(&doc),
                                )
                                .len()
                        })
                        .sum::<usize>()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("lexicon features", |b| {
        b.iter(|| {
            docs.iter()
                .flat_map(|(lang, s)| s.iter().map(move |x| (lang, x)))
                .map(|(lang, x)| mentions::lexical_info(black_box(&x.0), lex, *lang).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
