#!/usr/bin/env bash
# graft test -U against ast-grep 0.51.1's test -U on copies of one project:
# both must write the same snapshot files byte for byte (ast-grep writes them
# with serde-saphyr 2.0.0: its quoting, literal and folded blocks, escapes,
# layout, key order, merging with old snapshot files), and each tool's test
# must pass on the snapshots the other wrote. One ok line per group of rules.
cd "$(dirname "$0")/../.." || exit 2
G=${GRAFT:-$PWD/build/graft}
AG=$PWD/node_modules/@ast-grep/cli-linux-x64-gnu/ast-grep
if [ ! -x "$AG" ]; then
    echo "not ok snapshot_format: ast-grep binary missing ($AG)"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok snapshot_format/$1"; }
notok() { echo "not ok snapshot_format/$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -40; fail=1; }

# The project: rules/<id>.yml, tests/<id>.yml, and groups (a group name and
# its rule ids per line). Keys are test code (a rule matching the module);
# values are label sources, label messages (one rule per message) and fixed
# code. Code is valid Python or parses the same in both tools.
python3 - "$tmp/p" <<'EOF' || { echo "not ok snapshot_format: generator failed"; exit 1; }
import os, random, sys

out = sys.argv[1]
os.makedirs(out + "/rules")
os.makedirs(out + "/tests/__snapshots__")
open(out + "/sgconfig.yml", "w").write("ruleDirs: [rules]\ntestConfigs:\n  - testDir: tests\n")
groups = {}

def dq(s):
    """A YAML double-quoted scalar for any string."""
    r = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            r.append("\\" + ch)
        elif o < 0x20 or 0x7F <= o <= 0x9F:
            r.append("\\x%02x" % o)
        elif o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
            r.append("\\u%04x" % o)
        else:
            r.append(ch)
    return '"' + "".join(r) + '"'

def write(path, text):
    with open(out + "/" + path, "w", encoding="utf-8", newline="") as f:
        f.write(text)

def rule(group, rid, body, invalid, valid=()):
    write("rules/%s.yml" % rid, "id: %s\nlanguage: python\n%s" % (rid, body))
    t = "id: %s\n" % rid
    if valid:
        t += "valid:\n" + "".join("  - %s\n" % dq(c) for c in valid)
    t += "invalid:\n" + "".join("  - %s\n" % dq(c) for c in invalid) if invalid else "invalid: []\n"
    write("tests/%s.yml" % rid, t)
    groups.setdefault(group, []).append(rid)

MODULE = "rule: {kind: module}\n"
scalars = ["1", "0", "-1", "+1", "01", "0x1F", "0X1F", "0o17", "0b101", "1_000", "_1", "1.5",
           ".5", "1.", "1e3", "1E+3", "1.2.3", "..", "1:20", "1:60", "0:20", "190:20:30",
           "2001-12-14", "True", "true", "FALSE", "None", "null", "NULL", "nULL", "yes", "no",
           "on", "off", "y", "n", "Y", "N", "yEs", "~", "nan", "NaN", "inf", "-inf", ".inf",
           "-.Inf", ".nan", "=", "x", "a b", "x1", "e3", "0xg"]
spaces = [" a", "a ", "  a\nb", "\ta", "a\tb", "a\n", "a\n\n", "a\n\n\n", "\na", "a\r\nb",
          "a\rb", "a \nb", "a\n\nb\n", "a\n  b", "\n", "\n\n", "x  ", "if x:\n\ty = 1\n",
          "def f():\n    pass\n\n\n"]
indicators = ["-a", "- a", "-", "?a", "? a", "?", "[a", "{a", "]", "}", "'a'", "\"a\"", "a'b",
              "a\"b", "#a", "a #", "a#b", "x = 1  # c", "a: b", "a:b", "a:", "a :", ":a", ",a",
              "a,b", "&a", "*a", "!a", "|a", ">a", "%a", "@a", "`a", ".", "#", "a\\b", "=",
              "<<", "d = {1: 2}", "a = [1]", "x = f(*a, **k)", "---", "...", "--- a", "... a",
              "a: int = 1", "lambda: 0", "f'{x}'", "x[1:2]"]
unicode = ["ü", "日本", "é = 'ü'", "a\u00a0b", "\u00a0a", "no\u00a0", "a\u00a0#", "a\u3000b",
           "a\u2028b", "a\u2029b", "a\u0085b", "a\ufeffb", "a\ufffeb", "a\x01b", "a\x7fb",
           "a\x1bb", "a\x00b", "a\x9fb", "a\U0001F600b", "a\u200bb", "a\u00adb", "print('日本')"]
long = ["x = " + " + ".join(str(i) for i in range(40)), "y" * 140, "y" * 80, "y" * 81,
        "z = '" + "w " * 60 + "'", "s = '" + "ab  " * 30 + "'", "t = " + "1, " * 45 + "1",
        "u = 'x" + "x" * 90 + " y'", "v = '" + "ü " * 50 + "'"]
multiline = ["def f():\n    return 1", "class A:\n    x = 1\n\n    def g(self):\n        pass\n",
             "if x:\n  pass\nelse:\n      pass", "x = (\n  1,\n  2,\n)\n", "s = '''a\n\n  b'''",
             "  x = 1\ny = 2", "\n\n  x = 1\n", "x = 1 \ny = 2  \n"]

for name, codes in [("scalars", scalars), ("spaces", spaces), ("indicators", indicators),
                    ("unicode", unicode), ("long", long), ("multiline", multiline)]:
    rule("keys-" + name, "key-" + name, MODULE, codes)

# Messages: any string (but NUL, which graft's rule messages cannot hold,
# and '$'), as label messages of one rule each.
R = random.Random(20251)
A = ["a", "b", "1", "0", " ", "  ", "\t", "\n", ":", "#", "-", "?", ".", ",", "[", "]", "{", "}",
     "'", '"', "\\", "_", "e", "+", "x", "ü", "日", "\u00a0", "\u2028", "\x85", "\r", "\x01",
     "\x7f", "\ufeff", "|", ">", "!", "&", "*", "%", "@", "`", "~", "=", "<", "y", "n", "o"]
N = list("0123456789_.eE+-:xobXOB") + ["inf", "nan", " ", "T", "Z", ","]
fuzz = []
for i in range(160):
    k = i % 4
    if k == 0:
        s = "".join(R.choice(A) for _ in range(R.randint(1, 8)))
    elif k == 1:
        s = "".join(R.choice(N) for _ in range(R.randint(1, 7)))
    elif k == 2:
        s = R.choice(["a", "x", "ü"])
        for _ in range(R.randint(8, 50)):
            s += " " * R.choice([1, 1, 1, 2, 3]) + R.choice(["w", "word", "日本語", "x" * R.randint(5, 90), ":", "#x"])
        s += " " * R.choice([0, 0, 1, 2])
    else:
        s = "\n".join(R.choice(["", " ", "  ", "\t"]) * R.randint(0, 2) +
                      "".join(R.choice(A[:30]) for _ in range(R.randint(0, 6)))
                      for _ in range(R.randint(1, 5))) + "\n" * R.choice([0, 0, 1, 2])
    fuzz.append(s)
n = 0
for name, texts in [("scalars", scalars), ("spaces", spaces + ["\ta\nb", "\n\ta", "  ", "\n "]),
                    ("indicators", indicators), ("unicode", unicode), ("long", long),
                    ("multiline", multiline), ("fuzz", fuzz)]:
    for t in texts:
        if "\x00" in t or "$" in t or not t:
            continue
        rule("messages-" + name, "msg-%03d" % n,
             "rule: {pattern: $A, kind: expression_statement}\n"
             "labels:\n  A:\n    style: secondary\n    message: %s\n" % dq(t), ["a"])
        n += 1

# Fixed code: trailing spaces in lines, leading spaces, tabs, blank and
# trailing lines, carriage returns, long lines, Unicode.
fixes = ["$X  \\n  y", "  $X\\n", "$X\\n\\n", "$X\\n\\n\\n", "\\t$X\\n\\tz", "$X\\r\\ny",
         "$X = " + " + ".join("w%d" % i for i in range(30)), "ü $X 日本", "'$X'", "$X #",
         "# $X", "$X:", "- $X"]
for i, f in enumerate(fixes):
    rule("fixed", "fix-%02d" % i,
         "rule: {pattern: $X, kind: expression_statement}\nfix: \"%s\"\n" % f,
         ["a", "1", "x = 1", "f(\n    1,\n)", "if y:\n\tz"])

# Sources and labels: multi-line matches, secondary labels with messages.
rule("labels", "lab-def", "rule: {kind: function_definition}\n",
     ["def f():\n    pass", "class A:\n  def g(self):\n      x = 1\n\n      return x\n",
      "def h(): return 1"])
# (One label entry: ast-grep orders several in a different way each run.)
rule("labels", "lab-call",
     "rule: {pattern: $F($A)}\nlabels:\n  F:\n    style: primary\n    message: \"callee: $F\"\n",
     ["f(x)", "g(\n  x\n)", "ü(日)"])
rule("labels", "lab-has",
     "rule:\n  kind: call\n  has: {kind: argument_list, has: {kind: string}}\n",
     ["print('a', 'b')", "f(\"x\\ny\")"])

# Structure: no invalid cases (an empty map), duplicates, a stale entry and
# a wrong one in an old snapshot file (merged: the stale one is kept, in
# the new style, its unknown field dropped).
rule("structure", "st-valid-only", MODULE.replace("module", "identifier"), [], valid=["1"])
rule("structure", "st-empty", MODULE, [])
rule("structure", "st-dup", MODULE, ["a", "b", "a"])
rule("structure", "st-merge", MODULE, ["b", "c"])
write("tests/__snapshots__/st-merge-snapshot.yml",
      'id: "st-merge"\nsnapshots:\n  "stale()":\n    note: "x"\n    labels:\n'
      '    - source: "stale()"\n      style: "primary"\n      start: 0\n      end: 7\n'
      '  "b":\n    labels:\n    - source: "b"\n      style: primary\n      start: 0\n'
      '      end: 9\n')

write("groups", "".join("%s %s\n" % (g, " ".join(ids)) for g, ids in groups.items()))
EOF

cp -a "$tmp/p" "$tmp/a"
cp -a "$tmp/p" "$tmp/g"
(cd "$tmp/a" && "$AG" test -U) >"$tmp/a.out" 2>&1; arc=$?
(cd "$tmp/g" && "$G" test -U) >"$tmp/g.out" 2>&1; grc=$?
if [ $arc -ne 0 ] || [ $grc -ne 0 ]; then
    notok "update-runs (ast-grep exit $arc, graft exit $grc)" \
        "$(grep -v '^PASS\|^$' "$tmp/a.out" "$tmp/g.out" | head -20)"
fi

while read -r group ids; do
    msg=""
    for id in $ids; do
        f=tests/__snapshots__/$id-snapshot.yml
        if [ ! -f "$tmp/a/$f" ] || [ ! -f "$tmp/g/$f" ]; then
            msg="$msg
$id: ast-grep wrote $([ -f "$tmp/a/$f" ] && echo it || echo none), graft $([ -f "$tmp/g/$f" ] && echo it || echo none)"
        elif ! d=$(diff "$tmp/a/$f" "$tmp/g/$f"); then
            msg="$msg
$id (< ast-grep, > graft):
$d"
        fi
    done
    if [ -z "$msg" ]; then ok "$group ($(echo $ids | wc -w) rules)"; else notok "$group" "$msg"; fi
done <"$tmp/p/groups"

# Each tool passes on the other's snapshots (every snapshot is read back).
out=$(cd "$tmp/a" && "$G" test 2>&1); rc=$?
if [ $rc -eq 0 ]; then ok graft-reads-ast-grep; else
    notok "graft-reads-ast-grep (exit $rc)" "$(printf '%s\n' "$out" | grep -v '^PASS')"; fi
out=$(cd "$tmp/g" && "$AG" test 2>&1); rc=$?
if [ $rc -eq 0 ]; then ok ast-grep-reads-graft; else
    notok "ast-grep-reads-graft (exit $rc)" "$(printf '%s\n' "$out" | grep -v '^PASS')"; fi
exit $fail
