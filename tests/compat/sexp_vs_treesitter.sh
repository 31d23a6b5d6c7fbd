#!/usr/bin/env bash
# graft's sexp view against tree-sitter's own: for the input of every parse
# case whose cmd is a plain `graft parse FILE`, `graft parse --named FILE`
# with ranges, newlines and indentation removed must equal ts_node_string()
# of the same file parsed with the raw tree-sitter API (tests/tools/ts_sexp).
# Prints "ok sexp FILE" or "not ok sexp FILE" and a diff, one node a line.
set -u
cd "$(dirname "$0")/../.."
build=${GRAFT_BUILD_DIR:-build}
graft="$build/graft"
ts_sexp="$build/tests/ts_sexp"
for b in "$graft" "$ts_sexp"; do
    [ -x "$b" ] || { echo "not ok sexp: $b is not built (make tests)"; exit 1; }
done
graft="$(cd "$(dirname "$graft")" && pwd)/graft"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One line: drop " [r, c] - [r, c] a..b", leading indentation, and join the
# lines with single spaces (graft puts every node on its own line).
flatten() {
    sed -E 's/ \[[0-9]+, [0-9]+\] - \[[0-9]+, [0-9]+\] [0-9]+\.\.[0-9]+//; s/^ +//' |
        awk 'NR > 1 { printf " " } { printf "%s", $0 } END { printf "\n" }'
}

# For diffs: one node a line, its field name ("name:") and MISSING kept with it.
split_nodes() {
    awk '{
        held = ""
        for (i = 1; i <= NF; i++) {
            if ($i ~ /:$/ || $i == "(MISSING") { held = held $i " "; continue }
            print held $i
            held = ""
        }
    }'
}

n=0
for cmdfile in tests/cases/parse/*/cmd; do
    dir=${cmdfile%/cmd}
    # Plain single-file cases only: "graft parse FILE" and nothing else.
    file=$(sed -n 's/^graft parse \([^ -][^ ]*\)$/\1/p' "$cmdfile")
    [ -n "$file" ] && [ "$(wc -l < "$cmdfile")" -eq 1 ] && [ -f "$dir/$file" ] || continue
    path="$dir/$file"
    n=$((n + 1))
    if ! (cd "$dir" && "$graft" parse --named "$file") > "$tmp/graft.raw" 2> "$tmp/err"; then
        echo "not ok sexp $path: graft failed: $(cat "$tmp/err")"
        continue
    fi
    if ! "$ts_sexp" "$path" > "$tmp/ts" 2> "$tmp/err"; then
        echo "not ok sexp $path: ts_sexp failed: $(cat "$tmp/err")"
        continue
    fi
    flatten < "$tmp/graft.raw" > "$tmp/graft"
    if cmp -s "$tmp/graft" "$tmp/ts"; then
        echo "ok sexp $path"
    else
        echo "not ok sexp $path"
        split_nodes < "$tmp/ts" > "$tmp/ts.nodes"
        split_nodes < "$tmp/graft" > "$tmp/graft.nodes"
        diff -u --label tree-sitter --label graft "$tmp/ts.nodes" "$tmp/graft.nodes" | head -40
    fi
done
[ "$n" -gt 0 ] || { echo "not ok sexp: no parse cases found"; exit 1; }
