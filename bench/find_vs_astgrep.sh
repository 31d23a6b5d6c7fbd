#!/bin/sh
# graft find / rewrite against ast-grep 0.51.1, same patterns, same corpus,
# same output mode (--json=stream) and thread count, in one run. Prints a
# markdown table: medians of hyperfine runs, ratio ast-grep / graft, match
# counts (they must be identical), and peak RSS of one run of each.
# usage: bench/find_vs_astgrep.sh [RUNS]   (run from anywhere; make bench runs it)
set -eu
cd "$(dirname "$0")"
RUNS=${1:-3}
BUILD=${BUILD:-build}
G=$(cd .. && pwd)/$BUILD/graft
AG=$(cd .. && pwd)/node_modules/@ast-grep/cli-linux-x64-gnu/ast-grep
T=$(nproc)
./corpora.sh >/dev/null
cd corpora
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
PG=$(dirname "$G")/bench/parse_graft
echo "| corpus | pattern | mode | ast-grep s | graft s | ratio | parse limit s | graft / limit | matches (ast-grep/graft) | RSS MB (ast-grep/graft) |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
# limit CORPUS LANG: graft's walk + parse of the corpus with the same threads
# (median of RUNS), cached per corpus: the floor for a pattern that must
# parse every file.
limit() {
    f="$out/limit-$1"
    if [ ! -s "$f" ]; then
        hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out/l.json" \
            "$PG -m walk -l $2 -j $T -r 1 $1" >/dev/null 2>&1
        python3 -c "import json;print(json.load(open('$out/l.json'))['results'][0]['median'])" >"$f"
    fi
    cat "$f"
}
row() { # corpus lang kind pattern [rewrite]
    corpus=$1 lang=$2 kind=$3 pat=$4 rw=${5:-}
    if [ -n "$rw" ]; then
        a="$AG run -p '$pat' -r '$rw' -l $lang --json=stream -j $T $corpus"
        g="$G rewrite '$pat' '$rw' -l $lang --json=stream -j $T $corpus"
        mode="rewrite (JSON)"
    else
        a="$AG run -p '$pat' -l $lang --json=stream -j $T $corpus"
        g="$G find '$pat' -l $lang --json=stream -j $T $corpus"
        mode="find (JSON)"
    fi
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out/h.json" "$a" "$g" >/dev/null 2>&1
    ta=$(python3 -c "import json;r=json.load(open('$out/h.json'))['results'];print(r[0]['median'])")
    tg=$(python3 -c "import json;r=json.load(open('$out/h.json'))['results'];print(r[1]['median'])")
    ca=$(sh -c "$a" | wc -l); cg=$(sh -c "$g" | wc -l)
    ra=$( (/usr/bin/time -f %M sh -c "$a >/dev/null") 2>&1 | tail -1)
    rg=$( (/usr/bin/time -f %M sh -c "$g >/dev/null") 2>&1 | tail -1)
    tl=$(limit "$corpus" "$lang")
    printf '| %s | `%s`%s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s/%s | %.0f/%.0f |\n' "$corpus" "$pat" \
        "${rw:+ → \`$rw\`}" "$kind" "$ta" "$tg" "$(python3 -c "print($ta/$tg)")" \
        "$tl" "$(python3 -c "print($tg/$tl)")" "$ca" "$cg" \
        "$(python3 -c "print($ra/1024)")" "$(python3 -c "print($rg/1024)")"
}
row python python selective 'subprocess.run($$$A)'
row python python selective 'os.path.join($$$A)'
row go go selective 'errors.Is($E, $T)'
row python python medium 'print($$$A)'
row python python non-selective '$A = $B'
row python python non-selective 'if $C: $$$B'
row typescript typescript non-selective '$A.$B($$$C)'
row javascript javascript non-selective '$A.$B($$$C)'
row python python rewrite 'print($$$A)' 'log($$$A)'
row python python rewrite '$A == None' '$A is None'
