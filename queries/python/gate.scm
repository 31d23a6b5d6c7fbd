; The words without which no pattern of symbols.scm starts inside a node
; (see queries/go/gate.scm): every pattern starts at the module, or at a
; class or function definition, which holds its keyword, or at a decorated
; one, which holds the definition. tests/compat/symbols_opaque.sh checks
; this against the grammar's node-types.json and grammar.json.
"class"
"def"
