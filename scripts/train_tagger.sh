#!/bin/sh
# Retrains the entity tagger from the annotated corpora and writes data/models/tagger.bin.
#
#   scripts/train_tagger.sh [TRAIN_DIR] [-- extra arguments for examples/train_tagger.rs]
#
# TRAIN_DIR holds the corpus archives (default ../shared/train: winer-fr-train.tar.gz,
# gum-en.tar.gz, wikigold-en.tar.gz). They are unpacked into a scratch directory outside the
# repository, removed afterwards. Same archives, seed and epochs: same model bytes.
set -eu
train=${1:-../shared/train}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for a in winer-fr-train gum-en wikigold-en; do
    tar -xzf "$train/$a.tar.gz" -C "$scratch"
done
cargo run --release --example train_tagger -- "$scratch" --out data/models/tagger.bin --seed 1 "$@"
