#!/bin/sh
# queries/*/opaque.scm and gate.scm against the grammars' node-types.json
# and grammar.json. See
# symbols_opaque.py.
cd "$(dirname "$0")/../.." || exit 2
exec python3 tests/compat/symbols_opaque.py "$PWD"
