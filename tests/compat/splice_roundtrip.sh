#!/bin/sh
# graft splice round trips (replace with own text; insert-after/insert-before
# then delete; in LF, CRLF, tab-indented and no-final-newline variants) over
# Python files of the python3 standard library, JavaScript files of the
# installed npm packages and the TypeScript files of the golden cases. See
# splice_roundtrip.py.
cd "$(dirname "$0")/../.." || exit 2
G=${GRAFT:-$PWD/build/graft}
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])') || exit 1
rc=0
python3 tests/compat/splice_roundtrip.py "$G" "$stdlib" 8 python || rc=1
python3 tests/compat/splice_roundtrip.py "$G" node_modules 6 javascript || rc=1
python3 tests/compat/splice_roundtrip.py "$G" tests/cases 20 typescript || rc=1
exit $rc
