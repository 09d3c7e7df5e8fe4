//! Extraction measured against the bundled development gold (data/eval), with the same metrics as
//! the shared scorer. The expected names come from the gold files, never from this test.

use depeche::eval::{run_gold, total, Gold};
use depeche::pipeline::Options;
use std::path::Path;

/// The score of a gold file's article, extracted as `depeche eval` does.
#[track_caller]
fn run(gold_file: &Path, gold: &Gold) -> depeche::eval::Score {
    run_gold(gold_file, gold, &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", gold_file.display()))
}

#[test]
fn the_seed_article_is_extracted_exactly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/eval/gold/fr-seed.json");
    let gold = Gold::read(&path).unwrap();
    let s = run(&path, &gold);
    assert_eq!(
        s.strict.f1(),
        1.0,
        "meetings: missed {:?}, extra {:?}",
        s.missed_meetings,
        s.extra_meetings
    );
    assert!(
        s.entities.f1() >= 0.95,
        "entity F1 {:.3}: missed {:?}, extra {:?}",
        s.entities.f1(),
        s.missed_entities,
        s.extra_entities
    );
}

fn development_scores(first_five_only: bool) -> Vec<depeche::eval::Score> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/eval/gold");
    let golds = Gold::read_all(&dir).unwrap();
    assert!(golds.len() >= 31, "{} gold files", golds.len());
    // The first five have ids without "-d": en-01, en-03, fr-04, fr-07, fr-seed.
    golds
        .iter()
        .filter(|(_, g)| !first_five_only || !g.id.contains("-d"))
        .map(|(f, g)| run(f, g))
        .collect()
}

#[test]
fn the_first_development_articles_stay_above_their_floor() {
    let scores = development_scores(true);
    assert_eq!(scores.len(), 5);
    let t = total(&scores);
    // The thresholds (0.90 each); measured 0.950 and 0.909 when set.
    assert!(t.entities.f1() >= 0.90, "entity F1 {:.3}", t.entities.f1());
    assert!(
        t.strict.f1() >= 0.90,
        "strict meeting F1 {:.3}",
        t.strict.f1()
    );
}

#[test]
fn the_whole_development_set_stays_above_its_floor() {
    let t = total(&development_scores(false));
    // 31 articles (the first five and 26 Wikinews articles with traps: phone calls, planned and
    // cancelled meetings). Floors just under the figures measured when they were set (entity
    // 0.840, pairs 0.757, strict 0.712; before the meeting work
    // 0.838, 0.327, 0.222). The targets are 0.90 entities, 0.90 pairs, 0.85 strict.
    assert!(t.entities.f1() >= 0.83, "entity F1 {:.3}", t.entities.f1());
    assert!(t.pairs.f1() >= 0.74, "pair F1 {:.3}", t.pairs.f1());
    assert!(
        t.strict.f1() >= 0.69,
        "strict meeting F1 {:.3}",
        t.strict.f1()
    );
    assert!(
        t.pairs.precision() >= 0.95,
        "pair precision {:.3}",
        t.pairs.precision()
    );
}

fn bench_entity_f1(set: &str) -> f64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/eval/bench")
        .join(set)
        .join("gold");
    let golds = Gold::read_all(&dir).unwrap();
    assert!(golds.len() >= 20, "{set}: {} gold files", golds.len());
    let scores: Vec<_> = golds.iter().map(|(f, g)| run(f, g)).collect();
    total(&scores).entities.f1()
}

// The benchmark samples (entities only). Floors under the figures measured when they were set
// (MEANTIME 0.861, WiNER 0.855; the targets are 0.85 on each).
#[test]
fn the_english_benchmark_sample_stays_above_its_floor() {
    let f1 = bench_entity_f1("meantime-en");
    assert!(f1 >= 0.85, "MEANTIME sample entity F1 {f1:.3}");
}

#[test]
fn the_french_benchmark_sample_stays_above_its_floor() {
    let f1 = bench_entity_f1("winer-fr");
    assert!(f1 >= 0.85, "WiNER sample entity F1 {f1:.3}");
}
