#!/usr/bin/env python3
"""Differential test over whole corpora: for each (corpus, language,
pattern), the set of (file, start byte, end byte) that `graft find` reports
must equal ast-grep 0.51.1's. Files that are not valid UTF-8 are left out of
the comparison: ast-grep skips them, graft searches them (docs/compat.md,
non-utf8-files). Prints "ok NAME" / "not ok NAME"."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRAFT = os.environ.get("GRAFT", os.path.join(ROOT, "build", "graft"))
AST_GREP = os.path.join(ROOT, "node_modules", "@ast-grep", "cli-linux-x64-gnu", "ast-grep")

CASES = [
    ("python", "python", "print($$$A)"),
    ("python", "python", "subprocess.run($$$A)"),
    ("python", "python", "os.path.join($$$A)"),
    ("python", "python", "$A == $A"),
    ("django", "python", "$A = $B"),
    ("django", "python", "if $C: $$$B"),
    ("go", "go", "$A := $B"),
    ("go", "go", "if err != nil { return $$$R }"),
    ("typescript", "typescript", "type $T = $V;"),
    ("typescript", "typescript", "interface $I { $$$ }"),
]


def utf8(path, cache={}):
    if path not in cache:
        try:
            with open(path, "rb") as f:
                f.read().decode("utf-8")
            cache[path] = True
        except UnicodeDecodeError:
            cache[path] = False
    return cache[path]


def matches(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(r.stderr.decode(errors="replace")[:300])
    out = set()
    for line in r.stdout.splitlines():
        m = json.loads(line)
        if utf8(os.path.join(cwd, m["file"])):
            out.add((m["file"], m["range"]["byteOffset"]["start"], m["range"]["byteOffset"]["end"]))
    return out


def main():
    corpora = os.path.join(ROOT, "bench", "corpora")
    bad = 0
    for corpus, lang, pat in CASES:
        name = f"astgrep-corpus {corpus} {pat!r}"
        if not os.path.isdir(os.path.join(corpora, corpus)):
            print(f"not ok {name}: corpus missing (bench/corpora.sh)")
            bad += 1
            continue
        want = matches([AST_GREP, "run", "-p", pat, "-l", lang, "--json=stream", corpus], corpora)
        got = matches([GRAFT, "find", pat, "-l", lang, "--json=stream", corpus], corpora)
        if got == want:
            print(f"ok {name} ({len(want)} matches)")
        else:
            bad += 1
            print(f"not ok {name}: ast-grep {len(want)}, graft {len(got)}")
            for x in sorted(want - got)[:5]:
                print(f"  only ast-grep: {x}")
            for x in sorted(got - want)[:5]:
                print(f"  only graft:    {x}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
