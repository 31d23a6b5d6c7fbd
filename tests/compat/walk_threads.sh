#!/usr/bin/env bash
# Output order must not depend on the thread count: `graft files` with 1, 2
# and 7 workers prints the same bytes on each benchmark corpus, and that list
# equals the directory-tree order computed independently (find + sort with
# '/' ordered before every other byte).
set -u
cd "$(dirname "$0")/../.."
bench/corpora.sh >/dev/null || { echo "not ok walk-threads: bench/corpora.sh failed"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for c in python go django; do
    dir=bench/corpora/$c
    "$GRAFT" files -j 1 "$dir" > "$tmp/1"
    "$GRAFT" files -j 2 "$dir" > "$tmp/2"
    "$GRAFT" files -j 7 "$dir" > "$tmp/7"
    # Reference order: map '/' to \001 so it sorts first, sort bytewise, map back.
    find "$dir" -type f ! -name '.*' ! -path '*/.*' | tr '/' '\001' | LC_ALL=C sort | tr '\001' '/' > "$tmp/ref"
    if cmp -s "$tmp/1" "$tmp/2" && cmp -s "$tmp/1" "$tmp/7"; then
        echo "ok walk-threads $c ($(wc -l < "$tmp/1") files, same order at -j1/-j2/-j7)"
    else
        echo "not ok walk-threads $c: order differs between thread counts"
    fi
    if cmp -s "$tmp/1" "$tmp/ref"; then
        echo "ok walk-order $c (directory-tree order)"
    else
        echo "not ok walk-order $c"; diff "$tmp/ref" "$tmp/1" | head -5
    fi
done
