#!/usr/bin/env bash
# The example rule packs in rules/ against ast-grep 0.51.1: both tools' rule
# tests pass on the same tests and snapshots, and graft scan and ast-grep scan
# report the same findings over rules/samples/ and apply the same fixes.
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
G=${GRAFT:-$ROOT/build/graft}
AG=$ROOT/node_modules/@ast-grep/cli-linux-x64-gnu/ast-grep
if [ ! -x "$AG" ]; then
    echo "not ok rule_packs: ast-grep binary missing ($AG)"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok rule_packs/$1"; }
notok() { echo "not ok rule_packs/$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -30; fail=1; }

# graft.yml and sgconfig.yml must describe the same project, or the two
# tools would test and scan different rules.
if cmp -s rules/graft.yml rules/sgconfig.yml; then ok config-same; else
    notok config-same "rules/graft.yml and rules/sgconfig.yml differ"; fi

out=$(cd rules && "$G" test 2>&1); rc=$?
if [ $rc -eq 0 ]; then ok "graft-test ($(printf '%s\n' "$out" | tail -1))"; else
    notok "graft-test (exit $rc)" "$out"; fi
out=$(cd rules && "$AG" test 2>&1); rc=$?
if [ $rc -eq 0 ]; then ok "ast-grep-test ($(printf '%s\n' "$out" | grep 'test result' | tail -1))"; else
    notok "ast-grep-test (exit $rc)" "$(printf '%s\n' "$out" | grep -v '^PASS')"; fi

# Findings over the samples, as sorted sets of (rule id, file, byte range,
# message); exit codes must agree too (1: an error-severity rule matched).
(cd rules && "$AG" scan --json=stream samples) >"$tmp/a.json" 2>"$tmp/a.err"; arc=$?
(cd rules && "$G" scan --json=stream -j 2 samples) >"$tmp/g.json" 2>"$tmp/g.err"; grc=$?
cmpout=$(python3 - "$tmp/a.json" "$tmp/g.json" rules <<'EOF'
import glob, json, re, sys
def load(p):
    return sorted((r["ruleId"], r["file"], r["range"]["byteOffset"]["start"],
                   r["range"]["byteOffset"]["end"], r["message"])
                  for r in map(json.loads, open(p, encoding="utf-8")) if r)
a, g = load(sys.argv[1]), load(sys.argv[2])
ids = set()
for p in glob.glob(sys.argv[3] + "/*/*.yml"):
    if "/tests/" in p or "/utils/" in p or "/samples/" in p:
        continue
    ids |= set(re.findall(r"(?m)^id:\s*(\S+)", open(p, encoding="utf-8").read()))
unfired = sorted(ids - {r[0] for r in a})
print(len(a))
for r in sorted(set(a) - set(g))[:10]:
    print("only ast-grep:", r)
for r in sorted(set(g) - set(a))[:10]:
    print("only graft:", r)
if unfired:
    print("rules without a finding in rules/samples:", " ".join(unfired))
EOF
)
n=$(printf '%s\n' "$cmpout" | head -1)
rest=$(printf '%s\n' "$cmpout" | tail -n +2)
if [ $arc -gt 1 ] || [ $grc -gt 1 ]; then
    notok scan-samples "ast-grep exit $arc, graft exit $grc
$(head -5 "$tmp/a.err" "$tmp/g.err")"
elif [ -n "$rest" ] || [ "$arc" != "$grc" ] || [ "${n:-0}" -eq 0 ]; then
    notok scan-samples "$rest
exit codes: ast-grep $arc, graft $grc; ast-grep findings: ${n:-none}"
else
    ok "scan-samples ($n findings, every rule fires)"
fi

# Fixes: ast-grep -U and graft --fix --write on two copies of the project
# must leave identical samples.
mkdir "$tmp/a" "$tmp/g"
cp -a rules/. "$tmp/a/"
cp -a rules/. "$tmp/g/"
(cd "$tmp/a" && "$AG" scan -U samples) >/dev/null 2>&1
(cd "$tmp/g" && "$G" scan --fix --write samples) >/dev/null 2>&1
if d=$(diff -r "$tmp/a/samples" "$tmp/g/samples"); then
    if diff -rq rules/samples "$tmp/g/samples" >/dev/null; then
        notok fix-samples "no fix was applied to rules/samples"
    else
        ok fix-samples
    fi
else
    notok fix-samples "$d"
fi
exit $fail
