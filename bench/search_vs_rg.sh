#!/bin/sh
# graft search against ripgrep, same regex, same corpus, same thread count
# (-j 2), same output mode (text: rg --no-heading -n; JSON: rg --json;
# counts: rg -c), in one run. Prints a markdown table: medians of hyperfine
# runs, the ratio graft / rg (target: at most 1.5), and the matching lines
# each tool reports (equal, except where PCRE2's \w, which takes every
# number such as the subscript in "log₂(", differs from Rust's: 4 lines of
# \w+\( in the Go tree). graft sorts its output by path; rg does not.
# usage: bench/search_vs_rg.sh [RUNS]   (run from anywhere, on a quiet machine)
set -eu
cd "$(dirname "$0")"
RUNS=${1:-5}
BUILD=${BUILD:-build}
G=$(cd .. && pwd)/$BUILD/graft
J=2
./corpora.sh >/dev/null
cd corpora
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| corpus | pattern | mode | rg s | graft s | graft / rg | lines (rg/graft) |"
echo "|---|---|---|---:|---:|---:|---:|"
median() { python3 -c "import json;r=json.load(open('$out/h.json'))['results'];print(r[$1]['median'])"; }
row() { # corpus mode flags pattern
    corpus=$1 mode=$2 flags=$3 pat=$4
    case $mode in
    text) r="rg --no-config --no-heading -n -j $J $flags -e '$pat' $corpus"
          g="$G search -j $J $flags -e '$pat' $corpus"
          cr=$(sh -c "$r" | wc -l); cg=$(sh -c "$g" | wc -l) ;;
    json) r="rg --no-config --json -j $J $flags -e '$pat' $corpus"
          g="$G search --json -j $J $flags -e '$pat' $corpus"
          cr=$(sh -c "$r" | grep -c '^{"type":"match"' || true); cg=$(sh -c "$g" | wc -l) ;;
    count) r="rg --no-config -c -j $J $flags -e '$pat' $corpus"
           g="$G search -c -j $J $flags -e '$pat' $corpus"
           cr=$(sh -c "$r" | awk -F: '{s+=$NF} END {print s+0}')
           cg=$(sh -c "$g" | awk -F: '{s+=$NF} END {print s+0}') ;;
    esac
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out/h.json" "$r" "$g" >/dev/null 2>&1
    tr=$(median 0); tg=$(median 1)
    printf '| %s | `%s%s` | %s | %.3f | %.3f | %.2f | %s/%s |\n' "$corpus" "$flags${flags:+ }" "$pat" \
        "$mode" "$tr" "$tg" "$(python3 -c "print($tg/$tr)")" "$cr" "$cg"
}
row python text "-F" 'os.path.join('
row python text "" 'def \w+\(self'
row python text "" '[A-Z][a-z]+Error'
row python text "-i" 'todo'
row python count "-w" 'self'
row python json "" 'import \w+'
row django text "" '^\s*class \w+\(.*Model\):'
row go text "" 'errors\.New\('
row go text "" 'func \(\w+ \*\w+\)'
row go text "-w" 'err'
row go count "" '\w+\('
row go text "" 'ZZZQQQ_no_match'
row go json "-i" 'unicode'
