; TypeScript and TSX definitions for `graft symbols` (see
; include/graft/symbols.h); one query serves both grammars, so it names no
; node type only one of them has (jsx_*, type_assertion).
;
; Everything the JavaScript query lists (see queries/javascript/symbols.scm:
; functions, classes, const/let/var bindings, class members, object-literal
; members, CommonJS exports), and: interfaces with their property and method
; signatures, type aliases (an object type's members listed under the type),
; enums and their members, namespaces and modules (`namespace A.B` is one
; namespace named "A.B"; `declare global` is named "global"; the bindings
; at the top level of their bodies are listed like a file's), abstract
; classes and methods, overload signatures (a bodiless `function f(...);`
; is a prototype, a class's `m(...);` a method: f[1], f[2] and the
; implementation f[3]), `declare` forms. Decorators belong to the
; definition's range but not its header. Constructor parameter properties
; (`constructor(private x: T)`) are not listed.
;
; An export or declare statement and the declaration in it are one symbol:
; the wrapper gives the range, the declaration the header. When two
; patterns name the same node, variable and field yield to function, and
; function (the kind of every method_definition, a method inside a class)
; to property.

; ---- functions and classes

(function_declaration
  name: (identifier) @name
  body: (statement_block) @body) @definition.function

(generator_function_declaration
  name: (identifier) @name
  body: (statement_block) @body) @definition.function

(class_declaration
  name: (type_identifier) @name
  body: (class_body) @body) @definition.class

(abstract_class_declaration
  name: (type_identifier) @name
  body: (class_body) @body) @definition.class

; a bodiless overload or ambient signature
(function_signature
  name: (identifier) @name) @definition.prototype

; ---- exports

(export_statement
  declaration: [
    (function_declaration name: (identifier) @name)
    (generator_function_declaration name: (identifier) @name)
  ]) @definition.function

(export_statement
  declaration: [
    (class_declaration name: (type_identifier) @name)
    (abstract_class_declaration name: (type_identifier) @name)
  ]) @definition.class

(export_statement
  declaration: (function_signature name: (identifier) @name)) @definition.prototype

(export_statement
  declaration: (interface_declaration name: (type_identifier) @name)) @definition.interface

(export_statement
  declaration: (type_alias_declaration name: (type_identifier) @name)) @definition.type

(export_statement
  declaration: (enum_declaration name: (identifier) @name)) @definition.enum

(export_statement
  declaration: [
    (internal_module name: (_) @name)
    (module name: (_) @name)
  ]) @definition.namespace

(export_statement
  "default" @name
  value: [
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
    (arrow_function body: (_) @body)
  ]) @definition.function

(export_statement
  "default" @name
  value: (class body: (class_body) @body)) @definition.class

; ---- top-level bindings
; `const x = 1;` alone is one symbol from `const` on (`export` included);
; each name of `let a = 1, b = 2;` is its own, from the name on.
; Destructuring (`const { a, b } = obj`) names nothing.

(program
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .)
    (variable_declaration . (variable_declarator name: (identifier) @name) .)
  ] @definition.variable)

(export_statement
  declaration: [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .)
    (variable_declaration . (variable_declarator name: (identifier) @name) .)
  ]) @definition.variable

(export_statement
  declaration: [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .)
    (variable_declaration . (variable_declarator name: (identifier) @name) .)
  ] @definition.variable)

(program
  [
    (lexical_declaration
      (variable_declarator) . (variable_declarator name: (identifier) @name) @definition.variable)
    (lexical_declaration
      (variable_declarator name: (identifier) @name) @definition.variable . (variable_declarator))
    (variable_declaration
      (variable_declarator) . (variable_declarator name: (identifier) @name) @definition.variable)
    (variable_declaration
      (variable_declarator name: (identifier) @name) @definition.variable . (variable_declarator))
  ])

(export_statement
  declaration: [
    (lexical_declaration
      (variable_declarator) . (variable_declarator name: (identifier) @name) @definition.variable)
    (lexical_declaration
      (variable_declarator name: (identifier) @name) @definition.variable . (variable_declarator))
    (variable_declaration
      (variable_declarator) . (variable_declarator name: (identifier) @name) @definition.variable)
    (variable_declaration
      (variable_declarator name: (identifier) @name) @definition.variable . (variable_declarator))
  ])

; ---- functions and classes bound to a name, at any depth

([
  (lexical_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ])
    .)
  (variable_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ])
    .)
] @definition.function)

([
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ]) @definition.function
    .
    (variable_declarator))
  (lexical_declaration
    (variable_declarator)
    .
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ]) @definition.function)
  (variable_declaration
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ]) @definition.function
    .
    (variable_declarator))
  (variable_declaration
    (variable_declarator)
    .
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ]) @definition.function)
])

([
  (lexical_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: (class body: (class_body) @body))
    .)
  (variable_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: (class body: (class_body) @body))
    .)
] @definition.class)

; ---- class members

(class_body
  (method_definition
    name: (_) @name
    body: (statement_block) @body) @definition.function)

(class_body
  (method_definition
    ["get" "set"]
    name: (_) @name
    body: (statement_block) @body) @definition.property)

; overload signatures and abstract methods
(class_body
  [
    (method_signature name: (_) @name)
    (abstract_method_signature name: (_) @name)
  ] @definition.function)

(class_body
  [
    (method_signature ["get" "set"] name: (_) @name)
    (abstract_method_signature ["get" "set"] name: (_) @name)
  ] @definition.property)

(class_body
  (public_field_definition
    name: (_) @name) @definition.field)

(class_body
  (public_field_definition
    name: (_) @name
    value: [
      (arrow_function body: (_) @body)
      (function_expression body: (_) @body)
      (generator_function body: (_) @body)
    ]) @definition.function)

; ---- interfaces, type aliases, enums

(interface_declaration
  name: (type_identifier) @name
  body: (interface_body) @body) @definition.interface

(interface_body
  (property_signature name: (_) @name) @definition.property)

(interface_body
  (method_signature name: (_) @name) @definition.function)

(interface_body
  (method_signature ["get" "set"] name: (_) @name) @definition.property)

(type_alias_declaration
  name: (type_identifier) @name) @definition.type

; `type Props = { ... }`: the object type is the body, its members are listed
(type_alias_declaration
  name: (type_identifier) @name
  value: (object_type) @body) @definition.type

(type_alias_declaration
  value: (object_type
    (property_signature name: (_) @name) @definition.property))

(type_alias_declaration
  value: (object_type
    (method_signature name: (_) @name) @definition.method))

(enum_declaration
  name: (identifier) @name
  body: (enum_body) @body) @definition.enum

(enum_body
  name: (_) @name @definition.enum-member)

(enum_body
  (enum_assignment name: (_) @name) @definition.enum-member)

; ---- namespaces and modules

(internal_module
  name: (_) @name
  body: (statement_block) @body) @definition.namespace

(module
  name: (_) @name) @definition.namespace

(module
  name: (_) @name
  body: (statement_block) @body) @definition.namespace

(ambient_declaration
  "global" @name
  (statement_block) @body) @definition.namespace

; bindings at the top level of a namespace or module body
([
  (internal_module
    body: (statement_block
      [
        (lexical_declaration . (variable_declarator name: (identifier) @name) .)
        (variable_declaration . (variable_declarator name: (identifier) @name) .)
      ] @definition.variable))
  (module
    body: (statement_block
      [
        (lexical_declaration . (variable_declarator name: (identifier) @name) .)
        (variable_declaration . (variable_declarator name: (identifier) @name) .)
      ] @definition.variable))
  (ambient_declaration
    "global"
    (statement_block
      [
        (lexical_declaration . (variable_declarator name: (identifier) @name) .)
        (variable_declaration . (variable_declarator name: (identifier) @name) .)
      ] @definition.variable))
])

; ---- declare

(ambient_declaration
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .)
    (variable_declaration . (variable_declarator name: (identifier) @name) .)
  ] @definition.variable)

(ambient_declaration
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .)
    (variable_declaration . (variable_declarator name: (identifier) @name) .)
  ]) @definition.variable

(ambient_declaration
  (function_signature name: (identifier) @name)) @definition.prototype

(ambient_declaration
  [
    (class_declaration name: (type_identifier) @name)
    (abstract_class_declaration name: (type_identifier) @name)
  ]) @definition.class

(ambient_declaration
  (interface_declaration name: (type_identifier) @name)) @definition.interface

(ambient_declaration
  (type_alias_declaration name: (type_identifier) @name)) @definition.type

(ambient_declaration
  (enum_declaration name: (identifier) @name)) @definition.enum

(ambient_declaration
  [
    (internal_module name: (_) @name)
    (module name: (_) @name)
  ]) @definition.namespace

; `export declare ...`: the export holds the declare statement
(export_statement
  declaration: (ambient_declaration
    [
      (lexical_declaration . (variable_declarator name: (identifier) @name) .)
      (variable_declaration . (variable_declarator name: (identifier) @name) .)
    ])) @definition.variable

(export_statement
  declaration: (ambient_declaration
    (function_signature name: (identifier) @name))) @definition.prototype

(export_statement
  declaration: (ambient_declaration
    [
      (class_declaration name: (type_identifier) @name)
      (abstract_class_declaration name: (type_identifier) @name)
    ])) @definition.class

(export_statement
  declaration: (ambient_declaration
    (interface_declaration name: (type_identifier) @name))) @definition.interface

(export_statement
  declaration: (ambient_declaration
    (type_alias_declaration name: (type_identifier) @name))) @definition.type

(export_statement
  declaration: (ambient_declaration
    (enum_declaration name: (identifier) @name))) @definition.enum

(export_statement
  declaration: (ambient_declaration
    [
      (internal_module name: (_) @name)
      (module name: (_) @name)
    ])) @definition.namespace

; ---- object literals bound at the top level: their function members
; (`(_ ...)` is the const/let/var declaration)

(program
  (_
    (variable_declarator
      value: (object
        (method_definition
          name: (_) @name
          body: (statement_block) @body) @definition.method)))
  (#not-match? @definition.method "^(get|set)\\s+[^\\s(]"))

(program
  (export_statement
    (_
      (variable_declarator
        value: (object
          (method_definition
            name: (_) @name
            body: (statement_block) @body) @definition.method))))
  (#not-match? @definition.method "^(get|set)\\s+[^\\s(]"))

(program
  (_
    (variable_declarator
      value: (object
        (method_definition
          ["get" "set"]
          name: (_) @name
          body: (statement_block) @body) @definition.property))))

(program
  (export_statement
    (_
      (variable_declarator
        value: (object
          (method_definition
            ["get" "set"]
            name: (_) @name
            body: (statement_block) @body) @definition.property)))))

(program
  (_
    (variable_declarator
      value: (object
        (pair
          key: (_) @name
          value: [
            (arrow_function body: (_) @body)
            (function_expression body: (_) @body)
            (generator_function body: (_) @body)
          ]) @definition.method))))

(program
  (export_statement
    (_
      (variable_declarator
        value: (object
          (pair
            key: (_) @name
            value: [
              (arrow_function body: (_) @body)
              (function_expression body: (_) @body)
              (generator_function body: (_) @body)
            ]) @definition.method)))))

; ---- CommonJS exports and prototype methods, at the top level

(program
  (expression_statement
    (assignment_expression
      left: (member_expression
        object: (member_expression
          object: (identifier) @_module
          property: (property_identifier) @_exports)
        property: (property_identifier) @name)
      right: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ])) @definition.function
  (#eq? @_module "module")
  (#eq? @_exports "exports"))

(program
  (expression_statement
    (assignment_expression
      left: (member_expression
        object: (identifier) @_exports
        property: (property_identifier) @name)
      right: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ])) @definition.function
  (#eq? @_exports "exports"))

; `Foo.prototype.bar = function () {}` is Foo/bar, a method
(program
  (expression_statement
    (assignment_expression
      left: (member_expression
        object: (member_expression
          object: (identifier) @scope
          property: (property_identifier) @_prototype)
        property: (property_identifier) @name)
      right: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ])) @definition.function
  (#eq? @_prototype "prototype"))
