#!/usr/bin/env bash
# Extraction and ingest throughput on the bundled articles, repeated into a JSON Lines corpus.
# Prints articles/s, MB/s and words/s for `extract` (one core) and `ingest` (extract + store).
# Usage: scripts/bench.sh [REPEATS]   (default 200; needs a release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-200}
bin=${CARGO_TARGET_DIR:-target}/release/depeche
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$repeats" "$work/corpus.jsonl" <<'PY'
import json, pathlib, sys
repeats, out = int(sys.argv[1]), sys.argv[2]
golds = sorted(pathlib.Path("data/eval/gold").glob("*.json"))
with open(out, "w", encoding="utf-8") as f:
    for r in range(repeats):
        for g in golds:
            gold = json.loads(g.read_text(encoding="utf-8"))
            text = (g.parent / gold["article"]).read_text(encoding="utf-8")
            f.write(json.dumps({"id": f"{gold['id']}-{r}", "date": gold["date"], "lang": gold["lang"], "text": text}, ensure_ascii=False) + "\n")
PY
articles=$(wc -l < "$work/corpus.jsonl")
bytes=$(wc -c < "$work/corpus.jsonl")
words=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].split()) for l in open(sys.argv[1], encoding='utf-8')))" "$work/corpus.jsonl")
measure() {
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    python3 -c "
s=$end-$start; print(f'$label: {$articles} articles, {$bytes/1e6:.2f} MB, {$words} words in {s:.2f} s: {$articles/s:,.0f} articles/s, {$bytes/1e6/s:.2f} MB/s, {$words/s:,.0f} words/s')"
}
measure "extract (nquads to /dev/null)" "$bin" extract --format nquads "$work/corpus.jsonl"
measure "ingest (new on-disk store)   " "$bin" ingest --store "$work/store" "$work/corpus.jsonl"
du -sh "$work/store" | awk '{print "store size: " $1}'
