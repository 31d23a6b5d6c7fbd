#!/usr/bin/env python3
"""Differential test: `graft search` against ripgrep on the same trees, and
`graft tree` against the `tree` program (or, without it, against the file
set of `graft files`). Prints "ok NAME" / "not ok NAME".

Trees: the benchmark corpora when installed (bench/corpora.sh), else this
repository's sources and the system's Python library. For each pattern the
set of (path, line, text) that both tools print must be equal, and so must
the per-file counts of -c; a subset also compares --json submatches with
rg --json, and context output byte for byte with rg --sort path.

Patterns marked "pcre" are compared with rg -P (ripgrep's PCRE2 mode, same
syntax and Unicode classes as graft: PCRE2's \\w is L|N|_, Rust's
Alphabetic|M|Nd|Pc, so "i" is a word of its own before a combining mark for
PCRE2 only); the others with ripgrep's default engine, on which they mean
the same thing. Scripts are written \\p{sc=Greek}: PCRE2 10.40+ reads
\\p{Greek} as Script_Extensions (U+0342 is Greek there), Rust as Script.
"""
import base64
import glob
import json
import os
import shutil
import subprocess
import sys

GRAFT = os.environ.get("GRAFT", "build/graft")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)

# name, graft/rg flags, pattern, engine
CASES = [
    ("method-def", [], r"def \w+\(self", "rust"),
    ("anchor-start", [], r"^import ", "rust"),
    ("anchor-end", [], r"return None$", "rust"),
    ("anchors-both", [], r"^\s*pass\s*$", "rust"),
    ("class", [], r"[A-Z][a-z]+Error\b", "rust"),
    ("negated-class", [], r"[^\x00-\x7F]+", "rust"),
    ("posix-class", [], r"[[:digit:]]{4}-[[:digit:]]{2}", "rust"),
    ("alternation", [], r"TODO|FIXME|XXX", "rust"),
    ("dot", [], r"a.c\(", "rust"),
    ("inner-literal", [], r"\s+return None$", "rust"),
    ("inner-literal-escaped", [], r"\w+\.join\(", "rust"),
    ("inner-literal-word", ["-w"], r"[a-z]+_test", "rust"),
    ("repetition", [], r"\d{3,}", "rust"),
    ("trailing-space", [], r"\s+$", "rust"),
    ("escape-dollar", [], r"\$\{", "rust"),
    ("ignore-case", ["-i"], r"select", "rust"),
    ("ignore-case-class", ["-i"], r"http[s]?://", "rust"),
    ("word", ["-w"], r"self", "rust"),
    ("word-short", ["-w"], r"i", "pcre"),
    ("word-punct", ["-w"], r"==", "rust"),
    ("word-ignore-case", ["-w", "-i"], r"none", "rust"),
    ("fixed", ["-F"], r"os.path.join(", "rust"),
    ("fixed-ignore-case", ["-F", "-i"], r"NOTIMPLEMENTED", "rust"),
    ("fixed-word", ["-F", "-w"], r"a.b", "rust"),
    ("fixed-backslash", ["-F"], "\\n", "rust"),
    ("unicode-literal", [], r"日本語", "rust"),
    ("unicode-script", [], r"\p{sc=Greek}+", "rust"),
    ("unicode-cyrillic-i", ["-i"], r"ТЕСТ", "rust"),
    ("unicode-latin-i", ["-i"], r"ÁÀÄÉ", "rust"),
    ("unicode-han", [], r"\p{sc=Han}{2,}", "rust"),
    ("unicode-word", [], r"\w+²", "pcre"),
    ("unicode-word-flag", ["-w"], r"тест", "rust"),
    ("empty-match", [], r"^$", "rust"),
    ("empty-submatches", ["-g", "*tokenize*"], r"x*", "rust"),
    ("lookahead", [], r"\w+(?=\(\)\s*$)", "pcre"),
    ("lookbehind", [], r"(?<=import )\w+", "pcre"),
    ("backreference", [], r"\b(\w+) \1\b", "pcre"),
    ("possessive", [], r"\d++\.", "pcre"),
]
# Cases whose --json submatches are compared too, and context runs.
JSON_CASES = {"method-def", "fixed", "ignore-case", "word-short", "lookbehind", "unicode-latin-i",
              "empty-submatches", "negated-class", "fixed-word"}
CONTEXT_CASES = [("context", ["-C", "2"], r"raise NotImplementedError"),
                 ("context-after-max", ["-A", "3", "-m", "2"], r"^class "),
                 ("context-before", ["-B", "1"], r"^\s*@property")]

passed = failed = 0


def ok(name, detail=""):
    global passed
    passed += 1
    print(f"ok {name}" + (f" ({detail})" if detail else ""))


def not_ok(name, lines=()):
    global failed
    failed += 1
    print(f"not ok {name}")
    for line in list(lines)[:10]:
        print("  " + line)


def run(args):
    r = subprocess.run(args, capture_output=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"{args[0]} failed ({r.returncode}): " + r.stderr.decode(errors="replace")[:500])
    return r.stdout


def trees():
    corpora = [d for d in ("bench/corpora/python", "bench/corpora/django") if os.path.isdir(d)]
    if corpora:
        return corpora
    return ["src", "tests/cases"] + sorted(glob.glob("/usr/lib/python3*"))[:1]


def rg_cmd(engine, flags):
    cmd = ["rg", "--no-config", "--no-heading", "-n", "-H", "-j", "2"]
    if engine == "pcre":
        cmd.append("-P")
    return cmd + flags


def compare_lines(name, flags, pat, engine, dirs):
    g = run([GRAFT, "search", "-H", "-j", "2", *flags, "-e", pat, *dirs]).splitlines()
    r = run(rg_cmd(engine, flags) + ["-e", pat, *dirs]).splitlines()
    if sorted(g) == sorted(r):
        ok(f"search {name}", f"{len(g)} lines")
    else:
        gs, rs = set(g), set(r)
        not_ok(f"search {name}",
               [f"only graft: {x[:150]!r}" for x in sorted(gs - rs)[:5]] +
               [f"only rg:    {x[:150]!r}" for x in sorted(rs - gs)[:5]])
    gc = dict(x.rsplit(b":", 1) for x in run([GRAFT, "search", "-c", *flags, "-e", pat, *dirs]).splitlines())
    rc = dict(x.rsplit(b":", 1) for x in run(rg_cmd(engine, ["-c", *flags]) + ["-e", pat, *dirs]).splitlines())
    if gc == rc:
        ok(f"search -c {name}", f"{len(gc)} files")
    else:
        diff = sorted(set(gc.items()) ^ set(rc.items()))
        not_ok(f"search -c {name}", [repr(d) for d in diff[:8]])


def rg_json(engine, flags, pat, dirs):
    out = set()
    for line in run(rg_cmd(engine, ["--json", *flags]) + ["-e", pat, *dirs]).splitlines():
        o = json.loads(line)
        if o["type"] != "match":
            continue
        d = o["data"]
        text = d["lines"].get("text")
        if text is None:
            text = base64.b64decode(d["lines"]["bytes"]).decode("utf-8", "replace")
        if text.endswith("\n"):
            text = text[:-1]
        # ripgrep 13 (regex 1.5, byte-oriented iteration) also reports empty
        # matches inside a UTF-8 sequence; graft steps over whole
        # characters, as later ripgreps do.
        raw = text.encode()
        subs = tuple((s["start"], s["end"]) for s in d["submatches"]
                     if not (s["start"] == s["end"] and s["start"] < len(raw)
                             and 0x80 <= raw[s["start"]] < 0xC0))
        out.add((d["path"]["text"], d["line_number"], text, subs))
    return out


def compare_json(name, flags, pat, engine, dirs):
    got = set()
    for line in run([GRAFT, "search", "--json", *flags, "-e", pat, *dirs]).splitlines():
        o = json.loads(line)
        subs = tuple((s["start"], s["end"]) for s in o["submatches"])
        col = subs[0][0] + 1 if subs else 1
        if o["column"] != col or any(o["text"].encode()[a:b].decode("utf-8", "replace") != s["text"]
                                     for (a, b), s in zip(subs, o["submatches"])
                                     if "\ufffd" not in o["text"]):
            not_ok(f"search --json {name}", [f"inconsistent object: {line[:200]!r}"])
            return
        got.add((o["path"], o["line"], o["text"], subs))
    want = rg_json(engine, flags, pat, dirs)
    if got == want:
        ok(f"search --json {name}", f"{len(got)} objects")
    else:
        not_ok(f"search --json {name}",
               [f"only graft: {x!r}"[:200] for x in sorted(got - want)[:5]] +
               [f"only rg:    {x!r}"[:200] for x in sorted(want - got)[:5]])


def compare_context(name, flags, pat, dirs):
    g = run([GRAFT, "search", "-H", *flags, "-e", pat, *dirs])
    r = run(["rg", "--no-config", "--no-heading", "-n", "-H", "--sort", "path", *flags, "-e", pat, *dirs])
    if g == r:
        ok(f"search {name}", f"{len(g.splitlines())} lines, same bytes")
    else:
        gl, rl = g.splitlines(), r.splitlines()
        i = next((k for k in range(min(len(gl), len(rl))) if gl[k] != rl[k]), min(len(gl), len(rl)))
        not_ok(f"search {name}", [f"first difference at output line {i + 1}:",
                                  f"graft: {gl[i] if i < len(gl) else b'<end>'!r}"[:200],
                                  f"rg:    {rl[i] if i < len(rl) else b'<end>'!r}"[:200]])


def compare_tree(dirs):
    for d in dirs:
        g = run([GRAFT, "tree", "--hidden", "--no-ignore", d])
        links = any(os.path.islink(os.path.join(top, n))
                    for top, ds, fs in os.walk(d) for n in ds + fs)
        if links:
            # tree shows symbolic links, graft leaves them out, as its walker.
            print(f"# tree {d}: has symbolic links; compared with graft files only")
        elif shutil.which("tree"):
            env = dict(os.environ, LC_ALL="C.UTF-8")
            r = subprocess.run(["tree", "-a", "-n", "-I", ".git", d], capture_output=True, env=env).stdout
            if g == r:
                ok(f"tree {d}", "same bytes as tree -a")
            else:
                gl, rl = g.splitlines(), r.splitlines()
                i = next((k for k in range(min(len(gl), len(rl))) if gl[k] != rl[k]), min(len(gl), len(rl)))
                not_ok(f"tree {d}", [f"line {i + 1}: graft {gl[i] if i < len(gl) else b''!r} "
                                     f"tree {rl[i] if i < len(rl) else b''!r}"])
        # Whatever tree says: the files of graft tree (default ignore rules)
        # are those of graft files plus the binary and large files it skips.
        t = json.loads(run([GRAFT, "tree", "--json", d]))
        files = set()

        def walk(n):
            if n["type"] == "file":
                files.add(n["path"])
            for k in n.get("children", []):
                walk(k)
        walk(t)
        listed = set(run([GRAFT, "files", "--max-filesize", "4G", d]).decode().splitlines())

        def binary(p):
            with open(p, "rb") as f:
                return b"\0" in f.read(8192)
        extra = {p for p in files - listed if not binary(p)}
        if listed <= files and not extra:
            ok(f"tree-vs-files {d}", f"{len(files)} files")
        else:
            not_ok(f"tree-vs-files {d}", [f"only graft files: {p}" for p in sorted(listed - files)[:5]] +
                   [f"only graft tree: {p}" for p in sorted(extra)[:5]])


def main():
    if not shutil.which("rg"):
        print("not ok search-rg: ripgrep (rg) is not installed")
        return 1
    dirs = trees()
    print(f"# trees: {' '.join(dirs)}")
    for name, flags, pat, engine in CASES:
        compare_lines(name, flags, pat, engine, dirs)
        if name in JSON_CASES:
            compare_json(name, flags, pat, engine, dirs)
    # ripgrep takes its PATHs in the order given, graft sorts them all: one
    # tree at a time, the outputs are comparable byte for byte.
    for name, flags, pat in CONTEXT_CASES:
        for d in dirs:
            compare_context(f"{name} {d}", flags, pat, [d])
    compare_tree(dirs + ["src"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
