; JavaScript definitions for `graft symbols` (see include/graft/symbols.h).
;
; Listed: function, generator and class declarations, and functions and
; classes bound by const/let/var (`const f = () => {}`), at any depth; other
; top-level const/let/var bindings (variable: const is not told apart);
; class members (methods, getters and setters as property, fields); the
; function-valued members of an object literal bound at the top level
; (`const api = { list() {} }` lists api/list); CommonJS exports
; (`module.exports.f = function`, `exports.f = () => {}`) and prototype
; methods (`Foo.prototype.bar = function` is Foo/bar).
;
; Not listed: `export { a as b }`, `module.exports = {...}`, an object
; member whose value is a call (`save: debounce(function () {...})`),
; bindings inside functions other than functions and classes.
;
; An export statement and the declaration in it are one symbol: the export
; gives the range, the declaration the header. `export default` of an
; anonymous function or class is named "default". When two patterns name
; the same node, variable and field yield to function, and function (the
; kind of every method_definition, a method inside a class) to property.

; ---- functions and classes

(function_declaration
  name: (identifier) @name
  body: (statement_block) @body) @definition.function

(generator_function_declaration
  name: (identifier) @name
  body: (statement_block) @body) @definition.function

(class_declaration
  name: (identifier) @name
  body: (class_body) @body) @definition.class

; ---- exports

(export_statement
  declaration: [
    (function_declaration name: (identifier) @name)
    (generator_function_declaration name: (identifier) @name)
  ]) @definition.function

(export_statement
  declaration: (class_declaration name: (identifier) @name)) @definition.class

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

(class_body
  (field_definition
    property: (_) @name) @definition.field)

(class_body
  (field_definition
    property: (_) @name
    value: [
      (arrow_function body: (_) @body)
      (function_expression body: (_) @body)
      (generator_function body: (_) @body)
    ]) @definition.function)

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
