#!/usr/bin/env bash
# graft find against ast-grep 0.51.1 on tests/compat/astgrep/*.case.
cd "$(dirname "$0")/../.." && exec python3 tests/compat/astgrep.py
