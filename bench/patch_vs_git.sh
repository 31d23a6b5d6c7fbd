#!/bin/sh
# graft patch against git apply: one 1,000-file patch (every file of the
# tree changed in several places, plus 10 created, 10 deleted and 10
# renamed files) applied to a fresh copy of the same tree, hyperfine
# medians, ratio graft / git apply. Run on a disk directory (graft fsyncs
# every file it writes; git apply does not) and on tmpfs (/dev/shm), where
# fsync costs nothing, to separate the two.
#
# The tree: the first 1,000 .py files of bench/corpora/python (sorted).
# Runs only on a quiet machine (1-minute load < 1.0) unless BENCH_FORCE=1.
# Environment: BUILD (default build), BENCH_RUNS (default 10).
# Prints a markdown table.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${BENCH_RUNS:-10}
GRAFT=$PWD/$BUILD/graft
die() { echo "bench: $*" >&2; exit 1; }
command -v hyperfine >/dev/null 2>&1 || die "hyperfine not found"
[ -x "$GRAFT" ] || die "'$GRAFT' not built"
load=$(cut -d' ' -f1 /proc/loadavg)
if [ "${BENCH_FORCE:-0}" != 1 ] && awk -v l="$load" 'BEGIN { exit !(l >= 1.0) }'; then
    die "machine busy (load $load): run when the 1-minute load is below 1.0, or BENCH_FORCE=1"
fi
bench/corpora.sh >/dev/null

# Outside any git work tree: git apply run inside one patches paths
# relative to its top and skips the rest.
tmp=$(mktemp -d)
export GIT_CEILING_DIRECTORIES=$(dirname "$tmp")
shm=""
[ -w /dev/shm ] && shm=$(mktemp -d /dev/shm/graft-bench.XXXXXX)
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp" ${shm:+"$shm"}' EXIT

python3 - "$tmp" <<'EOF'
import os, shutil, subprocess, sys
tmp = sys.argv[1]
src = "bench/corpora/python"
files = sorted(os.path.relpath(os.path.join(d, f), src)
               for d, _, fs in os.walk(src) for f in fs if f.endswith(".py"))[:1000]
if len(files) < 1000:
    sys.exit(f"bench: only {len(files)} .py files in {src}")
base = os.path.join(tmp, "base")
for rel in files:
    os.makedirs(os.path.dirname(os.path.join(base, rel)), exist_ok=True)
    shutil.copyfile(os.path.join(src, rel), os.path.join(base, rel))
# The new tree in a git repository, so that git diff writes the patch.
repo = os.path.join(tmp, "repo")
shutil.copytree(base, repo)
git = lambda *a: subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@b", *a],
                                cwd=repo, check=True, capture_output=True).stdout
git("init", "-q")
git("add", "-A")
git("commit", "-qm", "base")
for i, rel in enumerate(files):
    p = os.path.join(repo, rel)
    if i % 100 == 1:
        os.unlink(p)
        continue
    with open(p, "rb") as f:
        lines = f.read().split(b"\n")
    for k in range(3, len(lines), 97):
        lines[k] = lines[k] + b"  # changed"
    lines.insert(len(lines) // 2, b"# inserted line")
    with open(p, "wb") as f:
        f.write(b"\n".join(lines))
    if i % 100 == 2:
        os.rename(p, p[:-3] + "_renamed.py")
    if i % 100 == 3:
        with open(p[:-3] + "_new.py", "wb") as f:
            f.write(b"new = 1\n" * 20)
git("add", "-A")
with open(os.path.join(tmp, "p.diff"), "wb") as f:
    f.write(git("diff", "--cached", "-M"))
EOF
nfiles=$(grep -c '^diff --git' "$tmp/p.diff")

# One directory per tool, copied from base before every run.
run_pair() { # DIR LABEL
    d=$1
    if [ "$d" != "$tmp" ]; then
        rm -rf "$d/base" && cp -a "$tmp/base" "$d/base" && cp "$tmp/p.diff" "$d/p.diff"
    fi
    hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$d/h.json" \
        --prepare "sh -c 'rm -rf $d/w && cp -a $d/base $d/w'" \
        -n graft "sh -c 'cd $d/w && $GRAFT patch --root . ../p.diff >/dev/null'" \
        -n git-apply "sh -c 'cd $d/w && git apply ../p.diff'" >/dev/null 2>"$d/h.err"
    python3 - "$d/h.json" "$2" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
g, a = r["graft"]["median"], r["git-apply"]["median"]
print(f"| {sys.argv[2]} | {g * 1000:.0f} | {a * 1000:.0f} | {g / a:.2f} |")
EOF
}

# Both tools must produce the same tree first.
for t in graft git; do
    rm -rf "$tmp/$t" && cp -a "$tmp/base" "$tmp/$t"
done
(cd "$tmp/graft" && "$GRAFT" patch --root . ../p.diff >/dev/null) || die "graft patch failed"
(cd "$tmp/git" && git apply ../p.diff) || die "git apply failed"
diff -r "$tmp/graft" "$tmp/git" >/dev/null || die "graft and git apply disagree"

echo "graft patch vs git apply: $nfiles files, $(wc -c < "$tmp/p.diff") bytes of patch," \
     "$RUNS runs, medians (load $load, $(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "| file system | graft patch ms | git apply ms | graft / git apply |"
echo "|---|---:|---:|---:|"
run_pair "$tmp" "disk"
[ -n "$shm" ] && run_pair "$shm" "tmpfs"
