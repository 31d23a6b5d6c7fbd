; JavaScript references for `graft refs` (see include/graft/symbols.h).
;
; call:   `f()`, `a.f()`, `a?.f()`, `this.#f()`, tagged templates, `new F()`,
;         `new ns.F()`, decorators, and JSX components (`<Foo />`,
;         `<ui.Foo>`; a lowercase tag such as `<div>` is a name)
; type:   `extends Base`, `x instanceof T`
; import: the bindings of `import` (default, `{ a as b }`: a and b,
;         `* as ns`), `export { a } from '...'`, and the names bound by
;         `require('x')`: `const x = require('x')` (inside functions: a
;         top-level one is a symbol, left out) and `const { a } = require()`.
;         Module paths are strings, not names: not listed.
; name:   every other identifier, property uses (`a.b`, object keys,
;         destructuring keys, JSX attributes), `{ a }` shorthands.
;
; Declared names that are not symbols (parameters, locals) are listed as
; names: a query cannot tell them apart without losing the uses beside them.
; A JSX closing tag (`</Foo>`) is not a second use of Foo.

; ---- calls

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (member_expression
    property: [(property_identifier) (private_property_identifier)] @name)) @reference.call

(new_expression
  constructor: (identifier) @name) @reference.call

(new_expression
  constructor: (member_expression
    property: (property_identifier) @name)) @reference.call

(decorator (identifier) @name) @reference.call

(decorator
  (member_expression property: (property_identifier) @name)) @reference.call

([
  (jsx_opening_element name: (identifier) @name)
  (jsx_self_closing_element name: (identifier) @name)
] @reference.call
  (#match? @name "^[A-Z]"))

([
  (jsx_opening_element name: (member_expression property: (property_identifier) @name))
  (jsx_self_closing_element name: (member_expression property: (property_identifier) @name))
] @reference.call)

; ---- types

(class_heritage (identifier) @name) @reference.type

(class_heritage
  (member_expression property: (property_identifier) @name)) @reference.type

(binary_expression
  operator: "instanceof"
  right: [
    (identifier) @name
    (member_expression property: (property_identifier) @name)
  ]) @reference.type

; ---- imports

(import_clause (identifier) @name) @reference.import

(import_specifier name: (identifier) @name) @reference.import

(import_specifier alias: (identifier) @name) @reference.import

(namespace_import (identifier) @name) @reference.import

(export_statement
  (export_clause
    (export_specifier [
      name: (identifier) @name
      alias: (identifier) @name
    ]))
  source: (_)) @reference.import

(variable_declarator
  name: [
    (identifier) @name
    (object_pattern [
      (shorthand_property_identifier_pattern) @name
      (pair_pattern key: (property_identifier) @name)
      (pair_pattern value: (identifier) @name)
    ])
  ]
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) .)) @reference.import
  (#eq? @_require "require"))

; ---- every other use

((identifier) @name @reference.name
  (#not-has-ancestor? @name jsx_closing_element))

((member_expression
  property: [(property_identifier) (private_property_identifier)] @name) @reference.name
  (#not-has-ancestor? @name jsx_closing_element))

(pair key: (property_identifier) @name) @reference.name

(pair_pattern key: (property_identifier) @name) @reference.name

(jsx_attribute (property_identifier) @name) @reference.name

[
  (shorthand_property_identifier)
  (shorthand_property_identifier_pattern)
] @name @reference.name
