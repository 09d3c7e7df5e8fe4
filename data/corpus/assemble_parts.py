#!/usr/bin/env python3
"""Reassemble the raw CSV files from the 16,000-character pages they were copied in.

Why this exists: the machine that built this corpus had no web access; the only way to read
the source CSVs (GitHub vanatteveldt/wikinews, see SOURCES.md) was a read-only file viewer
that returns 16,000 characters per call. Each page was saved as
    data/corpus/raw/parts/<name>.<offset, 6 digits>
and this script glues consecutive pages back together. Where pages were deliberately not
copied (a gap in the offsets), the incomplete record before the gap and the fragment after it
are cut off at record boundaries, so the output is still a valid CSV made of whole records.

Usage (from the repository root):  python3 data/corpus/assemble_parts.py
Writes data/corpus/raw/<name>.csv.gz for every <name> found under raw/parts/.
Standard library only; deterministic (gzip mtime fixed).
"""
from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = HERE / "raw" / "parts"
PAGE = 16_000
# Total length (characters) of each source file, as reported by the viewer: tells whether the
# last page copied reaches the end of the file.
TOTAL_CHARS = {
    "vanatteveldt-wikinews_2019": 442_660,
    "vanatteveldt-wikinews_2020": 913_309,
}
# Part file prefix -> output name.
NAMES = {"en2019": "vanatteveldt-wikinews_2019", "en2020": "vanatteveldt-wikinews_2020"}
# A record (row) starts at the beginning of a line with the article URL, possibly quoted.
RECORD_START = re.compile(r'(?m)^(?="?https://[a-z-]+\.wikinews\.org//wiki/)')


def runs(offsets: list[int]) -> list[list[int]]:
    """Group page offsets into runs of consecutive pages."""
    groups: list[list[int]] = []
    for off in offsets:
        if groups and off == groups[-1][-1] + PAGE:
            groups[-1].append(off)
        else:
            groups.append([off])
    return groups


def assemble(prefix: str, name: str) -> tuple[str, int]:
    pages = {int(p.suffix[1:]): p for p in PARTS.glob(f"{prefix}.*")}
    groups = runs(sorted(pages))
    total = TOTAL_CHARS[name]
    pieces, gaps = [], 0
    for i, group in enumerate(groups):
        text = "".join(pages[o].read_text(encoding="utf-8") for o in group)
        starts = [m.start() for m in RECORD_START.finditer(text)]
        begin = 0 if group[0] == 0 else starts[0]  # after a gap: skip the partial record
        reaches_end = group[-1] + PAGE >= total
        end = len(text) if reaches_end else starts[-1]  # before a gap: drop the partial record
        if group[0] != 0:
            gaps += 1
        pieces.append(text[begin:end])
    if groups[0][0] != 0:
        sys.exit(f"{prefix}: the first page (offset 0, with the header) is missing")
    if not (groups[-1][-1] + PAGE >= total):
        gaps += 1
    return "".join(pieces), gaps


def main() -> int:
    prefixes = sorted({p.name.split(".")[0] for p in PARTS.iterdir()})
    for prefix in prefixes:
        name = NAMES[prefix]
        text, gaps = assemble(prefix, name)
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        bad = [r for r in rows if None in r or not r["url"].startswith("https://")]
        if bad:
            sys.exit(f"{name}: {len(bad)} malformed rows, first: {bad[0]!r:.200}")
        out = HERE / "raw" / f"{name}.csv.gz"
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
            gz.write(text.encode("utf-8"))
        out.write_bytes(buffer.getvalue())
        print(f"{out.relative_to(HERE.parent.parent)}: {len(rows)} rows, {len(text):,} chars, {gaps} gap(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
