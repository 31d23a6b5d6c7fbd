#!/usr/bin/env bash
# graft files --hidden against git ls-files on generated and real trees.
cd "$(dirname "$0")/../.." && exec python3 tests/compat/walk_vs_git.py
