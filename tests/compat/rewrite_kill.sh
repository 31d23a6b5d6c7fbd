#!/usr/bin/env bash
# Crash safety of rewrite --write: kill -9 at a random moment during a
# rewrite over the Django corpus (859 files); afterwards every file must be
# byte-identical either to its original or to the fully rewritten version
# (computed by an uninterrupted run on another copy). Temp files a killed
# run leaves behind (hidden .NAME.graft-XXXXXX) are counted and reported.
set -u
cd "$(dirname "$0")/../.."
bench/corpora.sh >/dev/null || { echo "not ok rewrite-kill: bench/corpora.sh failed"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
src=bench/corpora/django
pat='$A = $B'; rep='$A = ($B)'
cp -a "$src" "$tmp/orig"
cp -a "$src" "$tmp/new"
"$GRAFT" rewrite "$pat" "$rep" --write -l python "$tmp/new" >/dev/null 2>&1
changed=$( (cd "$tmp/orig" && find . -type f | sort | xargs sha256sum) | \
           diff - <(cd "$tmp/new" && find . -type f | sort | xargs sha256sum) | grep -c '^>' )
[ "$changed" -gt 100 ] || { echo "not ok rewrite-kill: the reference run changed only $changed files"; exit 1; }
for delay in 0.15 0.4 0.7; do
    rm -rf "$tmp/work"; cp -a "$src" "$tmp/work"
    "$GRAFT" rewrite "$pat" "$rep" --write -l python "$tmp/work" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    bad=0 old=0 new=0
    while IFS= read -r f; do
        if cmp -s "$tmp/work/$f" "$tmp/orig/$f"; then old=$((old + 1))
        elif cmp -s "$tmp/work/$f" "$tmp/new/$f"; then new=$((new + 1))
        else bad=$((bad + 1)); echo "  torn file: $f"; fi
    done < <(cd "$tmp/orig" && find . -type f)
    temps=$(find "$tmp/work" -name '.*.graft-*' | wc -l)
    if [ "$bad" -eq 0 ]; then
        echo "ok rewrite-kill after ${delay}s: $old old, $new new, 0 torn ($temps temp files left)"
    else
        echo "not ok rewrite-kill after ${delay}s: $bad torn files"
    fi
done
