#!/usr/bin/env python3
"""Differential test: `graft find` against ast-grep 0.51.1 (npm @ast-grep/cli)
on the cases in tests/compat/astgrep/*.case. Each match list is compared as
parsed JSON (text, byte/line/column ranges, lines, charCount, language,
captured metavariables). Prints "ok NAME" / "not ok NAME" per pattern.

Case file format: header lines `key: value` up to a line `---`, then the
source. Keys: `lang` (graft name), `ext` (file extension, default from the
language), `pattern` (repeatable: each is one case), `strictness`,
`selector`. A pattern line may carry per-pattern options after ` ## `:
`pattern: foo($A) ## strictness=ast selector=call`.

A rewrite case writes `pattern: PATTERN ==> REPLACEMENT`: the JSON (with
replacement) is compared, then both tools rewrite a copy of the file
(ast-grep -U, graft rewrite --write) and the results must be identical.

A documented divergence (docs/compat.md) is marked `known=ID graft=N`: the
case passes when ast-grep and graft still differ and graft finds exactly N
matches, so a change on either side is noticed."""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRAFT = os.environ.get("GRAFT", os.path.join(ROOT, "build", "graft"))
AST_GREP = os.path.join(ROOT, "node_modules", "@ast-grep", "cli-linux-x64-gnu", "ast-grep")
EXT = {"python": "py", "javascript": "js", "typescript": "ts", "tsx": "tsx", "java": "java",
       "go": "go", "rust": "rs", "c": "c", "cpp": "cpp", "json": "json", "yaml": "yaml",
       "bash": "sh"}


def parse_case(path):
    with open(path, encoding="utf-8", newline="") as f:  # keep CRLF bodies
        text = f.read()
    head, _, body = text.replace("\r\n---\r\n", "\n---\n", 1).partition("\n---\n")
    meta = {"pattern": []}
    for line in head.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "pattern":
            meta["pattern"].append(value)
        else:
            meta[key.strip()] = value
    return meta, body


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def rewrite_same(d, fname, body, pat, repl, lang, flags):
    """Rewrites fresh copies with both tools; returns (equal, explanation)."""
    results = []
    for tool in ("ast-grep", "graft"):
        sub = os.path.join(d, tool)
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, fname), "w", encoding="utf-8", newline="") as f:
            f.write(body)
        if tool == "ast-grep":
            cmd = [AST_GREP, "run", "-p", pat, "-r", repl, "-l", lang, "-U", *flags, fname]
        else:
            cmd = [GRAFT, "rewrite", pat, repl, "-l", lang, "--write", *flags, fname]
        run(cmd, sub)
        with open(os.path.join(sub, fname), "rb") as f:
            results.append(f.read())
    if results[0] == results[1]:
        return True, ""
    import difflib
    diff = difflib.unified_diff(results[0].decode(errors="replace").splitlines(),
                                results[1].decode(errors="replace").splitlines(),
                                "ast-grep", "graft", lineterm="")
    return False, "\n".join(list(diff)[:30])


def main():
    if not os.path.exists(AST_GREP):
        print("not ok astgrep: ast-grep binary missing (npm ci installs @ast-grep/cli)")
        return 1
    cases = sorted(f for f in os.listdir(os.path.join(ROOT, "tests/compat/astgrep"))
                   if f.endswith(".case"))
    failures = 0
    for name in cases:
        meta, body = parse_case(os.path.join(ROOT, "tests/compat/astgrep", name))
        lang = meta["lang"]
        ext = meta.get("ext", EXT[lang])
        with tempfile.TemporaryDirectory() as d:
            fname = "input." + ext
            with open(os.path.join(d, fname), "w", encoding="utf-8", newline="") as f:
                f.write(body)
            for i, pat in enumerate(meta["pattern"]):
                pat, _, extra = pat.partition(" ## ")
                pat, _, repl = pat.partition(" ==> ")
                repl = repl.replace("\\n", "\n")  # templates spell newlines as \n
                opts = dict(meta)
                for kv in extra.split():
                    k, _, v = kv.partition("=")
                    opts[k] = v
                flags = []
                if "strictness" in opts:
                    flags += ["--strictness", opts["strictness"]]
                if "selector" in opts:
                    flags += ["--selector", opts["selector"]]
                label = f"astgrep {name}#{i + 1} {pat!r}"
                rflag = ["-r", repl] if repl else []
                arc, aout, aerr = run([AST_GREP, "run", "-p", pat, "-l", lang, "--json=compact",
                                       *rflag, *flags, fname], d)
                verb = ["rewrite", pat, repl] if repl else ["find", pat]
                grc, gout, gerr = run([GRAFT, *verb, "-l", lang, "--json=compact", *flags,
                                       fname], d)
                try:
                    want = json.loads(aout) if aout.strip() else None
                except ValueError:
                    want = None
                try:
                    got = json.loads(gout) if gout.strip() else None
                except ValueError:
                    got = None
                if want is None:
                    # ast-grep rejected the pattern: graft must reject it too.
                    if got is None and grc == 2:
                        print(f"ok {label} (both reject)")
                    else:
                        failures += 1
                        print(f"not ok {label}: ast-grep rejected it ({arc}: {aerr.strip()[:200]})"
                              f" but graft exited {grc}")
                    continue
                if "known" in opts:
                    n = len(got or [])
                    if got != want and n == int(opts.get("graft", "-1")):
                        print(f"ok {label} (known divergence {opts['known']}, docs/compat.md)")
                    else:
                        failures += 1
                        print(f"not ok {label}: documented divergence {opts['known']} changed "
                              f"(graft {n} matches, ast-grep {len(want)})")
                    continue
                if got == want and (grc == 0) == bool(want):
                    if repl:
                        same, why = rewrite_same(d, fname, body, pat, repl, lang, flags)
                        if not same:
                            failures += 1
                            print(f"not ok {label}: rewritten files differ\n{why}")
                            continue
                    print(f"ok {label} ({len(want)} matches)")
                    continue
                failures += 1
                print(f"not ok {label}: graft exit {grc}, {gerr.strip()[:200]}")
                w = [(m["text"], m.get("metaVariables")) for m in want]
                g = [(m["text"], m.get("metaVariables")) for m in (got or [])]
                print(f"  ast-grep: {len(w)} matches: {[t for t, _ in w][:6]}")
                print(f"  graft:    {len(g)} matches: {[t for t, _ in g][:6]}")
                for a, b in zip(want, got or []):
                    if a != b:
                        print(f"  first difference:\n    ast-grep {json.dumps(a)[:600]}\n"
                              f"    graft    {json.dumps(b)[:600]}")
                        break
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
