; C definitions for `graft symbols` (see include/graft/symbols.h).
; A query cannot follow a declarator to any depth, so the usual shapes are
; spelled out: `f`, `*f`, `**f`, `f[]`, `(*f)(...)`, with or without an
; initializer. Declarations inside function bodies (locals) are not listed.

; ---- functions and prototypes

(function_definition
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator
      declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator declarator: (identifier) @name)))
    ; int (*handler(int sig))(int): returns a function pointer
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator
          declarator: (function_declarator declarator: (identifier) @name))))
  ]
  body: (compound_statement) @body) @definition.function

((declaration
   declarator: [
     (function_declarator declarator: (identifier) @name)
     (pointer_declarator
       declarator: (function_declarator declarator: (identifier) @name))
     (pointer_declarator
       declarator: (pointer_declarator
         declarator: (function_declarator declarator: (identifier) @name)))
     (function_declarator
       declarator: (parenthesized_declarator
         (pointer_declarator
           declarator: (function_declarator declarator: (identifier) @name))))
   ]) @definition.prototype
 (#not-has-ancestor? @definition.prototype function_definition))

; ---- global variables, one per declarator of `int a, *b = 0;`

((declaration
   declarator: [
     (identifier) @name
     (pointer_declarator declarator: (identifier) @name)
     (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
     (array_declarator declarator: (identifier) @name)
     (array_declarator declarator: (array_declarator declarator: (identifier) @name))
     (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
     ; void (*on_exit)(int), void (*handlers[4])(int), void *(*alloc)(size_t)
     (function_declarator
       declarator: (parenthesized_declarator
         (pointer_declarator declarator: (identifier) @name)))
     (pointer_declarator
       declarator: (function_declarator
         declarator: (parenthesized_declarator
           (pointer_declarator declarator: (identifier) @name))))
     (function_declarator
       declarator: (parenthesized_declarator
         (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))))
     (init_declarator
       declarator: [
         (identifier) @name
         (pointer_declarator declarator: (identifier) @name)
         (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
         (array_declarator declarator: (identifier) @name)
         (array_declarator declarator: (array_declarator declarator: (identifier) @name))
         (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
         (function_declarator
           declarator: (parenthesized_declarator
             (pointer_declarator declarator: (identifier) @name)))
         (pointer_declarator
           declarator: (function_declarator
             declarator: (parenthesized_declarator
               (pointer_declarator declarator: (identifier) @name))))
         (function_declarator
           declarator: (parenthesized_declarator
             (pointer_declarator
               declarator: (array_declarator declarator: (identifier) @name))))
       ])
   ]) @definition.variable
 (#not-has-ancestor? @definition.variable function_definition))

; ---- structs, unions and enums with a name and a body
; Declared together with a typedef, a variable or a field
; (`typedef struct list {...} list_t;`), the tag and the declared name are
; siblings with the whole declaration as range; the members go under the tag.

(struct_specifier
  name: (type_identifier) @name
  body: (field_declaration_list) @body) @definition.struct
(union_specifier
  name: (type_identifier) @name
  body: (field_declaration_list) @body) @definition.union
(enum_specifier
  name: (type_identifier) @name
  body: (enumerator_list) @body) @definition.enum

(type_definition
  type: (struct_specifier
    name: (type_identifier) @name
    body: (field_declaration_list))) @definition.struct
(declaration
  type: (struct_specifier
    name: (type_identifier) @name
    body: (field_declaration_list))) @definition.struct
(field_declaration
  type: (struct_specifier
    name: (type_identifier) @name
    body: (field_declaration_list))) @definition.struct
(type_definition
  type: (union_specifier
    name: (type_identifier) @name
    body: (field_declaration_list))) @definition.union
(declaration
  type: (union_specifier
    name: (type_identifier) @name
    body: (field_declaration_list))) @definition.union
(field_declaration
  type: (union_specifier
    name: (type_identifier) @name
    body: (field_declaration_list))) @definition.union
(type_definition
  type: (enum_specifier
    name: (type_identifier) @name
    body: (enumerator_list))) @definition.enum
(declaration
  type: (enum_specifier
    name: (type_identifier) @name
    body: (enumerator_list))) @definition.enum
(field_declaration
  type: (enum_specifier
    name: (type_identifier) @name
    body: (enumerator_list))) @definition.enum

(enumerator
  name: (identifier) @name) @definition.enum-member

; fields, one per declarator; the members of an anonymous struct or union
; member belong to the enclosing one, as C names them
(field_declaration
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (array_declarator declarator: (field_identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    ; int (*compare)(const void *, const void *);
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (field_identifier) @name)))
    (pointer_declarator
      declarator: (function_declarator
        declarator: (parenthesized_declarator
          (pointer_declarator declarator: (field_identifier) @name))))
  ]) @definition.field

; ---- typedefs: `typedef struct {...} point;` holds its fields

; `typedef struct list {...} list;` is one symbol, the struct
(type_definition
  type: [
    (struct_specifier name: (type_identifier)? @tag body: (_) @body)
    (union_specifier name: (type_identifier)? @tag body: (_) @body)
    (enum_specifier name: (type_identifier)? @tag body: (_) @body)
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ]
  (#not-eq? @name @tag)) @definition.type
(type_definition
  type: [
    (primitive_type) (sized_type_specifier) (type_identifier)
    (struct_specifier !body) (union_specifier !body) (enum_specifier !body)
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (array_declarator declarator: (type_identifier) @name)
    ; typedef int (*cmp_fn)(const void *, const void *);
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (type_identifier) @name)))
    (pointer_declarator
      declarator: (function_declarator
        declarator: (parenthesized_declarator
          (pointer_declarator declarator: (type_identifier) @name))))
    ; typedef void handler_fn(int);
    (function_declarator declarator: (type_identifier) @name)
  ]) @definition.type

; ---- macros

(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def
  name: (identifier) @name
  value: (preproc_arg)? @body) @definition.macro
