#!/bin/sh
# Repeated code_find through one `graft mcp` session against a cold
# `graft find` CLI run, same pattern, same corpus (the CPython standard
# library), same threads. The session's first call reads (and caches) every
# file; later calls use the cache. Prints a markdown table: median of the
# later calls, median of the cold CLI runs (hyperfine), their ratio
# (target >= 5), and the server's peak RSS (VmHWM).
# usage: bench/mcp_find.sh [CALLS]   (run from anywhere)
set -eu
cd "$(dirname "$0")"
CALLS=${1:-5}
BUILD=${BUILD:-build}
ROOT=$(cd .. && pwd)
G=$ROOT/$BUILD/graft
[ -x "$G" ] || { echo "mcp_find: '$G' not built" >&2; exit 1; }
./corpora.sh >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd corpora/python
echo "| pattern | matches | first call s | later calls s (median of $((CALLS - 1))) | cold graft find s | ratio | server peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for pat in 'subprocess.run($$$A)' 'os.path.join($$$A)' 'print($$$A)'; do
    hyperfine -N -i --warmup 1 --runs "$CALLS" --export-json "$out/h.json" \
        "$G find --json=compact $pat" >/dev/null 2>&1
    cli=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$out/h.json")
    python3 - "$G" "$pat" "$CALLS" "$cli" <<'PY'
import json, statistics, subprocess, sys, time
graft, pattern, calls, cli = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
p = subprocess.Popen([graft, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, text=True)
def rpc(i, method, params):
    p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": i, "method": method, "params": params}) + "\n")
    p.stdin.flush()
    while True:
        m = json.loads(p.stdout.readline())
        if m.get("id") == i:
            return m
rpc(0, "initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                      "clientInfo": {"name": "bench", "version": "1"}})
times, count = [], None
for i in range(1, calls + 1):
    t = time.time()
    r = rpc(i, "tools/call", {"name": "code_find",
                              "arguments": {"pattern": pattern, "max_results": 1000000,
                                            "max_chars": 10**10}})
    times.append(time.time() - t)
    sc = r["result"]["structuredContent"]
    count = sc["count"] if count is None or count == sc["count"] else "differs"
rss = int(open("/proc/%d/status" % p.pid).read().split("VmHWM:")[1].split()[0]) // 1024
p.stdin.close()
p.wait()
later = statistics.median(times[1:])
print("| `%s` | %s | %.2f | %.3f | %.2f | %.1f | %d |" % (pattern, count, times[0], later, cli, cli / later, rss))
PY
done
