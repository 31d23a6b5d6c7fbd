#!/usr/bin/env bash
# graft scan against ast-grep scan 0.51.1 on tests/compat/rules/*.rules.
cd "$(dirname "$0")/../.." && exec python3 tests/compat/astgrep_rules.py
