#!/usr/bin/env bash
# graft mcp driven by a real MCP client: the official TypeScript SDK
# (@modelcontextprotocol/sdk, pinned in package.json) over its stdio
# transport, through tests/compat/mcp_sdk.mjs (one "ok"/"not ok" per check).
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
G=${GRAFT:-$ROOT/${BUILD:-build}/graft}
if [ ! -f node_modules/@modelcontextprotocol/sdk/package.json ]; then
    echo "not ok mcp/setup: @modelcontextprotocol/sdk is not installed (run scripts/bootstrap)"
    exit 1
fi
exec node tests/compat/mcp_sdk.mjs "$G"
