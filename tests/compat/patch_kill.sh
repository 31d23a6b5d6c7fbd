#!/usr/bin/env bash
# Crash safety of graft patch: a 200-file patch (changes, plus a created, a
# deleted and a renamed file) is applied and killed with SIGKILL at several
# moments of its write phase; afterwards every file must be byte-identical
# either to its old or to its new version (a created file absent or
# complete, a deleted one present and old, or gone). Temporary files a
# killed run leaves (hidden .NAME.graft-XXXXXX) are counted and reported.
set -u
cd "$(dirname "$0")/../.."
GRAFT=${GRAFT:-build/graft}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'EOF'
import os, sys
root = sys.argv[1]
for side in ("old", "new"):
    os.makedirs(os.path.join(root, side, "src"))
for i in range(200):
    lines = [f"file {i} line {k}: {'x' * (k % 40)}\n" for k in range(400)]
    new = list(lines)
    for k in range(5, 400, 60):
        new[k] = f"file {i} line {k}: changed\n"
    with open(os.path.join(root, "old", "src", f"f{i:03}.txt"), "w") as f:
        f.writelines(lines)
    with open(os.path.join(root, "new", "src", f"f{i:03}.txt"), "w") as f:
        f.writelines(new)
with open(os.path.join(root, "old", "deleted.txt"), "w") as f:
    f.write("to be deleted\n")
with open(os.path.join(root, "new", "created.txt"), "w") as f:
    f.write("created\n" * 50)
for side in ("old", "new"):
    name = "before.txt" if side == "old" else "after.txt"
    with open(os.path.join(root, side, name), "w") as f:
        f.write("renamed\n" * 30)
EOF
(cd "$tmp" && git -c core.quotepath=false diff --no-index -M old new) |
    sed -e 's| a/old/| a/|g; s| b/new/| b/|g; s|^--- a/old/|--- a/|; s|^+++ b/new/|+++ b/|' \
        -e 's|^rename from old/|rename from |; s|^rename to new/|rename to |' > "$tmp/p.diff"
nfiles=$(grep -c '^diff --git' "$tmp/p.diff")
if [ "$nfiles" -lt 203 ]; then
    echo "not ok patch-kill: the patch names $nfiles files, expected 203"
    exit 1
fi

# The uninterrupted run: the reference, and how long the writes take.
cp -a "$tmp/old" "$tmp/ref"
start=$(date +%s%N)
(cd "$tmp/ref" && "$GRAFT" patch --root . ../p.diff >/dev/null 2>&1)
rc=$?
took=$((($(date +%s%N) - start) / 1000000))
if [ $rc -ne 0 ] || ! diff -r "$tmp/ref" "$tmp/new" >/dev/null; then
    echo "not ok patch-kill: the uninterrupted run (exit $rc) does not give the new tree"
    exit 1
fi
echo "ok patch-kill reference: 203 files patched in ${took} ms"

for pct in 5 20 40 60 80 95; do
    rm -rf "$tmp/work"
    cp -a "$tmp/old" "$tmp/work"
    delay=$(awk -v t="$took" -v p="$pct" 'BEGIN { printf "%.3f", t * p / 100000 }')
    (cd "$tmp/work" && exec "$GRAFT" patch --root . ../p.diff >/dev/null 2>&1) &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    old=0 new=0 torn=0
    for rel in $( (cd "$tmp/old" && find . -type f; cd "$tmp/new" && find . -type f) | sort -u); do
        f="$tmp/work/$rel"
        if [ ! -e "$f" ]; then
            # absent: fine for a file only one side has
            if [ -e "$tmp/old/$rel" ] && [ -e "$tmp/new/$rel" ]; then
                torn=$((torn + 1)); echo "  missing: $rel"
            fi
        elif [ -e "$tmp/old/$rel" ] && cmp -s "$f" "$tmp/old/$rel"; then
            old=$((old + 1))
        elif [ -e "$tmp/new/$rel" ] && cmp -s "$f" "$tmp/new/$rel"; then
            new=$((new + 1))
        else
            torn=$((torn + 1)); echo "  torn: $rel"
        fi
    done
    temps=$(find "$tmp/work" -name '.*.graft-*' | wc -l)
    extra=$(cd "$tmp/work" && find . -type f ! -name '.*.graft-*' | while read -r rel; do
        [ -e "$tmp/old/$rel" ] || [ -e "$tmp/new/$rel" ] || echo "$rel"; done | wc -l)
    if [ "$torn" -eq 0 ] && [ "$extra" -eq 0 ]; then
        echo "ok patch-kill at ${pct}% (${delay}s): $old old, $new new, 0 torn ($temps temp files left)"
    else
        echo "not ok patch-kill at ${pct}% (${delay}s): $torn torn, $extra unexpected files"
    fi
done
