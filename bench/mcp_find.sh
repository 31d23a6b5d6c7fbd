#!/bin/sh
# code_find through one `graft mcp` session against cold `graft find` CLI
# runs over the same corpus (the CPython standard library), same threads.
#
# Table 1, the same pattern asked CALLS times in one session, with the
# default cache (512 MB) and a cache the corpus fits in (--cache-mb 2048):
# the first call reads and parses (and caches) the files, later calls use
# the cache. Table 2, distinct patterns asked once each in one session
# (--cache-mb 2048) after a first call that parsed every file: what the
# cached trees give a pattern not seen before.
#
# A call's time runs from sending the request to having read its whole
# answer (decoding the JSON is the client's work and left out, as the
# CLI's time leaves out its reader's). Cold CLI times are hyperfine medians
# of CALLS runs. RSS is the server's peak (VmHWM).
# usage: bench/mcp_find.sh [CALLS]   (run from anywhere; BUILD=build by default)
set -eu
cd "$(dirname "$0")"
CALLS=${1:-5}
BUILD=${BUILD:-build}
ROOT=$(cd .. && pwd)
G=$ROOT/$BUILD/graft
[ -x "$G" ] || { echo "mcp_find: '$G' not built" >&2; exit 1; }
./corpora.sh >/dev/null
cd corpora/python
exec python3 - "$G" "$CALLS" <<'PY'
import json, os, shlex, statistics, subprocess, sys, tempfile, time

graft, calls = sys.argv[1], int(sys.argv[2])


def cold(pattern):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "h.json")
        subprocess.run(["hyperfine", "-N", "-i", "--warmup", "1", "--runs", str(calls),
                        "--export-json", out, f"{graft} find --json=compact {shlex.quote(pattern)}"],
                       check=True, capture_output=True)
        return json.load(open(out))["results"][0]["median"]


class Session:
    def __init__(self, *args):
        self.p = subprocess.Popen([graft, "mcp", *args], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.n = 0
        self.rpc("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                "clientInfo": {"name": "bench", "version": "1"}})

    def rpc(self, method, params):
        self.n += 1
        t = time.time()
        self.p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": self.n, "method": method,
                                       "params": params}).encode() + b"\n")
        self.p.stdin.flush()
        while True:
            line = self.p.stdout.readline()
            took = time.time() - t  # the answer is in: decoding it is the client's
            m = json.loads(line)
            if m.get("id") == self.n:
                return m, took

    def find(self, pattern):
        m, took = self.rpc("tools/call", {"name": "code_find", "arguments": {
            "pattern": pattern, "max_results": 10**7, "max_chars": 10**12}})
        return m["result"]["structuredContent"]["count"], took

    def close(self):
        rss = int(open(f"/proc/{self.p.pid}/status").read().split("VmHWM:")[1].split()[0])
        self.p.stdin.close()
        self.p.wait()
        return rss // 1024


print(f"| pattern | cache | matches | first call s | later calls s (median of {calls - 1}) "
      "| cold graft find s | ratio | server peak RSS MB |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for pattern in ["subprocess.run($$$A)", "os.path.join($$$A)", "print($$$A)"]:
    cli = cold(pattern)
    for cache in ("512", "2048"):
        s = Session("--cache-mb", cache)
        runs = [s.find(pattern) for _ in range(calls)]
        rss = s.close()
        counts = {c for c, _ in runs}
        later = statistics.median(t for _, t in runs[1:])
        print(f"| `{pattern}` | {cache} MB | {'/'.join(map(str, counts))} | {runs[0][1]:.2f} "
              f"| {later:.3f} | {cli:.2f} | {cli / later:.1f} | {rss} |")

print()
print("| pattern (each asked once, after `$A.$B.$C.$D.$E.$F($G)`) | matches | call s "
      "| cold graft find s | ratio |")
print("|---|---:|---:|---:|---:|")
s = Session("--cache-mb", "2048")
s.find("$A.$B.$C.$D.$E.$F($G)")  # no literal: every file parsed
for pattern in ["len($X)", "self.$A = $B", "if $C: $$$B", "isinstance($A, $B)",
                "raise $E from $C"]:
    count, took = s.find(pattern)
    cli = cold(pattern)
    print(f"| `{pattern}` | {count} | {took:.3f} | {cli:.2f} | {cli / took:.1f} |")
print(f"\nserver peak RSS: {s.close()} MB")
PY
