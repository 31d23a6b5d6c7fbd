#!/bin/sh
# graft symbols against Python's ast over the standard library of the python3
# on PATH (site-packages left out). See python_symbols.py.
cd "$(dirname "$0")/../.." || exit 2
G=${GRAFT:-$PWD/build/graft}
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])') || exit 1
exec python3 tests/compat/python_symbols.py "$G" "$stdlib"
