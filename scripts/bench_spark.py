#!/usr/bin/env python3
"""The cost of going through Spark: the Spark job against `depeche extract` on one corpus.

    python3 scripts/bench_spark.py [--bin PATH] [--corpus data/corpus/wikinews.jsonl.gz]
                                   [--mb 50] [--master local[2]] [--partitions 8]

Builds a JSON Lines corpus of about --mb MB of article text by repeating the corpus's records
with distinct ids (`<id>-r<k>`), then runs, one after the other, each writing N-Quads files:
  1. `depeche extract CORPUS --format nquads -o FILE` (all cores);
  2. `examples/spark/extract_job.py CORPUS DIR --master local[2]` with this Python (the
     `depeche` package and pyspark installed), which prints its own figures.
It prints the wall time, articles per second and MB of text per second of both, the Spark job's
time without its start (JVM and session), the ratios Spark / extract, and checks that both
wrote the same number of triples. Standard library only. The machine's load average is printed
first: on a shared machine the figures move with it.
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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class BenchError(Exception):
    """A failure that ends the run with one sentence and a non-zero exit."""


def default_binary() -> Path:
    target = os.environ.get("CARGO_TARGET_DIR", str(REPO / "target"))
    return Path(target) / "release" / "depeche"


def read_records(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build_corpus(records: list[dict], megabytes: float, out: Path) -> tuple[int, int]:
    """Writes records repeated with distinct ids until their text reaches `megabytes`; returns
    (articles, bytes of text)."""
    articles = 0
    text_bytes = 0
    goal = megabytes * 1e6
    with open(out, "w", encoding="utf-8") as f:
        k = 0
        while text_bytes < goal:
            for record in records:
                copy = dict(record, id=f"{record['id']}-r{k}")
                f.write(json.dumps(copy, ensure_ascii=False) + "\n")
                articles += 1
                text_bytes += len(record["text"].encode("utf-8"))
                if text_bytes >= goal:
                    break
            k += 1
    return articles, text_bytes


def timed(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise BenchError(f"{' '.join(command[:3])} ... failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
    return wall, done


def count_lines(paths) -> int:
    total = 0
    for path in paths:
        with open(path, "rb") as f:
            total += sum(1 for line in f if line.strip())
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, default=default_binary(), help="the depeche binary")
    parser.add_argument("--corpus", type=Path, default=REPO / "data/corpus/wikinews.jsonl.gz")
    parser.add_argument("--mb", type=float, default=50.0, help="MB of article text to extract")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()
    if not args.bin.is_file():
        raise BenchError(f"no depeche binary at {args.bin}; build with cargo build --release or give --bin")

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (shared with other work)")
    with tempfile.TemporaryDirectory(prefix="depeche-bench-spark-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        articles, text_bytes = build_corpus(read_records(args.corpus), args.mb, corpus)
        mb = text_bytes / 1e6
        print(f"corpus: {articles} articles, {mb:.1f} MB of text ({corpus.stat().st_size / 1e6:.1f} MB of JSON Lines), from {args.corpus.name} repeated")

        out = tmp / "extract.nq"
        extract_wall, _ = timed([str(args.bin), "extract", str(corpus), "--format", "nquads", "-o", str(out)])
        extract_triples = count_lines([out])
        out.unlink()
        print(f"depeche extract: {extract_wall:.1f} s, {articles / extract_wall:.0f} articles/s, {mb / extract_wall:.2f} MB/s, {extract_triples} triples")

        job = REPO / "examples/spark/extract_job.py"
        parts = tmp / "spark-out"
        spark_wall, done = timed(
            [sys.executable, str(job), str(corpus), str(parts), "--master", args.master, "--partitions", str(args.partitions)]
        )
        figures = dict(re.findall(r"(\w+)=(\S+)", done.stdout.strip().splitlines()[-1]))
        start = float(figures["spark_start_seconds"])
        work = spark_wall - start
        spark_triples = count_lines(p for p in parts.iterdir() if p.name.startswith("part-"))
        shutil.rmtree(parts)
        print(
            f"spark job ({args.master}, {args.partitions} partitions): {spark_wall:.1f} s in all, {start:.1f} s of it starting Spark; "
            f"{articles / spark_wall:.0f} articles/s, {mb / spark_wall:.2f} MB/s ({articles / work:.0f} articles/s, {mb / work:.2f} MB/s without the start); "
            f"{spark_triples} triples, {figures['meetings']} meetings"
        )
        print(f"ratio spark / extract, wall time: {spark_wall / extract_wall:.2f} in all, {work / extract_wall:.2f} without Spark's start")
        if int(figures["articles"]) != articles or spark_triples != extract_triples:
            raise BenchError(f"the two runs disagree: {figures['articles']} vs {articles} articles, {spark_triples} vs {extract_triples} triples")
        print("check: both wrote the same number of triples for the same articles")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench_spark: {error}", file=sys.stderr)
        sys.exit(1)
