//! Trains the entity tagger (`crates/depeche-extract/src/tagger/`) and writes `data/models/tagger.bin`.
//! Over 600 lines because an example is one file: three corpus readers (BRAT, WebAnno TSV with
//! CoNLL-U, CoNLL), the training loop and the development-split report serve this one program.
//!
//! `cargo run --release --example train_tagger -- DIR [--out data/models/tagger.bin] [--seed 1] [--epochs 8] [--sweep] [--errors]`
//! where DIR holds the unpacked training corpora (`scripts/train_tagger.sh` unpacks them from
//! `../shared/train`): `winer-fr-train/` (BRAT), `gum-en/tsv` + `gum-en/dep` (WebAnno TSV and
//! CoNLL-U), `wikigold-en/wikigold.conll.txt` (CoNLL). Every tenth document of each corpus (in
//! sorted order) is held out as the development split; figures per epoch and at the end are on it.
//! The same corpora, seed and epochs give the same model bytes.
//!
//! It also measures the whole entity stage (rules, tagger, their combination, coreference) on the
//! development split, for the rules alone, for the chosen combination and, with `--sweep`, for each
//! setting tried, in total and by language: the settings of `mentions::Combine` are chosen there,
//! not on the evaluation articles. `--errors` lists
//! the entity stage's errors on the split, by kind.
//!
//! Type mappings (what is not listed is not an entity of ours):
//! - WiNER-fr: Person → PER, Organization → ORG, Location → LOC; Product, Event, Date, Hour dropped.
//!   Nested entities: the outermost of ours is kept.
//! - GUM: person/organization/place referring expressions whose syntactic head is a proper noun
//!   (UPOS PROPN); the name is the run of proper nouns around the head ("of"/"de"/"and"/"the"
//!   between two proper nouns included).
//! - wikigold: I-PER → PER, I-ORG → ORG, I-LOC → LOC; I-MISC dropped.

use depeche::article::Lang;
use depeche::coref;
use depeche::lexicon::Lexicon;
use depeche::mentions::{self, lexical_info, Combine, EntityType};
use depeche::segment::segment;
use depeche::tagger::{self, flag, label_of, spans, Example, Kind, Label, TrainDoc, Trainer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

const BITS: u32 = 18;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|k| args.get(k + 1))
            .cloned()
    };
    let dir = PathBuf::from(
        args.first()
            .filter(|a| !a.starts_with("--"))
            .ok_or_else(|| {
                anyhow::anyhow!("usage: train_tagger DIR [--out FILE] [--seed N] [--epochs N]")
            })?,
    );
    let out = PathBuf::from(opt("--out").unwrap_or_else(|| "data/models/tagger.bin".into()));
    let seed: u64 = opt("--seed").map_or(Ok(1), |s| s.parse())?;
    let epochs: usize = opt("--epochs").map_or(Ok(8), |s| s.parse())?;
    let started = Instant::now();
    let lex = Lexicon::bundled();

    let corpora: Vec<(&str, Vec<TrainDoc>)> = vec![
        ("winer-fr", read_winer(&dir.join("winer-fr-train"), lex)?),
        ("gum-en", read_gum(&dir.join("gum-en"), lex)?),
        (
            "wikigold-en",
            read_wikigold(&dir.join("wikigold-en/wikigold.conll.txt"), lex)?,
        ),
    ];
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for (name, docs) in &corpora {
        let tokens: usize = docs
            .iter()
            .flat_map(|d| &d.sentences)
            .map(|s| s.words.len())
            .sum();
        let ruled = docs
            .iter()
            .flat_map(|d| &d.sentences)
            .flat_map(|s| &s.info)
            .filter(|i| i.rule != 0)
            .count();
        let gold = docs
            .iter()
            .flat_map(|d| &d.sentences)
            .flat_map(|s| &s.gold)
            .filter(|&&g| g != 0)
            .count();
        println!("{name}: {} documents, {tokens} tokens, {gold} in entities, {ruled} in the rules' mentions", docs.len());
        for (k, d) in docs.iter().enumerate() {
            if k % 10 == 9 {
                dev.push(d);
            } else {
                train.push(d);
            }
        }
    }
    println!(
        "train {} documents, dev {} documents; read in {:.1}s",
        train.len(),
        dev.len(),
        started.elapsed().as_secs_f64()
    );

    let bits: u32 = opt("--bits").map_or(Ok(BITS), |s| s.parse())?;
    let mut trainer = Trainer::new(bits);
    let mut rng = seed.wrapping_mul(0x9E3779B97F4A7C15) | 1;
    let mut model = None;
    for epoch in 1..=epochs {
        // Fisher-Yates with xorshift: the order is the seed's alone.
        for k in (1..train.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            train.swap(k, (rng % (k as u64 + 1)) as usize);
        }
        let wrong = trainer.epoch(&train);
        let m = trainer.averaged();
        let (total, _) = evaluate(&m, &dev);
        println!(
            "epoch {epoch}: {wrong} training tokens wrong; dev {total} ({:.0}s)",
            started.elapsed().as_secs_f64()
        );
        model = Some(m);
    }
    let model = model.ok_or_else(|| anyhow::anyhow!("no epoch"))?;
    let (total, by_type) = evaluate(&model, &dev);
    println!("final dev: {total}");
    for (k, line) in by_type {
        println!("  {k}: {line}");
    }
    for (name, docs) in &corpora {
        let held: Vec<&TrainDoc> = docs
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 10 == 9)
            .map(|(_, d)| d)
            .collect();
        println!("  dev {name}: {}", evaluate(&model, &held).0);
    }
    // The whole entity stage on the development split: the rules alone, the chosen combination,
    // then each setting of `--sweep` (one setting changed from the default at a time), with each
    // language's total: one combination serves both if each language's best is the same.
    let mut settings: Vec<(String, Option<Combine>)> = vec![
        ("rules alone".into(), None),
        ("chosen".into(), Some(Combine::default())),
    ];
    if args.iter().any(|a| a == "--sweep") {
        for base in [Combine::default()] {
            let mut variants = vec![base];
            for m in [0, 200, 400, 800, 1600, 3200] {
                variants.push(Combine {
                    min_margin: m,
                    ..base
                });
            }
            for m in [None, Some(0), Some(400), Some(800), Some(1600), Some(3200)] {
                variants.push(Combine { add: m, ..base });
            }
            for m in [None, Some(0), Some(400), Some(800), Some(1600), Some(3200)] {
                variants.push(Combine { drop: m, ..base });
            }
            for m in [None, Some(0), Some(400), Some(800), Some(1600), Some(3200)] {
                variants.push(Combine {
                    drop_untyped: m,
                    ..base
                });
            }
            for c in variants {
                if !settings.iter().any(|(_, s)| *s == Some(c)) {
                    settings.push((format!("{c:?}"), Some(c)));
                }
            }
        }
    }
    for (label, setting) in settings {
        let (mut total, mut fr, mut en) = (Prf::default(), Prf::default(), Prf::default());
        let mut line = String::new();
        for (name, docs) in &corpora {
            let held: Vec<&TrainDoc> = docs
                .iter()
                .enumerate()
                .filter(|(k, _)| k % 10 == 9)
                .map(|(_, d)| d)
                .collect();
            let p = evaluate_stage(&model, setting, &held, lex);
            line += &format!(" {name} {:.3}", p.f1());
            let by_lang = if held.first().is_some_and(|d| d.lang == Lang::Fr) {
                &mut fr
            } else {
                &mut en
            };
            for t in [&mut total, by_lang] {
                t.tp += p.tp;
                t.fp += p.fp;
                t.fn_ += p.fn_;
            }
        }
        println!(
            "entity stage on dev, {label}: {total}; fr {:.3} en {:.3};{line}",
            fr.f1(),
            en.f1()
        );
    }
    // The kinds of error of the default combination, per corpus, and with `--errors` each one.
    let show = args.iter().any(|a| a == "--errors");
    for (name, docs) in &corpora {
        let held: Vec<&TrainDoc> = docs
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 10 == 9)
            .map(|(_, d)| d)
            .collect();
        let kinds = error_kinds(&model, &held, lex, show.then_some(*name));
        let line: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        println!("errors on dev {name}: {}", line.join(", "));
    }
    let bytes = model.to_bytes();
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&out, &bytes)?;
    println!(
        "wrote {} ({} bytes) in {:.0}s",
        out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[derive(Default, Clone, Copy)]
struct Prf {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Prf {
    fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        write!(
            f,
            "P {p:.3} R {r:.3} F1 {f1:.3} (tp {} fp {} fn {})",
            self.tp, self.fp, self.fn_
        )
    }
}

/// Exact-span scores, overall and by type.
fn evaluate(model: &tagger::Model, docs: &[&TrainDoc]) -> (Prf, BTreeMap<&'static str, Prf>) {
    let mut total = Prf::default();
    let mut by: BTreeMap<&'static str, Prf> = BTreeMap::new();
    let name = |k: Kind| match k {
        Kind::Per => "PER",
        Kind::Org => "ORG",
        Kind::Loc => "LOC",
    };
    for d in docs {
        for (ex, got) in d.sentences.iter().zip(tagger::tag_doc(model, d)) {
            let gold = spans(&ex.gold);
            let pred = spans(&got);
            for s in &pred {
                let e = by.entry(name(s.2)).or_default();
                if gold.contains(s) {
                    total.tp += 1;
                    e.tp += 1;
                } else {
                    total.fp += 1;
                    e.fp += 1;
                }
            }
            for s in gold.iter().filter(|s| !pred.contains(s)) {
                total.fn_ += 1;
                by.entry(name(s.2)).or_default().fn_ += 1;
            }
        }
    }
    (total, by)
}

/// Exact-span scores of the whole entity stage (rules, then tagger with `combine`, then
/// coreference): each mention that coreference keeps, typed as its entity; `None`: the rules alone.
fn evaluate_stage(
    model: &tagger::Model,
    combine: Option<Combine>,
    docs: &[&TrainDoc],
    lex: &Lexicon,
) -> Prf {
    let mut p = Prf::default();
    let kind = |t: EntityType| match t {
        EntityType::Person => Kind::Per,
        EntityType::Organization => Kind::Org,
        EntityType::Place => Kind::Loc,
    };
    for d in docs {
        let sentences: Vec<Vec<&str>> = d
            .sentences
            .iter()
            .map(|e| e.words.iter().map(String::as_str).collect())
            .collect();
        let ms = mentions::find_tokenised(
            &sentences,
            lex,
            d.lang,
            combine.map(|_| model),
            combine.unwrap_or_default(),
        );
        let r = coref::resolve(&ms, lex, d.lang);
        let mut pred: Vec<Vec<(usize, usize, Kind)>> = vec![Vec::new(); d.sentences.len()];
        for (m, e) in ms.iter().zip(&r.of_mention) {
            if let Some(e) = e {
                pred[m.sentence].push((m.first, m.end, kind(r.entities[*e].etype)));
            }
        }
        for (ex, pred) in d.sentences.iter().zip(pred) {
            let gold = spans(&ex.gold);
            p.tp += pred.iter().filter(|s| gold.contains(s)).count();
            p.fp += pred.iter().filter(|s| !gold.contains(s)).count();
            p.fn_ += gold.iter().filter(|s| !pred.contains(s)).count();
        }
    }
    p
}

/// Counts the entity stage's errors on `docs` by kind: a wrong type on the right words, wrong
/// bounds (same type or not), a mention where the corpus has none (first word of the sentence or
/// not), a name missed; `show` prints each with its sentence, prefixed by the corpus name.
fn error_kinds(
    model: &tagger::Model,
    docs: &[&TrainDoc],
    lex: &Lexicon,
    show: Option<&str>,
) -> BTreeMap<&'static str, usize> {
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    let kind = |t: EntityType| match t {
        EntityType::Person => Kind::Per,
        EntityType::Organization => Kind::Org,
        EntityType::Place => Kind::Loc,
    };
    for d in docs {
        let sentences: Vec<Vec<&str>> = d
            .sentences
            .iter()
            .map(|e| e.words.iter().map(String::as_str).collect())
            .collect();
        let ms = mentions::find_tokenised(&sentences, lex, d.lang, Some(model), Combine::default());
        let r = coref::resolve(&ms, lex, d.lang);
        let mut pred: Vec<Vec<(usize, usize, Kind)>> = vec![Vec::new(); d.sentences.len()];
        for (m, e) in ms.iter().zip(&r.of_mention) {
            if let Some(e) = e {
                pred[m.sentence].push((m.first, m.end, kind(r.entities[*e].etype)));
            }
        }
        for (si, (ex, pred)) in d.sentences.iter().zip(pred).enumerate() {
            let gold = spans(&ex.gold);
            let overlaps =
                |a: &(usize, usize, Kind), b: &(usize, usize, Kind)| a.0 < b.1 && b.0 < a.1;
            let mut found = Vec::new();
            for p in pred.iter().filter(|p| !gold.contains(p)) {
                let k = match gold.iter().find(|g| overlaps(g, p)) {
                    Some(g) if (g.0, g.1) == (p.0, p.1) => "type",
                    Some(g) if g.2 == p.2 => "bounds",
                    Some(_) => "bounds+type",
                    None if p.0 == 0 => "spurious, first word",
                    None => "spurious",
                };
                found.push((k, p.0, p.1, Some(p.2)));
            }
            for g in gold.iter().filter(|g| !pred.iter().any(|p| overlaps(g, p))) {
                found.push(("missed", g.0, g.1, Some(g.2)));
            }
            for (k, a, b, t) in found {
                *kinds.entry(k).or_default() += 1;
                if let Some(corpus) = show {
                    let gold_here: Vec<String> = gold
                        .iter()
                        .map(|g| format!("{}:{:?}", ex.words[g.0..g.1].join(" "), g.2))
                        .collect();
                    println!(
                        "{corpus}\t{}#{si}\t{k}\t{} {:?}\tgold [{}]\t{}",
                        d.name,
                        ex.words[a..b].join(" "),
                        t,
                        gold_here.join(", "),
                        ex.words.join(" ")
                    );
                }
            }
        }
    }
    kinds
}

fn example(words: Vec<String>, gold: Vec<Label>, lex: &Lexicon, lang: Lang) -> Example {
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let info = lexical_info(&refs, lex, lang);
    let lower = words.iter().map(|w| w.to_lowercase()).collect();
    Example {
        words,
        lower,
        info,
        gold,
    }
}

/// Labels `first..end` as one entity of `kind`.
fn mark(gold: &mut [Label], first: usize, end: usize, kind: Kind) {
    for (k, g) in gold.iter_mut().enumerate().take(end).skip(first) {
        *g = label_of(kind, k == first);
    }
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            files(&p, ext, out)?;
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    Ok(())
}

/// WiNER-fr: BRAT stand-off annotations (character offsets) over raw text, tokenised by depeche itself.
fn read_winer(dir: &Path, lex: &Lexicon) -> anyhow::Result<Vec<TrainDoc>> {
    let mut paths = Vec::new();
    files(dir, "ann", &mut paths)?;
    paths.sort();
    let mut docs = Vec::new();
    for ann in paths {
        let text = std::fs::read_to_string(ann.with_extension("txt"))?;
        // Character offsets to byte offsets.
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        let mut ents: Vec<(usize, usize, Kind)> = Vec::new();
        for line in std::fs::read_to_string(&ann)?.lines() {
            let mut cols = line.split('\t');
            let (Some(id), Some(spec)) = (cols.next(), cols.next()) else {
                continue;
            };
            if !id.starts_with('T') {
                continue;
            }
            let mut parts = spec.split([' ', ';']);
            let kind = match parts.next() {
                Some("Person") => Kind::Per,
                Some("Organization") => Kind::Org,
                Some("Location") => Kind::Loc,
                _ => continue,
            };
            let nums: Vec<usize> = parts.filter_map(|p| p.parse().ok()).collect();
            if let (Some(&a), Some(&b)) = (nums.first(), nums.last()) {
                if let (Some(&a), Some(&b)) = (byte_at.get(a), byte_at.get(b)) {
                    ents.push((a, b, kind));
                }
            }
        }
        // The outermost entity of ours wins; longer first.
        ents.sort_by_key(|&(a, b, _)| (a, std::cmp::Reverse(b)));
        let sentences = segment(&text, lex.lang(Lang::Fr));
        let mut out = Vec::new();
        for s in &sentences {
            let words: Vec<String> = s.tokens.iter().map(|t| t.text(&text).to_string()).collect();
            let mut gold = vec![0; words.len()];
            for &(a, b, kind) in &ents {
                let inside: Vec<usize> = (0..s.tokens.len())
                    .filter(|&k| s.tokens[k].start >= a && s.tokens[k].end <= b)
                    .collect();
                if let (Some(&f), Some(&l)) = (inside.first(), inside.last()) {
                    if gold[f..=l].iter().all(|&g| g == 0) {
                        mark(&mut gold, f, l + 1, kind);
                    }
                }
            }
            out.push(example(words, gold, lex, Lang::Fr));
        }
        docs.push(TrainDoc {
            name: ann.display().to_string(),
            lang: Lang::Fr,
            sentences: out,
        });
    }
    Ok(docs)
}

/// GUM: entity spans from the WebAnno TSV, part of speech and heads from the CoNLL-U of the same document.
fn read_gum(dir: &Path, lex: &Lexicon) -> anyhow::Result<Vec<TrainDoc>> {
    let mut paths = Vec::new();
    files(&dir.join("tsv"), "tsv", &mut paths)?;
    paths.sort();
    let mut docs = Vec::new();
    let mut skipped = 0;
    for tsv in paths {
        let stem = tsv
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let conllu = std::fs::read_to_string(dir.join("dep").join(format!("{stem}.conllu")))?;
        // Sentences of (form, upos, head, xpos) with 1-based heads.
        let mut sents: Vec<Vec<(String, String, usize, String)>> = Vec::new();
        let mut cur = Vec::new();
        for line in conllu.lines() {
            if line.is_empty() {
                if !cur.is_empty() {
                    sents.push(std::mem::take(&mut cur));
                }
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 8 || c[0].contains(['-', '.']) {
                continue;
            }
            cur.push((
                c[1].to_string(),
                c[3].to_string(),
                c[6].parse().unwrap_or(0),
                c[4].to_string(),
            ));
        }
        if !cur.is_empty() {
            sents.push(cur);
        }
        // Entity id → (type, tokens as (sentence, token)), from the TSV.
        let mut spans_by_id: BTreeMap<String, (String, Vec<(usize, usize)>)> = BTreeMap::new();
        let mut tsv_tokens: Vec<(usize, usize, String)> = Vec::new();
        for line in std::fs::read_to_string(&tsv)?.lines() {
            let c: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || c.len() < 4 {
                continue;
            }
            let Some((s, t)) = c[0].split_once('-') else {
                continue;
            };
            let (Ok(s), Ok(t)) = (s.parse::<usize>(), t.parse::<usize>()) else {
                continue;
            };
            tsv_tokens.push((s - 1, t - 1, c[2].to_string()));
            if c[3] == "_" {
                continue;
            }
            for (k, e) in c[3].split('|').enumerate() {
                let (etype, id) = match e.split_once('[') {
                    Some((ty, rest)) => (ty.to_string(), rest.trim_end_matches(']').to_string()),
                    None => (e.to_string(), format!("single-{s}-{t}-{k}")),
                };
                spans_by_id
                    .entry(id)
                    .or_insert_with(|| (etype, Vec::new()))
                    .1
                    .push((s - 1, t - 1));
            }
        }
        let aligned = tsv_tokens.iter().all(|(s, t, w)| {
            sents
                .get(*s)
                .and_then(|x| x.get(*t))
                .is_some_and(|x| &x.0 == w)
        });
        if !aligned || tsv_tokens.len() != sents.iter().map(Vec::len).sum::<usize>() {
            skipped += 1;
            continue;
        }
        let mut golds: Vec<Vec<Label>> = sents.iter().map(|s| vec![0; s.len()]).collect();
        // Longer spans first, so an outer name wins over a name nested in it.
        let mut named: Vec<(usize, usize, usize, Kind)> = Vec::new();
        for (etype, toks) in spans_by_id.values() {
            let mut kind = match etype.as_str() {
                "person" => Kind::Per,
                "organization" => Kind::Org,
                "place" => Kind::Loc,
                _ => continue,
            };
            let si = toks[0].0;
            if toks.iter().any(|t| t.0 != si) {
                continue;
            }
            let sent = &sents[si];
            let (lo, hi) = (
                toks.iter().map(|t| t.1).min().unwrap_or(0),
                toks.iter().map(|t| t.1).max().unwrap_or(0),
            );
            // The head: the token whose head lies outside the span.
            let Some(head) =
                (lo..=hi).find(|&k| sent[k].2 == 0 || sent[k].2 - 1 < lo || sent[k].2 - 1 > hi)
            else {
                continue;
            };
            if sent[head].1 != "PROPN" {
                continue;
            }
            // A plural proper noun typed a person is a group ("Muslims", "the Lords"), which the
            // guidelines do not count as a named individual.
            if kind == Kind::Per && sent[head].3 == "NNPS" {
                continue;
            }
            let joins =
                |k: usize| matches!(sent[k].0.as_str(), "of" | "and" | "the" | "de" | "&" | "-");
            let (mut a, mut b) = (head, head + 1);
            while a > lo
                && (sent[a - 1].1 == "PROPN"
                    || (a >= lo + 2 && joins(a - 1) && sent[a - 2].1 == "PROPN"))
            {
                a -= if sent[a - 1].1 == "PROPN" { 1 } else { 2 };
            }
            while b <= hi
                && (sent[b].1 == "PROPN" || (b < hi && joins(b) && sent[b + 1].1 == "PROPN"))
            {
                b += if sent[b].1 == "PROPN" { 1 } else { 2 };
            }
            // GUM tags titles before a name as proper nouns ("President Obama"); the guidelines
            // cut a name to its core ("Senator John McCain" is "John McCain").
            if kind == Kind::Per {
                let refs: Vec<&str> = sent.iter().map(|w| w.0.as_str()).collect();
                let info = lexical_info(&refs, lex, Lang::En);
                let title = |k: usize| {
                    info[k].flags & flag::TITLE != 0
                        || info.get(k + 1).is_some_and(|i| {
                            i.flags & (flag::AFTER_TITLE | flag::AFTER_HONORIFIC) != 0
                        })
                };
                while a + 1 < b && title(a) {
                    a += 1;
                }
            }
            // GUM types a country acting as a government an organization; the guidelines keep
            // it a place ("a country named as a political actor is still Place").
            if kind == Kind::Org && is_country(&sent[a..b], lex) {
                kind = Kind::Loc;
            }
            named.push((si, a, b, kind));
        }
        named.sort_by_key(|&(s, a, b, _)| (s, std::cmp::Reverse(b - a), a));
        for (si, a, b, kind) in named {
            if golds[si][a..b].iter().all(|&g| g == 0) {
                mark(&mut golds[si], a, b, kind);
            }
        }
        let sentences = sents
            .iter()
            .zip(golds)
            .map(|(s, g)| example(s.iter().map(|t| t.0.clone()).collect(), g, lex, Lang::En))
            .collect();
        docs.push(TrainDoc {
            name: stem,
            lang: Lang::En,
            sentences,
        });
    }
    if skipped > 0 {
        println!("gum-en: {skipped} documents skipped (TSV and CoNLL-U tokens differ)");
    }
    Ok(docs)
}

/// Whether the words are exactly one country of the gazetteer.
fn is_country(words: &[(String, String, usize, String)], lex: &Lexicon) -> bool {
    let refs: Vec<&str> = words.iter().map(|w| w.0.as_str()).collect();
    let info = lexical_info(&refs, lex, Lang::En);
    // Gazetteer codes: 1 + kind * 2 (+ 1 inside), kind 0 a country.
    info.iter()
        .enumerate()
        .all(|(k, i)| i.gaz == if k == 0 { 1 } else { 2 })
}

/// wikigold: one token and an IO tag a line, sentences apart by blank lines, documents by -DOCSTART-.
fn read_wikigold(path: &Path, lex: &Lexicon) -> anyhow::Result<Vec<TrainDoc>> {
    let text = std::fs::read_to_string(path)?;
    let mut docs: Vec<TrainDoc> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<Option<Kind>> = Vec::new();
    let flush =
        |docs: &mut Vec<TrainDoc>, words: &mut Vec<String>, tags: &mut Vec<Option<Kind>>| {
            if words.is_empty() {
                return;
            }
            let mut gold = vec![0; words.len()];
            for k in 0..tags.len() {
                if let Some(kind) = tags[k] {
                    gold[k] = label_of(kind, k == 0 || tags[k - 1] != Some(kind));
                }
            }
            if docs.is_empty() {
                docs.push(TrainDoc {
                    name: "wikigold-0".into(),
                    lang: Lang::En,
                    sentences: Vec::new(),
                });
            }
            let ex = example(std::mem::take(words), gold, lex, Lang::En);
            docs.last_mut().expect("one document").sentences.push(ex);
            tags.clear();
        };
    for line in text.lines() {
        if line.starts_with("-DOCSTART-") {
            flush(&mut docs, &mut words, &mut tags);
            let n = docs.len();
            docs.push(TrainDoc {
                name: format!("wikigold-{n}"),
                lang: Lang::En,
                sentences: Vec::new(),
            });
            continue;
        }
        let Some((w, tag)) = line.rsplit_once(' ') else {
            flush(&mut docs, &mut words, &mut tags);
            continue;
        };
        words.push(w.to_string());
        tags.push(match tag {
            "I-PER" | "B-PER" => Some(Kind::Per),
            "I-ORG" | "B-ORG" => Some(Kind::Org),
            "I-LOC" | "B-LOC" => Some(Kind::Loc),
            _ => None,
        });
    }
    flush(&mut docs, &mut words, &mut tags);
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}
