#!/usr/bin/env python3
"""Differential test: `graft scan` against `ast-grep scan` 0.51.1 on the rule
cases in tests/compat/rules/*.rules. Prints "ok NAME" / "not ok NAME" per case.

A .rules file holds several cases. A case starts with a line `=== NAME`;
then sections, each introduced by a line `--- KIND [ARG]`:

  --- rule           the rule text (YAML, may hold several documents), given
                     to both tools with --inline-rules
  --- file PATH      a source file of the case (several allowed)
  --- expect KEY     KEY=invalid: both tools must refuse the rule (ast-grep
                     exits 8, graft 2) and nothing else is compared;
                     KEY=known=ID graft=N: a documented divergence
                     (docs/compat.md): passes while the tools still differ and
                     graft reports exactly N matches;
                     KEY=unsupported=ID: a feature graft does not have yet
                     (docs/compat.md): ast-grep must accept the rule and graft
                     must refuse it (exit 2) saying "not supported"

Every case compares the parsed JSON records of both tools (--json=stream):
text, ranges, file, lines, charCount, language, ruleId, severity, message,
note, metaVariables (single, multi with secondary labels, transformed),
labels, replacement and replacementOffsets, as sorted lists; and the exit
codes. When the rules have a fix, both tools also fix fresh copies of the
files (ast-grep -U, graft --fix --write) and the files must end identical.
Lines of a section are taken verbatim (CRLF kept); blank lines at a
section's end are dropped, and each file and rule ends with one newline."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRAFT = os.environ.get("GRAFT", os.path.join(ROOT, "build", "graft"))
AST_GREP = os.path.join(ROOT, "node_modules", "@ast-grep", "cli-linux-x64-gnu", "ast-grep")


def parse_cases(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    cases, case, buf = [], None, None
    for line in lines:
        if line.startswith("=== "):
            case = {"name": line[4:].strip(), "rule": [], "files": {}, "expect": None}
            cases.append(case)
            buf = None
        elif line.startswith("--- ") and case is not None:
            kind, _, arg = line[4:].strip().partition(" ")
            arg = arg.strip()
            if kind == "rule":
                buf = case["rule"]
            elif kind == "file":
                buf = case["files"].setdefault(arg, [])
            elif kind == "expect":
                case["expect"] = arg
                buf = None
            else:
                raise SystemExit("%s: unknown section '%s'" % (path, kind))
        elif buf is not None:
            buf.append(line)
    for c in cases:
        # Blank lines before the next separator are layout, not content:
        # every file and rule ends with exactly one newline.
        for key in ["rule"]:
            while c[key] and c[key][-1] == "":
                c[key].pop()
            c[key] = "\n".join(c[key]) + "\n"
        for name, body in c["files"].items():
            while body and body[-1] == "":
                body.pop()
            c["files"][name] = "\n".join(body) + "\n"
    return cases


def norm_range(r):
    return (r["byteOffset"]["start"], r["byteOffset"]["end"], r["start"]["line"],
            r["start"]["column"], r["end"]["line"], r["end"]["column"])


def norm(rec):
    mv = rec.get("metaVariables") or {}
    single = sorted((k, v["text"], norm_range(v["range"])) for k, v in mv.get("single", {}).items())
    multi = sorted((k, tuple((x["text"], norm_range(x["range"])) for x in v))
                   for k, v in mv.get("multi", {}).items())
    trans = sorted(mv.get("transformed", {}).items())
    # ast-grep prints a rule's own labels in no fixed order: compare as a set.
    labels = sorted((l["text"], norm_range(l["range"]), l["style"]) for l in rec.get("labels", []))
    return json.dumps([rec["text"], norm_range(rec["range"]), rec["file"], rec["lines"],
                       rec.get("charCount"), rec["language"], rec.get("ruleId"),
                       rec.get("severity"), rec.get("message"), rec.get("note"), single, multi,
                       trans, labels, rec.get("replacement"), rec.get("replacementOffsets")],
                      sort_keys=True)


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def write_files(d, files):
    for name, body in files.items():
        p = os.path.join(d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write(body)


def records(out):
    return sorted(norm(json.loads(l)) for l in out.splitlines() if l.strip())


def check(case, tmp):
    d = os.path.join(tmp, case["name"].replace("/", "_"))
    src = os.path.join(d, "src")
    os.makedirs(src)
    write_files(src, case["files"])
    rule = case["rule"]
    ac, aout, aerr = run([AST_GREP, "scan", "--inline-rules", rule, "--json=stream", "."], src)
    gc, gout, gerr = run([GRAFT, "scan", "--inline-rules", rule, "--json=stream", "-j", "1", "."],
                         src)
    expect = case["expect"] or ""
    if expect == "invalid":
        if ac == 8 and gc == 2:
            return True, ""
        return False, "expected both to refuse the rule: ast-grep %d, graft %d\n%s%s" % (
            ac, gc, aerr[-400:], gerr[-400:])
    if expect.startswith("unsupported="):
        if ac in (0, 1) and gc == 2 and "not supported" in gerr:
            return True, ""
        return False, "expected graft to refuse an unsupported feature: ast-grep %d, graft %d %s" % (
            ac, gc, gerr[-300:])
    if ac not in (0, 1):
        return False, "ast-grep failed (%d): %s" % (ac, aerr[-600:])
    if gc not in (0, 1):
        return False, "graft failed (%d): %s" % (gc, gerr[-600:])
    a, g = records(aout), records(gout)
    if expect.startswith("known="):
        n = int(expect.split("graft=")[1])
        if a != g and len(g) == n:
            return True, ""
        return False, "documented divergence changed: ast-grep %d, graft %d records" % (
            len(a), len(g))
    if a != g:
        extra = [x for x in g if x not in a][:3]
        missing = [x for x in a if x not in g][:3]
        return False, "records differ\n  only ast-grep: %s\n  only graft: %s" % (missing, extra)
    if ac != gc:
        return False, "exit codes differ: ast-grep %d, graft %d" % (ac, gc)
    if "fix:" in rule or "fix :" in rule:
        outs = {}
        for tool in ("ast-grep", "graft"):
            sub = os.path.join(d, tool)
            os.makedirs(sub)
            write_files(sub, case["files"])
            if tool == "ast-grep":
                rc, _, err = run([AST_GREP, "scan", "--inline-rules", rule, "-U", "."], sub)
            else:
                rc, _, err = run([GRAFT, "scan", "--inline-rules", rule, "--fix", "--write",
                                  "--allow-errors", "-j", "1", "."], sub)
            if rc not in (0, 1):
                return False, "%s fix failed (%d): %s" % (tool, rc, err[-400:])
            outs[tool] = {}
            for name in case["files"]:
                with open(os.path.join(sub, name), "rb") as f:
                    outs[tool][name] = f.read()
        if outs["ast-grep"] != outs["graft"]:
            for name in case["files"]:
                if outs["ast-grep"][name] != outs["graft"][name]:
                    return False, "fixed %s differs\n  ast-grep: %r\n  graft:    %r" % (
                        name, outs["ast-grep"][name][:300], outs["graft"][name][:300])
    return True, ""


def main():
    if not os.path.exists(AST_GREP):
        print("not ok astgrep_rules: ast-grep binary missing (%s)" % AST_GREP)
        return 1
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, "tests", "compat", "rules",
                                                          "*.rules")))
    failed = 0
    tmp = tempfile.mkdtemp(prefix="graft-rules-")
    try:
        for path in paths:
            base = os.path.splitext(os.path.basename(path))[0]
            for case in parse_cases(path):
                name = "%s/%s" % (base, case["name"])
                ok, why = check(case, tmp)
                if ok:
                    print("ok %s" % name)
                else:
                    failed += 1
                    print("not ok %s: %s" % (name, why))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
