#!/usr/bin/env bash
# graft search against ripgrep, graft tree against tree (see the .py).
cd "$(dirname "$0")/../.." && exec python3 tests/compat/search_rg.py
