#!/usr/bin/env python3
"""Differential test for graft's unified diffs: for random pairs of files
(edits, insertions, deletions, missing final newlines, CRLF, empty files),
the diff graft writes must turn the old file into the new one byte for byte
under GNU patch (-p1) and under git apply, and its line counts must equal
those of `diff -u`. Prints "ok NAME" / "not ok NAME"."""
import os
import random
import shutil
import subprocess
import sys
import tempfile

UDIFF = os.path.join(os.environ.get("GRAFT_BUILD_DIR", "build"), "tests", "udiff")


def mutate(rnd, lines):
    out = list(lines)
    for _ in range(rnd.randint(0, 6)):
        op = rnd.random()
        pos = rnd.randint(0, len(out))
        if op < 0.35 and out:
            del out[min(pos, len(out) - 1)]
        elif op < 0.7:
            out.insert(pos, f"new {rnd.randint(0, 99)}\n")
        elif out:
            out[min(pos, len(out) - 1)] = f"changed {rnd.randint(0, 99)}\n"
    return out


def make_pair(rnd):
    n = rnd.choice([0, 1, 2, 5, 20, 60])
    vocab = [f"line {i}\n" for i in range(8)] + ["\n", "x\n", "}\n"]
    a = [rnd.choice(vocab) for _ in range(n)]
    b = mutate(rnd, a)
    if rnd.random() < 0.2:
        a = [l.replace("\n", "\r\n") for l in a]
        b = [l.replace("\n", "\r\n") for l in b]
    sa, sb = "".join(a), "".join(b)
    if rnd.random() < 0.3 and sa:
        sa = sa.rstrip("\n")
    if rnd.random() < 0.3 and sb:
        sb = sb.rstrip("\n")
    return sa.encode(), sb.encode()


def counts(diff):
    plus = sum(1 for l in diff.splitlines() if l.startswith(b"+") and not l.startswith(b"+++"))
    minus = sum(1 for l in diff.splitlines() if l.startswith(b"-") and not l.startswith(b"---"))
    return plus, minus


def check(seed):
    rnd = random.Random(seed)
    a, b = make_pair(rnd)
    d = tempfile.mkdtemp()
    try:
        os.makedirs(os.path.join(d, "w"))
        pa, pb = os.path.join(d, "old"), os.path.join(d, "new")
        open(pa, "wb").write(a)
        open(pb, "wb").write(b)
        diff = subprocess.run([UDIFF, pa, pb, "f.txt"], capture_output=True, check=True).stdout
        if a == b:
            return diff == b"", "identical files gave a diff"
        ref = subprocess.run(["diff", "-u", pa, pb], capture_output=True).stdout
        if counts(diff) != counts(ref):
            return False, f"line counts {counts(diff)} != diff -u {counts(ref)}"
        for tool in (["patch", "-s", "-p1", "--binary"], ["git", "apply", "--unidiff-zero"]):
            w = os.path.join(d, "w")
            open(os.path.join(w, "f.txt"), "wb").write(a)
            r = subprocess.run(tool, input=diff, cwd=w, capture_output=True)
            got = open(os.path.join(w, "f.txt"), "rb").read()
            if r.returncode != 0 or got != b:
                return False, f"{tool[0]} failed ({r.returncode}: {r.stderr[:200]!r})\n{diff[:800]!r}"
        return True, ""
    finally:
        shutil.rmtree(d)


def main():
    bad = 0
    for seed in range(int(os.environ.get("GRAFT_DIFF_SEEDS", "150"))):
        ok, why = check(seed)
        if ok:
            print(f"ok diff-vs-patch seed={seed}")
        else:
            bad += 1
            print(f"not ok diff-vs-patch seed={seed}: {why}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
