//! Crash safety: `depeche ingest` killed with SIGKILL at random points while it loads a corpus
//! leaves a store that opens, where every article is wholly present or wholly absent, and that a
//! second ingest completes.
//!
//! The kill points fall inside the write phase: ingest reads every input once before it opens
//! the store, then extracts and writes batch after batch, so the test waits for the store to
//! appear, then kills after a random share of the time writing took in an uninterrupted run. The seed is printed; set
//! DEPECHE_CRASH_SEED to replay one.

use crate::support::corpus;

use crate::common::*;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const ARTICLES: usize = 300;
const KILLS: usize = 6;

/// xorshift64*: enough randomness for kill points, without a dependency.
struct Random(u64);

impl Random {
    fn next_fraction(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Starts `depeche ingest CORPUS --store STORE` in batches of 10 articles: many commits, so
/// that kills land between and inside them, not only before the first.
fn start_ingest(dir: &Path, corpus: &Path, store: &Path) -> std::process::Child {
    depeche_command()
        .arg("ingest")
        .arg(corpus)
        .arg("--store")
        .arg(store)
        .args(["--batch", "10"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("depeche ingest starts")
}

/// Waits until the store directory has been created (the write phase began) or the process
/// ended; returns when, or `None` when it ended first.
fn wait_for_store(child: &mut std::process::Child, store: &Path) -> Option<Instant> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if store.exists() {
            return Some(Instant::now());
        }
        if child.try_wait().expect("the child's status").is_some() {
            return None;
        }
        assert!(Instant::now() < deadline, "ingest never opened its store");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn ingest_killed_at_random_points_never_leaves_half_an_article() {
    let dir = tempdir();
    let corpus_file = dir.path().join("corpus.jsonl");
    corpus::write_corpus(&corpus_file, "crash", ARTICLES);
    let expected = corpus::expected(&corpus_file);
    assert_eq!(expected.len(), ARTICLES);

    // An uninterrupted run: how long writing takes, from the store's creation to the end.
    let reference = dir.path().join("reference");
    let mut child = start_ingest(dir.path(), &corpus_file, &reference);
    let began = wait_for_store(&mut child, &reference).expect("the store appears");
    let status = child.wait().expect("ingest ends");
    assert!(status.success(), "the reference ingest failed");
    let writing = began.elapsed();
    let complete = corpus::store_graphs(&reference);
    assert_eq!(
        corpus::assert_whole_articles(&expected, &complete, "reference"),
        ARTICLES
    );
    eprintln!("writing {ARTICLES} articles takes {writing:?}");

    let seed = std::env::var("DEPECHE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    eprintln!("kill points from DEPECHE_CRASH_SEED={seed}");
    let mut random = Random(seed);
    let mut partial = 0;
    for kill in 0..KILLS {
        let store = dir.path().join(format!("store-{kill}"));
        // Spread over the write phase, each at a random point of its own slice of it.
        let share = (kill as f64 + random.next_fraction()) / KILLS as f64;
        let mut child = start_ingest(dir.path(), &corpus_file, &store);
        let killed_after = match wait_for_store(&mut child, &store) {
            Some(began) => {
                let at = began + writing.mul_f64(share);
                std::thread::sleep(at.saturating_duration_since(Instant::now()));
                let _ = child.kill(); // SIGKILL
                Some(began.elapsed())
            }
            None => None,
        };
        let _ = child.wait();
        let when = format!("kill {kill} at {:.0}% of writing", share * 100.0);
        let present =
            corpus::assert_whole_articles(&expected, &corpus::store_graphs(&store), &when);
        eprintln!("{when} ({killed_after:?}): {present} of {ARTICLES} articles present, none half");
        if 0 < present && present < ARTICLES {
            partial += 1;
        }

        // Reopened and ingested again, the store holds the whole corpus, each article once: the
        // articles already there are skipped as unchanged, the others written.
        let run = depeche(
            dir.path(),
            [
                "ingest".as_ref(),
                corpus_file.as_os_str(),
                "--store".as_ref(),
                store.as_os_str(),
            ],
        );
        run.ok();
        assert!(
            run.stderr.contains(&format!(
                "ingested {ARTICLES} articles ({} new, 0 replaced, {present} unchanged, 0 errors)",
                ARTICLES - present
            )),
            "{when}: {}",
            run.stderr
        );
        assert_eq!(
            corpus::store_graphs(&store),
            complete,
            "{when}: the second ingest completes the set"
        );
        // store_graphs checks the counts only when no ingest left them pending.
        assert!(
            !corpus::counts_pending(&store),
            "{when}: the second ingest repairs the mention counts"
        );
    }
    // Otherwise the kills all missed the writes and the test proved nothing.
    assert!(
        partial > 0,
        "no kill landed while articles were being written"
    );
}

/// Kills during a re-ingest that replaces every article: each article is then its old version
/// or its new one, never absent and never half (issue 16: the old graphs used to be removed in
/// one commit and the new ones loaded in another).
#[test]
fn a_replacing_ingest_killed_leaves_every_article_old_or_new() {
    const REPLACED: usize = 120;
    const REPLACE_KILLS: usize = 5;
    let dir = tempdir();
    let old_file = dir.path().join("old.jsonl");
    let new_file = dir.path().join("new.jsonl");
    corpus::write_corpus(&old_file, "replace", REPLACED);
    corpus::write_corpus_version(&new_file, "replace", REPLACED, " (updated)");
    let (old, new) = (corpus::expected(&old_file), corpus::expected(&new_file));
    let ingest_into = |corpus: &Path, store: &Path| {
        depeche(
            dir.path(),
            [
                "ingest".as_ref(),
                corpus.as_os_str(),
                "--store".as_ref(),
                store.as_os_str(),
            ],
        )
        .ok()
    };

    // An uninterrupted replacing run: how long it takes.
    let reference = dir.path().join("reference");
    ingest_into(&old_file, &reference);
    let started = Instant::now();
    let status = start_ingest(dir.path(), &new_file, &reference)
        .wait()
        .expect("ingest ends");
    assert!(status.success());
    let replacing = started.elapsed();
    assert_eq!(
        corpus::assert_whole_articles(&new, &corpus::store_graphs(&reference), "reference"),
        REPLACED
    );

    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut mixed = 0;
    for kill in 0..REPLACE_KILLS {
        let store = dir.path().join(format!("replace-{kill}"));
        ingest_into(&old_file, &store);
        let share = (kill as f64 + random.next_fraction()) / REPLACE_KILLS as f64;
        let mut child = start_ingest(dir.path(), &new_file, &store);
        std::thread::sleep(replacing.mul_f64(share));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let graphs = corpus::store_graphs(&store);
        let when = format!("replacing kill {kill} at {:.0}%", share * 100.0);
        assert_eq!(graphs.len(), REPLACED, "{when}: every article is there");
        let mut renewed = 0;
        for (graph, quads) in &graphs {
            if new.get(graph) == Some(quads) {
                renewed += 1;
            } else {
                assert_eq!(
                    old.get(graph),
                    Some(quads),
                    "{when}: {graph} is neither its old nor its new version"
                );
            }
        }
        eprintln!("{when}: {renewed} of {REPLACED} articles new, the others old, none lost");
        if kill % 2 == 0 {
            // The next ingest (every article unchanged or replaced) repairs counts left pending.
            ingest_into(&new_file, &store);
            assert_eq!(
                corpus::store_graphs(&store),
                corpus::store_graphs(&reference),
                "{when}: the next ingest completes it"
            );
            assert!(
                !corpus::counts_pending(&store),
                "{when}: the next ingest repairs the mention counts"
            );
        }
        if 0 < renewed && renewed < REPLACED {
            mixed += 1;
        }
    }
    eprintln!("{mixed} of {REPLACE_KILLS} kills landed while articles were being replaced");
    // Otherwise every kill missed the replacing writes and the test proved nothing.
    assert!(
        mixed > 0,
        "no kill landed while articles were being replaced"
    );
}
