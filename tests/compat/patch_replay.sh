#!/usr/bin/env bash
# graft patch replays real history (this repository, Python stdlib snapshots)
# byte for byte, and agrees with GNU patch on shifted trees.
cd "$(dirname "$0")/../.." && exec python3 tests/compat/patch_replay.py
