"""Byte-exact round trips of graft splice over real files.

For a sample of definitions in real Python files, and in variants of those
files (CRLF line endings, tab indentation, no final newline):
  - replace with the definition's own text (graft show)  -> file unchanged
  - insert-after a probe definition, then delete it       -> file unchanged
  - insert-before a probe definition, then delete it      -> file unchanged
and the file with the probe inserted parses without new errors (graft
refuses otherwise, which fails the round trip).

usage: splice_roundtrip.py GRAFT DIR [FILES [LANG]]   (LANG: python, javascript,
typescript; default python)
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
LANG = sys.argv[4] if len(sys.argv) > 4 else "python"
PROBE = "graft_probe_fn"
# per language: file extensions, and for each kind of definition tried, the
# probe definition inserted beside it (None: that kind is not tried)
JS_PROBES = {
    "function": b"function graft_probe_fn() {\n  return 1;\n}\n",
    "method": b"graft_probe_fn() {\n  return 1;\n}\n",
}
LANGS = {
    "python": ((".py",), {k: b"def graft_probe_fn(*args):\n    return 1\n"
                          for k in ("class", "function", "method", "property")}),
    "javascript": ((".js",), JS_PROBES),
    "typescript": ((".ts",), JS_PROBES),
}
EXTS, PROBES = LANGS[LANG]


def run(*args, **kw):
    return subprocess.run([graft, *args], capture_output=True, **kw)


def symbols(path):
    p = run("symbols", "--json=stream", "-l", LANG, path)
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
    shown = run("show", spec, "-l", LANG)
    if shown.returncode != 0:
        failures.append((tag, sym["name_path"], "show failed: " + shown.stderr.decode()[:200]))
        return
    r = run("splice", spec, "--replace", "--with", "-", "--write", "-l", LANG,
            input=shown.stdout)
    if r.returncode != 0 or open(path, "rb").read() != orig:
        failures.append((tag, sym["name_path"], "replace with own text changed the file: "
                         + r.stdout.decode()[:300] + r.stderr.decode()[:200]))
        open(path, "wb").write(orig)
        return
    probe = PROBES[sym["kind"]]
    for where in ("--insert-after", "--insert-before"):
        r = run("splice", spec, where, "--with", "-", "--write", "-l", LANG, input=probe)
        if r.returncode != 0:
            failures.append((tag, sym["name_path"], where + " failed: " + r.stderr.decode()[:300]))
            open(path, "wb").write(orig)
            continue
        d = run("splice", "%s::%s" % (path, PROBE), "--delete", "--write", "-l", LANG)
        now = open(path, "rb").read()
        if d.returncode != 0 or now != orig:
            failures.append((tag, sym["name_path"], where + " then delete: not the original "
                             + d.stdout.decode()[:400] + d.stderr.decode()[:200]))
            open(path, "wb").write(orig)


files = []
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages"))
    files += [os.path.join(dirpath, f) for f in sorted(filenames)
              if f.endswith(EXTS) and not f.endswith(".d.ts") and ".min." not in f]
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
            path = os.path.join(tmp, "f_%d_%s%s" % (tried, tag, EXTS[0]))
            open(path, "wb").write(data)
            ys = symbols(path)
            # first, middle and last definitions that are not variables
            # JS/TS: functions at the top level, methods of classes (not of
            # interfaces or object literals, where a method body is invalid)
            kinds = {y["name_path"]: y["kind"] for y in ys}
            defs = [y for y in ys if y["kind"] in PROBES
                    and (LANG == "python" or y["kind"] != "function" or not y["parent"])
                    and (LANG == "python" or y["kind"] != "method"
                         or kinds.get(y["parent"]) == "class")]
            if not defs:
                continue
            pick = {0, len(defs) // 2, len(defs) - 1}
            for k in sorted(pick):
                ops += 1
                check(path, defs[k], failures, "%s[%s]" % (os.path.relpath(src_path, root), tag))
finally:
    shutil.rmtree(tmp)

if not ops:
    print("not ok splice_roundtrip/%s (no definition found to try under %s)" % (LANG, root))
    sys.exit(1)
if failures:
    print("not ok splice_roundtrip/%s (%d of %d definitions)" % (LANG, len(failures), ops))
    for f in failures[:12]:
        print("  %s %s: %s" % f)
    sys.exit(1)
print("ok splice_roundtrip/%s (%d definitions in %d files x LF/CRLF/tabs/no-final-newline)"
      % (LANG, ops, tried))
