; Node kinds in which no pattern of symbols.scm can start (Python has no
; statement inside an expression): `graft symbols` does not search an
; error-free node of these kinds for definitions. Each kind is one pattern.
; tests/compat/symbols_opaque.sh checks the list against the grammar's
; node-types.json: a kind listed here must not be able to hold (at any
; depth) a kind a symbols.scm pattern starts at.

; simple statements
(assert_statement) (delete_statement) (exec_statement) (expression_statement)
(future_import_statement) (global_statement) (import_from_statement)
(import_statement) (nonlocal_statement) (print_statement) (raise_statement)
(return_statement) (type_alias_statement)

; expressions and what compound statements hold besides their blocks
(argument_list) (as_pattern) (attribute) (await) (binary_operator)
(boolean_operator) (call) (case_pattern) (comparison_operator)
(concatenated_string) (conditional_expression) (decorator) (dictionary)
(dictionary_comprehension) (expression_list) (generator_expression)
(if_clause) (lambda) (list) (list_comprehension) (list_pattern) (list_splat)
(list_splat_pattern) (named_expression) (not_operator) (parameters)
(parenthesized_expression) (pattern_list) (set) (set_comprehension) (string)
(subscript) (tuple) (tuple_pattern) (type) (type_parameter) (unary_operator)
(with_clause)
