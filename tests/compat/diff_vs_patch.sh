#!/usr/bin/env bash
# graft's unified diffs applied by GNU patch and git apply.
cd "$(dirname "$0")/../.." && exec python3 tests/compat/diff_vs_patch.py
