#!/usr/bin/env bash
# code_find through one `graft mcp` session, asked twice (the second answer
# comes from the cached trees and their per-kind node lists), against
# `graft find --json=compact` over whole corpora: the matches must be the
# same, in the same order, with the same captures.
cd "$(dirname "$0")/../.." || exit 1
bench/corpora.sh >/dev/null || { echo "not ok mcp-find: bench/corpora.sh failed"; exit 1; }
exec python3 tests/compat/mcp_find.py
