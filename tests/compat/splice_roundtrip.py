"""Byte-exact round trips of graft splice over real files.

For a sample of definitions in real Python files, and in variants of those
files (CRLF line endings, tab indentation, no final newline):
  - replace with the definition's own text (graft show)  -> file unchanged
  - insert-after a probe definition, then delete it       -> file unchanged
  - insert-before a probe definition, then delete it      -> file unchanged
and the file with the probe inserted parses without new errors (graft
refuses otherwise, which fails the round trip).

usage: splice_roundtrip.py GRAFT DIR [FILES]
prints "ok splice_roundtrip/..." / "not ok ..." lines.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

graft, root = sys.argv[1], sys.argv[2]
nfiles = int(sys.argv[3]) if len(sys.argv) > 3 else 60
PROBE = "graft_probe_fn"


def run(*args, **kw):
    return subprocess.run([graft, *args], capture_output=True, **kw)


def symbols(path):
    p = run("symbols", "--json=stream", "-l", "python", path)
    return [json.loads(l) for l in p.stdout.splitlines()]


def variants(src):
    yield "lf", src
    yield "crlf", src.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if src.endswith(b"\n"):
        yield "no-final-newline", src.rstrip(b"\n")
    lines = src.split(b"\n")
    if all(not l.startswith(b"\t") for l in lines) and any(l.startswith(b"    ") for l in lines):
        def tabify(l):
            n = len(l) - len(l.lstrip(b" "))
            return b"\t" * (n // 4) + b" " * (n % 4) + l[n:]
        yield "tabs", b"\n".join(tabify(l) for l in lines)


def check(path, sym, failures, tag):
    orig = open(path, "rb").read()
    spec = "%s::/%s" % (path, sym["name_path"])
    # replace with its own text
    shown = run("show", spec, "-l", "python")
    if shown.returncode != 0:
        failures.append((tag, sym["name_path"], "show failed: " + shown.stderr.decode()[:200]))
        return
    r = run("splice", spec, "--replace", "--with", "-", "--write", "-l", "python",
            input=shown.stdout)
    if r.returncode != 0 or open(path, "rb").read() != orig:
        failures.append((tag, sym["name_path"], "replace with own text changed the file: "
                         + r.stdout.decode()[:300] + r.stderr.decode()[:200]))
        open(path, "wb").write(orig)
        return
    probe = b"def %s(*args):\n    return 1\n" % PROBE.encode()
    for where in ("--insert-after", "--insert-before"):
        r = run("splice", spec, where, "--with", "-", "--write", "-l", "python", input=probe)
        if r.returncode != 0:
            failures.append((tag, sym["name_path"], where + " failed: " + r.stderr.decode()[:300]))
            open(path, "wb").write(orig)
            continue
        d = run("splice", "%s::%s" % (path, PROBE), "--delete", "--write", "-l", "python")
        now = open(path, "rb").read()
        if d.returncode != 0 or now != orig:
            failures.append((tag, sym["name_path"], where + " then delete: not the original "
                             + d.stdout.decode()[:400] + d.stderr.decode()[:200]))
            open(path, "wb").write(orig)


files = []
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages"))
    files += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
random.Random(7).shuffle(files)
tmp = tempfile.mkdtemp()
failures = []
tried = ops = 0
try:
    for src_path in files:
        if tried >= nfiles:
            break
        src = open(src_path, "rb").read()
        if b"\0" in src or len(src) > 200_000:
            continue
        if PROBE.encode() in src:
            continue
        tried += 1
        for tag, data in variants(src):
            path = os.path.join(tmp, "f_%d_%s.py" % (tried, tag))
            open(path, "wb").write(data)
            ys = symbols(path)
            # first, middle and last definitions that are not variables
            defs = [y for y in ys if y["kind"] in ("class", "function", "method", "property")]
            if not defs:
                continue
            pick = {0, len(defs) // 2, len(defs) - 1}
            for k in sorted(pick):
                ops += 1
                check(path, defs[k], failures, "%s[%s]" % (os.path.relpath(src_path, root), tag))
finally:
    shutil.rmtree(tmp)

if failures:
    print("not ok splice_roundtrip/python (%d of %d definitions)" % (len(failures), ops))
    for f in failures[:12]:
        print("  %s %s: %s" % f)
    sys.exit(1)
print("ok splice_roundtrip/python (%d definitions in %d files x LF/CRLF/tabs/no-final-newline)"
      % (ops, tried))
