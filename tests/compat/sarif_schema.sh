#!/usr/bin/env bash
# graft scan --format sarif against the official SARIF 2.1.0 schema
# (sarif-2.1.0-rtm.5.json from @microsoft/sarif-matcher-utils, validated by
# ajv 6 through sarif_validate.js), over rules of every severity, with fixes,
# notes and urls, unicode text, awkward paths, and no findings at all.
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
G=${GRAFT:-$ROOT/build/graft}
V="node $ROOT/tests/compat/sarif_validate.js"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok sarif/$1"; }
notok() { echo "not ok sarif/$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -30; fail=1; }

# check NAME RESULTS DIR SCAN-ARGS...: runs graft scan --format sarif in DIR
# and validates what it prints; RESULTS is the expected number of results.
check() {
    local name=$1 want=$2 dir=$3
    shift 3
    (cd "$dir" && "$G" scan --format sarif "$@") >"$tmp/$name.sarif" 2>"$tmp/$name.err"
    local rc=$?
    if [ $rc -gt 1 ]; then
        notok "$name" "graft scan exit $rc: $(head -5 "$tmp/$name.err")"
        return
    fi
    local out
    if out=$($V "$tmp/$name.sarif" "$want" 2>&1); then ok "$name"; else notok "$name" "$out"; fi
}

# The validator itself must reject a broken log (a test that cannot fail
# proves nothing): an unknown level and a missing message.
mkdir -p "$tmp/neg"
cat >"$tmp/neg/bad.sarif" <<'EOF'
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "r"}]}},
 "results": [{"ruleId": "r", "level": "fatal"}]}]}
EOF
if out=$($V "$tmp/neg/bad.sarif" 1 2>&1); then
    notok validator-rejects-invalid "an invalid log passed"
elif printf '%s\n' "$out" | grep -q 'cannot load'; then
    notok validator-rejects-invalid "$out"
else
    ok validator-rejects-invalid
fi

# 1. Every severity, a fix, note and url, unicode in code and messages, a
# multi-line match, two languages.
p=$tmp/mixed
mkdir -p "$p/src"
cat >"$p/src/app.py" <<'EOF'
import os
def run(cmd):
    eval(cmd)  # "😀" before? no: after
    s = "héllo wörld 😀 日本"; print(s,
        cmd)
    os.system(cmd)
    assert cmd == None
EOF
cat >"$p/src/web.js" <<'EOF'
const x = "日本語";
console.log(x, "✓");
debugger;
EOF
cat >"$p/rules.yml" <<'EOF'
id: no-eval
language: python
severity: error
message: "do not eval “$X”: it runs arbitrary code"
note: |
  Use ast.literal_eval for data.
  Never eval user input.
url: https://example.com/rules/no-eval
rule: {pattern: eval($X)}
fix: ast.literal_eval($X)
---
id: no-print
language: python
severity: warning
message: print call with $$$ARGS
rule: {pattern: print($$$ARGS)}
---
id: os-system
language: python
severity: info
message: 'os.system: "quotes", back\slash, tab	here'
rule: {pattern: os.system($C)}
---
id: none-compare
language: python
severity: hint
rule: {pattern: $A == None}
fix: $A is None
---
id: console-log
language: javascript
severity: warning
message: console.log ✓ $$$A
url: https://example.com/rules/console-log
rule: {pattern: console.log($$$A)}
---
id: no-debugger
language: javascript
severity: error
rule: {kind: debugger_statement}
---
id: unused-off
language: javascript
severity: off
rule: {pattern: alert($X)}
EOF
check mixed 6 "$p" -r rules.yml src

# 2. The same with --severity warning: only errors and warnings are left.
check severity-warning 4 "$p" -r rules.yml --severity warning src

# 3. Rules that find nothing: an empty results array, still a valid log.
check no-findings 0 "$p" --inline-rules 'id: nothing
language: python
rule: {pattern: nothing_here($X)}
---
id: nothing-js
language: javascript
severity: error
message: never
rule: {pattern: neverCalled()}' src

# 4. Deterministic: one thread and two threads print the same log.
(cd "$p" && "$G" scan --format sarif -j 1 -r rules.yml src) >"$tmp/j1.sarif" 2>/dev/null
(cd "$p" && "$G" scan --format sarif -j 2 -r rules.yml src) >"$tmp/j2.sarif" 2>/dev/null
if cmp -s "$tmp/j1.sarif" "$tmp/j2.sarif" && [ -s "$tmp/j1.sarif" ]; then ok deterministic; else
    notok deterministic "$(diff "$tmp/j1.sarif" "$tmp/j2.sarif" | head -10)"; fi

# 5. Paths that are not plain URI characters: a space, non-ASCII letters and
# a '%' must be percent-encoded in artifactLocation.uri (RFC 3986), as
# ast-grep does ("sub%20dir/%C3%BCn%C3%AF.py").
p=$tmp/paths
mkdir -p "$p/sub dir"
printf 'eval(a)\n' >"$p/sub dir/ünï.py"
printf 'eval(b)\n' >"$p/100%.py"
printf 'eval(c)\n' >"$p/plain.py"
check path-encoding 3 "$p" --inline-rules 'id: no-eval
language: python
severity: error
message: eval of $X
rule: {pattern: eval($X)}
fix: literal($X)' .

# 6. Rules from a project config (graft.yml ruleDirs), files in nested
# directories, a rule without message or severity (ast-grep's hint).
p=$tmp/project
mkdir -p "$p/rules" "$p/pkg/sub"
printf 'ruleDirs: [rules]\n' >"$p/graft.yml"
printf 'id: bare\nlanguage: python\nrule: {pattern: pass}\n' >"$p/rules/bare.yml"
printf 'id: todo\nlanguage: python\nseverity: warning\nmessage: "TODO: $M"\nrule: {pattern: todo($M)}\n' \
    >"$p/rules/todo.yml"
printf 'def f():\n    pass\n' >"$p/pkg/a.py"
printf 'todo("x")\ntodo("ü")\n' >"$p/pkg/sub/b.py"
check project 3 "$p"

exit $fail
