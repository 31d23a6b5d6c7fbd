#!/usr/bin/env bash
# graft find against ast-grep over whole benchmark corpora.
cd "$(dirname "$0")/../.." || exit 1
bench/corpora.sh >/dev/null || { echo "not ok astgrep-corpus: bench/corpora.sh failed"; exit 1; }
exec python3 tests/compat/astgrep_corpus.py
