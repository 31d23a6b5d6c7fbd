#!/bin/sh
# graft symbols against its own parse floor and against universal-ctags, in
# one run on the same corpora. Prints a markdown table: medians of hyperfine
# runs of
#   walk+parse  parse_graft -m walk -j T (every file read and parsed)
#   symbols     graft symbols --json=stream -j T DIR
#   ctags       ctags -R --output-format=json -f - DIR (one thread; it does
#               not build syntax trees, and lists fewer, shallower tags)
# and the ratios symbols / walk+parse (target <= 1.2) and ctags / symbols,
# with the number of entries each lists.
# usage: bench/symbols_vs_ctags.sh [RUNS]   (run from anywhere)
set -eu
cd "$(dirname "$0")"
RUNS=${1:-5}
BUILD=${BUILD:-build}
ROOT=$(cd .. && pwd)
G=$ROOT/$BUILD/graft
PG=$ROOT/$BUILD/bench/parse_graft
T=$(nproc)
for b in "$G" "$PG"; do
    [ -x "$b" ] || { echo "symbols_vs_ctags: '$b' not built (make bench builds it)" >&2; exit 1; }
done
command -v ctags >/dev/null || { echo "symbols_vs_ctags: ctags missing (apt-get install universal-ctags)" >&2; exit 1; }
./corpora.sh >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd corpora
median() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$@"; }

echo "| corpus | files | walk+parse s | graft symbols s | symbols / walk+parse | ctags s | ctags / symbols | entries (graft/ctags) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for corpus in python go; do
    lang=$corpus
    p="$PG -m walk -j $T -l $lang -r 1 $corpus"
    g="$G symbols --json=stream -j $T -l $lang $corpus"
    c="ctags -R --languages=$(echo "$lang" | sed 's/^go$/Go/; s/^python$/Python/') --output-format=json -f - $corpus"
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out/h.json" "$p" "$g" "$c" >/dev/null 2>&1
    tp=$(median "$out/h.json" 0)
    tg=$(median "$out/h.json" 1)
    tc=$(median "$out/h.json" 2)
    ng=$(sh -c "$g" 2>/dev/null | wc -l)
    nc=$(sh -c "$c" 2>/dev/null | wc -l)
    nf=$("$G" files -l "$lang" "$corpus" | wc -l)
    printf '| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s/%s |\n' "$corpus" "$nf" "$tp" "$tg" \
        "$(python3 -c "print($tg/$tp)")" "$tc" "$(python3 -c "print($tc/$tg)")" "$ng" "$nc"
done
