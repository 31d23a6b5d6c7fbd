; Java definitions for `graft symbols` (see include/graft/symbols.h).
; Annotations are part of a definition's range (they sit in its modifiers)
; and left out of its header (lang_conf attach in src/syntax/symbols.c).

; ---- types

(class_declaration
  name: (identifier) @name
  body: (class_body) @body) @definition.class

(interface_declaration
  name: (identifier) @name
  body: (interface_body) @body) @definition.interface

; `@interface Retry { int times() default 3; }`
(annotation_type_declaration
  name: (identifier) @name
  body: (annotation_type_body) @body) @definition.interface

(enum_declaration
  name: (identifier) @name
  body: (enum_body) @body) @definition.enum

(record_declaration
  name: (identifier) @name
  body: (class_body) @body) @definition.class

; ---- members

; `PAID("paid") { ... }`: a constant may have a class body of its own
(enum_constant
  name: (identifier) @name
  body: (class_body)? @body) @definition.enum-member

; a record's components are its fields
(record_declaration
  parameters: (formal_parameters
    (formal_parameter name: (identifier) @name) @definition.field))

(method_declaration
  name: (identifier) @name
  body: (block)? @body) @definition.method

(annotation_type_element_declaration
  name: (identifier) @name) @definition.method

(constructor_declaration
  name: (identifier) @name
  body: (constructor_body) @body) @definition.constructor

; `record Point(int x, int y) { Point { ... } }`
(compact_constructor_declaration
  name: (identifier) @name
  body: (block) @body) @definition.constructor

; fields, one per declarator of `int a, b = 2;`; `static final` ones and
; those of interfaces are constants
(field_declaration
  declarator: (variable_declarator name: (identifier) @name)) @definition.field

((field_declaration
   (modifiers) @mods
   declarator: (variable_declarator name: (identifier) @name)) @definition.constant
 (#match? @mods "\\bstatic\\b")
 (#match? @mods "\\bfinal\\b"))

(constant_declaration
  declarator: (variable_declarator name: (identifier) @name)) @definition.constant
