#!/usr/bin/env python3
"""Memory RocksDB holds for a store's open SST files: their index blocks and Bloom filters.

    python3 scripts/sst_index_size.py STORE_DIR

Why: RocksDB keeps each open SST file's index block (and filter) in memory outside its block
caches, and Oxigraph keeps every file open, so this part of a process's memory grows with the
store (README, "Inputs of any size"). This reads each file's table properties
(`rocksdb.index.size`, `rocksdb.filter.size`, `rocksdb.data.size`) and prints them per column
family (Oxigraph's indexes: spog, gpos, id2str...) and in total. Standard library only; it reads
the last 4 MB of each file, where RocksDB writes its properties block.
"""
from __future__ import annotations

import collections
import glob
import os
import sys


def varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def properties(data: bytes) -> dict[str, bytes]:
    """The properties block: prefix-compressed `rocksdb.*` keys, the first one written whole."""
    i = data.rfind(b"rocksdb.block.based.table")
    if i < 0:
        return {}
    i -= 3  # shared length 0, key length and value length, one byte each for this first key
    key, out = b"", {}
    for _ in range(200):
        try:
            shared, i = varint(data, i)
            unshared, i = varint(data, i)
            length, i = varint(data, i)
        except IndexError:
            break
        key = key[:shared] + data[i:i + unshared]
        i += unshared
        if not key.startswith(b"rocksdb."):
            break
        out[key.decode(errors="replace")] = data[i:i + length]
        i += length
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    totals: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for path in glob.glob(os.path.join(sys.argv[1], "*.sst")):
        try:
            with open(path, "rb") as f:
                f.seek(max(0, os.path.getsize(path) - (4 << 20)))
                props = properties(f.read())
        except FileNotFoundError:  # compacted away meanwhile
            continue
        family = props.get("rocksdb.column.family.name", b"?").decode()
        totals[family]["files"] += 1
        for name in ("index.size", "filter.size", "data.size"):
            if "rocksdb." + name in props:
                totals[family][name] += varint(props["rocksdb." + name], 0)[0]
    every: collections.Counter = collections.Counter()
    for family, c in sorted(totals.items()) + [("total", every)]:
        if family != "total":
            every.update(c)
        print(f"{family:8} {c['files']:5} files  data {c['data.size'] / 1e6:9.1f} MB  index {c['index.size'] / 1e6:7.2f} MB  filter {c['filter.size'] / 1e6:6.2f} MB")
    if every["data.size"]:
        print(f"index and filter: {(every['index.size'] + every['filter.size']) / every['data.size'] * 1e3:.1f} KB per MB of data")


if __name__ == "__main__":
    main()
