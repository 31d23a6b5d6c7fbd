; Bash definitions for `graft symbols` (see include/graft/symbols.h).
; Function definitions, `f() {...}` and `function f {...}`, at any depth
; (function), and top-level variable assignments (variable): `X=1`, and
; `export`/`readonly`/`declare`/`typeset`/`local` forms (the range includes
; the command; `declare -A MAP` without a value is one too). Each name
; assigned by one command (`A=1 B=2`, `export A=1 B=2`) is its own symbol,
; from the name to the end of its value. An append (`X+=1`), an assignment
; to an array element, and assignments inside if/for/while blocks or
; functions are not listed. Assigning one name twice at the top level
; lists it twice: X[1], X[2].

(function_definition
  name: (word) @name
  body: (_) @body) @definition.function

(program
  (variable_assignment
    name: (variable_name) @name) @definition.variable
  (#not-match? @definition.variable "^[A-Za-z_][A-Za-z0-9_]*\\+="))

; `A=1 B=2`: each name from itself on
(program
  (variable_assignments
    (variable_assignment
      name: (variable_name) @name) @definition.variable)
  (#not-match? @definition.variable "^[A-Za-z_][A-Za-z0-9_]*\\+="))

; `export A=1`, `declare -r A=1`: one name, from the command on
(program
  [
    (declaration_command
      .
      (variable_assignment name: (variable_name) @name) @_assignment
      .)
    (declaration_command
      (word)
      .
      (variable_assignment name: (variable_name) @name) @_assignment
      .)
  ] @definition.variable
  (#not-match? @_assignment "^[A-Za-z_][A-Za-z0-9_]*\\+="))

; `export A=1 B=2`: each name from itself on
(program
  (declaration_command
    [
      ((variable_assignment name: (variable_name) @name) @definition.variable
        .
        (variable_assignment))
      ((variable_assignment)
        .
        (variable_assignment name: (variable_name) @name) @definition.variable)
    ]))

(program
  (declaration_command
    ["declare" "typeset"]
    (variable_name) @name) @definition.variable)
