"""graft symbols against Python's own ast over a directory of Python files.

For every file that Python parses, the class and function definitions ast
reports (ClassDef, FunctionDef, AsyncFunctionDef, with their nesting) must
be exactly the class/function/method/constructor/property symbols graft lists: same
name path (graft's [i] indexes dropped), same first line (the first
decorator's when decorated) and same last line, except that graft's range
also holds comments at the end of the body (indented inside it), which ast
does not see: there graft may end later, on a comment line, with only
comments and blank lines after ast's last line.

A file that tree-sitter's Python grammar cannot parse (graft parse --errors
reports a syntax error where Python reports none) is a grammar limitation,
documented in docs/compat.md; such files are counted and named, not failed.

usage: python_symbols.py GRAFT DIR   (site-packages and dist-packages left out)
prints "ok python_symbols/..." or "not ok ..." lines (the tests/run protocol).
"""
import ast
import collections
import json
import os
import re
import subprocess
import sys
import warnings

graft, root = sys.argv[1], sys.argv[2]
DEFS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def ast_defs(tree):
    out = []

    def walk(node, path):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, DEFS):
                p = path + [child.name]
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                out.append(("/".join(p), first, child.end_lineno))
                walk(child, p)
            else:
                walk(child, path)

    walk(tree, [])
    return collections.Counter(out)


proc = subprocess.run(
    [graft, "symbols", "--json=stream", "-l", "python", "-j2",
     "--kind", "class", "--kind", "function", "--kind", "method", "--kind", "constructor", "--kind", "property",
     "-g", "!site-packages", "-g", "!dist-packages", root],
    capture_output=True, text=True)
if proc.returncode not in (0, 1):
    print("not ok python_symbols/run (graft exit %d)" % proc.returncode)
    print(proc.stderr[:2000])
    sys.exit(1)
got = collections.defaultdict(collections.Counter)
for line in proc.stdout.splitlines():
    r = json.loads(line)
    path = re.sub(r"\[\d+\]", "", r["name_path"])
    got[r["file"]][(path, r["range"]["start"]["line"] + 1, r["range"]["end"]["line"] + 1)] += 1

files = agree = skipped = 0
bad = []
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages"))
    for fn in sorted(filenames):
        if not fn.endswith(".py"):
            continue
        p = os.path.join(dirpath, fn)
        try:
            with open(p, "rb") as f:
                src = f.read()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(src, p)
        except (SyntaxError, ValueError, UnicodeDecodeError):
            skipped += 1
            continue
        files += 1
        want = ast_defs(tree)
        have = got.get(p, collections.Counter())
        if want != have:
            lines = src.decode("utf-8", "replace").split("\n")

            def only_comments(a, b):
                rest = [l.strip() for l in lines[a:b]]
                return rest and rest[-1].startswith("#") and all(
                    not l or l.startswith("#") for l in rest)

            for (path, first, last), n in list((have - want).items()):
                for (wp, wf, wl) in list((want - have).elements()):
                    if (wp, wf) == (path, first) and wl < last and only_comments(wl, last):
                        have[(path, first, last)] -= 1
                        have[(wp, wf, wl)] += 1
                        break
            have = +have
        if want == have:
            agree += 1
        else:
            bad.append((p, sorted((want - have).elements())[:5], sorted((have - want).elements())[:5]))

# Disagreements in files tree-sitter cannot parse are grammar limitations.
limited = []
if bad:
    pe = subprocess.run([graft, "parse", "--errors", "--format", "json-compact", "-l", "python"]
                        + [p for p, _, _ in bad], capture_output=True, text=True)
    broken = {r["file"] for r in json.loads(pe.stdout or "[]")}
    limited = [b for b in bad if b[0] in broken]
    bad = [b for b in bad if b[0] not in broken]
note = ""
if limited:
    note = "; tree-sitter cannot parse: " + " ".join(os.path.relpath(p, root) for p, _, _ in limited)
if bad:
    print("not ok python_symbols/agree %s (%d of %d files differ; %d not parsed by python%s)"
          % (os.path.basename(root.rstrip("/")), len(bad), files, skipped, note))
    for p, missing, extra in bad[:15]:
        print("  %s\n    ast only:   %s\n    graft only: %s" % (p, missing, extra))
    sys.exit(1)
print("ok python_symbols/agree %s (%d files agree on every definition; %d python cannot parse%s)"
      % (os.path.basename(root.rstrip("/")), agree, skipped, note))
