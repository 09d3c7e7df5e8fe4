#!/usr/bin/env python3
"""Peak memory of `depeche extract` and `depeche ingest` against the size of their input.

    python3 scripts/stream_memory.py [--bin PATH] [--sizes 100,1000] [--commands extract,ingest]
                                     [--dir DIR] [--gzip]

Why: both commands promise memory that does not grow with the input (README, "Inputs of any
size"). For each size (MB of uncompressed JSON Lines) this writes the bundled Wikinews corpus
repeated with distinct ids and dates, runs each command on it as a child process (`extract
--format nquads` to /dev/null, `ingest` into a fresh store), and prints wall time and peak RSS
(from os.wait4 of the child), then the ratio of the largest to the smallest peak per command.
The check is a ratio under 1.5 and every peak under 1 GB. Standard library only.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_corpus(path: Path, megabytes: int, compress: bool) -> int:
    with gzip.open(ROOT / "data/corpus/wikinews.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    target = megabytes * 1_000_000
    opener = (lambda p: gzip.open(p, "wt", encoding="utf-8", compresslevel=1)) if compress else (lambda p: open(p, "w", encoding="utf-8"))
    written = n = 0
    with opener(path) as out:
        while written < target:
            record = dict(records[n % len(records)])
            record["id"] = f"{record['id']}-{n}"
            day = n % 3650
            record["date"] = f"{2000 + day // 365:04d}-{day % 365 // 31 + 1:02d}-{day % 28 + 1:02d}"
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def run(args: list[str]) -> tuple[float, float, int]:
    started = time.monotonic()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    stderr = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(args)} failed ({code}): {stderr.strip()[-500:]}")
    # ru_maxrss is in kilobytes on Linux.
    return time.monotonic() - started, usage.ru_maxrss / 1024, code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=str(ROOT / "target/release/depeche"))
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--commands", default="extract,ingest")
    parser.add_argument("--dir", default=None, help="where inputs and stores go (default: a temporary directory)")
    parser.add_argument("--gzip", action="store_true", help="write the inputs as .jsonl.gz")
    options = parser.parse_args()
    work = Path(options.dir or tempfile.mkdtemp(prefix="depeche-stream-"))
    work.mkdir(parents=True, exist_ok=True)
    peaks: dict[str, list[tuple[int, float]]] = {}
    for size in [int(s) for s in options.sizes.split(",")]:
        path = work / (f"corpus-{size}.jsonl" + (".gz" if options.gzip else ""))
        n = write_corpus(path, size, options.gzip)
        print(f"input: {size} MB of JSON Lines, {n} articles, {path.stat().st_size / 1e6:.0f} MB on disk", flush=True)
        for command in options.commands.split(","):
            if command == "extract":
                args = [options.bin, "extract", str(path), "--format", "nquads", "-o", "/dev/null"]
            else:
                store = work / f"store-{size}"
                shutil.rmtree(store, ignore_errors=True)
                args = [options.bin, "ingest", str(path), "--store", str(store)]
            wall, peak, _ = run(args)
            peaks.setdefault(command, []).append((size, peak))
            print(f"depeche {command} {size} MB: wall {wall:.1f} s, peak RSS {peak:.0f} MB ({n / wall:.0f} articles/s)", flush=True)
            if command == "ingest":
                shutil.rmtree(work / f"store-{size}", ignore_errors=True)
        path.unlink()
    for command, sizes in peaks.items():
        low, high = min(p for _, p in sizes), max(p for _, p in sizes)
        verdict = "ok" if high / low < 1.5 and high < 1024 else "FAILS"
        print(f"{command}: peak RSS from {low:.0f} to {high:.0f} MB, ratio {high / low:.2f} (check: < 1.5 and < 1 GB: {verdict})")
    if not options.dir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
