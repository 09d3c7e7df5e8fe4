#!/usr/bin/env python3
"""Mine meeting sentences from news text nobody scores, to find the constructions depeche misses.

    python3 scripts/meeting_sentences.py [--bin PATH] [--train ../shared/train] [--out DIR]
                                         [--sources wikinews,winer,gum,gsd,wikigold] [--limit N]

Why: the gold articles are few, and rules tuned on them fit their sentences. Unscored text shows
whether a construction is general. This script gathers documents from the bundled Wikinews corpus
(data/corpus/wikinews.jsonl.gz, minus any article whose text is also in ../shared/eval/articles,
checked by machine so nobody reads those), the French WiNER articles, GUM's news documents, the
UD French-GSD sentences and wikigold documents of ../shared/train; runs `depeche extract
--format nquads` on all of them at once; then lists every sentence holding a meeting trigger word
(the forms of data/lexicon/*/events.tsv and their inflections) with what depeche made of it:

  HIT   a held meeting whose evidence is this sentence (its actors listed)
  PLAN  a meeting with a modality (planned, cancelled, hypothetical)
  MISS  no meeting, but two or more named persons (depeche's own entities, or the corpus's
        Person annotations) stand in the sentence: a candidate miss to read
  ORG   no meeting and fewer than two persons, but persons + organizations + places >= 2

It writes DIR/sentences.tsv (kind, source, article id, trigger, persons, actors, sentence) and
prints counts per kind and source. Classifying a MISS (a real meeting? which construction?) is a
reader's job: the script only finds the sentences. Standard library only.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
DP = "https://purl.org/depeche/ns#"
SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = SCHEMA + "alternateName"
PROV_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
ACTOR = "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor"

# Inflections of the trigger words of data/lexicon/*/events.tsv (meeting class) and of the meeting
# nouns the issue names: a stem matches every form ("rencontr" -> rencontre, rencontrés, ...).
STEMS = {
    "fr": r"rencontr\w*|re[çc]u[es]?|re[çc]oi\w*|recev\w*|accueill\w*|entreten\w*|entretien\w*|entretiendr\w*"
    r"|réuni\w*|sommet\w*|pourparlers|négociation\w*|conférence\w*|audience\w*|séance\w*|entrevue\w*"
    r"|tête-à-tête|déjeun\w*|dîn\w*|visite\w*|sign[éeè]\w*|assist\w*|particip\w*|retrouv\w*|accompagn\w*"
    r"|côtés|compagnie|discut\w*|rendez-vous|discussions?",
    "en": r"meet\w*|met|talks|summit\w*|hosted|hosts?|hosting|receiv\w*|welcom\w*|sessions?|negotiat\w*"
    r"|conferen\w*|hearings?|audience|visit\w*|lunch\w*|dinner|dined|briefing|gather\w*|signed|signing"
    r"|attend\w*|joined|participat\w*|accompan\w*|convened|conferred|shook hands|discussions?",
}
SENTENCE_END = re.compile(r"(?<=[.!?»\"”])\s+(?=[A-ZÀ-ÝÉ«\"“(])|\n+")


def unescape(s: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)", lambda m: chr(int(m.group(1) or m.group(2), 16)) if (m.group(1) or m.group(2)) else {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(3), m.group(3)), s)


QUAD = re.compile(r'^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)\s*(<[^>]*>)?\s*\.\s*$')


def parse_nquads(text: str):
    """(subject, predicate, object, graph) with literals as their plain value."""
    for line in text.splitlines():
        m = QUAD.match(line)
        if not m:
            continue
        s, p, o, g = m.groups()
        if o.startswith('"'):
            o = ("lit", unescape(o[1 : o.rindex('"')]))
        else:
            o = ("iri", o.strip("<>"))
        yield s.strip("<>"), p, o, (g or "").strip("<>")


def id_key(article_id: str) -> str:
    """An article id as depeche's IRI slug spells it, near enough to match ("_" becomes "-")."""
    return re.sub(r"[^a-z0-9]+", "-", article_id.lower())


def overlaps_eval(text: str, eval_texts: list[str]) -> bool:
    """Whether a corpus article is one of the eval articles (any of its first paragraphs in one)."""
    paras = [p.strip() for p in text.split("\n\n") if len(p.strip()) > 60][:3]
    return any(p[:80] in e for p in paras for e in eval_texts)


def wikinews(eval_texts):
    path = ROOT / "data/corpus/wikinews.jsonl.gz"
    kept = skipped = 0
    for line in gzip.open(path, "rt", encoding="utf-8"):
        r = json.loads(line)
        if overlaps_eval(r["text"], eval_texts):
            skipped += 1
            continue
        kept += 1
        yield {"id": "wn-" + r["id"], "lang": r["lang"], "date": r.get("date"), "text": r["text"]}, {}
    print(f"wikinews: {kept} articles, {skipped} left out as eval articles", file=sys.stderr)


def winer(root: Path):
    """WiNER-fr articles, with their Person annotations (BRAT)."""
    for txt in sorted(root.glob("winer-fr-train/20*/**/*.txt")):
        m = re.match(r"(\d{4})_(\d\d)_(\d\d)", txt.name)
        text = txt.read_text(encoding="utf-8")
        persons = set()
        ann = txt.with_suffix(".ann")
        if ann.exists():
            for line in ann.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 3 and parts[1].startswith("Person "):
                    persons.add(parts[2])
        date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
        yield {"id": "winer-" + txt.stem, "lang": "fr", "date": date, "text": text}, {"persons": persons}


def conllu_docs(path: Path, only_news: bool):
    doc, sents, date = None, [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id ="):
            if doc and sents:
                yield doc, date, sents
            doc, sents, date = line.split("=", 1)[1].strip(), [], None
        elif line.startswith("# meta::dateCreated ="):
            date = line.split("=", 1)[1].strip()[:10]
        elif line.startswith("# text ="):
            sents.append(line.split("=", 1)[1].strip())
    if doc and sents:
        yield doc, date, sents


def gum(root: Path):
    for f in sorted(root.glob("gum-en/dep/GUM_news_*.conllu")):
        for doc, date, sents in conllu_docs(f, True):
            yield {"id": "gum-" + doc, "lang": "en", "date": date, "text": "\n\n".join(sents)}, {}


def gsd(root: Path, pattern):
    """UD French-GSD: one record per sentence holding a trigger (its documents are not kept)."""
    n = 0
    for f in sorted(root.glob("ud-fr-gsd/*.conllu")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text ="):
                s = line.split("=", 1)[1].strip()
                if pattern.search(s):
                    n += 1
                    yield {"id": f"gsd-{n}", "lang": "fr", "date": None, "text": s}, {}


def wikigold(root: Path):
    """wikigold documents, rebuilt from tokens, with their I-PER spans."""
    path = root / "wikigold-en/wikigold.conll.txt"
    docs, tokens, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if tokens:
                docs.append((tokens, tags))
            tokens, tags = [], []
            continue
        parts = line.split()
        if len(parts) >= 2:
            tokens.append(parts[0])
            tags.append(parts[-1])
        elif tokens and tokens[-1] != "\n":
            tokens.append("\n")
            tags.append("O")
    if tokens:
        docs.append((tokens, tags))
    for k, (tokens, tags) in enumerate(docs):
        text = re.sub(r" ([.,;:!?')])", r"\1", " ".join(tokens)).replace("( ", "(").replace(" \n ", "\n")
        persons, cur = set(), []
        for tok, tag in zip(tokens, tags):
            if tag.endswith("PER"):
                cur.append(tok)
            elif cur:
                persons.add(" ".join(cur))
                cur = []
        yield {"id": f"wikigold-{k}", "lang": "en", "date": None, "text": text}, {"persons": persons}


def run_depeche(binary: str, records: list[dict], workdir: Path) -> str:
    feed = workdir / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for r in records:
            rec = {"id": r["id"], "lang": r["lang"], "text": r["text"]}
            if r.get("date"):
                rec["date"] = r["date"]
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    got = subprocess.run([binary, "extract", "--format", "nquads", str(feed)], capture_output=True, text=True)
    if got.returncode != 0:
        raise SystemExit(f"depeche extract failed: {got.stderr.strip()[:500]}")
    return got.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    ap.add_argument("--bin", default=str(Path(target) / "release/depeche"))
    ap.add_argument("--train", default=str(ROOT.parent / "shared/train"))
    ap.add_argument("--eval-articles", default=str(ROOT.parent / "shared/eval/articles"))
    ap.add_argument("--out", default="meeting-mining")
    ap.add_argument("--sources", default="wikinews,winer,gum,gsd,wikigold")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    patterns = {lang: re.compile(r"(?<![\w-])(" + s + r")(?![\w-])", re.IGNORECASE) for lang, s in STEMS.items()}
    eval_texts = [Path(f).read_text(encoding="utf-8") for f in glob.glob(os.path.join(args.eval_articles, "*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for archive in glob.glob(os.path.join(args.train, "*.tar.gz")):
            with tarfile.open(archive) as t:
                t.extractall(tmp, filter="data")
        chosen = args.sources.split(",")
        gens = {
            "wikinews": lambda: wikinews(eval_texts),
            "winer": lambda: winer(tmp),
            "gum": lambda: gum(tmp),
            "gsd": lambda: gsd(tmp, patterns["fr"]),
            "wikigold": lambda: wikigold(tmp),
        }
        records, extra = [], {}
        for name in chosen:
            for rec, ann in gens[name]():
                rec["source"] = name
                records.append(rec)
                extra[rec["id"]] = ann
        nq = run_depeche(args.bin, records, tmp)

    # Per article: entity names by type, meetings (actors, evidence, modality). Nodes are tied to
    # their articles by prov:wasDerivedFrom (an entity of two articles is one node).
    types, names = defaultdict(set), defaultdict(set)
    actors, evidence, modal = defaultdict(list), defaultdict(list), set()
    by_article = defaultdict(set)
    for s, p, o, g in parse_nquads(nq):
        if p == RDF_TYPE:
            types[s].add(o[1])
        elif p in (LABEL, ALT) and o[0] == "lit":
            names[s].add(o[1])
        elif p == ACTOR:
            actors[s].append(o[1])
        elif p == DP + "evidence":
            evidence[s].append(o[1])
        elif p == DP + "modality":
            modal.add(s)
        elif p == PROV_FROM and "/article/" in o[1]:
            by_article[id_key(unquote(o[1].rsplit("/article/", 1)[1]))].add(s)
    rows, counts = [], Counter()
    for rec in records:
        nodes = by_article.get(id_key(rec["id"]), set())
        persons = {n: names[n] for n in nodes if SCHEMA + "Person" in types[n]}
        others = {n: names[n] for n in nodes if types[n] & {SCHEMA + "Organization", SCHEMA + "Place"}}
        meetings = [n for n in nodes if DP + "Meeting" in types[n]]
        annotated = extra[rec["id"]].get("persons", set())
        pattern = patterns[rec["lang"]]
        for sent in SENTENCE_END.split(rec["text"]):
            sent = sent.strip()
            trig = pattern.search(sent)
            if not trig or len(sent) > 600:
                continue
            here = [m for m in meetings if any(sent[:60] in e or e[:60] in sent for e in evidence[m])]

            def present(ns):
                return any(re.search(r"(?<!\w)" + re.escape(x) + r"(?!\w)", sent) for x in ns if len(x) > 2)

            ps = sorted({min(v, key=len) for v in persons.values() if present(v)} | {a for a in annotated if present([a])})
            os_ = [min(v, key=len) for v in others.values() if present(v)]
            if here:
                kind = "PLAN" if all(m in modal for m in here) else "HIT"
            elif len(ps) >= 2:
                kind = "MISS"
            elif len(ps) + len(os_) >= 2:
                kind = "ORG"
            else:
                continue
            got = " | ".join("+".join(sorted(min(names[a], key=len, default=a) for a in actors[m])) for m in here)
            counts[(kind, rec["source"])] += 1
            rows.append((kind, rec["source"], rec["id"], trig.group(0), "; ".join(ps), got, sent.replace("\t", " ").replace("\n", " ")))
    with (out / "sentences.tsv").open("w", encoding="utf-8") as f:
        f.write("kind\tsource\tarticle\ttrigger\tpersons\tactors\tsentence\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{len(records)} documents; trigger sentences by kind and source:")
    for kind in ("HIT", "PLAN", "MISS", "ORG"):
        per = {s: counts[(kind, s)] for s in chosen}
        print(f"  {kind:5} {sum(per.values()):5}  " + "  ".join(f"{s}={n}" for s, n in per.items()))
    print(f"written: {out / 'sentences.tsv'}")


if __name__ == "__main__":
    main()
