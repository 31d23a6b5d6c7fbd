; C references for `graft refs` (see include/graft/symbols.h).
;
; call:   `f()`, function-like macros `MAX(a, b)`, calls through a member
;         `s->ops->free(p)`, `s.cb(x)`, and through a pointer `(*fp)(x)`,
;         `(*s->cb)(x)`
; type:   every type name (type_identifier: typedef names, struct, union
;         and enum tags in declarations, parameters, fields, casts,
;         `sizeof(T)` where the grammar sees a type, compound literals), and
;         the standard names the grammar takes for primitive types
;         (`size_t`, `uint8_t`, `int`)
; import: none. `#include` names a path, not a name.
; name:   every other identifier (variables, constants, enumerators,
;         macros used as values, `#ifdef X`), `s.f` and `p->f` field uses,
;         designated initializers `.f = 1`.
;
; Parameters (of functions, prototypes and function pointer types) and
; macro parameters are declarations, not listed; an identifier in a
; parameter's array size (`int a[N]`) goes with them. Locals are listed as
; names. Macro bodies are text to the grammar: nothing in them is listed.
; `sizeof(T)` with a typedef name T parses as an expression: T is a name.

; ---- calls

(call_expression
  function: [
    (identifier) @name
    (field_expression field: (field_identifier) @name)
    (parenthesized_expression
      (pointer_expression
        argument: [
          (identifier) @name
          (field_expression field: (field_identifier) @name)
        ]))
  ]) @reference.call

; ---- types

((type_identifier) @name @reference.type)

; size_t, uint8_t, ... are primitive types to the grammar
((primitive_type) @name @reference.type)

; ---- every other use

((identifier) @name @reference.name
  (#not-has-ancestor? @name parameter_declaration preproc_params))

(field_expression field: (field_identifier) @name) @reference.name

(field_designator (field_identifier) @name) @reference.name
