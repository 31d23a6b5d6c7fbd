#!/bin/sh
# graft scan against ast-grep scan 0.51.1 with the same rules (the example
# packs in rules/), on the same corpus, with the same output mode
# (--json=stream) and thread count, in one run. Prints a markdown table:
# medians of hyperfine runs, ratio ast-grep / graft, graft's walk+parse floor
# for the corpus, finding counts of both tools (the findings must be the
# same: compared as sets of rule id, file and byte range, leaving out files
# that are not valid UTF-8, which ast-grep skips; docs/compat.md) and the
# peak RSS of one run of each.
# With "per-rule" as the second argument, it prints instead one row per rule
# file of the python and webby packs, each run alone on the python corpus.
# usage: bench/scan_vs_astgrep.sh [RUNS [per-rule]]   (run from anywhere)
set -eu
cd "$(dirname "$0")"
RUNS=${1:-3}
MODE=${2:-}
BUILD=${BUILD:-build}
ROOT=$(cd .. && pwd)
G=$ROOT/$BUILD/graft
AG=$ROOT/node_modules/@ast-grep/cli-linux-x64-gnu/ast-grep
PG=$ROOT/$BUILD/bench/parse_graft
T=$(nproc)
./corpora.sh >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# cfg NAME DIR...: a project config (the same file serves both tools) whose
# ruleDirs are rules/DIR..., with rules/utils as utilDirs; prints its path.
cfg() {
    name=$1
    shift
    mkdir -p "$out/$name"
    {
        echo "ruleDirs:"
        for d in "$@"; do echo "  - $ROOT/rules/$d"; done
        echo "utilDirs:"
        echo "  - $ROOT/rules/utils"
    } >"$out/$name/sgconfig.yml"
    echo "$out/$name/sgconfig.yml"
}
PY=$(cfg py python webby)
JS=$(cfg js js)
nrules() { grep -h '^id:' "$@" | wc -l; }
NPY=$(cat "$ROOT"/rules/python/*.yml "$ROOT"/rules/webby/*.yml | nrules -)
NJS=$(cat "$ROOT"/rules/js/*.yml | nrules -)

cd corpora
median() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$@"; }

# limit CORPUS: graft's walk + parse of the corpus with the same threads
# (median of RUNS), the floor for rules that must parse every file; "-"
# when build/bench/parse_graft is not built (make bench builds it).
limit() {
    if [ -x "$PG" ]; then
        hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out/l.json" \
            "$PG -m walk -j $T -r 1 $1" >/dev/null 2>&1
        median "$out/l.json" 0
    else
        echo "-"
    fi
}

# same A.json G.json: "yes" when both tools report the same findings
# (rule id, file, byte range, message), files that are not UTF-8 left out.
same() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
def utf8(path, seen={}):
    if path not in seen:
        try:
            open(path, encoding="utf-8").read()
            seen[path] = True
        except UnicodeDecodeError:
            seen[path] = False
    return seen[path]
def load(p):
    return sorted((r["ruleId"], r["file"], r["range"]["byteOffset"]["start"],
                   r["range"]["byteOffset"]["end"], r["message"])
                  for r in map(json.loads, open(p, encoding="utf-8")) if utf8(r["file"]))
print("yes" if load(sys.argv[1]) == load(sys.argv[2]) else "NO")
EOF
}

if [ "$MODE" = per-rule ]; then
    echo "| rule file (python corpus) | ast-grep s | graft s | ratio | findings (ast-grep/graft) |"
    echo "|---|---:|---:|---:|---:|"
    for f in "$ROOT"/rules/python/*.yml "$ROOT"/rules/webby/*.yml; do
        d=$out/one
        rm -rf "$d"
        mkdir -p "$d/r"
        cp "$f" "$d/r/"
        printf 'ruleDirs: [r]\nutilDirs: [%s/rules/utils]\n' "$ROOT" >"$d/sgconfig.yml"
        a="$AG scan -c $d/sgconfig.yml --json=stream -j $T python"
        g="$G scan --config $d/sgconfig.yml --json=stream -j $T python"
        hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out/h.json" "$a" "$g" >/dev/null 2>&1
        ta=$(median "$out/h.json" 0)
        tg=$(median "$out/h.json" 1)
        ca=$(sh -c "$a" 2>/dev/null | wc -l)
        cg=$(sh -c "$g" 2>/dev/null | wc -l)
        printf '| %s | %.2f | %.2f | %.2f | %s/%s |\n' "${f#"$ROOT"/rules/}" "$ta" "$tg" \
            "$(python3 -c "print($ta/$tg)")" "$ca" "$cg"
    done
    exit 0
fi

echo "| corpus | rules | ast-grep s | graft s | ratio | graft walk+parse s | graft / walk+parse | findings (ast-grep/graft) | same | RSS MB (ast-grep/graft) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---|---:|"
row() { # corpus config label
    corpus=$1 conf=$2 label=$3
    a="$AG scan -c $conf --json=stream -j $T $corpus"
    g="$G scan --config $conf --json=stream -j $T $corpus"
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out/h.json" "$a" "$g" >/dev/null 2>&1
    ta=$(median "$out/h.json" 0)
    tg=$(median "$out/h.json" 1)
    sh -c "$a" >"$out/a.json" 2>/dev/null || true
    sh -c "$g" >"$out/g.json" 2>/dev/null || true
    ca=$(wc -l <"$out/a.json")
    cg=$(wc -l <"$out/g.json")
    ra=$( (/usr/bin/time -f %M sh -c "$a >/dev/null 2>&1") 2>&1 | tail -1)
    rg=$( (/usr/bin/time -f %M sh -c "$g >/dev/null 2>&1") 2>&1 | tail -1)
    tl=$(limit "$corpus")
    if [ "$tl" = "-" ]; then tl="-" tr="-"; else
        tr=$(python3 -c "print('%.2f' % ($tg/$tl))")
        tl=$(python3 -c "print('%.2f' % $tl)")
    fi
    printf '| %s | %s | %.2f | %.2f | %.2f | %s | %s | %s/%s | %s | %.0f/%.0f |\n' "${corpus##*/}" "$label" \
        "$ta" "$tg" "$(python3 -c "print($ta/$tg)")" "$tl" "$tr" "$ca" "$cg" \
        "$(same "$out/a.json" "$out/g.json")" \
        "$(python3 -c "print($ra/1024)")" "$(python3 -c "print($rg/1024)")"
}
row python "$PY" "python + webby ($NPY)"
row django "$PY" "python + webby ($NPY)"
row typescript "$JS" "js/ts ($NJS)"
row javascript "$JS" "js/ts ($NJS)"
