; Go definitions for `graft symbols` (see include/graft/symbols.h).
; Package-level declarations only: functions, methods (listed under their
; receiver's type), types with their fields and interface methods,
; constants and variables. The package clause is not listed (a file's
; `package main` would make `main.go::main` ambiguous).

; ---- functions and methods

(function_declaration
  name: (identifier) @name
  body: (block) @body) @definition.function

; `func (s *Store[K, V]) Get()` is Store/Get: the receiver's base type,
; pointer and type arguments left out, is the scope.
(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [
        (type_identifier) @scope
        (pointer_type (type_identifier) @scope)
        (generic_type type: (type_identifier) @scope)
        (pointer_type (generic_type type: (type_identifier) @scope))
      ]))
  name: (field_identifier) @name
  body: (block) @body) @definition.method

; ---- types
; `type T struct {...}` alone is one symbol from `type` on; each spec of a
; grouped `type ( ... )` is its own symbol. Struct and interface types get
; their own kinds, every other type (named, alias, func, map...) is `type`.
; An interface's body is `interface {...}`: the grammar has no node for its
; braces alone.

(source_file
  (type_declaration
    .
    (type_spec
      name: (type_identifier) @name
      type: (struct_type (field_declaration_list) @body))
    .) @definition.struct)
(source_file
  (type_declaration
    "("
    (type_spec
      name: (type_identifier) @name
      type: (struct_type (field_declaration_list) @body)) @definition.struct))

(source_file
  (type_declaration
    .
    (type_spec
      name: (type_identifier) @name
      type: (interface_type) @body)
    .) @definition.interface)
(source_file
  (type_declaration
    "("
    (type_spec
      name: (type_identifier) @name
      type: (interface_type) @body) @definition.interface))

(source_file
  (type_declaration
    .
    [
      (type_spec
        name: (type_identifier) @name
        type: [
          (type_identifier) (qualified_type) (generic_type) (pointer_type)
          (array_type) (slice_type) (map_type) (channel_type)
          (function_type) (negated_type) (parenthesized_type)
        ])
      (type_alias name: (type_identifier) @name)
    ]
    .) @definition.type)
(source_file
  (type_declaration
    "("
    [
      (type_spec
        name: (type_identifier) @name
        type: [
          (type_identifier) (qualified_type) (generic_type) (pointer_type)
          (array_type) (slice_type) (map_type) (channel_type)
          (function_type) (negated_type) (parenthesized_type)
        ])
      (type_alias name: (type_identifier) @name)
    ] @definition.type))

; Struct fields, one symbol per name of `a, b int`; an embedded field is
; named by its type (`*pkg.Reader` -> Reader), as the language names it.
; The fields of an anonymous struct nest under the field or package-level
; variable of that type (two levels deep; a query cannot recurse). Types
; declared inside functions are not listed, nor are their fields.
(source_file
  (type_declaration
    (type_spec
      type: (struct_type
        (field_declaration_list
          (field_declaration name: (field_identifier) @name) @definition.field)))))
(source_file
  (type_declaration
    (type_spec
      type: (struct_type
        (field_declaration_list
          (field_declaration
            !name
            type: [
              (type_identifier) @name
              (qualified_type name: (type_identifier) @name)
              (generic_type type: (type_identifier) @name)
              (pointer_type (type_identifier) @name)
              (pointer_type (qualified_type name: (type_identifier) @name))
              (pointer_type (generic_type type: (type_identifier) @name))
            ]) @definition.field)))))
(source_file
  (type_declaration
    (type_spec
      type: (struct_type
        (field_declaration_list
          (field_declaration
            type: (struct_type
              (field_declaration_list
                (field_declaration name: (field_identifier) @name) @definition.field))))))))
(source_file
  (type_declaration
    (type_spec
      type: (struct_type
        (field_declaration_list
          (field_declaration
            type: (struct_type
              (field_declaration_list
                (field_declaration
                  type: (struct_type
                    (field_declaration_list
                      (field_declaration
                        name: (field_identifier) @name) @definition.field)))))))))))
(source_file
  (var_declaration
    (var_spec
      type: (struct_type
        (field_declaration_list
          (field_declaration name: (field_identifier) @name) @definition.field)))))

; Interface methods; embedded interfaces and type sets are not definitions.
(type_spec
  type: (interface_type
    (method_elem name: (field_identifier) @name) @definition.method))

; ---- constants and variables, one symbol per name

; (not `name:`: the grammar puts the commas of `C, D` in that field too, and
; a field pattern then matches the first name only)
(source_file
  (const_declaration
    .
    (const_spec (identifier) @name)
    .) @definition.constant)
(source_file
  (const_declaration
    "("
    (const_spec (identifier) @name) @definition.constant))

(source_file
  (var_declaration
    (var_spec name: (identifier) @name)) @definition.variable)
(source_file
  (var_declaration
    (var_spec_list
      (var_spec name: (identifier) @name) @definition.variable)))
