#!/usr/bin/env python3
"""Loading into Virtuoso: `depeche ingest` over HTTP against Virtuoso's own bulk loader.

    python3 scripts/bench_virtuoso.py [--bin PATH] [--corpus data/corpus/wikinews.jsonl.gz]
                                      [--copies N]

Why: README's "More than one machine" states how fast a corpus gets into Virtuoso by each of the
two routes a deployment has; this script measures both on the same quads and prints them.

It starts its own `virtuoso-t` (Debian's virtuoso-opensource 7.2) twice, each time with a fresh
database in a temporary folder and its own free ports (never the system's service), and:
  1. writes the corpus `--copies` times as JSON Lines, each copy's ids suffixed so that every
     article is distinct, and runs `depeche extract --format nquads` on it (timed: the share of
     an ingest that is extraction);
  2. `depeche ingest` into the first server through `/sparql-auth` and
     `/sparql-graph-crud-auth` (HTTP Digest, credentials in DEPECHE_STORE_USER and
     DEPECHE_STORE_PASSWORD): one Graph Store Protocol PUT per article, then SPARQL Update for
     the entities graph and the surname links; wall time, quads in the store after;
  3. loads the extracted N-Quads into the second server with `ld_dir` + `rdf_loader_run()` +
     `checkpoint` through `isql-vt`; wall time, quads in the store after.
Triples per second are the quads the store holds at the end over the wall time. Standard
library only.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}/load
NumberOfBuffers = 100000
MaxDirtyBuffers = 75000
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Virtuoso:
    """A `virtuoso-t` with a throw-away database, stopped by `stop()`."""

    def __init__(self, server: str, isql: str):
        self.dir = Path(tempfile.mkdtemp(prefix="depeche-virtuoso-"))
        (self.dir / "load").mkdir()
        self.sql, self.http = free_port(), free_port()
        self.isql_bin = isql
        ini = self.dir / "virtuoso.ini"
        ini.write_text(INI.format(d=self.dir, sql=self.sql, http=self.http))
        log = open(self.dir / "stdout.log", "wb")
        self.process = subprocess.Popen([server, "-f", "-c", str(ini)], cwd=self.dir, stdout=log, stderr=log)
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(self.url("sparql") + "?query=ASK%7B%7D", timeout=5).read()
                socket.create_connection(("127.0.0.1", self.sql), timeout=5).close()
                break
            except OSError:
                if self.process.poll() is not None or time.time() > deadline:
                    sys.exit(f"virtuoso-t did not start: {(self.dir / 'stdout.log').read_text()}")
                time.sleep(0.2)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.http}/{path}"

    def isql(self, sql: str) -> str:
        out = subprocess.run([self.isql_bin, f"127.0.0.1:{self.sql}", "dba", "dba", f"exec={sql}"],
                             capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            sys.exit(f"isql {sql}: {out.stdout}{out.stderr}")
        return out.stdout

    def quads(self) -> int:
        """Quads in the named graphs depeche writes (not Virtuoso's own system graphs)."""
        query = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 "FILTER(STRSTARTS(STR(?g), 'https://purl.org/depeche/')) }")
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(self.url("sparql"), data=body,
                                         headers={"Accept": "application/sparql-results+json"})
        answer = json.load(urllib.request.urlopen(request, timeout=600))
        return int(answer["results"]["bindings"][0]["n"]["value"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")) + "/release/depeche")
    parser.add_argument("--corpus", default=str(ROOT / "data/corpus/wikinews.jsonl.gz"))
    parser.add_argument("--copies", type=int, default=4, help="times the corpus is repeated, with distinct ids")
    args = parser.parse_args()
    server = shutil.which("virtuoso-t")
    if not server:
        sys.exit("no virtuoso-t: apt-get install virtuoso-opensource")
    isql = shutil.which("isql-vt") or str(Path(server).with_name("isql"))

    work = Path(tempfile.mkdtemp(prefix="depeche-bench-"))
    try:
        records = [json.loads(line) for line in gzip.open(args.corpus, "rt", encoding="utf-8") if line.strip()]
        corpus = work / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as out:
            for copy in range(args.copies):
                for record in records:
                    record = dict(record, id=f"{record['id']}-copy{copy}")
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        articles = len(records) * args.copies
        print(f"corpus: {args.corpus} x {args.copies} = {articles} articles; machine: {os.cpu_count()} cores (shared)")

        nquads = work / "load.nq"
        started = time.time()
        with open(nquads, "wb") as out:
            subprocess.run([args.bin, "extract", str(corpus), "--format", "nquads"], stdout=out, check=True)
        extract_seconds = time.time() - started
        extracted = sum(1 for line in open(nquads, "rb") if line.strip())
        print(f"extract --format nquads: {extracted} quads in {extract_seconds:.1f} s "
              f"({extracted / extract_seconds:,.0f} quads/s), no store")

        virtuoso = Virtuoso(server, isql)
        try:
            env = dict(os.environ, DEPECHE_STORE_USER="dba", DEPECHE_STORE_PASSWORD="dba")
            for name in ["DEPECHE_STORE", "DEPECHE_UPDATE_URL", "DEPECHE_GRAPH_STORE_URL"]:
                env.pop(name, None)
            command = [args.bin, "ingest", str(corpus), "--store", virtuoso.url("sparql-auth"),
                       "--graph-store-url", virtuoso.url("sparql-graph-crud-auth")]
            started = time.time()
            subprocess.run(command, env=env, check=True, stderr=subprocess.DEVNULL)
            seconds = time.time() - started
            held = virtuoso.quads()
            print(f"depeche ingest (SPARQL Update + Graph Store Protocol): {held} quads in {seconds:.1f} s: "
                  f"{held / seconds:,.0f} triples/s ({articles / seconds:.1f} articles/s, extraction included)")
        finally:
            virtuoso.stop()

        virtuoso = Virtuoso(server, isql)
        try:
            shutil.copy(nquads, virtuoso.dir / "load" / "load.nq")
            started = time.time()
            virtuoso.isql(f"ld_dir('{virtuoso.dir / 'load'}', '*.nq', 'urn:depeche:no-graph'); "
                          "rdf_loader_run(); checkpoint;")
            seconds = time.time() - started
            held = virtuoso.quads()
            print(f"bulk loader (ld_dir + rdf_loader_run + checkpoint): {held} quads in {seconds:.1f} s: "
                  f"{held / seconds:,.0f} triples/s (extraction not included: "
                  f"{held / (seconds + extract_seconds):,.0f} triples/s with it)")
        finally:
            virtuoso.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
