#!/bin/sh
# graft splice round trips over files of the python3 standard library
# (replace with own text; insert-after/insert-before then delete; in LF,
# CRLF, tab-indented and no-final-newline variants). See splice_roundtrip.py.
cd "$(dirname "$0")/../.." || exit 2
G=${GRAFT:-$PWD/build/graft}
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])') || exit 1
exec python3 tests/compat/splice_roundtrip.py "$G" "$stdlib" 12
