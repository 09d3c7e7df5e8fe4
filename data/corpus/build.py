#!/usr/bin/env python3
"""Build data/corpus/wikinews.jsonl.gz from the raw Wikinews files saved under data/corpus/raw/.

Why this exists: the benchmark needs a redistributable corpus of real news text, and the raw
files we could obtain (see SOURCES.md) are CSV scrapes with page furniture left in them (a
dateline as first line, orphaned pull-quote attributions, runs of blank lines). This script
turns them into depeche's JSON Lines input, one article a line, deterministically: running it
twice gives byte-identical output (gzip mtime is fixed, records are sorted).

French articles come from a different kind of raw file: the French Wikinews keyphrase dataset
is only stored as Stanford CoreNLP XML (one token per element, with character offsets into the
text CoreNLP read), so raw/fr-ake/*.tok keep the part of that XML needed to rebuild the text:
each token's CharacterOffsetBegin and word, one token a line, sentences separated by a blank
line ("begin-end word" when CharacterOffsetEnd is not begin + len(word)). The text is rebuilt
from the offsets: no gap -> tokens joined, a gap inside a sentence -> one space, a gap of more
than one character between sentences -> paragraph break (a one-character gap between sentences
is a space: same paragraph). The first paragraph is the article's title.

Usage (from the repository root):  python3 data/corpus/build.py [OUT]
(OUT defaults to data/corpus/wikinews.jsonl.gz; tests/it/generated_tables.rs writes elsewhere and
compares with the committed file.)
Reads   data/corpus/raw/*.csv[.gz]     (columns url,date,title,text; language from the URL host)
        data/corpus/raw/fr-ake/*.tok   (French, token offsets from CoreNLP XML; see above)
Writes  data/corpus/wikinews.jsonl.gz  and prints the figures quoted in SOURCES.md.
Standard library only.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
OUT = HERE / "wikinews.jsonl.gz"
MIN_BODY_CHARS = 300  # shorter pages are briefs or stubs, not articles

# "Friday, January 4, 2019" (English Wikinews dateline) or "vendredi 4 janvier 2019" (French).
DATELINE = re.compile(
    r"^\s*((Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}"
    r"|(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+\d{1,2}(er)?\s+[a-zéû]+\s+\d{4})\s*$"
)
# Wiki markup, in case a raw file holds wikitext rather than rendered text.
TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
LINK = re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]]*)\]\]")
EXTLINK = re.compile(r"\[(?:https?:)?//\S+\s+([^\]]*)\]")
REF = re.compile(r"<ref[^>/]*/>|<ref[^>]*>.*?</ref>", re.S)
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
SOURCES_HEADING = re.compile(r"^\s*=+\s*(Sources?|Related news|Voir aussi|Liens externes|External links)\s*=+\s*$", re.I)
CATEGORY = re.compile(r"^\s*\[\[(Category|Catégorie|Image|File|Fichier):[^\]]*\]\]\s*$", re.I)
# Rendered-page furniture seen in the scraped CSVs: review banners, bare file names, photo
# credits/captions ("Harry Browne Image: Carolmooredc."), map legends ("██ On ballot").
FURNITURE = re.compile(r"^(This article requires pre-publication review|-Article last amended:|File:|██)")
CAPTION = re.compile(r"Image: .{0,80}$")
IMAGE_CREDIT = re.compile(r"\s*\(Image:[^)]*\)")
# Interview speaker labels rendered as "((WN))  question" or "((WSS)) : question".
SPEAKER = re.compile(r"^\(\(([^()]{1,60})\)\)\s*:?\s*")
# Inline translation of a quote into another language: "((hi))Hindi language: <Devanagari>".
TRANSLATION = re.compile(r"\(\([a-z]{2,3}\)\)[A-Z][a-z]+( language)?:\s*")
# A malformed link template left in one article: "{w|neuroplasticity|plasticity}}".
BROKEN_W = re.compile(r"\{\{?w\|(?:[^|{}]*\|)?([^|{}]*)\}\}")


def strip_markup(text: str) -> str:
    """Remove wiki markup (templates, links, references, categories, trailing source lists)."""
    text = REF.sub("", text)
    for _ in range(5):  # nested templates, innermost first
        text, n = TEMPLATE.subn("", text)
        if not n:
            break
    lines = []
    for line in text.split("\n"):
        if SOURCES_HEADING.match(line):
            break  # everything after "== Sources ==" is citations, not article text
        if CATEGORY.match(line):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = LINK.sub(r"\1", text)
    text = EXTLINK.sub(r"\1", text)
    text = TAG.sub("", text)
    text = BROKEN_W.sub(r"\1", text)
    text = text.replace("'''", "").replace("''", "")
    return text


def foreign(segment: str) -> bool:
    """True if the segment holds letters (or Devanagari digits/dandas) outside the Latin script."""
    for ch in segment:
        if "\u0964" <= ch <= "\u096f":
            return True
        if ch.isalpha() and not unicodedata.name(ch, "LATIN").startswith("LATIN"):
            return True
    return False


ENGLISH_WORDS = {"the", "and", "of", "was", "were", "to", "that", "with", "for", "by", "has",
                 "have", "he", "she", "they", "said", "this", "from", "at", "which", "when"}


def drop_translation(line: str) -> str:
    """Remove an inline original-language version of a quote or name, keep the English.

    The scrape renders these as "English text ((hi))Hindi language: <Hindi>", and once as
    "<quote> ((ko))Korean language: <Korean>  Park's phone was ...". In a non-Latin script the
    foreign part is the double-space separated segments right after the marker (bare punctuation
    such as "[...]" included). In a Latin script it cannot be told apart by its letters: if the
    rest of the line holds no common English word it is all foreign and is dropped ("((es))Spanish
    language: En el siglo XXI, ..."); otherwise only the marker goes and the original-language
    words stay, as they do on the page ("((pl))Polish language: Prawo i Sprawiedliwość publicly
    declared ...")."""
    m = TRANSLATION.search(line)
    if not m:
        return line
    head, rest = line[: m.start()].rstrip(), line[m.end():]
    segments = re.split(r"\s{2,}", rest)
    if segments and foreign(segments[0]):
        while segments and (foreign(segments[0]) or not re.search(r"[A-Za-z]", segments[0])):
            segments.pop(0)
        rest = "  ".join(segments)
    elif not ENGLISH_WORDS & set(re.findall(r"[a-z]+", rest.lower())):
        rest = ""
    return drop_translation((head + "  " + rest).strip())  # there may be a second marker


def clean_body(text: str) -> str:
    """Plain paragraphs separated by one blank line; page furniture dropped."""
    text = strip_markup(text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = []
        for line in block.split("\n"):
            line = drop_translation(line)
            line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
            if not line or DATELINE.match(line) or FURNITURE.match(line):
                continue
            if len(line) < 200 and CAPTION.search(line):
                continue
            line = SPEAKER.sub(r"\1: ", IMAGE_CREDIT.sub("", line))
            # A pull quote's attribution ("—Troy Roberts") whose quote the scrape lost.
            if line.startswith(("—", "―")) and len(line) < 200:
                continue
            lines.append(line)
        if lines:
            paragraphs.append(" ".join(lines))
    return "\n\n".join(paragraphs)


def slug(title: str) -> str:
    """ASCII identifier from a title: 'Élection à Paris' -> 'election-a-paris'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80] or "article"


def read_raw(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def records(path: Path):
    """Yield (lang, url, date, title, body) from one CSV file with columns url,date,title,text."""
    reader = csv.DictReader(io.StringIO(read_raw(path), newline=""))
    for row in reader:
        url = row["url"].strip()
        parts = urlsplit(url)
        lang = parts.netloc.split(".")[0]
        url = f"{parts.scheme}://{parts.netloc}/{parts.path.lstrip('/')}"  # '//wiki/X' -> '/wiki/X'
        title = re.sub(r"\s+", " ", row["title"]).strip() or unquote(parts.path.rsplit("/", 1)[-1]).replace("_", " ")
        yield lang, url, row["date"].strip(), title, clean_body(row["text"])


def read_tokens(path: Path) -> list[list[tuple[int, int, str]]]:
    """Sentences of (begin, end, word) from a .tok file; '#' lines are comments."""
    sentences, current = [], []
    for number, line in enumerate(read_raw(path).split("\n"), 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        offsets, word = line.split(" ", 1)
        if "-" in offsets:
            begin, end = map(int, offsets.split("-"))
        else:
            begin = int(offsets)
            end = begin + len(word)
        if current or sentences:
            previous = current[-1][1] if current else sentences[-1][-1][1]
            if begin < previous:
                raise ValueError(f"{path.name}:{number}: offset {begin} before previous token end {previous}")
        current.append((begin, end, word))
    if current:
        sentences.append(current)
    return sentences


def tokens_to_paragraphs(sentences: list[list[tuple[int, int, str]]]) -> list[str]:
    """Rebuild the text CoreNLP read from token offsets (see the module docstring)."""
    paragraphs, parts, previous_end = [], [], None
    for sentence in sentences:
        for index, (begin, end, word) in enumerate(sentence):
            if previous_end is not None:
                gap = begin - previous_end
                if index == 0 and gap > 1:
                    paragraphs.append("".join(parts))
                    parts = []
                elif gap > 0:
                    parts.append(" ")
            parts.append(word)
            previous_end = end
    paragraphs.append("".join(parts))
    return [p.strip() for p in paragraphs if p.strip()]


def token_records(path: Path):
    """Yield (lang, url, date, title, body) from one French .tok file (no date in the source)."""
    title, *body = tokens_to_paragraphs(read_tokens(path))
    url = "https://fr.wikinews.org/wiki/" + quote(title.replace(" ", "_"), safe="_,:()'-.")
    yield "fr", url, "", title, "\n\n".join(body)


def main() -> int:
    out = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else OUT
    raws = sorted(p for p in RAW.iterdir() if p.name.endswith((".csv", ".csv.gz")))
    raws += sorted((RAW / "fr-ake").glob("*.tok"))
    if not raws:
        print(f"no raw files in {RAW}", file=sys.stderr)
        return 1
    seen_urls, seen_texts, ids = set(), set(), set()
    articles, dropped_short, dropped_dup, dropped_test = [], 0, 0, 0
    for path in raws:
        for lang, url, date, title, body in (token_records(path) if path.suffix == ".tok" else records(path)):
            if title.startswith("TEST PAGE"):  # Wikinews test pages, not articles
                dropped_test += 1
                continue
            if len(body) < MIN_BODY_CHARS:
                dropped_short += 1
                continue
            digest = hashlib.sha1(re.sub(r"\W+", "", body.lower()).encode()).hexdigest()
            if url in seen_urls or digest in seen_texts:
                dropped_dup += 1
                continue
            seen_urls.add(url)
            seen_texts.add(digest)
            base = f"wikinews-{lang}-{slug(title)}"
            ident, n = base, 2
            while ident in ids:
                ident, n = f"{base}-{n}", n + 1
            ids.add(ident)
            record = {"id": ident, "title": title}
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                record["date"] = date
            record.update({"lang": lang, "url": url, "text": f"{title}\n\n{body}"})
            articles.append(record)
    articles.sort(key=lambda r: (r["lang"], r.get("date", ""), r["id"]))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        for record in articles:
            gz.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    out.write_bytes(buffer.getvalue())

    print(f"wrote {out} ({out.stat().st_size:,} bytes gzip) from {len(raws)} raw files")
    print(f"dropped: {dropped_short} under {MIN_BODY_CHARS} chars, {dropped_test} test pages, {dropped_dup} duplicates")
    totals = {}
    for r in articles:
        t = totals.setdefault(r["lang"], [0, 0, 0, r.get("date", ""), r.get("date", "")])
        t[0] += 1
        t[1] += len(r["text"].encode("utf-8"))
        t[2] += len(r["text"].split())
        t[3] = min(t[3], r.get("date", t[3]))
        t[4] = max(t[4], r.get("date", t[4]))
    for lang, (n, b, w, first, last) in sorted(totals.items()):
        dates = f"{first} .. {last}" if first else "no dates"
        print(f"{lang}: {n} articles, {b:,} bytes of text, {w:,} words, {dates}")
    n, b, w = (sum(t[i] for t in totals.values()) for i in range(3))
    print(f"total: {n} articles, {b:,} bytes of text ({b / 1e6:.2f} MB), {w:,} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
