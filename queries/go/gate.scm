; The words without which no pattern of symbols.scm starts inside a node:
; `graft symbols` does not search an error-free node whose text holds none
; of them, unless it is of the tree root's kind. Each word is one pattern.
; Functions and methods are declared at the top level only (source_file
; holds them), and a type_spec sits in a type_declaration, which begins
; with the keyword `type`. tests/compat/symbols_opaque.sh checks this
; against the grammar's node-types.json and grammar.json.
"type"
