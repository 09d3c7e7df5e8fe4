#!/usr/bin/env python3
"""depeche on Spark: extract a JSON Lines corpus into N-Quads part files.

    python3 examples/spark/extract_job.py INPUT OUTPUT_DIR [--master local[2]] [--partitions N]
    spark-submit examples/spark/extract_job.py INPUT OUTPUT_DIR --master yarn --partitions 400

INPUT is JSON Lines as `depeche ingest` reads it, one article a line
(`{"id": ..., "text": ..., "date": "YYYY-MM-DD", "lang": "fr"|"en", "title": ..., "url": ...}`),
a file, a folder or a glob, gzip-compressed or not, on any file system Spark reads (local,
HDFS, S3). Each partition goes through `depeche.extract_many`, the same extractor as
`depeche extract` (the `depeche` Python package, built from crates/depeche-py, installed on
every worker); OUTPUT_DIR receives one N-Quads part file per partition, each article's quads in
its own named graph, the same quads `depeche extract --format nquads` writes. At the end the job
prints the number of articles, triples and meetings, and the seconds it took.

Cross-article identity (a surname-only person linked to the one full name of the store) needs
the whole store, so it is a step after loading: load the part files with the store's bulk
loader, then run `depeche link --store DIR|URL`.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time


def extract_partition(lines):
    """One partition's JSON Lines records through the extractor: for each article, its N-Quads
    lines and its number of meetings. Runs on the workers, which import depeche themselves."""
    import depeche

    def records():
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                # The line's own words locate it: partitions have no file line numbers.
                raise ValueError(f"a record is not JSON ({error}): {line[:80]!r}") from None
            if not isinstance(record, dict):
                raise ValueError(f"a record is not a JSON object: {line[:80]!r}")
            yield record

    for result in depeche.extract_many(records()):
        # Split on line ends only: N-Quads escapes them in literals, not U+2028 and the like.
        quads = [q for q in result["nquads"].split("\n") if q]
        yield quads, result["summary"]["meetings"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines corpus: file, folder or glob (.jsonl, .jsonl.gz)")
    parser.add_argument("output", help="folder for the N-Quads part files (must not exist)")
    parser.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    parser.add_argument(
        "--partitions",
        type=int,
        default=None,
        help="partitions the articles are spread over (default: Spark's default parallelism); "
        "a gzip file is one partition as read, so this is what spreads it over the cores",
    )
    args = parser.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be 1 or more")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    local = lambda path: "://" not in path and not path.startswith("file:")
    if local(args.input) and not any(c in args.input for c in "*?[{") and not os.path.exists(args.input):
        print(f"extract_job: {args.input} does not exist", file=sys.stderr)
        return 1
    # A local output folder that exists would make Spark fail only after the extraction.
    if local(args.output) and os.path.exists(args.output):
        print(f"extract_job: {args.output} exists already; give a new folder", file=sys.stderr)
        return 1
    # The workers run the same Python as the driver, which is the one with depeche installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession

    started = time.monotonic()
    spark = (
        SparkSession.builder.master(args.master)
        .appName("depeche-extract")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    try:
        spark.sparkContext.setLogLevel("ERROR")
        ready = time.monotonic()
        lines = spark.sparkContext.textFile(args.input)
        partitions = args.partitions or spark.sparkContext.defaultParallelism
        if lines.getNumPartitions() != partitions:
            lines = lines.repartition(partitions)
        # Kept for the counts below, so that no article is extracted twice.
        articles = lines.mapPartitions(extract_partition).persist(StorageLevel.MEMORY_AND_DISK)
        articles.flatMap(lambda article: article[0]).saveAsTextFile(args.output)
        count, triples, meetings = articles.map(lambda a: (1, len(a[0]), a[1])).fold(
            (0, 0, 0), lambda x, y: (x[0] + y[0], x[1] + y[1], x[2] + y[2])
        )
        articles.unpersist()
    finally:
        spark.stop()
    done = time.monotonic()
    print(
        f"articles={count} triples={triples} meetings={meetings} "
        f"seconds={done - started:.1f} spark_start_seconds={ready - started:.1f} output={args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
