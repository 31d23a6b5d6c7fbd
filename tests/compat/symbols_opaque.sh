#!/bin/sh
# queries/*/opaque.scm against the grammars' node-types.json. See
# symbols_opaque.py.
cd "$(dirname "$0")/../.." || exit 2
exec python3 tests/compat/symbols_opaque.py "$PWD"
