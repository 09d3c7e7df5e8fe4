#!/usr/bin/env python3
"""Scale benchmark: a large store built from the bundled corpus, then every question users ask.

    python3 scripts/bench_scale.py [--bin target/release/depeche] [--articles 20000]
                                   [--shape repeat|zipf|both] [--timeout 60] [--work DIR]
    python3 scripts/bench_scale.py --store DIR [--bin ...]   # the questions on a store built before

Why: issue 11 asks that every bundled query, `stats`, `export --view people` and the page's
first answer come within a second on a large archive, and that ingest keep the cores busy.
The bundled corpus is small (298 articles), so this script makes an archive of the size asked
from its Wikinews articles, in two shapes:

  repeat  the corpus repeated with distinct ids: every entity is in articles/297 times as many
          articles as in the corpus (the issue's "every head of state in ~200 articles");
  zipf    articles drawn with Zipf-distributed popularity (rank r with weight 1/r^1.1, seeded):
          a few articles, and so their people, come back in a large share of the archive,
          most rarely, as in a real news archive.

For each shape it times, as child processes (wall, user+sys CPU, peak RSS from os.wait4):
  * `depeche extract --format nquads` of the archive to /dev/null (the words per CPU-second
    that ingest is compared with);
  * `depeche ingest` into a fresh store: wall, CPU, CPU use (CPU-s / wall-s / cores), peak RSS,
    bytes written to disk (/proc/PID/io) and the store's size on disk after;
  * every bundled query in queries/ (`depeche query FILE --format tsv`), `depeche stats`,
    `depeche export --view people|timeline --format dot`; query time is reported net of the
    process start (the time of `depeche query 'ASK {}'`, measured the same way);
  * the page's first answer: `depeche serve` on a free port, then the page's two requests
    (POST /sparql with its default query, who-met-whom, then POST /api/graph), timed in
    this process.

It prints one table per shape. With `--store DIR` it builds nothing and times the questions
on that store (one built with `--keep --work`, or by another binary: a store without the
summaries of who met whom and of roles gets them at the first question, timed on its own line).
Standard library only.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The bundled queries timed (and the page's first one, who-met-whom.rq): --queries changes it,
# to time another version's queries with its binary.
QUERIES = ROOT / "queries"


def run(cmd: list[str], out=subprocess.DEVNULL, poll_io: bool = False, kill_after: float | None = None) -> dict:
    """Runs a child; returns wall, cpu, peak RSS (MB), bytes written, exit code. A child still
    running after kill_after seconds is killed (for commands without a --timeout of their own)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    killer = threading.Timer(kill_after, proc.kill) if kill_after else None
    if killer:
        killer.start()
    written = [0]
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            try:
                for line in Path(f"/proc/{proc.pid}/io").read_text().splitlines():
                    if line.startswith("write_bytes:"):
                        written[0] = max(written[0], int(line.split()[1]))
            except OSError:
                pass
            stop.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    if poll_io:
        watcher.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    if killer:
        killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "written": written[0],
        "code": proc.returncode,
        "stderr": stderr.decode("utf-8", "replace"),
    }


def corpus_records() -> list[dict]:
    records = []
    with gzip.open(ROOT / "data/corpus/wikinews.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
    return records


def write_archive(path: Path, records: list[dict], n: int, shape: str) -> int:
    """Writes n articles with distinct ids; returns the words written."""
    rng = random.Random(11)
    weights = [1.0 / (r + 1) ** 1.1 for r in range(len(records))]
    order = list(range(len(records)))
    rng.shuffle(order)  # which articles are the popular ones
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for k in range(n):
            if shape == "repeat":
                source = records[k % len(records)]
            else:
                source = records[order[rng.choices(range(len(records)), weights)[0]]]
            record = dict(source)
            record["id"] = f"{source.get('id', 'a')}-{k}"
            words += len(str(record.get("text", "")).split())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, body: str, accept: str) -> bytes:
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode({"query": body}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
    )
    with urllib.request.urlopen(request, timeout=600) as answer:
        return answer.read()


def page_first_answer(binary: str, store: Path, timeout: float) -> tuple[float, float]:
    """Seconds for the page's query and for its graph, on a running server."""
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", "--store", str(store), "--bind", f"127.0.0.1:{port}", "--timeout", str(timeout)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/api/info", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        query = (QUERIES / "who-met-whom.rq").read_text(encoding="utf-8")
        started = time.perf_counter()
        post(f"{base}/sparql", query, "application/sparql-results+json")
        answered = time.perf_counter() - started
        started = time.perf_counter()
        post(f"{base}/api/graph", query, "application/json")
        return answered, time.perf_counter() - started
    except OSError as e:
        print(f"  the page's requests failed: {e}", file=sys.stderr)
        return float("nan"), float("nan")
    finally:
        server.terminate()
        server.wait()


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench(binary: str, work: Path, records: list[dict], n: int, shape: str, timeout: float, reuse: Path | None = None) -> None:
    cores = os.cpu_count() or 1
    rows: list[tuple[str, str]] = []
    if reuse is None:
        store = work / f"store-{shape}-{n}"
        shutil.rmtree(store, ignore_errors=True)
        build(binary, work, records, n, shape, store, rows)
    else:
        store = reuse
        rows.append(("store", f"{store} (reused, not ingested)"))
    questions(binary, store, timeout, rows)

    width = max(len(r[0]) for r in rows)
    title = f"{shape}, {n:,} articles" if reuse is None else str(store)
    print(f"\n## {title}\n")
    print(f"| {'step'.ljust(width)} | measured |")
    print(f"| {'-' * width} | --- |")
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")
    sys.stdout.flush()


def build(binary: str, work: Path, records: list[dict], n: int, shape: str, store: Path, rows: list[tuple[str, str]]) -> None:
    """Writes the archive, times extract and the ingest into a new store."""
    cores = os.cpu_count() or 1
    archive = work / f"{shape}-{n}.jsonl"
    words = write_archive(archive, records, n, shape)
    extract = run([binary, "extract", str(archive), "--format", "nquads", "-o", "/dev/null"])
    ingest = run([binary, "ingest", str(archive), "--store", str(store)], poll_io=True)
    if ingest["code"] != 0:
        raise SystemExit(f"ingest failed: {ingest['stderr'].strip()}")
    size = du(store)
    triples = subprocess.run(
        [binary, "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", str(store), "--format", "tsv"],
        capture_output=True, text=True,
    ).stdout.split()[-1]
    e_rate = words / max(extract["cpu"], 1e-9)
    i_rate = words / max(ingest["cpu"], 1e-9)
    rows.append(("articles / words / triples", f"{n:,} / {words:,} / {triples}"))
    rows.append(("extract (words per CPU-s)", f"{extract['wall']:.1f} s wall, {extract['cpu']:.1f} CPU-s, {e_rate:,.0f} w/CPU-s"))
    rows.append((
        "ingest",
        f"{ingest['wall']:.1f} s wall, {ingest['cpu']:.1f} CPU-s, {100 * ingest['cpu'] / ingest['wall'] / cores:.0f}% of {cores} cores, "
        f"{n / ingest['wall']:.0f} articles/s, peak RSS {ingest['rss_mb']:.0f} MB",
    ))
    rows.append(("ingest words per CPU-s vs extract", f"{i_rate:,.0f} ({100 * i_rate / e_rate:.0f}%)"))
    rows.append(("written to disk / store on disk", f"{ingest['written'] / 1e6:,.0f} MB / {size / 1e6:,.0f} MB"))


def questions(binary: str, store: Path, timeout: float, rows: list[tuple[str, str]]) -> None:
    """Times every bundled query, stats, the exports and the page's first answer on `store`."""
    # A store written before the summaries gets them at the first query reading them: timed
    # here, so that the lines below are the questions alone.
    ready = run([binary, "query", "ASK { GRAPH dp:entities { ?p a dp:PairSummary } }", "--store", str(store), "--format", "tsv"])
    rows.append(("summaries ready (rebuilt if the store lacks them)", f"{ready['wall']:.2f} s" + ("" if ready["code"] == 0 else "  (this binary has none)")))
    start = run([binary, "query", "ASK {}", "--store", str(store), "--format", "tsv"])["wall"]
    rows.append(("process start (ASK {})", f"{start:.2f} s, subtracted below"))

    def timed(label: str, cmd: list[str]) -> None:
        r = run(cmd, kill_after=timeout + 10)
        if r["code"] == 0:
            status = ""
        elif r["code"] < 0:
            status = f"  (killed at {timeout + 10:.0f} s)"
        else:
            status = f"  FAILED: {r['stderr'].strip()[:80]}"
        rows.append((label, f"{max(r['wall'] - start, 0):.2f} s{status}"))

    for query in sorted(QUERIES.glob("*.rq")):
        form = "ntriples" if "CONSTRUCT" in query.read_text(encoding="utf-8") else "tsv"
        timed(f"query {query.stem}", [binary, "query", str(query), "--store", str(store), "--format", form, "--timeout", str(timeout)])
    timed("stats", [binary, "stats", "--store", str(store)])
    for view in ("people", "timeline"):
        timed(f"export --view {view} --format dot", [binary, "export", "--store", str(store), "--view", view, "--format", "dot", "--timeout", str(timeout)])
    answered, drawn = page_first_answer(binary, store, timeout)
    rows.append(("page: who-met-whom, then its graph", f"{answered:.2f} s + {drawn:.2f} s"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(ROOT / "target/release/depeche"))
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--shape", choices=["repeat", "zipf", "both"], default="both")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--work", help="directory for the archives and stores (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the archives and stores")
    parser.add_argument("--queries", help="directory of the bundled queries to time (default: queries/ of this tree), e.g. an older version's with its binary")
    parser.add_argument("--store", help="time the questions on this existing store instead of building one (no extract, no ingest)")
    args = parser.parse_args()
    if args.queries:
        global QUERIES
        QUERIES = Path(args.queries)
    if not Path(args.bin).exists():
        raise SystemExit(f"no binary at {args.bin}; build it with cargo build --release --bin depeche")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="depeche-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.store:
        bench(args.bin, work, [], args.articles, args.shape, args.timeout, reuse=Path(args.store))
        return
    records = corpus_records()
    try:
        for shape in (["repeat", "zipf"] if args.shape == "both" else [args.shape]):
            bench(args.bin, work, records, args.articles, shape, args.timeout)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
