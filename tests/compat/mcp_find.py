#!/usr/bin/env python3
"""Differential test: code_find answers of one MCP session, each pattern
asked twice (the first call reads and parses, later ones use the server's
cache: trees, and per tree the nodes of each pattern root kind), against the
`graft find --json=compact` CLI over the same corpus. Patterns that share a
root kind follow each other, so that a kind's node list built for one
pattern serves the next; patterns rooted at a metavariable (no root kind)
and template strictness (any kind may be the root) take the whole-tree path.
Prints "ok NAME" / "not ok NAME"."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRAFT = os.environ.get("GRAFT", os.path.join(ROOT, "build", "graft"))

CASES = [
    # corpus, arguments beyond the pattern
    ("django", "print($$$A)", {}),
    ("django", "$F($$$A)", {}),           # nested calls: outer before inner
    ("django", "$A.$B($X)", {}),
    ("django", "len($X)", {"strictness": "ast"}),
    ("django", "$A", {"lang": "python", "paths": ["django/utils/text.py"]}),
    ("django", "self.$X = $Y", {"selector": "assignment"}),
    ("django", "def $F($$$P): $$$B", {"strictness": "template"}),
    ("typescript", "interface $I { $$$ }", {}),
    ("typescript", "$A.$B($$$C)", {}),
    ("go", "$A := $B", {"paths": ["net/http"]}),
    ("go", "if err != nil { return $$$R }", {"paths": ["net/http"]}),
]

# Sessions: corpus, server arguments, how many of the corpus's cases. The
# small cache holds a fraction of the trees: eviction, and files dropped
# after use because the call's own files fill the cache.
SESSIONS = [("django", [], None), ("django", ["--cache-mb", "16"], 3),
            ("typescript", [], None), ("go", [], None)]

OPTS = {"lang": "--lang", "strictness": "--strictness", "selector": "--selector"}


def cli(corpus, pattern, args, memo={}):
    key = (corpus, pattern, json.dumps(args, sort_keys=True))
    if key not in memo:
        memo[key] = run_cli(corpus, pattern, args)
    return memo[key]


def run_cli(corpus, pattern, args):
    cmd = [GRAFT, "find", pattern, "--json=compact"]
    for k, v in args.items():
        if k in OPTS:
            cmd += [OPTS[k], v]
    cmd += args.get("paths", [])
    r = subprocess.run(cmd, cwd=corpus, capture_output=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(r.stderr.decode(errors="replace")[:300])
    return json.loads(r.stdout)


def main():
    corpora = os.path.join(ROOT, "bench", "corpora")
    bad = 0
    for corpus, server_args, ncases in SESSIONS:
        cwd = os.path.join(corpora, corpus)
        p = subprocess.Popen([GRAFT, "mcp", *server_args], cwd=cwd, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ids = iter(range(1, 10**6))

        def rpc(method, params):
            i = next(ids)
            p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": i, "method": method,
                                      "params": params}) + "\n")
            p.stdin.flush()
            while True:
                m = json.loads(p.stdout.readline())
                if m.get("id") == i:
                    return m

        rpc("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                           "clientInfo": {"name": "mcp_find", "version": "1"}})
        cases = [(pat, args) for c, pat, args in CASES if c == corpus][:ncases]
        for pattern, args in cases:
            want = cli(cwd, pattern, args)
            for call in (1, 2):
                name = (f"mcp-find {corpus}{''.join(' ' + a for a in server_args)} {pattern!r} "
                        f"{json.dumps(args)} call {call}")
                a = dict(args, pattern=pattern, max_results=10**7, max_chars=10**12)
                r = rpc("tools/call", {"name": "code_find", "arguments": a})["result"]
                got = None if r.get("isError") else r["structuredContent"]["matches"]
                if got == want:
                    print(f"ok {name} ({len(want)} matches)")
                    continue
                bad += 1
                if got is None:
                    print(f"not ok {name}: error {r['content'][0]['text'][:200]}")
                    continue
                print(f"not ok {name}: cli {len(want)} matches, server {len(got)}")
                for w, g in zip(want, got):
                    if w != g:
                        print(f"  first difference: cli {json.dumps(w)[:200]}")
                        print(f"                 server {json.dumps(g)[:200]}")
                        break
        p.stdin.close()
        p.wait()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
